"""SQLAlchemy unit of work: one transaction per use case; jobs collected inside are enqueued after commit."""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.errors import Conflict
from infra.db.engine import READ_ONLY
from infra.repositories import audit, catalog, identity, inventory, notifications


class JobQueue(Protocol):
    async def enqueue(self, job: str, **kwargs: Any) -> None: ...


class SqlAlchemyUnitOfWork:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], queue: JobQueue, *, read_only: bool = False) -> None:
        self._sessions = sessions
        self._queue = queue
        self._read_only = read_only
        self._pending_jobs: list[tuple[str, dict[str, Any]]] = []

    async def __aenter__(self) -> SqlAlchemyUnitOfWork:
        self.session = self._sessions()
        if self._read_only:  # on SQLite: a deferred transaction that never takes the write lock
            await self.session.connection(execution_options={READ_ONLY: True})
        self._pending_jobs = []
        self.users = identity.UserRepository(self.session)
        self.roles = identity.RoleRepository(self.session)
        self.credentials = identity.CredentialRepository(self.session)
        self.addresses = identity.AddressRepository(self.session)
        self.audit = audit.AuditRepository(self.session)
        self.notifications = notifications.NotificationRepository(self.session)
        self.categories = catalog.CategoryRepository(self.session)
        self.products = catalog.ProductRepository(self.session)
        self.warehouses = inventory.WarehouseRepository(self.session)
        self.stock = inventory.StockRepository(self.session)
        self.stocktakes = inventory.StocktakeRepository(self.session)
        return self

    async def __aexit__(self, exc_type: object, *exc: object) -> None:
        # close() discards uncommitted work but, unlike rollback(), keeps loaded objects readable for the caller
        try:
            if exc_type is not None:
                await self.rollback()
        finally:
            await self.session.close()

    async def commit(self) -> None:
        try:
            await self.session.commit()
        except IntegrityError as exc:
            raise _conflict(exc) from exc
        jobs, self._pending_jobs = self._pending_jobs, []
        for job, kwargs in jobs:
            await self._queue.enqueue(job, **kwargs)

    async def rollback(self) -> None:
        await self.session.rollback()
        self._pending_jobs = []

    async def flush(self) -> None:
        try:
            await self.session.flush()
        except IntegrityError as exc:
            raise _conflict(exc) from exc

    def after_commit(self, job: str, **kwargs: Any) -> None:
        self._pending_jobs.append((job, kwargs))


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
    ("uq_stock_reservation_idempotency_key", "stock_reservation.idempotency_key"): (
        "reservation.duplicate_key",
        "idempotency_key",
    ),
}


def _conflict(exc: IntegrityError) -> Conflict:
    text = str(exc.orig)
    for names, (code, field) in _UNIQUE.items():
        if any(name in text for name in names):
            return Conflict("This value is already taken.", code=code, field=field)
    return Conflict("The change conflicts with existing data.", code="conflict.integrity")
