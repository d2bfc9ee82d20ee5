"""Reservations: stock held for an order until it ships (commit), is released, or expires.

Reserving plans from a snapshot of the levels, then applies the plan with conditional updates in (sku_id,
warehouse_id) order; a plan that loses a race to a concurrent order is made again on fresh numbers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta
from typing import Any
from uuid import UUID

from domain.audit import service as audit
from domain.errors import NotFound, RuleViolation
from domain.identity.actor import Actor
from domain.inventory import sellability
from domain.inventory.allocation import Allocation, AllocationRule, whole_order_first
from domain.inventory.entities import (
    MovementKind,
    Reservation,
    ReservationLine,
    ReservationStatus,
)
from domain.inventory.errors import InsufficientStock
from domain.inventory.ports import InventoryUoW
from domain.inventory.state import RESERVATION, ReservationAction
from domain.inventory.stock import Reference, move
from domain.locking import levels_in_lock_order
from domain.ports import Clock

RESERVE_ATTEMPTS = 3  # a plan can lose a race to a concurrent order; plan again on fresh numbers


def _snapshot(reservation: Reservation) -> dict[str, Any]:
    return {
        "status": str(reservation.status),
        "reference": f"{reservation.reference_type}:{reservation.reference_id}",
        "lines": [
            {
                "sku_id": str(line.sku_id),
                "warehouse_id": str(line.warehouse_id),
                "quantity": line.quantity,
                "shipped": line.shipped,
            }
            for line in reservation.lines
        ],
    }


async def _audit(
    uow: InventoryUoW, clock: Clock, actor: Actor, action: str, reservation: Reservation, before: dict[str, Any] | None
) -> None:
    """Staff acting through the API are audited; an order doing it is audited on the order instead."""
    await audit.record(
        uow,
        actor,
        action=action,
        target_type="reservation",
        target_id=reservation.id,
        at=clock.now(),
        before=before,
        after=_snapshot(reservation),
    )


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
    uow: InventoryUoW,
    clock: Clock,
    actor: Actor,
    *,
    lines: list[tuple[UUID, int]],
    reference: Reference,
    ttl: timedelta | None = None,
    rule: AllocationRule = whole_order_first,
    audited: bool = False,
    reservation_id: UUID | None = None,
) -> Reservation:
    """Hold stock for an order: all lines or none (InsufficientStock names every short line). A caller that
    writes the reservation's id first (an order) passes it, so nothing has to be updated afterwards."""
    demand = total_demand(lines)
    for attempt in range(1, RESERVE_ATTEMPTS + 1):
        plan = await _plan(uow, demand, rule)
        try:
            if len(plan) == 1:  # a lost race leaves nothing to undo: no savepoint, two round trips fewer
                reservation = await _apply_plan(uow, clock, actor, plan, reference, ttl, reservation_id)
            else:  # a lost race must undo this attempt's reservation rows and its earlier lines' updates
                async with uow.savepoint():
                    reservation = await _apply_plan(uow, clock, actor, plan, reference, ttl, reservation_id)
        except InsufficientStock:  # a concurrent order took the stock after we planned: plan again
            if attempt == RESERVE_ATTEMPTS:
                raise
            continue
        if audited:
            await _audit(uow, clock, actor, "reservation.create", reservation, None)
        return reservation
    raise AssertionError("unreachable")


async def _plan(uow: InventoryUoW, demand: dict[UUID, int], rule: AllocationRule) -> list[Allocation]:
    """The rule's plan over the SKUs' levels in active warehouses (the warehouses that hold none of them cannot
    serve the order, so the rule is only shown those that do)."""
    found = await uow.stock.reservable(list(demand))
    for sku_id in demand:
        active = found.sku_active.get(sku_id)
        if active is None:
            raise NotFound("No such SKU.", code="sku.not_found", sku_id=str(sku_id))
        if not active:
            raise RuleViolation("This SKU is not for sale.", code="sku.inactive", sku_id=str(sku_id))
    return rule(demand, found.levels, found.warehouses)


async def _apply_plan(
    uow: InventoryUoW,
    clock: Clock,
    actor: Actor,
    plan: list[Allocation],
    reference: Reference,
    ttl: timedelta | None,
    reservation_id: UUID | None,
) -> Reservation:
    now = clock.now()
    reservation = Reservation(
        reference_type=reference.type or "manual",
        reference_id=reference.id or "",
        expires_at=now + ttl if ttl is not None else None,  # ttl 0: expired at once
        created_at=now,
    )
    if reservation_id is not None:
        reservation.id = reservation_id
    ordered = list(levels_in_lock_order(plan, lambda a: (a.sku_id, a.warehouse_id)))
    for allocation in ordered:
        reservation.lines.append(
            ReservationLine(
                reservation_id=reservation.id,
                sku_id=allocation.sku_id,
                warehouse_id=allocation.warehouse_id,
                quantity=allocation.quantity,
            )
        )
    # Several lines: the reservation's rows go first and the conditional stock updates last, so a popular SKU's
    # row stays locked from its update to the commit only. One line: its update goes first, so that losing the race
    # writes nothing (see reserve); its row then stays locked across the one insert that follows.
    rows_first = len(ordered) > 1
    await uow.flush()  # the caller's pending rows are written before the statements below, which skip the session
    if rows_first:
        await uow.stock.add_reservation(reservation)
    moved = []
    for allocation in ordered:
        movement = await move(
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
        moved.append(movement)
    if not rows_first:
        await uow.stock.add_reservation(reservation)
    await sellability.after_movements(uow, moved)
    return reservation


async def _locked_reservation(uow: InventoryUoW, reservation_id: UUID) -> Reservation:
    reservation = await uow.stock.reservation_for_update(reservation_id)
    if reservation is None:
        raise NotFound("No such reservation.", code="reservation.not_found")
    return reservation


def _reference(reservation: Reservation) -> Reference:
    return Reference(reservation.reference_type, reservation.reference_id)


async def release(
    uow: InventoryUoW,
    clock: Clock,
    actor: Actor,
    reservation_id: UUID,
    *,
    reason: str = "",
    expired: bool = False,
    audited: bool = False,
) -> Reservation:
    """Give back what a reservation still holds. Releasing twice changes nothing (jobs may run twice)."""
    reservation = await _locked_reservation(uow, reservation_id)
    if reservation.status in (ReservationStatus.RELEASED, ReservationStatus.EXPIRED):
        return reservation  # released twice changes nothing (jobs may run twice)
    action = ReservationAction.EXPIRE if expired else ReservationAction.RELEASE
    RESERVATION.next_state(reservation.status, action)  # refused before any stock moves
    if expired and (reservation.expires_at is None or reservation.expires_at > clock.now()):
        return reservation  # extended or paid since the sweep listed it
    before = _snapshot(reservation)
    moved = []
    for line in reservation.lines:
        if line.outstanding:
            movement = await move(
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
            moved.append(movement)
    await sellability.after_movements(uow, moved)
    uow.record(RESERVATION.apply(reservation, action))
    reservation.updated_at = clock.now()
    if audited:
        await _audit(uow, clock, actor, "reservation.release", reservation, before)
    return reservation


async def commit(
    uow: InventoryUoW,
    clock: Clock,
    actor: Actor,
    reservation_id: UUID,
    *,
    quantities: dict[UUID, int] | None = None,
    reason: str = "",
    audited: bool = False,
) -> Reservation:
    """Ship reserved stock: on hand and reserved both go down. `quantities` per SKU ships part of it."""
    reservation = await _locked_reservation(uow, reservation_id)
    RESERVATION.next_state(reservation.status, ReservationAction.SHIP)  # only an active reservation ships
    wanted = dict(quantities or {})  # a copy: what is left to ship is counted down below
    before = _snapshot(reservation)
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
    shipped_all = all(line.outstanding == 0 for line in reservation.lines)
    uow.record(RESERVATION.apply(reservation, ReservationAction.SHIP_REST if shipped_all else ReservationAction.SHIP))
    reservation.updated_at = clock.now()
    if audited:
        await _audit(uow, clock, actor, "reservation.commit", reservation, before)
    return reservation


async def get_reservation(uow: InventoryUoW, reservation_id: UUID) -> Reservation:
    """One reservation with its lines."""
    reservation = await uow.stock.reservation(reservation_id)
    if reservation is None:
        raise NotFound("No such reservation.", code="reservation.not_found")
    return reservation
