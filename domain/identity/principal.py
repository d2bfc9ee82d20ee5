"""The signed-in caller as their access token says, without loading the account."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from domain.identity import permissions as perms

CUSTOMER_ROLES = frozenset({"customer", "dealer"})


@dataclass(frozen=True)
class Principal:
    """Roles and permissions come from the token. That is safe because every change to a user's roles, or to a
    role's permissions, raises the holders' token version, which ends the tokens that said otherwise."""

    id: UUID
    roles: frozenset[str]
    permissions: frozenset[str]
    name: str | None
    locale: str

    @property
    def role_names(self) -> list[str]:
        return sorted(self.roles)

    @property
    def is_staff(self) -> bool:
        return bool(self.roles - CUSTOMER_ROLES)

    def can(self, permission: str) -> bool:
        return perms.grants(self.permissions, permission)
