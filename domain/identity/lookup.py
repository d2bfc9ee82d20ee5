"""User management's part of the back office's global search (domain/search): staff by name, phone or e-mail
(customers are found through the customer list)."""

from __future__ import annotations

from domain.identity.ports import IdentityUoW
from domain.search.hits import Group, Hit


async def find(uow: IdentityUoW, text: str, limit: int) -> list[Group]:
    found, _ = await uow.users.list(
        query=text, status=None, role=None, kind="staff", sort="display_name", offset=0, limit=limit
    )
    hits = [
        Hit(
            id=u.id,
            title=u.display_name or u.email or u.phone or "",
            detail=" · ".join(filter(None, (u.email, ", ".join(u.role_names)))) or None,
            opens=u.id,
        )
        for u in found
    ]
    return [Group("staff", hits)]
