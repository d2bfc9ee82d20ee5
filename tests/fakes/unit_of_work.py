"""The fake unit of work: one object with every feature's repositories on one in-memory `Tables`, like
SqlAlchemyUnitOfWork on one session. It keeps the real one's promises:

- entering it twice raises AlreadyEntered (a use case run inside another's transaction);
- `commit()` keeps the changes and hands the recorded events to `dispatched`, after the commit, never before;
- an exception, `rollback()`, or leaving without a commit discards every change since the last commit (as the
  session's close does), and the recorded events with them;
- `savepoint()` undoes only what was done inside it when an exception leaves it;
- flush and commit refuse a value a unique index would refuse, with the code the real one gives.

Undoing restores deep copies of the rows: objects read before a rollback are then stale, as detached ORM objects
are; read again through the repositories or `tables`.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Self

from domain.audit.ports import AuditUoW
from domain.cart.ports import CartUoW
from domain.catalog.ports import CatalogUoW
from domain.customers.ports import CustomersUoW
from domain.events import Event
from domain.freight.ports import FreightUoW
from domain.identity.ports import IdentityUoW
from domain.inventory.ports import InventoryUoW
from domain.notifications.ports import NotificationsUoW
from domain.orders.ports import OrdersUoW
from domain.payments.ports import PaymentsUoW
from domain.unit_of_work import AlreadyEntered
from tests.fakes.audit import FakeAuditRepository
from tests.fakes.cart import FakeCartRepository
from tests.fakes.catalog import FakeCategoryRepository, FakeProductRepository
from tests.fakes.customers import FakeCustomerRepository
from tests.fakes.freight import FakeFreightTemplateRepository
from tests.fakes.identity import (
    FakeAddressRepository,
    FakeCredentialRepository,
    FakeRoleRepository,
    FakeUserRepository,
)
from tests.fakes.inventory import FakeStockRepository, FakeStocktakeRepository, FakeWarehouseRepository
from tests.fakes.notifications import FakeNotificationRepository
from tests.fakes.orders import FakeOrderRepository
from tests.fakes.payments import FakeMethodSettingRepository, FakePaymentProofRepository, FakePaymentRepository
from tests.fakes.regions import FakeRegionRepository
from tests.fakes.tables import Tables


class FakeUnitOfWork:
    def __init__(self, tables: Tables | None = None) -> None:
        self.tables = tables if tables is not None else Tables()
        self.audit = FakeAuditRepository(self.tables)
        self.notifications = FakeNotificationRepository(self.tables)
        self.categories = FakeCategoryRepository(self.tables)
        self.products = FakeProductRepository(self.tables)
        self.warehouses = FakeWarehouseRepository(self.tables)
        self.stock = FakeStockRepository(self.tables)
        self.stocktakes = FakeStocktakeRepository(self.tables)
        self.users = FakeUserRepository(self.tables)
        self.roles = FakeRoleRepository(self.tables)
        self.credentials = FakeCredentialRepository(self.tables)
        self.addresses = FakeAddressRepository(self.tables)
        self.customers = FakeCustomerRepository(self.tables)
        self.freight_templates = FakeFreightTemplateRepository(self.tables)
        self.carts = FakeCartRepository(self.tables)
        self.regions = FakeRegionRepository()
        self.orders = FakeOrderRepository(self.tables)
        self.payments = FakePaymentRepository(self.tables)
        self.payment_methods = FakeMethodSettingRepository(self.tables)
        self.payment_proofs = FakePaymentProofRepository(self.tables)
        self.commits = 0
        self.dispatched: list[Event] = []  # what handlers and jobs were given, in order
        self._entered = False
        self._committed: Tables | None = None  # the state a rollback returns to
        self._events: list[Event] = []

    def another(self) -> FakeUnitOfWork:
        """A fresh unit of work on the same data, as the container's factory gives each job its own."""
        return FakeUnitOfWork(self.tables)

    @property
    def in_transaction(self) -> bool:
        return self._entered

    @property
    def recorded(self) -> list[Event]:
        """Events recorded in the open transaction, not dispatched yet."""
        return list(self._events)

    async def __aenter__(self) -> Self:
        if self._entered:
            raise AlreadyEntered("This unit of work is already in a transaction; call actions, not use cases.")
        self._entered = True
        self._committed = copy.deepcopy(self.tables)
        self._events = []
        return self

    async def __aexit__(self, exc_type: object, *exc: object) -> None:
        try:
            await self.rollback()  # after a commit there is nothing left to undo
        finally:
            self._entered = False

    async def commit(self) -> None:
        self._ensure_entered()
        self.tables.check_unique()
        self._committed = copy.deepcopy(self.tables)
        self.commits += 1
        events, self._events = self._events, []
        self.dispatched.extend(events)

    async def rollback(self) -> None:
        if self._committed is not None:
            _restore(self.tables, self._committed)
        self._events = []

    async def flush(self) -> None:
        self._ensure_entered()
        self.tables.check_unique()

    @asynccontextmanager
    async def savepoint(self) -> AsyncIterator[None]:
        self._ensure_entered()
        before = copy.deepcopy(self.tables)
        try:
            yield
        except BaseException:
            _restore(self.tables, before)  # recorded events stay, as they do in the real unit of work
            raise

    def record(self, event: Event) -> None:
        if event not in self._events:  # the same fact twice in one transaction is handled once
            self._events.append(event)

    def _ensure_entered(self) -> None:
        if not self._entered:
            raise RuntimeError("Not in a transaction: enter the unit of work first.")


def _restore(tables: Tables, state: Tables) -> None:
    """Put `state` back into `tables` in place (repositories hold `tables`); untouched rows keep their identity."""
    if dataclasses.asdict(tables) == dataclasses.asdict(state):
        return
    for name, rows in vars(copy.deepcopy(state)).items():
        setattr(tables, name, rows)


def _implements(
    uow: FakeUnitOfWork,
) -> tuple[
    InventoryUoW,
    CatalogUoW,
    IdentityUoW,
    AuditUoW,
    NotificationsUoW,
    CustomersUoW,
    FreightUoW,
    CartUoW,
    OrdersUoW,
    PaymentsUoW,
]:
    """mypy checks here that the fake satisfies every feature's unit-of-work protocol."""
    return uow, uow, uow, uow, uow, uow, uow, uow, uow, uow
