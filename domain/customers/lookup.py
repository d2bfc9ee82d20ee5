"""The customer list's part of the back office's global search (domain/search): customers by name, phone or
e-mail."""

from __future__ import annotations

from domain.customers.ports import CustomerQuery, CustomersUoW
from domain.search.hits import Group, Hit


async def find(uow: CustomersUoW, text: str, limit: int) -> list[Group]:
    found, _ = await uow.customers.find(CustomerQuery(text=text, sort="-created_at"), offset=0, limit=limit)
    hits = [
        Hit(
            id=c.id,
            title=c.account.display_name or c.account.email or c.account.phone or "",
            detail=" · ".join(filter(None, (c.account.phone, c.account.email))) or None,
            opens=c.id,
        )
        for c in found
    ]
    return [Group("customers", hits)]
