"""The signed-in caller as their access token and the session cache say, without loading the account."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.identity import permissions as perms

CUSTOMER_ROLES = frozenset({"customer", "dealer"})


@dataclass(frozen=True)
class Profile:
    """The account's own details as of its last change; kept beside its token version, rewritten on each change."""

    email: str | None
    phone: str | None
    display_name: str
    avatar_url: str | None
    locale: str
    email_verified: bool
    phone_verified: bool
    created_at: datetime | None


@dataclass(frozen=True)
class Principal:
    """Roles and permissions come from the token. That is safe because every change to a user's roles, or to a
    role's permissions, raises the holders' token version, which ends the tokens that said otherwise."""

    id: UUID
    roles: frozenset[str]
    permissions: frozenset[str]
    profile: Profile

    @property
    def name(self) -> str:
        """How the audit trail names the caller."""
        return self.profile.email or self.profile.phone or self.profile.display_name

    @property
    def locale(self) -> str:
        return self.profile.locale

    @property
    def role_names(self) -> list[str]:
        return sorted(self.roles)

    @property
    def is_dealer(self) -> bool:
        """A B2B buyer: the storefront prices at wholesale for them."""
        return "dealer" in self.roles

    @property
    def is_staff(self) -> bool:
        return bool(self.roles - CUSTOMER_ROLES)

    def can(self, permission: str) -> bool:
        return perms.grants(self.permissions, permission)
