"""Low-stock alerts (once per fall, re-armed on recovery), level settings, pause at zero, and warehouses."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import pytest

from domain.errors import DomainError
from domain.identity.actor import Actor
from domain.inventory import use_cases as inventory
from domain.inventory.entities import StockLevel
from domain.inventory.events import LevelBecameLow
from domain.inventory.stock import LineChange, Reference
from domain.notifications.entities import Channel
from domain.notifications.events import OutboxWritten
from tests.fakes import FakeClock, FakeUnitOfWork, given


def alerted(uow: FakeUnitOfWork) -> list[tuple[str, Channel, str]]:
    return [(m.event, m.channel, m.recipient) for m in uow.tables.outbox]


@pytest.fixture
def keeper(uow: FakeUnitOfWork) -> str:
    """The staff who are told: those who can restock; customers and other staff are not."""
    given.user(uow, "buyer", role="customer", permissions=["inventory:adjust"])
    given.user(uow, "analyst", role="analyst", permissions=["reports:read"])
    return str(given.user(uow, "keeper", role="warehouse", permissions=["inventory:*"]).id)


def level_of(uow: FakeUnitOfWork, sku_id: UUID, warehouse_id: UUID) -> StockLevel:
    level = uow.tables.level(sku_id, warehouse_id)
    assert level is not None
    return level


async def adjust(uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor, level: StockLevel, quantity: int) -> None:
    await inventory.adjust_stock(
        uow, clock, clerk, [LineChange(level.sku_id, level.warehouse_id, quantity)], reason="count"
    )


async def test_falling_to_the_threshold_notifies_the_staff_who_can_restock_once(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor, keeper: str
) -> None:
    # given 8 on hand with a threshold of 5
    earbuds, shanghai = given.sku(uow), given.warehouse(uow)
    level = given.stock(uow, earbuds, shanghai, 8, threshold=5)

    # when stock falls to 5, then to 4
    await adjust(uow, clock, clerk, level, -3)
    await adjust(uow, clock, clerk, level, -1)

    # then one alert, in the inbox and by e-mail, to the keeper only
    assert alerted(uow) == [
        ("inventory.low_stock", Channel.IN_APP, keeper),
        ("inventory.low_stock", Channel.EMAIL, "keeper@example.com"),
    ]
    message = uow.tables.outbox[1]
    assert message.payload["available"] == 5 and message.payload["sku"] == "EARBUDS-WHITE"
    assert "Warehouse SH" in message.body
    assert level_of(uow, earbuds.id, shanghai.id).low_stock_alerted_at == clock.now()
    assert uow.dispatched.count(OutboxWritten()) == 1


async def test_an_alert_re_arms_when_stock_recovers_and_fires_again_on_the_next_fall(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor, keeper: str
) -> None:
    earbuds, shanghai = given.sku(uow), given.warehouse(uow)
    level = given.stock(uow, earbuds, shanghai, 8, threshold=5)
    await adjust(uow, clock, clerk, level, -3)

    await inventory.receive_stock(uow, clock, clerk, [LineChange(earbuds.id, shanghai.id, 10)])
    assert level_of(uow, earbuds.id, shanghai.id).low_stock_alerted_at is None
    await adjust(uow, clock, clerk, level, -12)

    assert [m.payload["available"] for m in uow.tables.outbox if m.channel == Channel.IN_APP] == [5, 3]


async def test_a_level_set_to_pause_at_zero_stops_selling_when_the_last_unit_is_reserved(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    earbuds, shanghai = given.sku(uow), given.warehouse(uow)
    given.stock(uow, earbuds, shanghai, 2, pause_at_zero=True)

    await inventory.reserve_stock(uow, clock, clerk, lines=[(earbuds.id, 2)], reference=Reference("order", "1"))

    assert level_of(uow, earbuds.id, shanghai.id).sale_paused is True
    with pytest.raises(DomainError) as refused:
        await inventory.reserve_stock(uow, clock, clerk, lines=[(earbuds.id, 1)], reference=Reference("order", "2"))
    assert refused.value.code == "stock.insufficient"


async def test_raising_a_threshold_above_what_is_available_is_audited_and_alerted_by_the_sweep_once(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor, keeper: str
) -> None:
    # given
    earbuds, shanghai = given.sku(uow), given.warehouse(uow)
    level = given.stock(uow, earbuds, shanghai, 8, threshold=2)

    # when the threshold is raised to 10
    row = await inventory.update_level_settings(uow, clock, clerk, level.id, low_stock_threshold=10)

    # then the change is audited and the sweep is asked for, after commit
    assert row.level.low_stock_threshold == 10 and row.sku_code == "EARBUDS-WHITE"
    [entry] = uow.tables.audit
    assert (entry.action, entry.before, entry.after) == (
        "stock_level.update",
        {"low_stock_threshold": 2, "sale_paused": False, "pause_at_zero": False},
        {"low_stock_threshold": 10, "sale_paused": False, "pause_at_zero": False},
    )
    assert LevelBecameLow(level.id) in uow.dispatched

    # when the sweep runs twice
    first = await inventory.alert_unalerted_low_levels(uow, clock)
    second = await inventory.alert_unalerted_low_levels(uow, clock)

    # then one alert
    assert (first, second) == (1, 0)
    assert alerted(uow) == [
        ("inventory.low_stock", Channel.IN_APP, keeper),
        ("inventory.low_stock", Channel.EMAIL, "keeper@example.com"),
    ]


async def test_lowering_a_threshold_below_what_is_available_re_arms_the_alert(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    earbuds, shanghai = given.sku(uow), given.warehouse(uow)
    level = given.stock(uow, earbuds, shanghai, 4, threshold=5)
    level.low_stock_alerted_at = clock.now() - timedelta(days=1)

    await inventory.update_level_settings(uow, clock, clerk, level.id, low_stock_threshold=1)

    assert level_of(uow, earbuds.id, shanghai.id).low_stock_alerted_at is None
    assert not any(isinstance(e, LevelBecameLow) for e in uow.dispatched)


async def test_settings_that_change_nothing_are_not_audited(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    earbuds, shanghai = given.sku(uow), given.warehouse(uow)
    level = given.stock(uow, earbuds, shanghai, 40, threshold=5)

    await inventory.update_level_settings(uow, clock, clerk, level.id, low_stock_threshold=5, sale_paused=None)

    assert uow.tables.audit == []


async def test_creating_a_warehouse_is_audited_and_its_code_is_unique(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    created = await inventory.create_warehouse(uow, clock, clerk, code="SH", name="Shanghai", priority=1)

    with pytest.raises(DomainError) as refused:
        await inventory.create_warehouse(uow, clock, clerk, code="SH", name="Shanghai 2")

    assert refused.value.code == "warehouse.code_taken" and refused.value.data["field"] == "code"
    assert [w.name for w in uow.tables.warehouses.values()] == ["Shanghai"]
    [entry] = uow.tables.audit
    assert (entry.action, entry.target_id, entry.after and entry.after["code"]) == (
        "warehouse.create",
        str(created.id),
        "SH",
    )


async def test_deactivating_a_warehouse_is_audited_as_such_and_renaming_to_a_taken_code_is_refused(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    shanghai, beijing = given.warehouse(uow, "SH"), given.warehouse(uow, "BJ")

    await inventory.update_warehouse(uow, clock, clerk, shanghai.id, active=False)
    with pytest.raises(DomainError) as refused:
        await inventory.update_warehouse(uow, clock, clerk, beijing.id, code="SH")

    assert refused.value.code == "warehouse.code_taken"
    assert [e.action for e in uow.tables.audit] == ["warehouse.deactivate"]
    assert [w.code for w in await inventory.list_warehouses(uow, active=True)] == ["BJ"]
