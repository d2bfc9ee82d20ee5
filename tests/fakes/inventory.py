"""In-memory warehouses, stock levels with their ledger, reservations and stocktakes
(infra/repositories/inventory.py). `change` decides and applies in one step, as the conditional UPDATE does."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from domain.inventory.entities import (
    LevelAfter,
    Reservation,
    ReservationStatus,
    StockLevel,
    StockMovement,
    Stocktake,
    StocktakeStatus,
    Warehouse,
)
from domain.inventory.ports import MovementQuery, MovementRow, ReservableStock, StockQuery, StockRow
from tests.fakes.tables import Tables, page, sort_by


class FakeWarehouseRepository:
    def __init__(self, tables: Tables) -> None:
        self._t = tables

    async def add(self, warehouse: Warehouse) -> None:
        self._t.warehouses[warehouse.id] = warehouse

    async def get(self, warehouse_id: UUID) -> Warehouse | None:
        return self._t.warehouses.get(warehouse_id)

    async def by_code(self, code: str) -> Warehouse | None:
        return next((w for w in self._t.warehouses.values() if w.code == code), None)

    async def list(self, *, active: bool | None = None) -> list[Warehouse]:
        found = [w for w in self._t.warehouses.values() if active is None or w.active == active]
        return sorted(found, key=lambda w: (w.priority, w.code))


def _after(level: StockLevel) -> LevelAfter:
    return LevelAfter(
        id=level.id,
        sku_id=level.sku_id,
        warehouse_id=level.warehouse_id,
        on_hand=level.on_hand,
        reserved=level.reserved,
        low_stock_threshold=level.low_stock_threshold,
        sale_paused=level.sale_paused,
        pause_at_zero=level.pause_at_zero,
        low_stock_alerted_at=level.low_stock_alerted_at,
    )


class FakeStockRepository:
    """Implements inventory's StockRepository and the catalog's narrow StockFigures."""

    def __init__(self, tables: Tables) -> None:
        self._t = tables

    async def ensure_level(self, sku_id: UUID, warehouse_id: UUID) -> None:
        self._t.levels.setdefault((sku_id, warehouse_id), StockLevel(sku_id=sku_id, warehouse_id=warehouse_id))

    async def level(self, sku_id: UUID, warehouse_id: UUID) -> StockLevel | None:
        return self._t.level(sku_id, warehouse_id)

    async def level_by_id(self, level_id: UUID) -> StockLevel | None:
        return next((lvl for lvl in self._t.levels.values() if lvl.id == level_id), None)

    async def levels_for(self, sku_ids: list[UUID]) -> list[StockLevel]:
        found = [lvl for lvl in self._t.levels.values() if lvl.sku_id in set(sku_ids)]
        return sorted(found, key=lambda lvl: (lvl.sku_id, lvl.warehouse_id))

    async def reservable(self, sku_ids: list[UUID]) -> ReservableStock:
        skus = {s.id: s for s in self._t.all_skus() if s.id in set(sku_ids)}
        active = {w.id: w for w in self._t.warehouses.values() if w.active}
        levels = [lvl for lvl in await self.levels_for(sku_ids) if lvl.warehouse_id in active]
        return ReservableStock(
            sku_active={sku_id: sku.active for sku_id, sku in skus.items()},
            levels=levels,
            warehouses={lvl.warehouse_id: active[lvl.warehouse_id] for lvl in levels},
        )

    async def apply(self, movement: StockMovement, *, sellable_only: bool) -> LevelAfter | None:
        after = await self._change(
            movement.sku_id,
            movement.warehouse_id,
            on_hand=movement.on_hand_delta,
            reserved=movement.reserved_delta,
            sellable_only=sellable_only,
            at=movement.at,
        )
        if after is not None:
            self._t.movements.append(movement)
        return after

    async def _change(
        self, sku_id: UUID, warehouse_id: UUID, *, on_hand: int, reserved: int, sellable_only: bool, at: datetime
    ) -> LevelAfter | None:
        level = self._t.level(sku_id, warehouse_id)
        if level is None:
            return None
        if level.reserved + reserved < 0 or level.on_hand + on_hand < level.reserved + reserved:
            return None
        if sellable_only and level.sale_paused:
            return None
        level.on_hand += on_hand
        level.reserved += reserved
        level.updated_at = at
        return _after(level)

    async def set_alerted(self, level_id: UUID, at: datetime | None) -> bool:
        level = await self.level_by_id(level_id)
        if level is None or (level.low_stock_alerted_at is None) != (at is not None):
            return False
        level.low_stock_alerted_at = at
        return True

    async def pause_sale(self, level_id: UUID, at: datetime) -> None:
        level = await self.level_by_id(level_id)
        if level is not None:
            level.sale_paused, level.updated_at = True, at

    async def movements(
        self, query: MovementQuery, *, sort: str, offset: int, limit: int
    ) -> tuple[list[MovementRow], int]:
        found = [
            m
            for m in self._t.movements
            if (not query.ids or m.id in query.ids)
            and (not query.sku_id or m.sku_id == query.sku_id)
            and (not query.warehouse_id or m.warehouse_id == query.warehouse_id)
            and (not query.kind or m.kind == query.kind)
            and (not query.reference_type or m.reference_type == query.reference_type)
            and (not query.reference_id or m.reference_id == query.reference_id)
            and (not query.since or m.at >= query.since)
            and (not query.until or m.at < query.until)
        ]
        rows = []
        for movement in sort_by(found, sort):
            sku, warehouse = self._t.sku(movement.sku_id), self._t.warehouses.get(movement.warehouse_id)
            if sku is None or warehouse is None:  # the real query joins them
                continue
            product = self._t.products[sku.product_id]
            rows.append(MovementRow(movement, sku.code, product.name, warehouse.code))
        return page(rows, offset, limit)

    async def rows(self, query: StockQuery, *, offset: int, limit: int) -> tuple[list[StockRow], int]:
        rows = []
        for level in self._t.levels.values():
            sku, warehouse = self._t.sku(level.sku_id), self._t.warehouses.get(level.warehouse_id)
            if sku is None or warehouse is None:
                continue
            product = self._t.products[sku.product_id]
            keyword = (query.keyword or "").strip()
            if (
                (query.sku_id and level.sku_id != query.sku_id)
                or (query.sku_ids and level.sku_id not in query.sku_ids)
                or (query.product_id and product.id != query.product_id)
                or (query.warehouse_id and level.warehouse_id != query.warehouse_id)
                or (keyword and not _matches(keyword, product.name, sku.code, sku.barcode))
                or (query.low_only and not level.is_low)
                or (query.out_of_stock_only and level.available > 0)
                or (query.paused_only and not level.sale_paused)
            ):
                continue
            rows.append(
                StockRow(
                    level, sku.code, sku.title, sku.barcode, product.id, product.name, warehouse.code, warehouse.name
                )
            )
        descending = query.sort.startswith("-")
        keys = {
            "sku_code": lambda r: (r.sku_code, r.warehouse_code),
            "available": lambda r: (r.level.available, r.sku_code),
            "on_hand": lambda r: (r.level.on_hand, r.sku_code),
        }
        rows.sort(key=keys.get(query.sort.lstrip("-"), keys["sku_code"]), reverse=descending)
        return page(rows, offset, limit)

    async def unalerted_low_levels(self, limit: int) -> list[StockLevel]:
        found = [lvl for lvl in self._t.levels.values() if lvl.is_low and lvl.low_stock_alerted_at is None]
        return sorted(found, key=lambda lvl: (lvl.sku_id, lvl.warehouse_id))[:limit]

    async def available_by_sku(self, sku_ids: list[UUID]) -> dict[UUID, int]:
        totals = dict.fromkeys(sku_ids, 0)
        for level in self._t.levels.values():
            warehouse = self._t.warehouses.get(level.warehouse_id)
            if level.sku_id in totals and warehouse and warehouse.active and not level.sale_paused:
                totals[level.sku_id] += level.available
        return totals

    async def low_stock_thresholds(self, sku_ids: list[UUID]) -> dict[UUID, list[int]]:
        thresholds: dict[UUID, list[int]] = {}
        for level in self._t.levels.values():
            if level.sku_id in sku_ids:
                thresholds.setdefault(level.sku_id, []).append(level.low_stock_threshold)
        return thresholds

    async def has_stock_records(self, sku_ids: list[UUID]) -> bool:
        ids = set(sku_ids)
        return any(lvl.sku_id in ids for lvl in self._t.levels.values()) or any(
            m.sku_id in ids for m in self._t.movements
        )

    async def sku_ids_in(self, warehouse_id: UUID) -> list[UUID]:
        return sorted(sku_id for sku_id, place in self._t.levels if place == warehouse_id)

    async def levels_in(self, warehouse_id: UUID, *, category_path: str | None) -> list[StockLevel]:
        found = []
        for (sku_id, place), level in self._t.levels.items():
            sku = self._t.sku(sku_id)
            product = self._t.products.get(sku.product_id) if sku else None
            category = self._t.categories.get(product.category_id) if product and product.category_id else None
            if place == warehouse_id and (
                category_path is None or (category and category.path.startswith(category_path))
            ):
                found.append((sku.code if sku else "", level))
        return [level for _, level in sorted(found, key=lambda pair: pair[0])]

    async def category_path(self, category_id: UUID) -> str | None:
        category = self._t.categories.get(category_id)
        return category.path if category else None

    async def add_reservation(self, reservation: Reservation) -> None:
        self._t.reservations[reservation.id] = reservation

    async def reservation(self, reservation_id: UUID) -> Reservation | None:
        return self._t.reservations.get(reservation_id)

    async def reservation_for_update(self, reservation_id: UUID) -> Reservation | None:
        return self._t.reservations.get(reservation_id)

    async def expired_reservations(self, at: datetime, limit: int) -> list[UUID]:
        due = [
            r
            for r in self._t.reservations.values()
            if r.status == ReservationStatus.ACTIVE and r.expires_at is not None and r.expires_at <= at
        ]
        return [r.id for r in sorted(due, key=lambda r: r.expires_at or at)][:limit]


def _matches(keyword: str, name: str, code: str, barcode: str | None) -> bool:
    needle = keyword.lower()
    return needle in name.lower() or needle in code.lower() or barcode == keyword


class FakeStocktakeRepository:
    def __init__(self, tables: Tables) -> None:
        self._t = tables

    async def add(self, stocktake: Stocktake) -> None:
        self._t.stocktakes[stocktake.id] = stocktake

    async def get(self, stocktake_id: UUID) -> Stocktake | None:
        return self._t.stocktakes.get(stocktake_id)

    async def get_for_update(self, stocktake_id: UUID) -> Stocktake | None:
        return self._t.stocktakes.get(stocktake_id)

    async def count_for_day(self, day: str) -> int:
        return sum(1 for s in self._t.stocktakes.values() if s.number.startswith(f"ST{day}"))

    async def list(
        self, *, warehouse_id: UUID | None, status: StocktakeStatus | None, offset: int, limit: int
    ) -> tuple[list[Stocktake], int]:
        found = [
            s
            for s in self._t.stocktakes.values()
            if (not warehouse_id or s.warehouse_id == warehouse_id) and (not status or s.status == status)
        ]
        found.sort(key=lambda s: str(s.id))
        found.sort(key=lambda s: s.created_at, reverse=True)
        return page(found, offset, limit)
