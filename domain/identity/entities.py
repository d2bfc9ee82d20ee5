"""Users, roles, credentials and addresses. Plain classes; infra/db maps them to tables."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID, uuid4

from domain.identity import permissions as perms


class UserStatus(enum.StrEnum):
    ACTIVE = "active"
    DISABLED = "disabled"


class CodePurpose(enum.StrEnum):
    SMS_LOGIN = "sms_login"
    PHONE_VERIFY = "phone_verify"
    EMAIL_VERIFY = "email_verify"
    PASSWORD_RESET = "password_reset"
    SIGN_UP = "sign_up"  # a link that finishes an e-mail sign-up; the account exists only once it is opened
    EMAIL_CHANGE = "email_change"  # a link that moves an account to its pending new address (target)


@dataclass(eq=False)
class Role:
    name: str
    description: str = ""
    permissions: list[str] = field(default_factory=list)
    builtin: bool = False
    id: UUID = field(default_factory=uuid4)
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(eq=False)
class User:
    email: str | None = None
    phone: str | None = None
    password_hash: str | None = None
    display_name: str = ""
    avatar_url: str | None = None
    locale: str = "zh_CN"
    status: UserStatus = UserStatus.ACTIVE
    email_verified_at: datetime | None = None
    phone_verified_at: datetime | None = None
    last_login_at: datetime | None = None
    token_version: int = 0  # carried in access tokens; raising it ends every session at once
    roles: list[Role] = field(default_factory=list)
    id: UUID = field(default_factory=uuid4)
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def permissions(self) -> set[str]:
        return {p for role in self.roles for p in role.permissions}

    @property
    def role_names(self) -> list[str]:
        return sorted(role.name for role in self.roles)

    @property
    def is_staff(self) -> bool:
        return any(role.name not in ("customer", "dealer") for role in self.roles)

    @property
    def is_active(self) -> bool:
        return self.status == UserStatus.ACTIVE

    def can(self, permission: str) -> bool:
        return self.is_active and perms.grants(self.permissions, permission)

    def end_sessions(self) -> None:
        """Raise the token version: every access token issued before stops working at its next request."""
        self.token_version += 1


@dataclass(eq=False)
class RefreshToken:
    user_id: UUID
    family_id: UUID
    token_hash: str
    expires_at: datetime
    ip: str | None = None
    user_agent: str | None = None
    used_at: datetime | None = None
    revoked_at: datetime | None = None
    id: UUID = field(default_factory=uuid4)
    created_at: datetime | None = None


@dataclass(eq=False)
class OneTimeCode:
    """An SMS code or a link token; only its hash is kept."""

    purpose: CodePurpose
    target: str
    code_hash: str
    expires_at: datetime
    user_id: UUID | None = None
    attempts: int = 0
    consumed_at: datetime | None = None
    id: UUID = field(default_factory=uuid4)
    created_at: datetime | None = None

    MAX_ATTEMPTS = 5


@dataclass(eq=False)
class LoginAttempt:
    login: str
    ip: str
    success: bool
    at: datetime
    user_id: UUID | None = None
    id: UUID = field(default_factory=uuid4)


@dataclass(eq=False)
class ExternalIdentity:
    user_id: UUID
    provider: str
    subject: str
    id: UUID = field(default_factory=uuid4)
    created_at: datetime | None = None


@dataclass(eq=False)
class Address:
    user_id: UUID
    recipient: str
    phone: str
    region_code: str
    province: str
    city: str
    district: str
    detail: str
    postal_code: str | None = None
    tag: str | None = None
    is_default: bool = False
    id: UUID = field(default_factory=uuid4)
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class OAuthProfile:
    provider: str
    subject: str  # the provider's stable user id (WeChat unionid/openid, Alipay user_id)
    display_name: str | None = None
    avatar_url: str | None = None
