"""Who inventory tells about low stock: the users holding a role (infra/repositories/identity.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from domain.identity.entities import Role, User, UserStatus
from tests.fakes.tables import Tables

_NEVER = datetime.min.replace(tzinfo=UTC)


class FakeStaffDirectory:
    def __init__(self, tables: Tables) -> None:
        self._t = tables

    async def with_roles(self, role_ids: list[UUID]) -> list[User]:
        wanted = set(role_ids)
        members = [
            u for u in self._t.users.values() if u.status == UserStatus.ACTIVE and any(r.id in wanted for r in u.roles)
        ]
        return sorted(members, key=lambda u: u.created_at or _NEVER)


class FakeRoleCatalog:
    def __init__(self, tables: Tables) -> None:
        self._t = tables

    async def list(self) -> list[Role]:
        return sorted(self._t.roles.values(), key=lambda r: (not r.builtin, r.name))
