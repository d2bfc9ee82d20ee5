"""The one way stock changes: every quantity change is a conditional update plus a StockMovement ledger row.

Locking: quantity updates are applied in (sku_id, warehouse_id) order everywhere, so two transactions touching
the same levels queue up instead of deadlocking. No network call happens inside these transactions.
Reservations (reserve / release / commit-on-ship) live in `reservations.py`, alerts in `alerts.py`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID, uuid4

from domain.audit import service as audit
from domain.errors import NotFound, RuleViolation
from domain.identity.actor import Actor
from domain.inventory import alerts, sellability
from domain.inventory.entities import MovementKind, StockMovement
from domain.inventory.errors import InsufficientStock
from domain.inventory.ports import InventoryUoW, MovementQuery, MovementRow
from domain.locking import levels_in_lock_order
from domain.ports import Clock


@dataclass(frozen=True)
class Reference:
    """What a movement is for: an order, a purchase receipt, a stocktake…"""

    type: str | None = None
    id: str | None = None


# The most any stock level may hold: below PostgreSQL's 32-bit integers (2^31 - 1), and enforced the same way on
# SQLite, so an absurd receipt is a 422 on both rather than a 500 on one and a silent success on the other.
MAX_QUANTITY = 1_000_000_000


@dataclass(frozen=True)
class LineChange:
    sku_id: UUID
    warehouse_id: UUID
    quantity: int


async def move(
    uow: InventoryUoW,
    clock: Clock,
    actor: Actor,
    *,
    sku_id: UUID,
    warehouse_id: UUID,
    kind: MovementKind,
    on_hand: int = 0,
    reserved: int = 0,
    reason: str = "",
    reference: Reference = Reference(),
    sellable_only: bool = False,
) -> StockMovement:
    """Apply one change to a stock level and write its ledger row (returned); InsufficientStock when it would go
    negative. The caller owns the transaction."""
    now = clock.now()
    if on_hand > 0:
        await uow.stock.ensure_level(sku_id, warehouse_id)
    movement = StockMovement(
        sku_id=sku_id,
        warehouse_id=warehouse_id,
        kind=kind,
        on_hand_delta=on_hand,
        reserved_delta=reserved,
        on_hand_after=0,  # what the change leaves is known once it is applied (set below)
        reserved_after=0,
        at=now,
        reason=reason,
        actor_id=actor.user_id,
        actor_name=actor.name,
        reference_type=reference.type,
        reference_id=reference.id,
    )
    after = await uow.stock.apply(movement, sellable_only=sellable_only)
    if after is None:
        level = await uow.stock.level(sku_id, warehouse_id)
        if level is not None and max(level.on_hand + on_hand, level.reserved + reserved) > MAX_QUANTITY:
            raise RuleViolation(
                f"A stock level holds at most {MAX_QUANTITY} units.",
                code="stock.quantity_too_large",
                sku_id=str(sku_id),
                limit=MAX_QUANTITY,
            )
        available = level.available if level and not (sellable_only and level.sale_paused) else 0
        raise InsufficientStock(sku_id, max(-on_hand, reserved, 0), available, warehouse_id)
    movement.on_hand_after, movement.reserved_after = after.on_hand, after.reserved  # as the ledger row has them
    await alerts.watch_level(uow, clock, after)
    return movement


def _level(change: LineChange) -> tuple[UUID, UUID]:
    return change.sku_id, change.warehouse_id


async def _check_places(uow: InventoryUoW, changes: list[LineChange], *, stocking: Iterable[UUID] = ()) -> None:
    """Every SKU and warehouse exists; goods are only brought into (`stocking`) active warehouses."""
    skus = {s.id: s for s in await uow.products.skus(list({c.sku_id for c in changes}))}
    stocking = set(stocking)
    for change in changes:
        if change.sku_id not in skus:
            raise NotFound("No such SKU.", code="sku.not_found", sku_id=str(change.sku_id))
        warehouse = await uow.warehouses.get(change.warehouse_id)
        if warehouse is None:
            raise NotFound("No such warehouse.", code="warehouse.not_found", warehouse_id=str(change.warehouse_id))
        if change.warehouse_id in stocking and not warehouse.active:
            raise RuleViolation(
                "The warehouse is deactivated.", code="warehouse.inactive", warehouse_id=str(warehouse.id)
            )


async def _rows_of(uow: InventoryUoW, movements: list[StockMovement]) -> list[MovementRow]:
    """The movements just written, with their names, in the order they were made."""
    await uow.flush()
    rows, _ = await uow.stock.movements(
        MovementQuery(ids=tuple(m.id for m in movements)), sort="at", offset=0, limit=len(movements)
    )
    position = {m.id: i for i, m in enumerate(movements)}
    return sorted(rows, key=lambda r: position[r.movement.id])


async def receive(
    uow: InventoryUoW,
    clock: Clock,
    actor: Actor,
    lines: list[LineChange],
    *,
    reason: str = "",
    reference: Reference = Reference(),
    kind: MovementKind = MovementKind.INBOUND,
) -> list[MovementRow]:
    """Book goods into warehouses (a purchase receipt, or returned goods with kind RETURN_IN); audited."""
    if not lines or any(line.quantity <= 0 for line in lines):
        raise RuleViolation("Received quantities must be positive.", code="stock.quantity_not_positive")
    reference = reference if reference.id else Reference(reference.type or "receipt", str(uuid4()))
    return await _book(uow, clock, actor, lines, kind=kind, reason=reason, reference=reference, receiving=True)


async def adjust(
    uow: InventoryUoW,
    clock: Clock,
    actor: Actor,
    lines: list[LineChange],
    *,
    reason: str,
    reference: Reference = Reference(),
) -> list[MovementRow]:
    """Correct on-hand quantities up or down (damage, loss, found goods); all lines or none; audited."""
    if not reason.strip():
        raise RuleViolation("Say why the stock is adjusted.", code="stock.reason_required", field="reason")
    if not lines or any(line.quantity == 0 for line in lines):
        raise RuleViolation("An adjustment cannot be zero.", code="stock.quantity_zero")
    reference = reference if reference.id else Reference(reference.type or "adjustment", str(uuid4()))
    return await _book(uow, clock, actor, lines, kind=MovementKind.ADJUST, reason=reason, reference=reference)


async def _book(
    uow: InventoryUoW,
    clock: Clock,
    actor: Actor,
    lines: list[LineChange],
    *,
    kind: MovementKind,
    reason: str,
    reference: Reference,
    receiving: bool = False,
) -> list[MovementRow]:
    """Apply on-hand changes line by line in lock order, all or none, with one audit entry for the request.
    Goods are received only into active warehouses; corrections may touch a deactivated one."""
    await _check_places(uow, lines, stocking={line.warehouse_id for line in lines} if receiving else ())
    movements = [
        await move(
            uow,
            clock,
            actor,
            sku_id=line.sku_id,
            warehouse_id=line.warehouse_id,
            kind=kind,
            on_hand=line.quantity,
            reason=reason,
            reference=reference,
        )
        for line in levels_in_lock_order(lines, _level)
    ]
    await sellability.after_movements(uow, movements)
    await _audit(uow, clock, actor, f"stock.{kind}", reference, reason, movements)
    rows = await _rows_of(uow, movements)
    return rows


async def transfer(
    uow: InventoryUoW,
    clock: Clock,
    actor: Actor,
    *,
    sku_id: UUID,
    from_warehouse_id: UUID,
    to_warehouse_id: UUID,
    quantity: int,
    reason: str = "",
) -> list[MovementRow]:
    """Move available stock from one warehouse to another (调拨): a transfer_out and a transfer_in row; audited."""
    if quantity <= 0:
        raise RuleViolation("Transfer a positive quantity.", code="stock.quantity_not_positive", field="quantity")
    if from_warehouse_id == to_warehouse_id:
        raise RuleViolation("Choose two different warehouses.", code="stock.same_warehouse")
    out = LineChange(sku_id, from_warehouse_id, -quantity)
    into = LineChange(sku_id, to_warehouse_id, quantity)
    # one id shared by both rows (the pair of warehouse ids would not fit reference_id)
    reference = Reference("transfer", str(uuid4()))
    await _check_places(uow, [out, into], stocking={to_warehouse_id})
    movements = {
        line.warehouse_id: await move(
            uow,
            clock,
            actor,
            sku_id=sku_id,
            warehouse_id=line.warehouse_id,
            kind=MovementKind.TRANSFER_OUT if line.quantity < 0 else MovementKind.TRANSFER_IN,
            on_hand=line.quantity,
            reason=reason,
            reference=reference,
        )
        for line in levels_in_lock_order([out, into], _level)
    }
    pair = [movements[from_warehouse_id], movements[to_warehouse_id]]
    await sellability.after_movements(uow, pair)
    await _audit(uow, clock, actor, "stock.transfer", reference, reason, pair)
    rows = await _rows_of(uow, pair)
    return rows


async def _audit(
    uow: InventoryUoW,
    clock: Clock,
    actor: Actor,
    action: str,
    reference: Reference,
    reason: str,
    movements: list[StockMovement],
) -> None:
    """One audit entry per request; the ledger rows carry the detail."""
    lines = [
        {
            "sku_id": str(m.sku_id),
            "warehouse_id": str(m.warehouse_id),
            "quantity": m.on_hand_delta,
            "on_hand_after": m.on_hand_after,
        }
        for m in movements
    ]
    await audit.record(
        uow,
        actor,
        action=action,
        target_type=reference.type or "stock",
        target_id=reference.id,
        at=clock.now(),
        after={"reason": reason, "lines": lines},
    )
