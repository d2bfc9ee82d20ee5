"""In-memory customer list (infra/repositories/customers.py): accounts from `tables.users` without a staff role."""

from __future__ import annotations

from collections import Counter
from uuid import UUID

from domain.customers.entities import Buyer, Customer, CustomerNote, CustomerRecord, TagCount, is_customer
from domain.customers.ports import CustomerQuery
from tests.fakes.tables import Tables, page, sort_by


class FakeCustomerRepository:
    def __init__(self, tables: Tables) -> None:
        self._t = tables

    async def get(self, user_id: UUID) -> Customer | None:
        account = self._t.users.get(user_id)
        if account is None or not is_customer(account):
            return None
        return Customer(account=account, record=self._t.customer_records.get(user_id))

    async def buyer(self, user_id: UUID, *, locked: bool = False) -> Buyer | None:
        customer = await self.get(user_id)  # nothing runs between a fake's awaits: nothing to lock
        if customer is None:
            return None
        account, record = customer.account, customer.record
        return Buyer(
            account.id, account.display_name, account.email, account.phone, account.locale,
            frozenset(account.role_names),
            blacklisted=customer.blacklisted, blacklist_reason=record.blacklist_reason if record else None,
        )  # fmt: skip

    async def record_for_update(self, user_id: UUID) -> CustomerRecord | None:
        return self._t.customer_records.get(user_id)

    async def add(self, record: CustomerRecord) -> None:
        self._t.customer_records[record.user_id] = record

    async def tags(self) -> list[TagCount]:
        counts = Counter(tag for record in self._t.customer_records.values() for tag in record.tag_names)
        return [TagCount(name=name, customers=n) for name, n in sorted(counts.items())]

    async def add_note(self, note: CustomerNote) -> None:
        self._t.customer_notes.append(note)

    async def notes(self, user_id: UUID) -> list[CustomerNote]:
        mine = sorted((n for n in self._t.customer_notes if n.user_id == user_id), key=lambda n: str(n.id))
        return sorted(mine, key=lambda n: n.created_at, reverse=True)

    async def find(self, query: CustomerQuery, *, offset: int, limit: int) -> tuple[list[Customer], int]:
        needle = (query.text or "").strip().lower()
        found = []
        for account in self._t.users.values():
            customer = Customer(account=account, record=self._t.customer_records.get(account.id))
            created = account.created_at
            if (
                is_customer(account)
                and (
                    not needle
                    or any(needle in (v or "").lower() for v in (account.email, account.phone, account.display_name))
                )
                and (not query.tag or query.tag in customer.tags)
                and (query.blacklisted is None or customer.blacklisted == query.blacklisted)
                and (not query.status or account.status == query.status)
                and (not query.registered_from or (created is not None and created >= query.registered_from))
                and (not query.registered_to or (created is not None and created < query.registered_to))
            ):
                found.append(customer)
        ordered = sort_by([c.account for c in found], query.sort)
        by_id = {c.id: c for c in found}
        return page([by_id[a.id] for a in ordered], offset, limit)
