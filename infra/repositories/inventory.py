"""Warehouses, stock levels and their ledger, reservations and stocktakes. They never commit."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID, uuid4

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY as pg_array
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import class_mapper

from domain.inventory.entities import (
    LevelAfter,
    LevelSnapshot,
    Reservation,
    ReservationStatus,
    StockLevel,
    StockMovement,
    Stocktake,
    StocktakeStatus,
    Warehouse,
)
from domain.inventory.ports import MovementQuery, MovementRow, ReservableStock, StockQuery, StockRow
from domain.inventory.stock import MAX_QUANTITY
from infra.db.driver import DriverStatement
from infra.db.tables import catalog as catalog_tables
from infra.db.tables import inventory as inventory_tables
from infra.repositories.listing import order_by

lvl, mv = inventory_tables.stock_level, inventory_tables.stock_movement
T = TypeVar("T")
res, res_line = inventory_tables.stock_reservation, inventory_tables.stock_reservation_line


class WarehouseRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, warehouse: Warehouse) -> None:
        self.session.add(warehouse)

    async def get(self, warehouse_id: UUID) -> Warehouse | None:
        return await self.session.get(Warehouse, warehouse_id)

    async def by_code(self, code: str) -> Warehouse | None:
        return await self.session.scalar(sa.select(Warehouse).where(inventory_tables.warehouse.c.code == code))

    async def list(self, *, active: bool | None = None) -> list[Warehouse]:
        w = inventory_tables.warehouse
        stmt = sa.select(Warehouse).order_by(w.c.priority, w.c.code)
        if active is not None:
            stmt = stmt.where(w.c.active == active)
        return list((await self.session.scalars(stmt)).all())


class StockRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self._postgresql = session.get_bind().dialect.name == "postgresql"

    async def ensure_level(self, sku_id: UUID, warehouse_id: UUID) -> None:
        values = {"id": uuid4(), "sku_id": sku_id, "warehouse_id": warehouse_id, "on_hand": 0, "reserved": 0}
        insert = pg_insert if self._postgresql else sqlite_insert
        await self.session.execute(
            insert(lvl).values(**values).on_conflict_do_nothing(index_elements=["sku_id", "warehouse_id"])
        )

    async def level(self, sku_id: UUID, warehouse_id: UUID) -> StockLevel | None:
        stmt = sa.select(StockLevel).where(lvl.c.sku_id == sku_id, lvl.c.warehouse_id == warehouse_id)
        return await self.session.scalar(stmt.execution_options(populate_existing=True))

    async def level_by_id(self, level_id: UUID) -> StockLevel | None:
        return await self.session.get(StockLevel, level_id, populate_existing=True)

    async def levels_for(self, sku_ids: list[UUID]) -> list[StockLevel]:
        stmt = sa.select(StockLevel).where(lvl.c.sku_id.in_(sku_ids)).order_by(lvl.c.sku_id, lvl.c.warehouse_id)
        return list((await self.session.scalars(stmt.execution_options(populate_existing=True))).all())

    async def reservable(self, sku_ids: list[UUID]) -> ReservableStock:
        # one statement instead of three (SKUs, levels, warehouses), and plain rows instead of ORM objects
        found: Sequence[Any] | None = await _RESERVABLE_BY_ARRAY.fetch(self.session, {"sku_ids": sku_ids})
        if found is None:  # not asyncpg (SQLite): through the session, an IN list
            found = (await self.session.execute(_RESERVABLE, {"sku_ids": sku_ids})).all()
        sku_active: dict[UUID, bool] = {}
        levels: list[StockLevel] = []
        warehouses: dict[UUID, Warehouse] = {}
        for sku_ref, active, *row in found:  # by position: asyncpg's records have no attributes
            sku_active[sku_ref] = active
            level_id, warehouse_id = row[0], row[2]
            if level_id is None:  # a SKU without stock in any active warehouse
                continue
            levels.append(_read_only(StockLevel, zip(_LEVEL_FIELDS, row, strict=False)))
            if warehouse_id not in warehouses:
                values = zip(_WAREHOUSE_FIELDS, row[len(_LEVEL_FIELDS) :], strict=True)
                warehouses[warehouse_id] = _read_only(
                    Warehouse, [*values, ("id", warehouse_id), ("created_at", None), ("updated_at", None)]
                )
        return ReservableStock(sku_active=sku_active, levels=levels, warehouses=warehouses)

    async def apply(self, movement: StockMovement, *, sellable_only: bool) -> LevelAfter | None:
        # One conditional UPDATE decides and applies: concurrent callers serialise on the row and each re-checks
        # the condition against the committed quantities, so available can never go below zero.
        params = {"level_sku": movement.sku_id, "level_warehouse": movement.warehouse_id, "at": movement.at}
        params |= {"on_hand_delta": movement.on_hand_delta, "reserved_delta": movement.reserved_delta}
        if self._postgresql:  # the ledger row is written by the same statement (see _apply_statement)
            params |= {f"ledger_{name}": getattr(movement, name) for name in _LEDGER_FIELDS}
            statement = _apply_statement(sellable_only)
            found: Sequence[Any] | None = await statement.fetch(self.session, params)
            if found is None:  # another driver than asyncpg
                found = (await self.session.execute(statement.statement, params)).all()
            return LevelAfter(*found[0]) if found else None
        row = (await self.session.execute(_change_statement(sellable_only), params)).one_or_none()
        if row is None:
            return None
        after = LevelAfter(**row._mapping)
        ledger = {c.name: getattr(movement, c.name) for c in mv.c}
        await self.session.execute(
            _INSERT_MOVEMENT, ledger | {"on_hand_after": after.on_hand, "reserved_after": after.reserved}
        )
        return after

    async def set_alerted(self, level_id: UUID, at: datetime | None) -> bool:
        mark = lvl.c.low_stock_alerted_at.is_(None) if at else lvl.c.low_stock_alerted_at.is_not(None)
        result = await self.session.execute(
            sa.update(lvl).where(lvl.c.id == level_id, mark).values(low_stock_alerted_at=at)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def pause_sale(self, level_id: UUID, at: datetime) -> None:
        await self.session.execute(sa.update(lvl).where(lvl.c.id == level_id).values(sale_paused=True, updated_at=at))

    async def movements(
        self, query: MovementQuery, *, sort: str, offset: int, limit: int
    ) -> tuple[list[MovementRow], int]:
        conditions: list[Any] = []
        if query.ids:
            conditions.append(mv.c.id.in_(query.ids))
        if query.sku_id:
            conditions.append(mv.c.sku_id == query.sku_id)
        if query.warehouse_id:
            conditions.append(mv.c.warehouse_id == query.warehouse_id)
        if query.kind:
            conditions.append(mv.c.kind == query.kind)
        if query.reference_type:
            conditions.append(mv.c.reference_type == query.reference_type)
        if query.reference_id:
            conditions.append(mv.c.reference_id == query.reference_id)
        if query.since:
            conditions.append(mv.c.at >= query.since)
        if query.until:
            conditions.append(mv.c.at < query.until)
        total = await self.session.scalar(sa.select(sa.func.count()).select_from(mv).where(*conditions))
        s, p, w = catalog_tables.sku, catalog_tables.product, inventory_tables.warehouse
        stmt = (
            sa.select(StockMovement, s.c.code, p.c.name, w.c.code)
            .select_from(mv)
            .join(s, s.c.id == mv.c.sku_id)
            .join(p, p.c.id == s.c.product_id)
            .join(w, w.c.id == mv.c.warehouse_id)
            .where(*conditions)
            .order_by(*order_by(mv, sort))
            .offset(offset)
            .limit(limit)
        )
        rows = [
            MovementRow(movement=movement, sku_code=sku_code, product_name=product_name, warehouse_code=warehouse_code)
            for movement, sku_code, product_name, warehouse_code in (await self.session.execute(stmt)).all()
        ]
        return rows, total or 0

    async def rows(self, query: StockQuery, *, offset: int, limit: int) -> tuple[list[StockRow], int]:
        s, p = catalog_tables.sku, catalog_tables.product
        conditions: list[Any] = []
        if query.sku_id:
            conditions.append(lvl.c.sku_id == query.sku_id)
        if query.product_id:
            conditions.append(s.c.product_id == query.product_id)
        if query.sku_ids:
            conditions.append(lvl.c.sku_id.in_(query.sku_ids))
        if query.warehouse_id:
            conditions.append(lvl.c.warehouse_id == query.warehouse_id)
        if query.keyword:
            needle = query.keyword.strip().lower()
            conditions.append(
                sa.or_(
                    sa.func.lower(p.c.name).contains(needle, autoescape=True),
                    sa.func.lower(s.c.code).contains(needle, autoescape=True),
                    s.c.barcode == query.keyword.strip(),
                )
            )
        if query.low_only:
            conditions.append(_available <= lvl.c.low_stock_threshold)
        if query.out_of_stock_only:
            conditions.append(_available <= 0)
        if query.paused_only:
            conditions.append(lvl.c.sale_paused == sa.true())
        sort = query.sort if query.sort in _STOCK_SORTS else "sku_code"
        page = {"offset": offset, "limit": limit}
        # the unfiltered page (the common one) is one prepared statement, sent by asyncpg itself
        found: Sequence[Any] | None = None if conditions else await _stock_page(sort).fetch(self.session, page)
        if found is None:
            found = (await self.session.execute(_stock_page(sort).statement.where(*conditions), page)).all()
        if found:
            total = found[0][-1]  # the window count, last column
        elif offset:
            total = await self.session.scalar(sa.select(sa.func.count()).select_from(_STOCK_JOINED).where(*conditions))
        else:
            total = 0
        # plain rows, not ORM entities: a page is read, never changed (unpacked by position: a Row's attributes by
        # name cost twice as much)
        rows = []
        for *level, sku_code, attributes, barcode, product_id, product_name, warehouse_code, warehouse_name, _ in found:
            title = " / ".join((attributes or {}).values())
            snapshot = LevelSnapshot(*level)
            rows.append(
                StockRow(snapshot, sku_code, title, barcode, product_id, product_name, warehouse_code, warehouse_name)
            )
        return rows, total or 0

    async def unalerted_low_levels(self, limit: int) -> list[StockLevel]:
        stmt = (
            sa.select(StockLevel)
            .where(lvl.c.on_hand - lvl.c.reserved <= lvl.c.low_stock_threshold, lvl.c.low_stock_alerted_at.is_(None))
            .order_by(lvl.c.sku_id, lvl.c.warehouse_id)
            .limit(limit)
        )
        return list((await self.session.scalars(stmt)).all())

    async def sku_ids_in(self, warehouse_id: UUID) -> list[UUID]:
        return list(
            (await self.session.scalars(sa.select(lvl.c.sku_id).where(lvl.c.warehouse_id == warehouse_id))).all()
        )

    async def levels_in(self, warehouse_id: UUID, *, category_path: str | None) -> list[StockLevel]:
        sku, product, category = catalog_tables.sku, catalog_tables.product, catalog_tables.category
        stmt = (
            sa.select(StockLevel)
            .join(sku, sku.c.id == lvl.c.sku_id)
            .where(lvl.c.warehouse_id == warehouse_id)
            .order_by(sku.c.code)
        )
        if category_path is not None:
            under = sa.select(category.c.id).where(category.c.path.startswith(category_path, autoescape=True))
            stmt = stmt.join(product, product.c.id == sku.c.product_id).where(product.c.category_id.in_(under))
        return list((await self.session.scalars(stmt)).all())

    async def category_path(self, category_id: UUID) -> str | None:
        category = catalog_tables.category
        return await self.session.scalar(sa.select(category.c.path).where(category.c.id == category_id))

    async def available_by_sku(self, sku_ids: list[UUID]) -> dict[UUID, int]:
        w = inventory_tables.warehouse
        stmt = (
            sa.select(lvl.c.sku_id, sa.func.sum(lvl.c.on_hand - lvl.c.reserved))
            .join(w, w.c.id == lvl.c.warehouse_id)
            .where(lvl.c.sku_id.in_(sku_ids), w.c.active == sa.true(), lvl.c.sale_paused == sa.false())
            .group_by(lvl.c.sku_id)
        )
        found = {sku_id: int(total or 0) for sku_id, total in (await self.session.execute(stmt)).all()}
        return {sku_id: found.get(sku_id, 0) for sku_id in sku_ids}

    async def low_stock_thresholds(self, sku_ids: list[UUID]) -> dict[UUID, list[int]]:
        stmt = sa.select(lvl.c.sku_id, lvl.c.low_stock_threshold).where(lvl.c.sku_id.in_(sku_ids))
        thresholds: dict[UUID, list[int]] = {}
        for sku_id, threshold in (await self.session.execute(stmt)).all():
            thresholds.setdefault(sku_id, []).append(threshold)
        return thresholds

    async def has_stock_records(self, sku_ids: list[UUID]) -> bool:
        mv = inventory_tables.stock_movement
        levels = sa.select(lvl.c.id).where(lvl.c.sku_id.in_(sku_ids)).limit(1)
        movements = sa.select(mv.c.id).where(mv.c.sku_id.in_(sku_ids)).limit(1)
        return bool(await self.session.scalar(sa.select(sa.or_(sa.exists(levels), sa.exists(movements)))))

    async def add_reservation(self, reservation: Reservation) -> None:
        """Write a new reservation with its lines. It stays outside the session: a later change to it (release,
        ship) loads it again with a row lock, as it must anyway."""
        if self._postgresql:  # one statement (see _INSERT_RESERVATION_WITH_LINES)
            params = {f"reservation_{c.name}": getattr(reservation, c.name) for c in res.c}
            for name in _LINE_FIELDS:
                params[f"line_{name}"] = [getattr(line, name) for line in reservation.lines]
            if await _INSERT_RESERVATION_WITH_LINES.fetch(self.session, params) is None:
                await self.session.execute(_INSERT_RESERVATION_WITH_LINES.statement, params)
            return
        await self.session.execute(_INSERT_RESERVATION, {c.name: getattr(reservation, c.name) for c in res.c})
        lines = [{c.name: getattr(line, c.name) for c in res_line.c} for line in reservation.lines]
        if lines:
            await self.session.execute(_INSERT_RESERVATION_LINE, lines)

    async def reservation(self, reservation_id: UUID) -> Reservation | None:
        return await self.session.get(Reservation, reservation_id)

    async def reservation_for_update(self, reservation_id: UUID) -> Reservation | None:
        return await self.session.get(Reservation, reservation_id, with_for_update=True, populate_existing=True)

    async def expired_reservations(self, at: datetime, limit: int) -> list[UUID]:
        r = inventory_tables.stock_reservation
        stmt = (
            sa.select(r.c.id)
            .where(r.c.status == ReservationStatus.ACTIVE, r.c.expires_at.is_not(None), r.c.expires_at <= at)
            .order_by(r.c.expires_at)
            .limit(limit)
        )
        return list((await self.session.scalars(stmt)).all())


class StocktakeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, stocktake: Stocktake) -> None:
        self.session.add(stocktake)

    async def get(self, stocktake_id: UUID) -> Stocktake | None:
        return await self.session.get(Stocktake, stocktake_id)

    async def get_for_update(self, stocktake_id: UUID) -> Stocktake | None:
        return await self.session.get(Stocktake, stocktake_id, with_for_update=True, populate_existing=True)

    async def count_for_day(self, day: str) -> int:
        t = inventory_tables.stocktake
        stmt = sa.select(sa.func.count()).select_from(t).where(t.c.number.startswith(f"ST{day}"))
        return (await self.session.scalar(stmt)) or 0

    async def list(
        self, *, warehouse_id: UUID | None, status: StocktakeStatus | None, offset: int, limit: int
    ) -> tuple[list[Stocktake], int]:
        t = inventory_tables.stocktake
        conditions: list[Any] = []
        if warehouse_id:
            conditions.append(t.c.warehouse_id == warehouse_id)
        if status:
            conditions.append(t.c.status == status)
        total = await self.session.scalar(sa.select(sa.func.count()).select_from(t).where(*conditions))
        stmt = (
            sa.select(Stocktake).where(*conditions).order_by(t.c.created_at.desc(), t.c.id).offset(offset).limit(limit)
        )
        return list((await self.session.scalars(stmt)).all()), total or 0


_AFTER = (  # LevelAfter's fields, in its order
    lvl.c.id,
    lvl.c.sku_id,
    lvl.c.warehouse_id,
    lvl.c.on_hand,
    lvl.c.reserved,
    lvl.c.low_stock_threshold,
    lvl.c.sale_paused,
    lvl.c.pause_at_zero,
    lvl.c.low_stock_alerted_at,
)

_w = inventory_tables.warehouse
_LEVEL_FIELDS = tuple(c.name for c in lvl.c)
assert tuple(f.name for f in dataclasses.fields(LevelSnapshot)) == _LEVEL_FIELDS, "LevelSnapshot is built by position"


def _read_only(cls: type[T], values: Iterable[tuple[str, Any]]) -> T:
    """An entity for reading, filled the way the ORM's own loader fills one (straight into its __dict__): a
    constructor call pays for change tracking on every attribute, which was most of a stock page's CPU. Every
    column must be given. It belongs to no session; changes go through the repositories' statements."""
    entity: T = class_mapper(cls).class_manager.new_instance()  # class_mapper configures the mappers on first use
    entity.__dict__.update(values)
    return entity


_s, _p = catalog_tables.sku, catalog_tables.product
_STOCK_JOINED = (
    lvl.join(_s, _s.c.id == lvl.c.sku_id).join(_p, _p.c.id == _s.c.product_id).join(_w, _w.c.id == lvl.c.warehouse_id)
)
_available = lvl.c.on_hand - lvl.c.reserved
_STOCK_SORTS: dict[str, tuple[Any, ...]] = {
    "sku_code": (_s.c.code, _w.c.code),
    "-sku_code": (_s.c.code.desc(), _w.c.code),
    "available": (_available, _s.c.code),
    "-available": (_available.desc(), _s.c.code),
    "on_hand": (lvl.c.on_hand, _s.c.code),
    "-on_hand": (lvl.c.on_hand.desc(), _s.c.code),
    "updated_at": (lvl.c.updated_at, _s.c.code),
    "-updated_at": (lvl.c.updated_at.desc(), _s.c.code),
}


@functools.cache
def _stock_page(sort: str) -> DriverStatement[sa.Select[Any]]:
    """The stock page in one sort, built once and (unfiltered, on PostgreSQL) sent by asyncpg itself; filtered, it
    is the base the conditions are added to. The total comes with the page (a window count) instead of from
    a second COUNT(*) statement: one round trip and one pass over the matching rows; only a page past the end has
    no row to carry it."""
    return DriverStatement(
        sa.select(
            *lvl.c,  # first, in _LEVEL_FIELDS order; rows() unpacks these columns by position
            _s.c.code.label("sku_code"),
            _s.c.attributes,
            _s.c.barcode,
            _p.c.id.label("product_id"),
            _p.c.name.label("product_name"),
            _w.c.code.label("warehouse_code"),
            _w.c.name.label("warehouse_name"),
            sa.func.count().over().label("total"),
        )
        .select_from(_STOCK_JOINED)
        .order_by(*_STOCK_SORTS[sort], lvl.c.id)
        .offset(sa.bindparam("offset", type_=sa.Integer))
        .limit(sa.bindparam("limit", type_=sa.Integer))
    )


_WAREHOUSE_FIELDS = ("code", "name", "region_code", "address", "contact", "phone", "priority", "active")
# every SKU asked for (to tell "unknown" from "not for sale"), with its levels in active warehouses, if any
_RESERVABLE_ALL = (
    sa.select(
        catalog_tables.sku.c.id.label("sku_ref"),
        catalog_tables.sku.c.active.label("sku_active"),
        *lvl.c,
        *(_w.c[name].label(f"w_{name}") for name in _WAREHOUSE_FIELDS),
    )
    .select_from(
        catalog_tables.sku.outerjoin(
            lvl.join(_w, sa.and_(_w.c.id == lvl.c.warehouse_id, _w.c.active == sa.true())),
            lvl.c.sku_id == catalog_tables.sku.c.id,
        )
    )
    .order_by(catalog_tables.sku.c.id, lvl.c.warehouse_id)
)
_RESERVABLE = _RESERVABLE_ALL.where(catalog_tables.sku.c.id.in_(sa.bindparam("sku_ids", expanding=True)))
# PostgreSQL: the ids as one array parameter (`= ANY(…)`), so one prepared statement serves any number of SKUs
_RESERVABLE_BY_ARRAY = DriverStatement(
    _RESERVABLE_ALL.where(
        catalog_tables.sku.c.id == sa.any_(sa.bindparam("sku_ids", type_=pg_array(catalog_tables.sku.c.id.type)))
    )
)

# Statements on the reservation path are built once: a statement object reused as is keeps its cache key, so
# executing it neither rebuilds nor re-hashes it (that was a good share of a one-line reservation's CPU). Core
# INSERTs for the ledger and reservations: sent at once, with no identity map and no ORM flush (the flush was the
# largest share of a one-line reservation's CPU). Nothing edits a movement after it is written.
_INSERT_MOVEMENT = sa.insert(mv)
_INSERT_RESERVATION = sa.insert(res)
_INSERT_RESERVATION_LINE = sa.insert(res_line)


def _insert_reservation_with_lines() -> sa.Insert:
    """PostgreSQL: a reservation and all its lines in one statement, one round trip instead of two:

        WITH reservation AS (INSERT INTO stock_reservation VALUES (…))
        INSERT INTO stock_reservation_line SELECT … FROM unnest(<ids>, <skus>, <warehouses>, …)

    The lines come as one array per column, so the statement is the same for any number of lines (one prepared
    statement). The lines' foreign key to the reservation is checked at the end of the statement, when both are
    in. SQLite has no INSERT inside WITH: there StockRepository.add_reservation sends the two statements."""
    reservation = sa.insert(res).values({c.name: sa.bindparam(f"reservation_{c.name}", type_=c.type) for c in res.c})
    arrays = (sa.bindparam(f"line_{name}", type_=pg_array(res_line.c[name].type)) for name in _LINE_FIELDS)
    lines = sa.func.unnest(*arrays).table_valued(*_LINE_FIELDS).render_derived(name="line")
    owner = sa.bindparam("reservation_id", type_=res.c.id.type)
    columns = [c.name for c in res_line.c]
    rows = sa.select(*(owner if name == "reservation_id" else lines.c[name] for name in columns))
    return sa.insert(res_line).from_select(columns, rows).add_cte(reservation.cte("reservation"))


_LINE_FIELDS = tuple(c.name for c in res_line.c if c.name != "reservation_id")
_INSERT_RESERVATION_WITH_LINES = DriverStatement(_insert_reservation_with_lines())


@functools.cache
def _change_statement(sellable_only: bool) -> sa.Update:
    on_hand = sa.bindparam("on_hand_delta", type_=sa.Integer)
    reserved = sa.bindparam("reserved_delta", type_=sa.Integer)
    conditions = [
        lvl.c.sku_id == sa.bindparam("level_sku", type_=sa.Uuid),
        lvl.c.warehouse_id == sa.bindparam("level_warehouse", type_=sa.Uuid),
        lvl.c.reserved + reserved >= 0,
        lvl.c.on_hand + on_hand >= lvl.c.reserved + reserved,
        lvl.c.on_hand + on_hand <= MAX_QUANTITY,  # refused well before the column could overflow
    ]
    if sellable_only:
        conditions.append(lvl.c.sale_paused == sa.false())
    return (
        sa.update(lvl)
        .where(*conditions)
        .values(
            on_hand=lvl.c.on_hand + on_hand,
            reserved=lvl.c.reserved + reserved,
            updated_at=sa.bindparam("at", type_=lvl.c.updated_at.type),
        )
        .returning(*_AFTER)
    )


# the movement's own fields; the level's ids and the quantities after come from the UPDATE, and the deltas and the
# time are the UPDATE's own parameters
_LEDGER_FIELDS = ("id", "kind", "reason", "actor_id", "actor_name", "reference_type", "reference_id")


@functools.cache
def _apply_statement(sellable_only: bool) -> DriverStatement[sa.Select[Any]]:
    """PostgreSQL: the conditional UPDATE and the ledger INSERT as one statement, one round trip instead of two
    per stock line (each round trip costs the server CPU in SQLAlchemy, asyncpg and the socket, whatever it sends):

        WITH after AS (UPDATE stock_level … WHERE <enough stock> RETURNING …),
             ledger AS (INSERT INTO stock_movement SELECT <the movement>, after.on_hand, after.reserved FROM after)
        SELECT * FROM after

    The ledger row is inserted only when the UPDATE changed the row, and carries exactly the quantities it left.
    SQLite has no INSERT inside WITH: there StockRepository.apply sends the two statements."""
    after = _change_statement(sellable_only).cte("after")
    own = {name: sa.bindparam(f"ledger_{name}", type_=mv.c[name].type) for name in _LEDGER_FIELDS}
    own |= {name: sa.bindparam(name, type_=mv.c[name].type) for name in ("on_hand_delta", "reserved_delta", "at")}
    taken = {"sku_id": after.c.sku_id, "warehouse_id": after.c.warehouse_id}
    taken |= {"on_hand_after": after.c.on_hand, "reserved_after": after.c.reserved}
    columns = [c.name for c in mv.c]
    values = {**own, **taken}
    ledger = sa.insert(mv).from_select(columns, sa.select(*(values[name] for name in columns))).cte("ledger")
    return DriverStatement(sa.select(*after.c).add_cte(ledger))  # in LevelAfter's field order (see _AFTER)
