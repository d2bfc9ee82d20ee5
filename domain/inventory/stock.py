"""The one way stock changes: every quantity change is a conditional update plus a StockMovement ledger row.

Locking: quantity updates are applied in (sku_id, warehouse_id) order everywhere, so two transactions touching
the same levels queue up instead of deadlocking. No network call happens inside these transactions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from domain.errors import Conflict, NotFound, RuleViolation
from domain.identity import permissions as perms
from domain.identity.actor import Actor
from domain.inventory.allocation import Allocation, AllocationRule, whole_order_first
from domain.inventory.entities import (
    LevelAfter,
    MovementKind,
    Reservation,
    ReservationLine,
    ReservationStatus,
    StockLevel,
    StockMovement,
    Warehouse,
)
from domain.inventory.errors import InsufficientStock
from domain.notifications import service as notifications
from domain.notifications.entities import Channel
from domain.ports import Clock, UnitOfWork

ALERT_PERMISSION = "inventory:adjust"  # who is told about low stock: the people who can restock
RESERVE_ATTEMPTS = 3  # a plan can lose a race to a concurrent order; plan again on fresh numbers


@dataclass(frozen=True)
class Reference:
    """What a movement is for: an order, a purchase receipt, a stocktake…"""

    type: str | None = None
    id: str | None = None


@dataclass(frozen=True)
class LineChange:
    sku_id: UUID
    warehouse_id: UUID
    quantity: int


async def move(
    uow: UnitOfWork,
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
) -> LevelAfter:
    """Apply one change to a stock level and write its ledger row; InsufficientStock when it would go negative.
    The caller owns the transaction."""
    now = clock.now()
    if on_hand > 0:
        await uow.stock.ensure_level(sku_id, warehouse_id)
    after = await uow.stock.change(
        sku_id, warehouse_id, on_hand=on_hand, reserved=reserved, sellable_only=sellable_only, at=now
    )
    if after is None:
        level = await uow.stock.level(sku_id, warehouse_id)
        available = level.available if level and not (sellable_only and level.sale_paused) else 0
        raise InsufficientStock(sku_id, max(-on_hand, reserved, 0), available, warehouse_id)
    await uow.stock.add_movement(
        StockMovement(
            sku_id=sku_id,
            warehouse_id=warehouse_id,
            kind=kind,
            on_hand_delta=on_hand,
            reserved_delta=reserved,
            on_hand_after=after.on_hand,
            reserved_after=after.reserved,
            at=now,
            reason=reason,
            actor_id=actor.user_id,
            actor_name=actor.name,
            reference_type=reference.type,
            reference_id=reference.id,
        )
    )
    await _watch_level(uow, clock, after)
    return after


async def _watch_level(uow: UnitOfWork, clock: Clock, level: LevelAfter) -> None:
    """Alert once when a level falls to its threshold, re-arm when it recovers, and pause sale at zero if asked."""
    if level.available <= level.low_stock_threshold:
        if level.low_stock_alerted_at is None and await uow.stock.set_alerted(level.id, clock.now()):
            await _alert_low_stock(uow, clock, level)
    elif level.low_stock_alerted_at is not None:
        await uow.stock.set_alerted(level.id, None)
    if level.pause_at_zero and level.available <= 0 and not level.sale_paused:
        await uow.stock.pause_sale(level.id, clock.now())


async def _alert_low_stock(uow: UnitOfWork, clock: Clock, level: LevelAfter) -> None:
    sku = await uow.products.get_sku(level.sku_id)
    product = await uow.products.get(sku.product_id) if sku else None
    warehouse = await uow.warehouses.get(level.warehouse_id)
    roles = [r.id for r in await uow.roles.list() if perms.grants(r.permissions, ALERT_PERMISSION)]
    for user in await uow.users.with_roles(roles):
        if not user.is_staff:
            continue
        await notifications.notify(
            uow,
            clock,
            user,
            "inventory.low_stock",
            channels=[Channel.IN_APP, Channel.EMAIL],
            product=product.name if product else "",
            sku=sku.code if sku else str(level.sku_id),
            warehouse=warehouse.name if warehouse else str(level.warehouse_id),
            available=level.available,
            threshold=level.low_stock_threshold,
            sku_id=str(level.sku_id),
            warehouse_id=str(level.warehouse_id),
        )


async def alert_unalerted_low_levels(uow: UnitOfWork, clock: Clock, *, batch: int = 200) -> int:
    """The low_stock_scan sweep: alert levels that became low without a movement (a raised threshold)."""
    async with uow:
        alerted = 0
        for level in await uow.stock.unalerted_low_levels(batch):
            if await uow.stock.set_alerted(level.id, clock.now()):
                after = LevelAfter(
                    id=level.id,
                    sku_id=level.sku_id,
                    warehouse_id=level.warehouse_id,
                    on_hand=level.on_hand,
                    reserved=level.reserved,
                    low_stock_threshold=level.low_stock_threshold,
                    sale_paused=level.sale_paused,
                    pause_at_zero=level.pause_at_zero,
                    low_stock_alerted_at=clock.now(),
                )
                await _alert_low_stock(uow, clock, after)
                alerted += 1
        await uow.commit()
        return alerted


def _sorted(changes: Iterable[LineChange]) -> list[LineChange]:
    return sorted(changes, key=lambda c: (str(c.sku_id), str(c.warehouse_id)))


async def _check_places(uow: UnitOfWork, changes: list[LineChange]) -> None:
    skus = {s.id: s for s in await uow.products.skus(list({c.sku_id for c in changes}))}
    for change in changes:
        if change.sku_id not in skus:
            raise NotFound("No such SKU.", code="sku.not_found", sku_id=str(change.sku_id))
        if await uow.warehouses.get(change.warehouse_id) is None:
            raise NotFound("No such warehouse.", code="warehouse.not_found", warehouse_id=str(change.warehouse_id))


async def receive(
    uow: UnitOfWork,
    clock: Clock,
    actor: Actor,
    lines: list[LineChange],
    *,
    reason: str = "",
    reference: Reference = Reference(),
    kind: MovementKind = MovementKind.INBOUND,
) -> list[LevelAfter]:
    """Book goods into warehouses (a purchase receipt, or returned goods with kind RETURN_IN)."""
    if any(line.quantity <= 0 for line in lines):
        raise RuleViolation("Received quantities must be positive.", code="stock.quantity_not_positive")
    async with uow:
        await _check_places(uow, lines)
        levels = [
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
            for line in _sorted(lines)
        ]
        await uow.commit()
        return levels


async def adjust(
    uow: UnitOfWork,
    clock: Clock,
    actor: Actor,
    lines: list[LineChange],
    *,
    reason: str,
    reference: Reference = Reference(),
) -> list[LevelAfter]:
    """Correct on-hand quantities up or down (damage, loss, found goods); all lines or none."""
    if not reason.strip():
        raise RuleViolation("Say why the stock is adjusted.", code="stock.reason_required", field="reason")
    if any(line.quantity == 0 for line in lines):
        raise RuleViolation("An adjustment cannot be zero.", code="stock.quantity_zero")
    async with uow:
        await _check_places(uow, lines)
        levels = [
            await move(
                uow,
                clock,
                actor,
                sku_id=line.sku_id,
                warehouse_id=line.warehouse_id,
                kind=MovementKind.ADJUST,
                on_hand=line.quantity,
                reason=reason,
                reference=reference,
            )
            for line in _sorted(lines)
        ]
        await uow.commit()
        return levels


async def transfer(
    uow: UnitOfWork,
    clock: Clock,
    actor: Actor,
    *,
    sku_id: UUID,
    from_warehouse_id: UUID,
    to_warehouse_id: UUID,
    quantity: int,
    reason: str = "",
) -> tuple[LevelAfter, LevelAfter]:
    """Move available stock from one warehouse to another (调拨): a transfer_out and a transfer_in row."""
    if quantity <= 0:
        raise RuleViolation("Transfer a positive quantity.", code="stock.quantity_not_positive", field="quantity")
    if from_warehouse_id == to_warehouse_id:
        raise RuleViolation("Choose two different warehouses.", code="stock.same_warehouse")
    out = LineChange(sku_id, from_warehouse_id, -quantity)
    into = LineChange(sku_id, to_warehouse_id, quantity)
    reference = Reference("transfer", f"{from_warehouse_id}>{to_warehouse_id}")
    async with uow:
        await _check_places(uow, [out, into])
        results: dict[UUID, LevelAfter] = {}
        for line in _sorted([out, into]):
            results[line.warehouse_id] = await move(
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
        await uow.commit()
        return results[from_warehouse_id], results[to_warehouse_id]


# ---- reservations ----------------------------------------------------------------------------------------------


def total_demand(lines: Iterable[tuple[UUID, int]]) -> dict[UUID, int]:
    """Quantities per SKU: two lines of one order for the same SKU are checked against stock together."""
    demand: dict[UUID, int] = defaultdict(int)
    for sku_id, quantity in lines:
        if quantity <= 0:
            raise RuleViolation("Quantities must be positive.", code="stock.quantity_not_positive")
        demand[sku_id] += quantity
    if not demand:
        raise RuleViolation("Nothing to reserve.", code="stock.nothing_to_reserve")
    return dict(demand)


async def reserve(
    uow: UnitOfWork,
    clock: Clock,
    actor: Actor,
    *,
    lines: list[tuple[UUID, int]],
    reference: Reference,
    ttl: timedelta | None = None,
    idempotency_key: str | None = None,
    rule: AllocationRule = whole_order_first,
) -> Reservation:
    """Hold stock for an order: all lines or none. The same idempotency key returns the first reservation."""
    demand = total_demand(lines)
    last_error: Exception | None = None
    for _ in range(RESERVE_ATTEMPTS):
        async with uow:
            if idempotency_key and (existing := await uow.stock.reservation_by_key(idempotency_key)):
                return existing
            plan = rule(demand, await _sellable_levels(uow, demand), await _active_warehouses(uow))
            try:
                reservation = await _apply_plan(uow, clock, actor, plan, reference, ttl, idempotency_key)
                await uow.commit()
                return reservation
            except InsufficientStock as exc:  # a concurrent order took the stock after we planned: plan again
                last_error = exc
            except Conflict as exc:  # the same idempotency key committed first: return that one next time
                if not idempotency_key:
                    raise
                last_error = exc
    assert last_error is not None
    raise last_error


async def _sellable_levels(uow: UnitOfWork, demand: dict[UUID, int]) -> list[StockLevel]:
    skus = {s.id: s for s in await uow.products.skus(list(demand))}
    for sku_id in demand:
        sku = skus.get(sku_id)
        if sku is None:
            raise NotFound("No such SKU.", code="sku.not_found", sku_id=str(sku_id))
        if not sku.active:
            raise RuleViolation("This SKU is not for sale.", code="sku.inactive", sku_id=str(sku_id))
    return await uow.stock.levels_for(list(demand))


async def _active_warehouses(uow: UnitOfWork) -> Mapping[UUID, Warehouse]:
    return {w.id: w for w in await uow.warehouses.list(active=True)}


async def _apply_plan(
    uow: UnitOfWork,
    clock: Clock,
    actor: Actor,
    plan: list[Allocation],
    reference: Reference,
    ttl: timedelta | None,
    idempotency_key: str | None,
) -> Reservation:
    now = clock.now()
    reservation = Reservation(
        reference_type=reference.type or "manual",
        reference_id=reference.id or "",
        expires_at=now + ttl if ttl else None,
        created_at=now,
        idempotency_key=idempotency_key,
    )
    for allocation in sorted(plan):
        await move(
            uow,
            clock,
            actor,
            sku_id=allocation.sku_id,
            warehouse_id=allocation.warehouse_id,
            kind=MovementKind.RESERVE,
            reserved=allocation.quantity,
            reference=reference,
            sellable_only=True,
        )
        reservation.lines.append(
            ReservationLine(
                reservation_id=reservation.id,
                sku_id=allocation.sku_id,
                warehouse_id=allocation.warehouse_id,
                quantity=allocation.quantity,
            )
        )
    await uow.stock.add_reservation(reservation)
    await uow.flush()
    return reservation


async def _locked_reservation(uow: UnitOfWork, reservation_id: UUID) -> Reservation:
    reservation = await uow.stock.reservation_for_update(reservation_id)
    if reservation is None:
        raise NotFound("No such reservation.", code="reservation.not_found")
    return reservation


def _reference(reservation: Reservation) -> Reference:
    return Reference(reservation.reference_type, reservation.reference_id)


async def release(
    uow: UnitOfWork,
    clock: Clock,
    actor: Actor,
    reservation_id: UUID,
    *,
    reason: str = "",
    expired: bool = False,
) -> Reservation:
    """Give back what a reservation still holds. Releasing twice changes nothing (jobs may run twice)."""
    async with uow:
        reservation = await _locked_reservation(uow, reservation_id)
        if reservation.status in (ReservationStatus.RELEASED, ReservationStatus.EXPIRED):
            return reservation
        if reservation.status == ReservationStatus.COMMITTED:
            raise Conflict("The reservation has shipped.", code="reservation.already_shipped")
        if expired and (reservation.expires_at is None or reservation.expires_at > clock.now()):
            return reservation  # extended or paid since the sweep listed it
        for line in reservation.lines:
            if line.outstanding:
                await move(
                    uow,
                    clock,
                    actor,
                    sku_id=line.sku_id,
                    warehouse_id=line.warehouse_id,
                    kind=MovementKind.RELEASE,
                    reserved=-line.outstanding,
                    reason=reason,
                    reference=_reference(reservation),
                )
        reservation.status = ReservationStatus.EXPIRED if expired else ReservationStatus.RELEASED
        reservation.updated_at = clock.now()
        await uow.commit()
        return reservation


async def commit(
    uow: UnitOfWork,
    clock: Clock,
    actor: Actor,
    reservation_id: UUID,
    *,
    quantities: dict[UUID, int] | None = None,
    reason: str = "",
) -> Reservation:
    """Ship reserved stock: on hand and reserved both go down. `quantities` per SKU ships part of it."""
    async with uow:
        reservation = await _locked_reservation(uow, reservation_id)
        if reservation.status != ReservationStatus.ACTIVE:
            raise Conflict(
                "Only an active reservation can ship.", code="reservation.not_active", status=str(reservation.status)
            )
        wanted = quantities or {}
        for sku_id, quantity in wanted.items():
            outstanding = sum(line.outstanding for line in reservation.lines if line.sku_id == sku_id)
            if quantity <= 0 or quantity > outstanding:
                raise RuleViolation(
                    "Ship a positive quantity no larger than what is reserved.",
                    code="reservation.quantity_invalid",
                    sku_id=str(sku_id),
                    outstanding=outstanding,
                )
        for line in reservation.lines:
            take = line.outstanding if quantities is None else min(line.outstanding, wanted.get(line.sku_id, 0))
            if take <= 0:
                continue
            if quantities is not None:
                wanted[line.sku_id] -= take
            await move(
                uow,
                clock,
                actor,
                sku_id=line.sku_id,
                warehouse_id=line.warehouse_id,
                kind=MovementKind.SHIP,
                on_hand=-take,
                reserved=-take,
                reason=reason,
                reference=_reference(reservation),
            )
            line.shipped += take
        if all(line.outstanding == 0 for line in reservation.lines):
            reservation.status = ReservationStatus.COMMITTED
        reservation.updated_at = clock.now()
        await uow.commit()
        return reservation


async def get_reservation(uow: UnitOfWork, reservation_id: UUID) -> Reservation:
    async with uow:
        reservation = await uow.stock.reservation(reservation_id)
        if reservation is None:
            raise NotFound("No such reservation.", code="reservation.not_found")
        return reservation


async def release_expired(factory: Callable[[], UnitOfWork], clock: Clock, *, batch: int = 200) -> int:
    """The reservation sweep: release every active reservation past its time. Safe to run on several workers."""
    async with factory() as uow:
        ids = await uow.stock.expired_reservations(clock.now(), batch)
    system = Actor(user_id=None, name="system")
    for reservation_id in ids:
        await release(factory(), clock, system, reservation_id, reason="expired", expired=True)
    return len(ids)
