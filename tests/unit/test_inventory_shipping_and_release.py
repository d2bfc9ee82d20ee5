"""A reservation ends by shipping (in parts or at once), by release, or by expiry; each only once."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest

from domain.errors import DomainError
from domain.identity.actor import Actor
from domain.inventory import use_cases as inventory
from domain.inventory.entities import MovementKind, ReservationStatus
from domain.inventory.stock import Reference
from domain.state_machine import Transitioned
from tests.fakes import FakeClock, FakeUnitOfWork, given

ORDER = Reference("order", "SO-1001")


def kinds(uow: FakeUnitOfWork) -> list[tuple[MovementKind, int, int]]:
    return [(m.kind, m.on_hand_delta, m.reserved_delta) for m in uow.tables.movements]


async def test_releasing_gives_the_stock_back_and_releasing_again_changes_nothing(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    # given
    earbuds, shanghai = given.sku(uow), given.warehouse(uow)
    given.stock(uow, earbuds, shanghai, 10)
    reservation = await inventory.reserve_stock(uow, clock, clerk, lines=[(earbuds.id, 4)], reference=ORDER)

    # when
    released = await inventory.release_reservation(uow, clock, clerk, reservation.id, reason="cancelled")
    again = await inventory.release_reservation(uow, clock, clerk, reservation.id, reason="cancelled")

    # then
    assert released.status == again.status == ReservationStatus.RELEASED
    assert uow.tables.quantities(earbuds.id, shanghai.id) == (10, 0)
    assert kinds(uow) == [(MovementKind.RESERVE, 0, 4), (MovementKind.RELEASE, 0, -4)]
    assert uow.tables.movements[-1].reason == "cancelled"
    assert [e for e in uow.dispatched if isinstance(e, Transitioned)] == [
        Transitioned("reservation", reservation.id, "release", "active", "released")
    ]


async def test_shipping_part_then_the_rest_moves_the_reservation_to_committed(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    # given
    earbuds, shanghai = given.sku(uow), given.warehouse(uow)
    given.stock(uow, earbuds, shanghai, 10)
    reservation = await inventory.reserve_stock(uow, clock, clerk, lines=[(earbuds.id, 5)], reference=ORDER)

    # when part ships
    partly = await inventory.ship_reservation(uow, clock, clerk, reservation.id, quantities={earbuds.id: 2})

    # then it stays active with 3 outstanding
    assert partly.status == ReservationStatus.ACTIVE and partly.lines[0].outstanding == 3
    assert uow.tables.quantities(earbuds.id, shanghai.id) == (8, 3)

    # when the rest ships
    shipped = await inventory.ship_reservation(uow, clock, clerk, reservation.id, audited=True)

    # then
    assert shipped.status == ReservationStatus.COMMITTED and shipped.lines[0].shipped == 5
    assert uow.tables.quantities(earbuds.id, shanghai.id) == (5, 0)
    assert kinds(uow)[1:] == [(MovementKind.SHIP, -2, -2), (MovementKind.SHIP, -3, -3)]
    assert [e for e in uow.dispatched if isinstance(e, Transitioned)] == [
        Transitioned("reservation", reservation.id, "ship", "active", "active"),
        Transitioned("reservation", reservation.id, "ship_rest", "active", "committed"),
    ]
    [entry] = uow.tables.audit
    assert entry.action == "reservation.commit" and entry.before is not None
    assert (entry.before["status"], entry.after and entry.after["status"]) == ("active", "committed")


async def test_releasing_a_shipped_reservation_is_refused(uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor) -> None:
    earbuds, shanghai = given.sku(uow), given.warehouse(uow)
    given.stock(uow, earbuds, shanghai, 10)
    reservation = await inventory.reserve_stock(uow, clock, clerk, lines=[(earbuds.id, 5)], reference=ORDER)
    await inventory.ship_reservation(uow, clock, clerk, reservation.id)

    with pytest.raises(DomainError) as refused:
        await inventory.release_reservation(uow, clock, clerk, reservation.id)

    assert refused.value.code == "reservation.already_shipped"
    assert uow.tables.quantities(earbuds.id, shanghai.id) == (5, 0)


async def test_releasing_a_partly_shipped_reservation_gives_back_only_what_is_still_held(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    earbuds, shanghai = given.sku(uow), given.warehouse(uow)
    given.stock(uow, earbuds, shanghai, 10)
    reservation = await inventory.reserve_stock(uow, clock, clerk, lines=[(earbuds.id, 5)], reference=ORDER)
    await inventory.ship_reservation(uow, clock, clerk, reservation.id, quantities={earbuds.id: 2})

    await inventory.release_reservation(uow, clock, clerk, reservation.id)

    assert uow.tables.quantities(earbuds.id, shanghai.id) == (8, 0)
    assert kinds(uow)[-1] == (MovementKind.RELEASE, 0, -3)


async def test_shipping_a_released_reservation_or_more_than_is_held_is_refused(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    earbuds, shanghai = given.sku(uow), given.warehouse(uow)
    given.stock(uow, earbuds, shanghai, 10)
    reservation = await inventory.reserve_stock(uow, clock, clerk, lines=[(earbuds.id, 5)], reference=ORDER)

    with pytest.raises(DomainError) as too_many:
        await inventory.ship_reservation(uow, clock, clerk, reservation.id, quantities={earbuds.id: 6})
    await inventory.release_reservation(uow, clock, clerk, reservation.id)
    with pytest.raises(DomainError) as released:
        await inventory.ship_reservation(uow, clock, clerk, reservation.id)
    with pytest.raises(DomainError) as missing:
        await inventory.ship_reservation(uow, clock, clerk, uuid4())

    assert too_many.value.code == "reservation.quantity_invalid" and too_many.value.data["outstanding"] == 5
    assert (released.value.code, missing.value.code) == ("reservation.not_active", "reservation.not_found")
    assert uow.tables.quantities(earbuds.id, shanghai.id) == (10, 0)


async def test_expiry_releases_only_reservations_past_their_time(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    # given one reservation due in 10 minutes, one in 30, and one without an end
    earbuds, shanghai = given.sku(uow), given.warehouse(uow)
    given.stock(uow, earbuds, shanghai, 10)
    for number, ttl in (("1", timedelta(minutes=10)), ("2", timedelta(minutes=30)), ("3", None)):
        reference = Reference("order", number)
        await inventory.reserve_stock(uow, clock, clerk, lines=[(earbuds.id, 1)], reference=reference, ttl=ttl)

    # when the sweep runs 15 minutes later
    clock.advance(timedelta(minutes=15))
    released = await inventory.release_expired_reservations(uow.another, clock)

    # then
    assert released == 1
    statuses = {r.reference_id: r.status for r in uow.tables.reservations.values()}
    assert statuses == {"1": ReservationStatus.EXPIRED, "2": ReservationStatus.ACTIVE, "3": ReservationStatus.ACTIVE}
    assert uow.tables.quantities(earbuds.id, shanghai.id) == (10, 2)
    assert uow.tables.movements[-1].reason == "expired" and uow.tables.movements[-1].actor_name == "system"


async def test_an_expiry_that_arrives_after_the_reservation_was_extended_changes_nothing(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    earbuds, shanghai = given.sku(uow), given.warehouse(uow)
    given.stock(uow, earbuds, shanghai, 10)
    reservation = await inventory.reserve_stock(
        uow, clock, clerk, lines=[(earbuds.id, 1)], reference=ORDER, ttl=timedelta(minutes=10)
    )

    released = await inventory.release_reservation(uow, clock, clerk, reservation.id, expired=True)

    assert released.status == ReservationStatus.ACTIVE
    assert uow.tables.quantities(earbuds.id, shanghai.id) == (10, 1)


async def test_shipping_part_of_a_reservation_split_over_two_warehouses_takes_the_lines_in_turn(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    # given 8 earbuds held as 6 in Beijing and 2 in Shanghai
    earbuds, shanghai, beijing = given.sku(uow), given.warehouse(uow, "SH"), given.warehouse(uow, "BJ")
    given.stock(uow, earbuds, shanghai, 2)
    given.stock(uow, earbuds, beijing, 6)
    reservation = await inventory.reserve_stock(uow, clock, clerk, lines=[(earbuds.id, 8)], reference=ORDER)
    held = {line.warehouse_id: line.quantity for line in reservation.lines}
    assert held == {beijing.id: 6, shanghai.id: 2}

    # when 7 ship
    shipped = await inventory.ship_reservation(uow, clock, clerk, reservation.id, quantities={earbuds.id: 7})

    # then 7 left the shelves over both lines, and one unit stays held
    assert shipped.status == ReservationStatus.ACTIVE
    assert sum(line.shipped for line in shipped.lines) == 7 and sum(line.outstanding for line in shipped.lines) == 1
    on_hand = [uow.tables.quantities(earbuds.id, w.id) for w in (shanghai, beijing)]
    assert sum(q[0] for q in on_hand if q) == 1 and sum(q[1] for q in on_hand if q) == 1
    assert sum(m.on_hand_delta for m in uow.tables.movements if m.kind == MovementKind.SHIP) == -7
