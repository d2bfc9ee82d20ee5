"""SQLAlchemy unit of work: one session and one transaction per use case; events dispatched after commit."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any, Self

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from domain.errors import Conflict
from domain.events import Event
from domain.unit_of_work import AlreadyEntered
from infra.db.engine import READ_ONLY
from infra.repositories import (
    audit,
    cart,
    catalog,
    catalog_imports,
    customers,
    freight,
    identity,
    inventory,
    notifications,
    order_exports,
    orders,
    payments,
    reconciliations,
    regions,
)
from infra.repositories import payment_methods as method_repositories
from infra.repositories.dashboard import DashboardRepository

Dispatch = Callable[[list[Event]], Awaitable[None]]

# every repository a unit of work offers, by the attribute it is offered as
_REPOSITORIES: dict[str, Callable[[AsyncSession], Any]] = {
    "dashboard": DashboardRepository,
    "users": identity.UserRepository,
    "roles": identity.RoleRepository,
    "credentials": identity.CredentialRepository,
    "addresses": identity.AddressRepository,
    "audit": audit.AuditRepository,
    "notifications": notifications.NotificationRepository,
    "categories": catalog.CategoryRepository,
    "products": catalog.ProductRepository,
    "catalog_imports": catalog_imports.CatalogImportRepository,
    "warehouses": inventory.WarehouseRepository,
    "stock": inventory.StockRepository,
    "stocktakes": inventory.StocktakeRepository,
    "customers": customers.CustomerRepository,
    "freight_templates": freight.FreightTemplateRepository,
    "carts": cart.CartRepository,
    "regions": regions.RegionRepository,
    "orders": orders.OrderRepository,
    "order_exports": order_exports.OrderExportRepository,
    "payments": payments.PaymentRepository,
    "payment_methods": method_repositories.MethodSettingRepository,
    "payment_proofs": method_repositories.PaymentProofRepository,
    "reconciliations": reconciliations.ReconciliationRepository,
}


class SqlAlchemyUnitOfWork:
    """Implements every feature's unit-of-work protocol (domain/<feature>/ports.py) on one session."""

    session: AsyncSession
    dashboard: DashboardRepository
    users: identity.UserRepository
    roles: identity.RoleRepository
    credentials: identity.CredentialRepository
    addresses: identity.AddressRepository
    audit: audit.AuditRepository
    notifications: notifications.NotificationRepository
    categories: catalog.CategoryRepository
    products: catalog.ProductRepository
    catalog_imports: catalog_imports.CatalogImportRepository
    warehouses: inventory.WarehouseRepository
    stock: inventory.StockRepository
    stocktakes: inventory.StocktakeRepository
    customers: customers.CustomerRepository
    freight_templates: freight.FreightTemplateRepository
    carts: cart.CartRepository
    regions: regions.RegionRepository
    orders: orders.OrderRepository
    order_exports: order_exports.OrderExportRepository
    payments: payments.PaymentRepository
    payment_methods: method_repositories.MethodSettingRepository
    payment_proofs: method_repositories.PaymentProofRepository
    reconciliations: reconciliations.ReconciliationRepository

    def __init__(self, sessions: async_sessionmaker[AsyncSession], dispatch: Dispatch, *, read_only: bool = False):
        self._sessions = sessions
        self._dispatch = dispatch
        self._read_only = read_only
        self._entered = False
        self._events: list[Event] = []

    async def __aenter__(self) -> Self:
        if self._entered:
            raise AlreadyEntered("This unit of work is already in a transaction; call actions, not use cases.")
        self._entered = True
        self.session = self._sessions()
        if self._read_only:  # on SQLite: a deferred transaction that never takes the write lock
            await self.session.connection(execution_options={READ_ONLY: True})
        self._events = []
        for name in _REPOSITORIES:  # a unit of work entered again gets repositories on its new session
            self.__dict__.pop(name, None)
        return self

    if not TYPE_CHECKING:  # the type checker reads the declarations above

        def __getattr__(self, name: str) -> Any:
            """A repository is made when a use case first asks for it: a request uses two or three of them, and
            making all of them on every entry was a noticeable share of a stock page's CPU."""
            factory = _REPOSITORIES.get(name)
            if factory is None or "session" not in self.__dict__:
                raise AttributeError(name)
            repository = self.__dict__[name] = factory(self.session)
            return repository

    async def __aexit__(self, exc_type: object, *exc: object) -> None:
        # close() discards uncommitted work but, unlike rollback(), keeps loaded objects readable for the caller
        try:
            if exc_type is not None:
                await self.rollback()
        finally:
            await self.session.close()
            self._entered = False

    async def commit(self) -> None:
        try:
            await self.session.commit()
        except IntegrityError as exc:
            raise _conflict(exc) from exc
        except StaleDataError as exc:
            raise _stale() from exc
        events, self._events = self._events, []
        if events:
            await self._dispatch(events)

    async def rollback(self) -> None:
        await self.session.rollback()
        self._events = []

    async def flush(self) -> None:
        orm = self.session.sync_session
        if not (orm.new or orm.dirty or orm.deleted):  # the usual case on the hot paths: their writes are Core
            return  # statements; asking the session anyway costs a greenlet hop to learn it has nothing to do
        try:
            await self.session.flush()
        except IntegrityError as exc:
            raise _conflict(exc) from exc
        except StaleDataError as exc:
            raise _stale() from exc

    @asynccontextmanager
    async def savepoint(self) -> AsyncIterator[None]:
        async with self.session.begin_nested():
            yield

    def record(self, event: Event) -> None:
        if event not in self._events:  # the same fact twice in one transaction is handled once
            self._events.append(event)


# A concurrent request can pass a service's "already exists?" check and lose at the unique index: say so in the
# same words the check would have used. Keys: PostgreSQL constraint names and SQLite's "table.column".
_UNIQUE = {
    ("uq_user_account_email", "user_account.email"): ("user.email_taken", "email"),
    ("uq_user_account_phone", "user_account.phone"): ("user.phone_taken", "phone"),
    ("uq_role_name", "role.name"): ("role.name_taken", "name"),
    ("uq_category_sibling_key", "category.sibling_key"): ("category.name_taken", "name"),
    ("uq_product_code", "product.code"): ("product.code_taken", "code"),
    ("uq_sku_code", "sku.code"): ("sku.code_taken", "code"),
    ("uq_sku_barcode", "sku.barcode"): ("sku.barcode_taken", "barcode"),
    ("uq_warehouse_code", "warehouse.code"): ("warehouse.code_taken", "code"),
    ("uq_stocktake_number", "stocktake.number"): ("stocktake.number_taken", "number"),
    ("uq_freight_template_name", "freight_template.name"): ("freight.name_taken", "name"),
    ("uq_freight_template_default", "freight_template.is_default"): ("freight.default_changed", "is_default"),
    # two first adds of one shopper at once: each started a cart; the loser tries again
    ("uq_cart_customer_id", "cart.customer_id"): ("cart.modified", "cart"),
    ("uq_sales_order_number", "sales_order.number"): ("order.number_taken", "number"),
    # the same statement uploaded twice at once: the second finds the first's run
    ("uq_reconciliation_run_file_sha256", "reconciliation_run.file_sha256"): (
        "reconciliation.already_imported",
        "file",
    ),
}


def _conflict(exc: IntegrityError) -> Conflict:
    text = str(exc.orig)
    for names, (code, field) in _UNIQUE.items():
        if any(name in text for name in names):
            return Conflict("This value is already taken.", code=code, field=field)
    return Conflict("The change conflicts with existing data.", code="conflict.integrity")


def _stale() -> Conflict:
    # A versioned row (only products have a version) was saved by someone else after this unit of work read it
    # without a lock, e.g. an import racing an editor's save: refused, as the save's own version check would be.
    return Conflict("The product was changed by someone else meanwhile; try again.", code="product.modified")


assert set(_REPOSITORIES) == set(SqlAlchemyUnitOfWork.__annotations__) - {"session"}, "declare and offer the same"
