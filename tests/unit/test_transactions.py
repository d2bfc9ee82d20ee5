"""One transaction per use case: actions compose inside it, use cases do not nest, events wait for the commit."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.audit import service as audit
from domain.errors import DomainError
from domain.identity.actor import Actor
from domain.inventory import reservations
from domain.inventory import use_cases as inventory
from domain.inventory.entities import ReservationStatus, Warehouse
from domain.inventory.stock import Reference
from domain.inventory.stocktakes import Count
from domain.notifications import service as notifications
from domain.notifications.events import OutboxWritten
from domain.state_machine import Transitioned
from domain.unit_of_work import AlreadyEntered, use_case
from tests.fakes import FakeClock, FakeUnitOfWork, given

ORDER = Reference("order", "SO-1")


class PaymentDeclined(DomainError):
    code = "payment.declined"


async def test_running_a_use_case_inside_another_ones_unit_of_work_raises_already_entered(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    # given
    earbuds, shanghai = given.sku(uow), given.warehouse(uow)
    given.stock(uow, earbuds, shanghai, 10)

    # when an order's use case calls inventory's use case instead of its action
    with pytest.raises(AlreadyEntered):
        async with uow:
            await inventory.reserve_stock(uow, clock, clerk, lines=[(earbuds.id, 1)], reference=ORDER)

    # then nothing was reserved, and the unit of work can be used again
    assert uow.tables.quantities(earbuds.id, shanghai.id) == (10, 0) and uow.commits == 0
    await inventory.reserve_stock(uow, clock, clerk, lines=[(earbuds.id, 1)], reference=ORDER)
    assert uow.tables.quantities(earbuds.id, shanghai.id) == (10, 1)


async def test_actions_of_several_features_commit_together_and_their_events_are_dispatched_after(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    # given
    earbuds, shanghai = given.sku(uow), given.warehouse(uow)
    given.stock(uow, earbuds, shanghai, 10)
    customer = given.user(uow, "buyer", role="customer")
    seen_before_commit: list[object] = []

    @use_case
    async def place_order(uow: FakeUnitOfWork) -> None:
        reservation = await reservations.reserve(uow, clock, clerk, lines=[(earbuds.id, 2)], reference=ORDER)
        await reservations.release(uow, clock, clerk, reservation.id)
        await notifications.notify(
            uow, clock, customer, "inventory.low_stock", product="p", sku="s", warehouse="w", available=0, threshold=0
        )
        await audit.record(uow, clerk, action="order.create", target_type="order", target_id="SO-1", at=clock.now())
        seen_before_commit.extend(uow.dispatched)

    # when
    await place_order(uow)

    # then
    assert seen_before_commit == []
    assert uow.dispatched == [
        Transitioned("reservation", next(iter(uow.tables.reservations)), "release", "active", "released"),
        OutboxWritten(),
    ]
    assert uow.commits == 1 and len(uow.tables.outbox) == 2 and len(uow.tables.audit) == 1


async def test_a_use_case_that_fails_after_reserving_notifying_and_auditing_leaves_nothing_behind(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    # given
    earbuds, shanghai = given.sku(uow), given.warehouse(uow)
    given.stock(uow, earbuds, shanghai, 10, threshold=9)  # the reservation also raises a low-stock alert
    given.user(uow, "keeper", role="warehouse", permissions=["inventory:adjust"])

    @use_case
    async def place_order(uow: FakeUnitOfWork) -> None:
        reservation = await reservations.reserve(uow, clock, clerk, lines=[(earbuds.id, 2)], reference=ORDER)
        await reservations.commit(uow, clock, clerk, reservation.id)
        await audit.record(uow, clerk, action="order.create", target_type="order", target_id="SO-1", at=clock.now())
        raise PaymentDeclined()

    # when
    with pytest.raises(PaymentDeclined):
        await place_order(uow)

    # then
    assert uow.tables.quantities(earbuds.id, shanghai.id) == (10, 0)
    assert uow.tables.levels[(earbuds.id, shanghai.id)].low_stock_alerted_at is None
    assert uow.tables.reservations == {} and uow.tables.movements == []
    assert uow.tables.outbox == [] and uow.tables.audit == []
    assert uow.dispatched == [] and uow.commits == 0


async def test_a_failed_step_dispatches_none_of_the_events_it_recorded(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    # given a stocktake whose loss would leave less on hand than is reserved
    earbuds, shanghai = given.sku(uow), given.warehouse(uow)
    given.stock(uow, earbuds, shanghai, 10, reserved=10)
    stocktake = await inventory.open_stocktake(uow, clock, clerk, warehouse_id=shanghai.id)
    await inventory.record_counts(uow, clock, clerk, stocktake.id, [Count(9, sku_id=earbuds.id)])

    # when applying it fails after the stocktake moved to applied
    with pytest.raises(DomainError):
        await inventory.apply_stocktake(uow, clock, clerk, stocktake.id)

    # then
    assert not any(isinstance(e, Transitioned) for e in uow.dispatched)
    assert uow.recorded == []


async def test_the_same_fact_recorded_twice_in_one_transaction_is_dispatched_once(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    earbuds, shanghai = given.sku(uow), given.warehouse(uow)
    given.stock(uow, earbuds, shanghai, 10, threshold=9)
    for name in ("keeper", "manager"):
        given.user(uow, name, role=name, permissions=["inventory:adjust"])

    await inventory.reserve_stock(uow, clock, clerk, lines=[(earbuds.id, 1)], reference=ORDER)

    assert len(uow.tables.outbox) == 4 and uow.dispatched == [OutboxWritten()]


async def test_each_release_of_the_expiry_sweep_has_its_own_transaction(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    # given two expired reservations
    earbuds, shanghai = given.sku(uow), given.warehouse(uow)
    given.stock(uow, earbuds, shanghai, 10)
    for number in ("1", "2"):
        reference = Reference("order", number)
        await inventory.reserve_stock(
            uow, clock, clerk, lines=[(earbuds.id, 2)], reference=reference, ttl=timedelta(minutes=1)
        )
    clock.advance(timedelta(minutes=2))
    units: list[FakeUnitOfWork] = []

    def factory() -> FakeUnitOfWork:
        units.append(uow.another())
        return units[-1]

    # when
    released = await inventory.release_expired_reservations(factory, clock)

    # then one unit of work lists them and commits nothing; each release commits its own
    assert released == 2 and [u.commits for u in units] == [0, 1, 1]
    assert {r.status for r in uow.tables.reservations.values()} == {ReservationStatus.EXPIRED}
    assert uow.tables.quantities(earbuds.id, shanghai.id) == (10, 0)


async def test_a_reservation_that_cannot_be_released_does_not_hold_back_the_rest_of_the_sweep(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    # given the earliest expired reservation holds a level that no longer has its units reserved (damaged data)
    damaged, fine, shanghai = given.sku(uow, "DAMAGED"), given.sku(uow, "FINE"), given.warehouse(uow)
    given.stock(uow, damaged, shanghai, 10)
    given.stock(uow, fine, shanghai, 10)
    for sku_id, ttl in ((damaged.id, 1), (fine.id, 2)):
        reference = Reference("order", str(ttl))
        await inventory.reserve_stock(
            uow, clock, clerk, lines=[(sku_id, 2)], reference=reference, ttl=timedelta(minutes=ttl)
        )
    uow.tables.levels[(damaged.id, shanghai.id)].reserved = 0
    clock.advance(timedelta(minutes=5))

    # when the sweep runs
    released = await inventory.release_expired_reservations(uow.another, clock)

    # then the healthy reservation was released all the same, and the damaged one waits for the next sweep
    assert released == 1
    assert uow.tables.quantities(fine.id, shanghai.id) == (10, 0)


async def test_the_fake_undoes_only_what_a_failed_savepoint_did(uow: FakeUnitOfWork) -> None:
    async with uow:
        await uow.warehouses.add(Warehouse(code="KEEP", name="Kept"))
        with pytest.raises(DomainError):
            async with uow.savepoint():
                await uow.warehouses.add(Warehouse(code="DROP", name="Dropped"))
                raise DomainError()
        await uow.commit()

    assert [w.code for w in uow.tables.warehouses.values()] == ["KEEP"]


async def test_the_fake_discards_what_was_not_committed_and_refuses_a_taken_unique_value(uow: FakeUnitOfWork) -> None:
    async with uow:
        await uow.warehouses.add(Warehouse(code="LOST", name="Never committed"))
    async with uow:
        await uow.warehouses.add(Warehouse(code="SH", name="Shanghai"))
        await uow.warehouses.add(Warehouse(code="SH", name="Shanghai again"))
        with pytest.raises(DomainError) as refused:
            await uow.flush()

    assert refused.value.code == "warehouse.code_taken"
    assert uow.tables.warehouses == {}
