"""What the customer list needs from storage; infra/repositories/customers.py implements it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from domain.audit.ports import AuditUoW
from domain.customers.entities import Buyer, Customer, CustomerNote, CustomerRecord, TagCount
from domain.identity.entities import Address


@dataclass(frozen=True)
class CustomerQuery:
    text: str | None = None  # part of the name, e-mail or phone
    tag: str | None = None
    blacklisted: bool | None = None
    status: str | None = None
    registered_from: datetime | None = None  # inclusive
    registered_to: datetime | None = None  # exclusive
    sort: str = "-created_at"


class CustomerRepository(Protocol):
    async def get(self, user_id: UUID) -> Customer | None:
        """The customer with this account id; None for a staff member or an unknown id."""
        ...

    async def buyer(self, user_id: UUID, *, locked: bool = False) -> Buyer | None:
        """The customer as checkout reads them, in one statement; None for a staff member or an unknown id.
        `locked` also locks their account row until the transaction ends, in that statement: what serialises one
        customer's order placements (the customer's place in domain/locking.py)."""
        ...

    async def record_for_update(self, user_id: UUID) -> CustomerRecord | None: ...
    async def add(self, record: CustomerRecord) -> None: ...
    async def find(self, query: CustomerQuery, *, offset: int, limit: int) -> tuple[list[Customer], int]: ...
    async def tags(self) -> list[TagCount]:
        """Every tag in use, with how many customers carry it, by name."""
        ...

    async def add_note(self, note: CustomerNote) -> None: ...
    async def notes(self, user_id: UUID) -> list[CustomerNote]:
        """Newest first."""
        ...


class CustomerAddresses(Protocol):
    async def list_for(self, user_id: UUID) -> list[Address]: ...


class CustomersUoW(AuditUoW, Protocol):
    @property
    def customers(self) -> CustomerRepository: ...
    @property
    def addresses(self) -> CustomerAddresses: ...
