"""Changing what an active reservation holds when the order behind it changes (a staff edit, a split, a merge).

`adjust` moves stock: it releases what is no longer wanted and reserves what is added, every change applied in
(sku_id, warehouse_id) lock order in one pass, so it queues behind (never deadlocks with) checkouts and cancels.
`split_off` and `absorb` move no stock at all: the units stay reserved in the same warehouses, only which
reservation (which order) holds them changes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from uuid import UUID

from domain.errors import NotFound, RuleViolation
from domain.identity.actor import Actor
from domain.inventory import sellability
from domain.inventory.allocation import AllocationRule, whole_order_first
from domain.inventory.entities import MovementKind, Reservation, ReservationLine, ReservationStatus
from domain.inventory.ports import InventoryUoW
from domain.inventory.state import RESERVATION, ReservationAction
from domain.inventory.stock import Reference, move
from domain.locking import levels_in_lock_order
from domain.ports import Clock


async def _active(uow: InventoryUoW, reservation_id: UUID) -> Reservation:
    reservation = await uow.stock.reservation_for_update(reservation_id)
    if reservation is None:
        raise NotFound("No such reservation.", code="reservation.not_found")
    if reservation.status != ReservationStatus.ACTIVE:
        raise RuleViolation("The reservation no longer holds stock.", code="reservation.not_active")
    return reservation


def held_by_sku(reservation: Reservation) -> dict[UUID, int]:
    held: dict[UUID, int] = defaultdict(int)
    for line in reservation.lines:
        held[line.sku_id] += line.outstanding
    return dict(held)


def _add_line(reservation: Reservation, sku_id: UUID, warehouse_id: UUID, quantity: int) -> None:
    for line in reservation.lines:
        if line.sku_id == sku_id and line.warehouse_id == warehouse_id:
            line.quantity += quantity
            return
    reservation.lines.append(ReservationLine(reservation.id, sku_id, warehouse_id, quantity))


def _take(reservation: Reservation, sku_id: UUID, quantity: int) -> list[tuple[UUID, int]]:
    """Take `quantity` units of a SKU off the reservation's lines (the last warehouse first); the (warehouse,
    units) taken. Lines left empty are removed."""
    taken: list[tuple[UUID, int]] = []
    for line in reversed([line for line in reservation.lines if line.sku_id == sku_id]):
        if quantity == 0:
            break
        units = min(line.outstanding, quantity)
        if units <= 0:
            continue
        line.quantity -= units
        quantity -= units
        taken.append((line.warehouse_id, units))
        if line.quantity == 0:
            reservation.lines.remove(line)
    if quantity:
        raise RuleViolation("The reservation holds fewer units.", code="reservation.quantity_invalid")
    return taken


async def adjust(
    uow: InventoryUoW,
    clock: Clock,
    actor: Actor,
    reservation_id: UUID,
    *,
    wanted: dict[UUID, int],
    reference: Reference,
    reason: str = "",
    rule: AllocationRule = whole_order_first,
) -> Reservation:
    """Make the reservation hold exactly `wanted` units per SKU: fewer units are released, more are reserved
    (InsufficientStock, 409, when they are not available: nothing is oversold)."""
    reservation = await _active(uow, reservation_id)
    held = held_by_sku(reservation)
    more = {sku: n - held.get(sku, 0) for sku, n in wanted.items() if n > held.get(sku, 0)}
    fewer = {sku: held[sku] - wanted.get(sku, 0) for sku in held if held[sku] > wanted.get(sku, 0)}
    changes: list[tuple[UUID, UUID, int]] = []  # (sku, warehouse, +reserve / -release)
    if more:
        found = await uow.stock.reservable(list(more))
        for sku_id in more:
            active = found.sku_active.get(sku_id)
            if active is None:
                raise NotFound("No such SKU.", code="sku.not_found", sku_id=str(sku_id))
            if not active:
                raise RuleViolation("This SKU is not for sale.", code="sku.inactive", sku_id=str(sku_id))
        changes += [(a.sku_id, a.warehouse_id, a.quantity) for a in rule(more, found.levels, found.warehouses)]
    for sku_id, units in fewer.items():
        changes += [(sku_id, warehouse_id, -n) for warehouse_id, n in _take(reservation, sku_id, units)]
    moved = []
    for sku_id, warehouse_id, units in levels_in_lock_order(changes, lambda c: (c[0], c[1])):
        moved.append(
            await move(
                uow,
                clock,
                actor,
                sku_id=sku_id,
                warehouse_id=warehouse_id,
                kind=MovementKind.RESERVE if units > 0 else MovementKind.RELEASE,
                reserved=units,
                reason=reason,
                reference=reference,
                sellable_only=units > 0,
            )
        )
        if units > 0:
            _add_line(reservation, sku_id, warehouse_id, units)
    await sellability.after_movements(uow, moved)
    reservation.updated_at = clock.now()
    return reservation


async def split_off(
    uow: InventoryUoW,
    clock: Clock,
    reservation_id: UUID,
    *,
    take: Iterable[tuple[UUID, UUID | None, int]],
    reference: Reference,
) -> Reservation:
    """A new reservation holding `take` (sku, warehouse or None for any, units) out of this one, in the same
    warehouses: no stock moves, so nobody else can take the units in between."""
    reservation = await _active(uow, reservation_id)
    now = clock.now()
    part = Reservation(reference.type or "order", reference.id or "", reservation.expires_at, now, updated_at=now)
    for sku_id, warehouse_id, units in take:
        if warehouse_id is None:
            for where, n in _take(reservation, sku_id, units):
                _add_line(part, sku_id, where, n)
            continue
        line = next((x for x in reservation.lines if x.sku_id == sku_id and x.warehouse_id == warehouse_id), None)
        if line is None or line.outstanding < units:
            raise RuleViolation("The reservation holds fewer units.", code="reservation.quantity_invalid")
        line.quantity -= units
        if line.quantity == 0:
            reservation.lines.remove(line)
        _add_line(part, sku_id, warehouse_id, units)
    reservation.updated_at = now
    await uow.stock.add_reservation(part)
    return part


async def absorb(uow: InventoryUoW, clock: Clock, target_id: UUID, source_id: UUID) -> Reservation:
    """Move every unit the source reservation holds to the target (same warehouses, no stock moves); the source,
    left empty, ends as released."""
    first, second = sorted([target_id, source_id])  # reservations are locked in id order too
    locked = {first: await _active(uow, first), second: await _active(uow, second)}
    target, source = locked[target_id], locked[source_id]
    for line in list(source.lines):
        _add_line(target, line.sku_id, line.warehouse_id, line.outstanding)
        source.lines.remove(line)
    uow.record(RESERVATION.apply(source, ReservationAction.RELEASE))
    target.updated_at = source.updated_at = clock.now()
    return target
