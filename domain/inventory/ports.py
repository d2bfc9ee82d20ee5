"""What inventory needs from storage; infra/repositories/inventory.py implements it.

Quantities never change by read-modify-write: `StockRepository.apply` is one conditional UPDATE that refuses
anything that would make `available` or `reserved` negative, so concurrent requests cannot oversell.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from domain.audit.ports import AuditUoW
from domain.catalog.entities import Product, Sku
from domain.catalog.ports import StockFigures, StockFlags
from domain.identity.entities import Role, User
from domain.inventory.entities import (
    LevelAfter,
    LevelSnapshot,
    MovementKind,
    Reservation,
    StockLevel,
    StockMovement,
    Stocktake,
    StocktakeStatus,
    Warehouse,
)
from domain.notifications.ports import NotificationsUoW
from domain.regions.ports import RegionsUoW


@dataclass(frozen=True)
class StockQuery:
    sku_id: UUID | None = None
    product_id: UUID | None = None
    warehouse_id: UUID | None = None
    sku_ids: tuple[UUID, ...] = ()  # only these SKUs (a count sheet's lines); at most 1000
    keyword: str | None = None  # product name, SKU code or barcode
    low_only: bool = False  # available at or below the threshold
    out_of_stock_only: bool = False
    paused_only: bool = False
    sort: str = "sku_code"


@dataclass(frozen=True)
class StockRow:
    """A stock level with the names a person needs to read it."""

    level: StockLevel | LevelSnapshot
    sku_code: str
    sku_title: str
    barcode: str | None
    product_id: UUID
    product_name: str
    warehouse_code: str
    warehouse_name: str


@dataclass(frozen=True)
class MovementRow:
    """A ledger row with the names a person needs to read it."""

    movement: StockMovement
    sku_code: str
    product_name: str
    warehouse_code: str


@dataclass(frozen=True)
class MovementQuery:
    ids: tuple[UUID, ...] = ()
    sku_id: UUID | None = None
    warehouse_id: UUID | None = None
    kind: MovementKind | None = None
    reference_type: str | None = None
    reference_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True)
class ReservableStock:
    """What planning a reservation reads, in one round trip: which SKUs exist and are for sale, their levels in
    active warehouses, and those warehouses."""

    sku_active: dict[UUID, bool]  # a SKU missing here does not exist
    levels: list[StockLevel]
    warehouses: dict[UUID, Warehouse]


class WarehouseRepository(Protocol):
    async def add(self, warehouse: Warehouse) -> None: ...
    async def get(self, warehouse_id: UUID) -> Warehouse | None: ...
    async def by_code(self, code: str) -> Warehouse | None: ...
    async def list(self, *, active: bool | None = None) -> list[Warehouse]: ...


class StockRepository(StockFigures, Protocol):
    """Also the answers the catalog may ask for (StockFigures)."""

    async def ensure_level(self, sku_id: UUID, warehouse_id: UUID) -> None:
        """Create the (SKU, warehouse) row at zero when missing; safe under concurrency."""
        ...

    async def level(self, sku_id: UUID, warehouse_id: UUID) -> StockLevel | None: ...
    async def level_by_id(self, level_id: UUID) -> StockLevel | None: ...
    async def levels_for(self, sku_ids: list[UUID]) -> list[StockLevel]: ...
    async def reservable(self, sku_ids: list[UUID]) -> ReservableStock:
        """The SKUs, their levels in active warehouses (by sku_id, warehouse_id) and those warehouses."""
        ...

    async def apply(self, movement: StockMovement, *, sellable_only: bool) -> LevelAfter | None:
        """Add the movement's deltas to its level in one conditional UPDATE and write the movement into the ledger
        with the quantities that UPDATE left (its own `*_after` are not read); None, and nothing written, when it
        would leave a negative available or reserved quantity (or, with `sellable_only`, sale is paused there)."""
        ...

    async def set_alerted(self, level_id: UUID, at: datetime | None) -> bool:
        """Set or clear the low-stock alert mark; False when another request already did (alert exactly once)."""
        ...

    async def pause_sale(self, level_id: UUID, at: datetime) -> None: ...
    async def movements(
        self, query: MovementQuery, *, sort: str, offset: int, limit: int
    ) -> tuple[list[MovementRow], int]: ...
    async def rows(self, query: StockQuery, *, offset: int, limit: int) -> tuple[list[StockRow], int]: ...
    async def unalerted_low_levels(self, limit: int) -> list[StockLevel]:
        """Levels at or below their threshold that have not raised an alert yet (the sweep's work list)."""
        ...

    async def sku_ids_in(self, warehouse_id: UUID) -> list[UUID]:
        """The SKUs with a stock level in this warehouse."""
        ...

    async def levels_in(self, warehouse_id: UUID, *, category_path: str | None) -> list[StockLevel]:
        """The stock levels of a warehouse (a count sheet's lines), only of products under `category_path` when
        given, in SKU-code order."""
        ...

    async def category_path(self, category_id: UUID) -> str | None:
        """A category's path (its subtree is everything whose path starts with it); None when there is none."""
        ...

    async def add_reservation(self, reservation: Reservation) -> None: ...
    async def reservation(self, reservation_id: UUID) -> Reservation | None: ...
    async def reservation_for_update(self, reservation_id: UUID) -> Reservation | None: ...
    async def expired_reservations(self, at: datetime, limit: int) -> list[UUID]: ...


class StocktakeRepository(Protocol):
    async def add(self, stocktake: Stocktake) -> None: ...
    async def get(self, stocktake_id: UUID) -> Stocktake | None: ...
    async def get_for_update(self, stocktake_id: UUID) -> Stocktake | None: ...
    async def count_for_day(self, day: str) -> int: ...
    async def list(
        self, *, warehouse_id: UUID | None, status: StocktakeStatus | None, offset: int, limit: int
    ) -> tuple[list[Stocktake], int]: ...


class SkuCatalog(StockFlags, Protocol):
    """What inventory asks the catalog: which SKUs exist, what they are called, and to keep products' in-stock
    flags as stock crosses zero."""

    async def get(self, product_id: UUID) -> Product | None: ...
    async def get_sku(self, sku_id: UUID) -> Sku | None: ...
    async def skus(self, sku_ids: list[UUID]) -> list[Sku]: ...
    async def sku_by_code(self, code: str) -> Sku | None: ...
    async def sku_by_barcode(self, barcode: str) -> Sku | None: ...


class StaffDirectory(Protocol):
    """Who is told about stock: users holding a role."""

    async def with_roles(self, role_ids: list[UUID]) -> list[User]: ...


class RoleCatalog(Protocol):
    async def list(self) -> list[Role]: ...


class InventoryUoW(AuditUoW, NotificationsUoW, RegionsUoW, Protocol):
    @property
    def warehouses(self) -> WarehouseRepository: ...
    @property
    def stock(self) -> StockRepository: ...
    @property
    def stocktakes(self) -> StocktakeRepository: ...
    @property
    def products(self) -> SkuCatalog: ...
    @property
    def users(self) -> StaffDirectory: ...
    @property
    def roles(self) -> RoleCatalog: ...
