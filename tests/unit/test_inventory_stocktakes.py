"""Stocktakes: open, count (again replaces), apply the differences as movements, close; nothing out of order."""

from __future__ import annotations

import pytest

from domain.errors import DomainError
from domain.identity.actor import Actor
from domain.inventory import use_cases as inventory
from domain.inventory.entities import MovementKind, StocktakeStatus
from domain.inventory.stock import LineChange
from domain.inventory.stocktakes import Count
from domain.state_machine import Transitioned
from tests.fakes import FakeClock, FakeUnitOfWork, given


async def test_a_stocktake_is_opened_counted_applied_and_closed(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    # given 10 earbuds, 4 cables and 3 chargers on hand
    earbuds, cable, charger = given.sku(uow, "EB"), given.sku(uow, "CABLE"), given.sku(uow, "CHARGER")
    shanghai = given.warehouse(uow)
    for item, on_hand in ((earbuds, 10), (cable, 4), (charger, 3)):
        given.stock(uow, item, shanghai, on_hand)

    # when the clerk counts 8 earbuds, then 7 (a recount), 6 cables by barcode, and 3 chargers (no difference)
    opened = await inventory.open_stocktake(uow, clock, clerk, warehouse_id=shanghai.id, note="year end")
    await inventory.record_counts(uow, clock, clerk, opened.id, [Count(8, sku_id=earbuds.id)])
    view = await inventory.record_counts(
        uow,
        clock,
        clerk,
        opened.id,
        [Count(7, sku_id=earbuds.id), Count(6, barcode=cable.barcode), Count(3, sku_id=charger.id)],
    )

    # then the review shows one line per SKU with its difference
    assert opened.number == "ST20261125-001" and view.warehouse_name == "Warehouse SH"
    assert [(v.sku_code, v.line.expected, v.line.counted) for v in view.lines] == [
        ("CABLE", 4, 6),
        ("CHARGER", 3, 3),
        ("EB", 10, 7),
    ]
    assert (view.gains, view.losses) == (2, 3)
    assert uow.tables.movements == []  # counting books nothing

    # when applied
    applied = await inventory.apply_stocktake(uow, clock, clerk, opened.id)

    # then each difference is a stocktake movement (none for the charger) and on hand matches the count
    assert applied.stocktake.status == StocktakeStatus.APPLIED and applied.stocktake.applied_at == clock.now()
    assert sorted((m.kind, m.on_hand_delta, m.reference_id) for m in uow.tables.movements) == [
        (MovementKind.STOCKTAKE, -3, "ST20261125-001"),
        (MovementKind.STOCKTAKE, 2, "ST20261125-001"),
    ]
    assert uow.tables.quantities(earbuds.id, shanghai.id) == (7, 0)
    assert uow.tables.quantities(cable.id, shanghai.id) == (6, 0)

    # when closed
    closed = await inventory.close_stocktake(uow, clock, clerk, opened.id)

    # then
    assert closed.stocktake.status == StocktakeStatus.CLOSED and closed.stocktake.closed_at == clock.now()
    assert [e.action for e in uow.tables.audit] == [
        "stocktake.open",
        "stocktake.count",
        "stocktake.count",
        "stocktake.apply",
        "stocktake.close",
    ]
    assert [(e.action, e.to_state) for e in uow.dispatched if isinstance(e, Transitioned)] == [
        ("apply", "applied"),
        ("close", "closed"),
    ]


async def test_a_count_is_held_against_what_was_on_hand_when_it_was_recorded(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    # given 10 on hand counted as 9 (one lost), then 5 more received while counting goes on
    earbuds, shanghai = given.sku(uow), given.warehouse(uow)
    given.stock(uow, earbuds, shanghai, 10)
    stocktake = await inventory.open_stocktake(uow, clock, clerk, warehouse_id=shanghai.id)
    await inventory.record_counts(uow, clock, clerk, stocktake.id, [Count(9, sku_id=earbuds.id)])
    await inventory.receive_stock(uow, clock, clerk, [LineChange(earbuds.id, shanghai.id, 5)])

    # when
    await inventory.apply_stocktake(uow, clock, clerk, stocktake.id)

    # then only the lost unit is booked
    assert uow.tables.quantities(earbuds.id, shanghai.id) == (14, 0)
    assert uow.tables.movements[-1].on_hand_delta == -1


async def test_stocktakes_opened_the_same_day_are_numbered_in_turn(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    shanghai = given.warehouse(uow)

    numbers = [(await inventory.open_stocktake(uow, clock, clerk, warehouse_id=shanghai.id)).number for _ in range(2)]

    assert numbers == ["ST20261125-001", "ST20261125-002"]


async def test_a_stocktake_number_taken_by_a_concurrent_one_is_drawn_again(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given another clerk's stocktake took -001 after this request counted the day's stocktakes
    shanghai = given.warehouse(uow)
    await inventory.open_stocktake(uow, clock, clerk, warehouse_id=shanghai.id)
    real_count = uow.stocktakes.count_for_day
    stale = [0]

    async def count_for_day(day: str) -> int:
        return stale.pop() if stale else await real_count(day)

    monkeypatch.setattr(uow.stocktakes, "count_for_day", count_for_day)

    # when
    stocktake = await inventory.open_stocktake(uow, clock, clerk, warehouse_id=shanghai.id)

    # then
    assert stocktake.number == "ST20261125-002"
    assert sorted(s.number for s in uow.tables.stocktakes.values()) == ["ST20261125-001", "ST20261125-002"]


async def test_counting_after_the_stocktake_was_applied_is_refused_as_not_open(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    earbuds, shanghai = given.sku(uow), given.warehouse(uow)
    given.stock(uow, earbuds, shanghai, 10)
    stocktake = await inventory.open_stocktake(uow, clock, clerk, warehouse_id=shanghai.id)
    await inventory.apply_stocktake(uow, clock, clerk, stocktake.id)

    with pytest.raises(DomainError) as refused:
        await inventory.record_counts(uow, clock, clerk, stocktake.id, [Count(3, sku_id=earbuds.id)])

    assert refused.value.code == "stocktake.not_open"
    assert refused.value.data["status"] == "applied"


@pytest.mark.parametrize(
    ("steps", "refused_step"),
    [
        (["close"], "close"),  # close before apply
        (["apply", "apply"], "apply"),  # apply twice
        (["apply", "cancel"], "cancel"),  # cancel after the stock was booked
        (["cancel", "apply"], "apply"),
    ],
)
async def test_stocktake_steps_out_of_order_are_invalid_transitions(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor, steps: list[str], refused_step: str
) -> None:
    shanghai = given.warehouse(uow)
    stocktake = await inventory.open_stocktake(uow, clock, clerk, warehouse_id=shanghai.id)
    run = {
        "apply": inventory.apply_stocktake,
        "close": inventory.close_stocktake,
        "cancel": inventory.cancel_stocktake,
    }
    for step in steps[:-1]:
        await run[step](uow, clock, clerk, stocktake.id)
    audited = len(uow.tables.audit)

    with pytest.raises(DomainError) as refused:
        await run[refused_step](uow, clock, clerk, stocktake.id)

    assert refused.value.code == "stocktake.invalid_transition"
    assert len(uow.tables.audit) == audited


async def test_applying_a_loss_below_what_is_reserved_books_nothing_and_leaves_the_stocktake_open(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    # given 10 on hand with 6 reserved, counted as 4 (one fewer than reserved would allow), and a gain elsewhere
    earbuds, cable, shanghai = given.sku(uow, "EB"), given.sku(uow, "CABLE"), given.warehouse(uow)
    given.stock(uow, earbuds, shanghai, 10, reserved=6)
    given.stock(uow, cable, shanghai, 1)
    stocktake = await inventory.open_stocktake(uow, clock, clerk, warehouse_id=shanghai.id)
    await inventory.record_counts(
        uow, clock, clerk, stocktake.id, [Count(5, sku_id=earbuds.id), Count(3, sku_id=cable.id)]
    )
    audited = len(uow.tables.audit)

    # when
    with pytest.raises(DomainError) as refused:
        await inventory.apply_stocktake(uow, clock, clerk, stocktake.id)

    # then
    assert refused.value.code == "stock.insufficient"
    assert uow.tables.stocktakes[stocktake.id].status == StocktakeStatus.OPEN
    assert uow.tables.quantities(earbuds.id, shanghai.id) == (10, 6)
    assert uow.tables.quantities(cable.id, shanghai.id) == (1, 0)
    assert uow.tables.movements == [] and len(uow.tables.audit) == audited


async def test_a_count_of_an_unknown_sku_or_barcode_is_refused_with_its_line(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    earbuds, shanghai = given.sku(uow), given.warehouse(uow)
    stocktake = await inventory.open_stocktake(uow, clock, clerk, warehouse_id=shanghai.id)

    with pytest.raises(DomainError) as refused:
        await inventory.record_counts(
            uow, clock, clerk, stocktake.id, [Count(1, sku_id=earbuds.id), Count(2, barcode="0000")]
        )

    assert (refused.value.code, refused.value.data["field"]) == ("stocktake.unknown_sku", "items.1")
    assert uow.tables.stocktakes[stocktake.id].lines == []


async def test_a_stocktake_is_not_opened_in_a_deactivated_or_unknown_warehouse(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    closed = given.warehouse(uow, "OLD", active=False)

    with pytest.raises(DomainError) as inactive:
        await inventory.open_stocktake(uow, clock, clerk, warehouse_id=closed.id)
    with pytest.raises(DomainError) as missing:
        await inventory.get_stocktake(uow, closed.id)

    assert (inactive.value.code, missing.value.code) == ("warehouse.inactive", "stocktake.not_found")
    assert uow.tables.stocktakes == {}


async def test_cancelling_an_open_stocktake_changes_no_stock(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    earbuds, shanghai = given.sku(uow), given.warehouse(uow)
    given.stock(uow, earbuds, shanghai, 10)
    stocktake = await inventory.open_stocktake(uow, clock, clerk, warehouse_id=shanghai.id)
    await inventory.record_counts(uow, clock, clerk, stocktake.id, [Count(2, sku_id=earbuds.id)])

    view = await inventory.cancel_stocktake(uow, clock, clerk, stocktake.id)

    assert view.stocktake.status == StocktakeStatus.CANCELLED
    assert uow.tables.quantities(earbuds.id, shanghai.id) == (10, 0) and uow.tables.movements == []
