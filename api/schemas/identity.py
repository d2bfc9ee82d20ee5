"""Request and response bodies for sign-in, the caller's own account, users and roles."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import AfterValidator, Field, StrictBool, model_validator

from api.schemas.common import PHONE_PATTERN, EmailAddress, Schema, check_password
from domain.identity.email_change import PendingEmailChange
from domain.identity.entities import User
from domain.identity.principal import Principal

Password = Annotated[str, Field(min_length=8, max_length=128), AfterValidator(check_password)]
Phone = Annotated[str, Field(pattern=PHONE_PATTERN, examples=["13800000001"])]
Locale = Literal["zh_CN", "en"]
DisplayName = Annotated[str, Field(min_length=1, max_length=100)]


class RegisterIn(Schema):
    """By e-mail: only `email` (and `locale`, the language of the mail); the name and password are chosen from the
    link. By phone: `phone`, its `sms_code` and a `password`."""

    email: EmailAddress | None = None
    phone: Phone | None = None
    sms_code: Annotated[str, Field(pattern=r"^\d{6}$")] | None = None
    password: Password | None = None
    display_name: Annotated[str, Field(max_length=100)] = ""
    locale: Locale | None = None

    @model_validator(mode="after")
    def _one_way_in(self) -> RegisterIn:
        if bool(self.email) == bool(self.phone):
            raise ValueError("Give an e-mail address or a phone number.")
        if self.email and (self.password or self.sms_code or self.display_name):
            raise ValueError("Sign-up by e-mail takes only the address: the password is chosen from the link.")
        if self.phone and not (self.sms_code and self.password):
            raise ValueError("A phone number needs the SMS code sent to it and a password.")
        return self


class SignUpStarted(Schema):
    """The same answer whether or not the address is taken: the next step is in the mailbox."""

    next: Literal["check_email"] = "check_email"


class CompleteSignUpIn(Schema):
    token: Annotated[str, Field(min_length=10, max_length=200, description="From the sign-up link")]
    password: Password
    display_name: Annotated[str, Field(max_length=100)] = ""
    locale: Locale | None = None


class LoginIn(Schema):
    login: Annotated[str, Field(min_length=3, max_length=254, description="E-mail address or phone number")]
    password: Annotated[str, Field(min_length=1, max_length=128)]


class SmsSendIn(Schema):
    phone: Phone
    purpose: Literal["login", "register", "verify_phone"]


class SmsSent(Schema):
    resend_after_seconds: int


class SmsLoginIn(Schema):
    phone: Phone
    code: Annotated[str, Field(pattern=r"^\d{6}$")]


class RefreshIn(Schema):
    refresh_token: Annotated[
        str | None,
        Field(min_length=10, max_length=200, description="Omitted: the refresh cookie's, with its CSRF header."),
    ] = None


class LogoutIn(Schema):
    refresh_token: Annotated[
        str | None,
        Field(min_length=10, max_length=200, description="Omitted: the session of the refresh cookie ends."),
    ] = None
    everywhere: StrictBool = False


class ForgotPasswordIn(Schema):
    login: Annotated[str, Field(min_length=3, max_length=254)]


class ResetPasswordIn(Schema):
    token: Annotated[str, Field(min_length=10, max_length=200)]
    new_password: Password


class VerifyEmailIn(Schema):
    token: Annotated[str, Field(min_length=10, max_length=200)]


class ChangePasswordIn(Schema):
    current_password: Annotated[str, Field(max_length=128)] = ""
    new_password: Password


class OAuthStart(Schema):
    url: str
    state: str


class OAuthCallbackIn(Schema):
    code: Annotated[str, Field(min_length=1, max_length=512)]
    state: Annotated[str, Field(min_length=1, max_length=2048)]
    redirect_uri: Annotated[str, Field(min_length=1, max_length=2048)]


class Me(Schema):
    id: UUID
    email: str | None
    phone: str | None
    display_name: str
    avatar_url: str | None
    locale: str
    roles: list[str]
    permissions: list[str]
    is_staff: bool
    email_verified: bool
    phone_verified: bool
    created_at: datetime | None

    @classmethod
    def of(cls, user: User) -> Me:
        return cls(
            id=user.id,
            email=user.email,
            phone=user.phone,
            display_name=user.display_name,
            avatar_url=user.avatar_url,
            locale=user.locale,
            roles=user.role_names,
            permissions=sorted(user.permissions),
            is_staff=user.is_staff,
            email_verified=user.email_verified_at is not None,
            phone_verified=user.phone_verified_at is not None,
            created_at=user.created_at,
        )

    @classmethod
    def of_principal(cls, principal: Principal) -> Me:
        """From the session: the token's roles and permissions, the cached profile (rewritten on every change)."""
        p = principal.profile
        return cls(
            id=principal.id,
            email=p.email,
            phone=p.phone,
            display_name=p.display_name,
            avatar_url=p.avatar_url,
            locale=p.locale,
            roles=principal.role_names,
            permissions=sorted(principal.permissions),
            is_staff=principal.is_staff,
            email_verified=p.email_verified,
            phone_verified=p.phone_verified,
            created_at=p.created_at,
        )


class TokenPair(Schema):
    access_token: str
    refresh_token: str | None = Field(
        description="Null when the client asked for `X-Session-Transport: cookie`: it is in an HttpOnly cookie."
    )
    token_type: Literal["bearer"] = "bearer"
    expires_in: int
    user: Me


class ProfileIn(Schema):
    display_name: DisplayName | None = None
    locale: Locale | None = None
    email: EmailAddress | None = Field(
        None,
        description="Starts a change of e-mail like POST /me/email-change: the address changes only once the link "
        "mailed to it is followed, and the answer is the same whether or not it is taken",
    )
    phone: Phone | None = Field(None, description="Needs `sms_code` from POST /auth/sms/send (verify_phone)")
    sms_code: Annotated[str, Field(pattern=r"^\d{6}$")] | None = None


class EmailChangeIn(Schema):
    email: EmailAddress


class EmailChangeOut(Schema):
    """A change of e-mail waiting for the link mailed to the new address; the same whether or not it is taken."""

    pending_email: str
    requested_at: datetime
    expires_at: datetime = Field(description="The link stops working then, and the change is dropped")
    resend_after: datetime = Field(description="POST /me/email-change/resend is refused (429) before then")

    @classmethod
    def of(cls, change: PendingEmailChange) -> EmailChangeOut:
        return cls(
            pending_email=change.email,
            requested_at=change.requested_at,
            expires_at=change.expires_at,
            resend_after=change.resend_after,
        )


class ConfirmEmailChangeIn(Schema):
    token: Annotated[str, Field(min_length=10, max_length=200, description="From the link mailed to the new address")]


class EmailChanged(Schema):
    email: str = Field(description="The address the account now signs in with, verified")


class UserOut(Schema):
    id: UUID
    email: str | None
    phone: str | None
    display_name: str
    locale: str
    status: str
    roles: list[str]
    is_staff: bool
    created_at: datetime | None
    last_login_at: datetime | None

    @classmethod
    def of(cls, user: User) -> UserOut:
        return cls(
            id=user.id,
            email=user.email,
            phone=user.phone,
            display_name=user.display_name,
            locale=user.locale,
            status=str(user.status),
            roles=user.role_names,
            is_staff=user.is_staff,
            created_at=user.created_at,
            last_login_at=user.last_login_at,
        )


class StaffCreate(Schema):
    email: EmailAddress | None = None
    phone: Phone | None = None
    display_name: DisplayName
    password: Password
    roles: Annotated[list[str], Field(min_length=1, max_length=20)]
    locale: Locale | None = None

    @model_validator(mode="after")
    def _needs_a_login(self) -> StaffCreate:
        if not self.email and not self.phone:
            raise ValueError("Give an e-mail address or a phone number.")
        return self


class UserUpdate(Schema):
    display_name: DisplayName | None = None
    roles: Annotated[list[str], Field(min_length=1, max_length=20)] | None = None
    locale: Locale | None = None


RoleName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{1,63}$")]


class RoleOut(Schema):
    id: UUID
    name: str
    description: str
    permissions: list[str]
    builtin: bool
    user_count: int = 0


class RoleCreate(Schema):
    name: RoleName
    description: Annotated[str, Field(max_length=255)] = ""
    permissions: Annotated[list[str], Field(max_length=100)]


class RoleUpdate(Schema):
    description: Annotated[str, Field(max_length=255)] | None = None
    permissions: Annotated[list[str], Field(max_length=100)] | None = None


class PermissionOut(Schema):
    name: str
    description: str


def changes(model: Schema) -> dict[str, Any]:
    """Only the fields the client sent (PATCH semantics)."""
    return model.model_dump(exclude_unset=True)
