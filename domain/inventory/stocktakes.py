"""Stocktakes (盘点): open for a warehouse, record counted quantities, review the differences, apply them as
`stocktake` movements, close. A count remembers what was on hand when it was recorded, so goods that move
while counting goes on do not distort the difference."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.audit import service as audit
from domain.errors import Conflict, NotFound, RuleViolation
from domain.identity.actor import Actor
from domain.inventory import count_sheet as count_sheet_module
from domain.inventory import sellability
from domain.inventory.count_sheet import StocktakeView
from domain.inventory.entities import MovementKind, Stocktake, StocktakeLine, StocktakeStatus
from domain.inventory.ports import InventoryUoW
from domain.inventory.state import STOCKTAKE, StocktakeAction
from domain.inventory.stock import Reference, move
from domain.locking import levels_in_lock_order
from domain.ports import Clock

NUMBER_ATTEMPTS = 3  # two stocktakes opened in the same instant may draw the same number; draw again


@dataclass(frozen=True)
class Count:
    """One counted quantity, identified by SKU id or by barcode (a scanner)."""

    counted: int
    sku_id: UUID | None = None
    barcode: str | None = None


async def open_stocktake(
    uow: InventoryUoW,
    clock: Clock,
    actor: Actor,
    *,
    warehouse_id: UUID,
    note: str = "",
    category_id: UUID | None = None,
    count_sheet: bool = False,
    blind: bool = False,
) -> Stocktake:
    """Start counting a warehouse; numbered `ST20261125-001` per day. With `count_sheet` (implied by a category)
    every SKU stocked in the scope becomes a line to count, expecting what is on hand now."""
    category_path = await count_sheet_module.scope_path(uow, category_id)
    for attempt in range(NUMBER_ATTEMPTS):
        warehouse = await uow.warehouses.get(warehouse_id)
        if warehouse is None:
            raise NotFound("No such warehouse.", code="warehouse.not_found", field="warehouse_id")
        if not warehouse.active:
            raise RuleViolation("The warehouse is deactivated.", code="warehouse.inactive", field="warehouse_id")
        now = clock.now()
        day = now.strftime("%Y%m%d")
        number = f"ST{day}-{await uow.stocktakes.count_for_day(day) + 1:03d}"
        stocktake = Stocktake(
            warehouse_id=warehouse_id,
            number=number,
            created_at=now,
            created_by=actor.user_id,
            note=note,
            category_id=category_id,
            blind=blind,
        )
        stocktake.updated_at = now
        try:
            async with uow.savepoint():  # a number taken by a concurrent stocktake undoes only this attempt
                await uow.stocktakes.add(stocktake)
                await uow.flush()
        except Conflict as exc:
            if exc.code != "stocktake.number_taken" or attempt == NUMBER_ATTEMPTS - 1:
                raise
            continue
        lines = 0
        if count_sheet or category_id is not None:
            lines = await count_sheet_module.add_sheet_lines(uow, stocktake, category_path)
            await uow.flush()
        scope = {"category_id": str(category_id) if category_id else None, "blind": blind, "lines": lines}
        await _audit(uow, actor, stocktake, "stocktake.open", now, {"number": number, "note": note, **scope})
        return stocktake
    raise AssertionError("unreachable")


async def record_counts(
    uow: InventoryUoW, clock: Clock, actor: Actor, stocktake_id: UUID, counts: list[Count]
) -> StocktakeView:
    """Record counted quantities; counting a SKU again replaces its count (and its expected quantity)."""
    stocktake = await _locked(uow, stocktake_id)
    STOCKTAKE.next_state(stocktake.status, StocktakeAction.COUNT)  # counts only while it is open
    now = clock.now()
    by_sku = {line.sku_id: line for line in stocktake.lines}
    recorded: list[dict[str, object]] = []
    for index, count in enumerate(counts):
        sku_id = await _sku_of(uow, count, index)
        level = await uow.stock.level(sku_id, stocktake.warehouse_id)
        expected = level.on_hand if level else 0
        line = by_sku.get(sku_id)
        if line is None:
            line = StocktakeLine(
                stocktake_id=stocktake.id, sku_id=sku_id, expected=expected, counted=count.counted, recorded_at=now
            )
            stocktake.lines.append(line)
            by_sku[sku_id] = line
        line.expected, line.counted, line.recorded_at, line.recorded_by = (
            expected,
            count.counted,
            now,
            actor.user_id,
        )
        recorded.append({"sku_id": str(sku_id), "expected": expected, "counted": count.counted})
    stocktake.updated_at = now
    await _audit(uow, actor, stocktake, "stocktake.count", now, {"counts": recorded})
    await uow.flush()
    view = await count_sheet_module.view_of(uow, stocktake)
    return view


async def apply_stocktake(uow: InventoryUoW, clock: Clock, actor: Actor, stocktake_id: UUID) -> StocktakeView:
    """Book every non-zero difference as a `stocktake` movement; all or nothing (409 `stock.insufficient` when a
    loss would leave less on hand than is reserved)."""
    stocktake = await _locked(uow, stocktake_id)
    uncounted = sum(1 for line in stocktake.lines if line.counted is None)
    if uncounted and stocktake.status == StocktakeStatus.OPEN:
        raise Conflict(
            f"{uncounted} lines of the count sheet are not counted yet.", code="stocktake.uncounted", count=uncounted
        )
    now = clock.now()
    _move(uow, stocktake, StocktakeAction.APPLY, now)
    reference = Reference("stocktake", stocktake.number)
    booked: list[dict[str, object]] = []
    moved = []
    for line in levels_in_lock_order(stocktake.lines, lambda c: (c.sku_id, stocktake.warehouse_id)):
        if line.difference == 0:
            continue
        movement = await move(
            uow,
            clock,
            actor,
            sku_id=line.sku_id,
            warehouse_id=stocktake.warehouse_id,
            kind=MovementKind.STOCKTAKE,
            on_hand=line.difference,
            reason=f"stocktake {stocktake.number}",
            reference=reference,
        )
        moved.append(movement)
        booked.append({"sku_id": str(line.sku_id), "difference": line.difference})
    await sellability.after_movements(uow, moved)
    await _audit(uow, actor, stocktake, "stocktake.apply", now, {"differences": booked})
    await uow.flush()
    view = await count_sheet_module.view_of(uow, stocktake)
    return view


async def close_stocktake(uow: InventoryUoW, clock: Clock, actor: Actor, stocktake_id: UUID) -> StocktakeView:
    """Close an applied stocktake."""
    return await _finish(uow, clock, actor, stocktake_id, StocktakeAction.CLOSE)


async def cancel_stocktake(uow: InventoryUoW, clock: Clock, actor: Actor, stocktake_id: UUID) -> StocktakeView:
    """Drop an open stocktake without changing stock."""
    return await _finish(uow, clock, actor, stocktake_id, StocktakeAction.CANCEL)


async def get_stocktake(
    uow: InventoryUoW,
    stocktake_id: UUID,
    *,
    lines: count_sheet_module.LineFilter = count_sheet_module.LineFilter.ALL,
    reveal: bool = False,
) -> StocktakeView:
    """A stocktake for review: each count, its difference and what is on hand now; `lines` picks the uncounted,
    counted or differing lines, `reveal` shows a blind count's expected quantities."""
    stocktake = await uow.stocktakes.get(stocktake_id)
    if stocktake is None:
        raise NotFound("No such stocktake.", code="stocktake.not_found")
    return await count_sheet_module.view_of(uow, stocktake, lines=lines, reveal=reveal)


async def list_stocktakes(
    uow: InventoryUoW, *, warehouse_id: UUID | None, status: StocktakeStatus | None, offset: int, limit: int
) -> tuple[list[tuple[Stocktake, str]], int]:
    """Stocktakes, newest first, each with its warehouse's name."""
    items, total = await uow.stocktakes.list(warehouse_id=warehouse_id, status=status, offset=offset, limit=limit)
    names = {w.id: w.name for w in await uow.warehouses.list()}
    return [(s, names.get(s.warehouse_id, "")) for s in items], total


def _move(uow: InventoryUoW, stocktake: Stocktake, action: StocktakeAction, at: datetime) -> None:
    uow.record(STOCKTAKE.apply(stocktake, action))
    stocktake.updated_at = at
    if stocktake.status == StocktakeStatus.APPLIED:
        stocktake.applied_at = at
    elif stocktake.status in (StocktakeStatus.CLOSED, StocktakeStatus.CANCELLED):
        stocktake.closed_at = at


async def _finish(
    uow: InventoryUoW, clock: Clock, actor: Actor, stocktake_id: UUID, action: StocktakeAction
) -> StocktakeView:
    stocktake = await _locked(uow, stocktake_id)
    now = clock.now()
    _move(uow, stocktake, action, now)
    await _audit(uow, actor, stocktake, f"stocktake.{action}", now, {"status": str(stocktake.status)})
    await uow.flush()
    view = await count_sheet_module.view_of(uow, stocktake)
    return view


async def _locked(uow: InventoryUoW, stocktake_id: UUID) -> Stocktake:
    stocktake = await uow.stocktakes.get_for_update(stocktake_id)
    if stocktake is None:
        raise NotFound("No such stocktake.", code="stocktake.not_found")
    return stocktake


async def _sku_of(uow: InventoryUoW, count: Count, index: int) -> UUID:
    sku = None
    if count.sku_id is not None:
        sku = await uow.products.get_sku(count.sku_id)
    elif count.barcode:
        sku = await uow.products.sku_by_barcode(count.barcode)
    if sku is None:
        raise RuleViolation(
            "No SKU has this id or barcode.",
            code="stocktake.unknown_sku",
            field=f"items.{index}",
            sku_id=str(count.sku_id) if count.sku_id else None,
            barcode=count.barcode,
        )
    return sku.id


async def _audit(
    uow: InventoryUoW, actor: Actor, stocktake: Stocktake, action: str, at: datetime, after: dict[str, object]
) -> None:
    await audit.record(uow, actor, action=action, target_type="stocktake", target_id=stocktake.id, at=at, after=after)
