"""Reservations hold stock for an order: all lines or none, then ship (in parts) or release; expiry frees them."""

from __future__ import annotations

import copy
from datetime import timedelta
from uuid import UUID, uuid4

import pytest

from domain.errors import DomainError
from domain.identity.actor import Actor
from domain.inventory import use_cases as inventory
from domain.inventory.entities import MovementKind, ReservationStatus, StockLevel
from domain.inventory.stock import Reference
from tests.fakes import FakeClock, FakeUnitOfWork, given

ORDER = Reference("order", "SO-1001")


def kinds(uow: FakeUnitOfWork) -> list[tuple[MovementKind, int, int]]:
    return [(m.kind, m.on_hand_delta, m.reserved_delta) for m in uow.tables.movements]


async def test_reserving_holds_stock_in_one_warehouse_with_a_reserve_movement_per_line(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    # given
    earbuds, cable, shanghai = given.sku(uow, "EB"), given.sku(uow, "CABLE"), given.warehouse(uow)
    given.stock(uow, earbuds, shanghai, 10)
    given.stock(uow, cable, shanghai, 3)

    # when
    reservation = await inventory.reserve_stock(
        uow, clock, clerk, lines=[(earbuds.id, 2), (cable.id, 3)], reference=ORDER, ttl=timedelta(minutes=30)
    )

    # then
    assert reservation.status == ReservationStatus.ACTIVE
    assert (reservation.reference_type, reservation.reference_id) == ("order", "SO-1001")
    assert reservation.expires_at == clock.now() + timedelta(minutes=30)
    assert sorted((line.sku_id, line.quantity) for line in reservation.lines) == sorted(
        [(earbuds.id, 2), (cable.id, 3)]
    )
    assert uow.tables.quantities(earbuds.id, shanghai.id) == (10, 2)
    assert uow.tables.quantities(cable.id, shanghai.id) == (3, 3)
    assert sorted(kinds(uow)) == [(MovementKind.RESERVE, 0, 2), (MovementKind.RESERVE, 0, 3)]
    assert {m.reference_id for m in uow.tables.movements} == {"SO-1001"}
    assert uow.tables.reservations == {reservation.id: reservation}
    assert uow.tables.audit == []  # an order's reservation is audited on the order


async def test_a_reservation_staff_make_through_the_api_is_audited(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    earbuds, shanghai = given.sku(uow), given.warehouse(uow)
    given.stock(uow, earbuds, shanghai, 10)

    reservation = await inventory.reserve_stock(
        uow, clock, clerk, lines=[(earbuds.id, 2)], reference=ORDER, audited=True
    )

    [entry] = uow.tables.audit
    assert (entry.action, entry.target_id, entry.before) == ("reservation.create", str(reservation.id), None)
    assert entry.after is not None and entry.after["lines"][0]["quantity"] == 2


async def test_reserving_is_all_or_none_and_names_every_short_line(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    # given one SKU with plenty and two that are short
    plenty, short, missing = given.sku(uow, "A"), given.sku(uow, "B"), given.sku(uow, "C")
    shanghai = given.warehouse(uow)
    given.stock(uow, plenty, shanghai, 50)
    given.stock(uow, short, shanghai, 1)

    # when
    with pytest.raises(DomainError) as refused:
        await inventory.reserve_stock(
            uow, clock, clerk, lines=[(plenty.id, 5), (short.id, 2), (missing.id, 1)], reference=ORDER
        )

    # then
    assert refused.value.code == "stock.insufficient"
    assert sorted(
        (line["sku_id"], line["requested"], line["available"]) for line in refused.value.data["lines"]
    ) == sorted([(str(short.id), 2, 1), (str(missing.id), 1, 0)])
    assert uow.tables.quantities(plenty.id, shanghai.id) == (50, 0)
    assert uow.tables.movements == [] and uow.tables.reservations == {}


async def test_two_lines_of_one_sku_are_checked_against_stock_together(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    earbuds, shanghai = given.sku(uow), given.warehouse(uow)
    given.stock(uow, earbuds, shanghai, 6)

    with pytest.raises(DomainError) as refused:
        await inventory.reserve_stock(uow, clock, clerk, lines=[(earbuds.id, 4), (earbuds.id, 3)], reference=ORDER)

    assert refused.value.code == "stock.insufficient"
    assert (refused.value.data["requested"], refused.value.data["available"]) == (7, 6)
    assert uow.tables.quantities(earbuds.id, shanghai.id) == (6, 0)


async def test_two_lines_of_one_sku_that_fit_are_held_as_one_line(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    earbuds, shanghai = given.sku(uow), given.warehouse(uow)
    given.stock(uow, earbuds, shanghai, 7)

    reservation = await inventory.reserve_stock(
        uow, clock, clerk, lines=[(earbuds.id, 4), (earbuds.id, 3)], reference=ORDER
    )

    assert [(line.sku_id, line.quantity) for line in reservation.lines] == [(earbuds.id, 7)]
    assert uow.tables.quantities(earbuds.id, shanghai.id) == (7, 7)


async def test_stock_where_sale_is_paused_or_the_warehouse_is_deactivated_is_not_reserved(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    # given 10 units each in a paused level and a closed warehouse, 2 in an open one
    earbuds = given.sku(uow)
    paused, closed, open_ = (
        given.warehouse(uow, "P"),
        given.warehouse(uow, "X", active=False),
        given.warehouse(uow, "O"),
    )
    given.stock(uow, earbuds, paused, 10, paused=True)
    given.stock(uow, earbuds, closed, 10)
    given.stock(uow, earbuds, open_, 2)

    # when 3 are asked, then only the open 2 count
    with pytest.raises(DomainError) as refused:
        await inventory.reserve_stock(uow, clock, clerk, lines=[(earbuds.id, 3)], reference=ORDER)
    assert refused.value.data["available"] == 2

    # and when 2 are asked, they come from the open warehouse
    reservation = await inventory.reserve_stock(uow, clock, clerk, lines=[(earbuds.id, 2)], reference=ORDER)
    assert [line.warehouse_id for line in reservation.lines] == [open_.id]
    assert uow.tables.quantities(earbuds.id, paused.id) == (10, 0)
    assert uow.tables.quantities(earbuds.id, closed.id) == (10, 0)


async def test_an_order_no_single_warehouse_can_serve_is_split_over_the_ones_with_most(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    earbuds, shanghai, beijing = given.sku(uow), given.warehouse(uow, "SH"), given.warehouse(uow, "BJ")
    given.stock(uow, earbuds, shanghai, 4)
    given.stock(uow, earbuds, beijing, 6)

    reservation = await inventory.reserve_stock(uow, clock, clerk, lines=[(earbuds.id, 8)], reference=ORDER)

    assert sorted((line.warehouse_id == beijing.id, line.quantity) for line in reservation.lines) == [
        (False, 2),
        (True, 6),
    ]


@pytest.mark.parametrize(
    ("lines", "code"),
    [([], "stock.nothing_to_reserve"), ([0], "stock.quantity_not_positive"), ([-1], "stock.quantity_not_positive")],
)
async def test_a_reservation_needs_positive_quantities(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor, lines: list[int], code: str
) -> None:
    earbuds, shanghai = given.sku(uow), given.warehouse(uow)
    given.stock(uow, earbuds, shanghai, 10)

    with pytest.raises(DomainError) as refused:
        await inventory.reserve_stock(uow, clock, clerk, lines=[(earbuds.id, q) for q in lines], reference=ORDER)

    assert refused.value.code == code


async def test_an_unknown_or_deactivated_sku_is_not_reserved(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    earbuds, shanghai = given.sku(uow), given.warehouse(uow)
    given.stock(uow, earbuds, shanghai, 10)
    earbuds.active = False

    with pytest.raises(DomainError) as inactive:
        await inventory.reserve_stock(uow, clock, clerk, lines=[(earbuds.id, 1)], reference=ORDER)
    with pytest.raises(DomainError) as unknown:
        await inventory.reserve_stock(uow, clock, clerk, lines=[(uuid4(), 1)], reference=ORDER)

    assert (inactive.value.code, unknown.value.code) == ("sku.inactive", "sku.not_found")


async def test_a_plan_that_loses_a_race_is_made_again_and_its_lost_attempt_leaves_nothing(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given the planner sees a stale snapshot: Shanghai seems to hold both SKUs, but a concurrent order took
    # the second SKU (in lock order) there, so the first attempt reserves one line and then fails on the other
    first, second = sorted([given.sku(uow, "A"), given.sku(uow, "B")], key=lambda s: s.id)
    shanghai, beijing = given.warehouse(uow, "SH", priority=0), given.warehouse(uow, "BJ", priority=1)
    for item in (first, second):
        given.stock(uow, item, shanghai, 5)
        given.stock(uow, item, beijing, 5)
    stale = copy.deepcopy(list(uow.tables.levels.values()))
    uow.tables.levels[(second.id, shanghai.id)].reserved = 5
    real_levels_for = uow.stock.levels_for
    snapshots = [stale]

    async def levels_for(sku_ids: list[UUID]) -> list[StockLevel]:
        return snapshots.pop() if snapshots else await real_levels_for(sku_ids)

    monkeypatch.setattr(uow.stock, "levels_for", levels_for)

    # when
    reservation = await inventory.reserve_stock(
        uow, clock, clerk, lines=[(first.id, 2), (second.id, 2)], reference=ORDER
    )

    # then the second plan serves the whole order from Beijing; Shanghai keeps nothing of the first attempt
    assert {line.warehouse_id for line in reservation.lines} == {beijing.id}
    assert uow.tables.quantities(first.id, shanghai.id) == (5, 0)
    assert [(m.warehouse_id, m.reserved_delta) for m in uow.tables.movements] == [(beijing.id, 2), (beijing.id, 2)]


async def test_a_one_line_plan_that_loses_a_race_is_made_again_and_leaves_no_reservation_of_its_own(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a stale snapshot: Shanghai seems to hold the SKU, but a concurrent order took it all
    earbuds = given.sku(uow)
    shanghai, beijing = given.warehouse(uow, "SH", priority=0), given.warehouse(uow, "BJ", priority=1)
    given.stock(uow, earbuds, shanghai, 5)
    given.stock(uow, earbuds, beijing, 5)
    stale = copy.deepcopy(list(uow.tables.levels.values()))
    uow.tables.levels[(earbuds.id, shanghai.id)].reserved = 5
    real_levels_for = uow.stock.levels_for
    snapshots = [stale]

    async def levels_for(sku_ids: list[UUID]) -> list[StockLevel]:
        return snapshots.pop() if snapshots else await real_levels_for(sku_ids)

    monkeypatch.setattr(uow.stock, "levels_for", levels_for)

    # when
    reservation = await inventory.reserve_stock(uow, clock, clerk, lines=[(earbuds.id, 2)], reference=ORDER)

    # then Beijing serves it, and the lost attempt wrote neither a reservation nor a movement
    assert [line.warehouse_id for line in reservation.lines] == [beijing.id]
    assert list(uow.tables.reservations) == [reservation.id]
    assert [(m.warehouse_id, m.reserved_delta) for m in uow.tables.movements] == [(beijing.id, 2)]
