"""Receiving, adjusting and transferring stock: every change is a ledger row, audited, all lines or none."""

from __future__ import annotations

from uuid import uuid4

import pytest

from domain.errors import DomainError
from domain.identity.actor import Actor
from domain.inventory import use_cases as inventory
from domain.inventory.entities import MovementKind
from domain.inventory.stock import LineChange, Reference
from tests.fakes import FakeClock, FakeUnitOfWork, given


async def test_receiving_stock_writes_an_inbound_movement_and_an_audit_entry(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    # given
    earbuds, shanghai = given.sku(uow), given.warehouse(uow)

    # when
    [row] = await inventory.receive_stock(
        uow, clock, clerk, [LineChange(earbuds.id, shanghai.id, 30)], reason="PO-77", reference=Reference("po", "77")
    )

    # then
    assert (row.movement.kind, row.movement.on_hand_delta, row.movement.on_hand_after) == (MovementKind.INBOUND, 30, 30)
    assert (row.sku_code, row.warehouse_code) == ("EARBUDS-WHITE", "SH")
    assert row.movement.actor_id == clerk.user_id and row.movement.reference_id == "77"
    level = uow.tables.level(earbuds.id, shanghai.id)
    assert level is not None and (level.on_hand, level.reserved) == (30, 0)
    [entry] = uow.tables.audit
    assert (entry.action, entry.target_type, entry.target_id) == ("stock.inbound", "po", "77")
    assert entry.after == {
        "reason": "PO-77",
        "lines": [{"sku_id": str(earbuds.id), "warehouse_id": str(shanghai.id), "quantity": 30, "on_hand_after": 30}],
    }
    assert entry.actor_name == "Li Clerk" and entry.ip == "10.0.0.8"
    assert uow.commits == 1


async def test_a_receipt_without_a_reference_gets_one_shared_by_all_its_lines(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    white, black, shanghai = given.sku(uow, "EB-W"), given.sku(uow, "EB-B"), given.warehouse(uow)

    rows = await inventory.receive_stock(
        uow, clock, clerk, [LineChange(white.id, shanghai.id, 2), LineChange(black.id, shanghai.id, 3)]
    )

    assert {r.movement.reference_type for r in rows} == {"receipt"}
    assert len({r.movement.reference_id for r in rows}) == 1 and rows[0].movement.reference_id
    booked = {r.movement.sku_id: r.movement.on_hand_delta for r in rows}
    assert booked == {white.id: 2, black.id: 3}
    assert [r.movement.sku_id for r in rows] == sorted(booked)  # booked in the one lock order
    assert len(uow.tables.audit) == 1


@pytest.mark.parametrize("quantity", [0, -5])
async def test_received_quantities_must_be_positive(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor, quantity: int
) -> None:
    earbuds, shanghai = given.sku(uow), given.warehouse(uow)

    with pytest.raises(DomainError) as refused:
        await inventory.receive_stock(uow, clock, clerk, [LineChange(earbuds.id, shanghai.id, quantity)])

    assert refused.value.code == "stock.quantity_not_positive"
    assert uow.tables.movements == [] and uow.tables.levels == {}


async def test_goods_are_not_received_into_a_deactivated_warehouse(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    earbuds, closed = given.sku(uow), given.warehouse(uow, "OLD", active=False)

    with pytest.raises(DomainError) as refused:
        await inventory.receive_stock(uow, clock, clerk, [LineChange(earbuds.id, closed.id, 5)])

    assert refused.value.code == "warehouse.inactive"
    assert uow.tables.movements == [] and uow.tables.audit == []


async def test_receiving_an_unknown_sku_or_into_an_unknown_warehouse_is_not_found(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    earbuds, shanghai = given.sku(uow), given.warehouse(uow)

    with pytest.raises(DomainError) as no_sku:
        await inventory.receive_stock(uow, clock, clerk, [LineChange(uuid4(), shanghai.id, 5)])
    with pytest.raises(DomainError) as no_warehouse:
        await inventory.receive_stock(uow, clock, clerk, [LineChange(earbuds.id, uuid4(), 5)])

    assert (no_sku.value.code, no_warehouse.value.code) == ("sku.not_found", "warehouse.not_found")


async def test_an_adjustment_that_would_leave_on_hand_below_reserved_is_refused_and_changes_nothing(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    # given 10 on hand, 8 of them reserved, and a second SKU whose line alone would pass
    earbuds, cable, shanghai = given.sku(uow, "EB"), given.sku(uow, "CABLE"), given.warehouse(uow)
    given.stock(uow, earbuds, shanghai, 10, reserved=8)
    given.stock(uow, cable, shanghai, 5)
    lines = [LineChange(cable.id, shanghai.id, -1), LineChange(earbuds.id, shanghai.id, -3)]

    # when
    with pytest.raises(DomainError) as refused:
        await inventory.adjust_stock(uow, clock, clerk, lines, reason="damaged")

    # then
    assert refused.value.code == "stock.insufficient"
    assert (refused.value.data["requested"], refused.value.data["available"]) == (3, 2)
    assert uow.tables.quantities(earbuds.id, shanghai.id) == (10, 8)
    assert uow.tables.quantities(cable.id, shanghai.id) == (5, 0)
    assert uow.tables.movements == [] and uow.tables.audit == [] and uow.commits == 0


async def test_an_adjustment_down_to_what_is_reserved_is_allowed(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    earbuds, shanghai = given.sku(uow), given.warehouse(uow)
    given.stock(uow, earbuds, shanghai, 10, reserved=8)

    [row] = await inventory.adjust_stock(uow, clock, clerk, [LineChange(earbuds.id, shanghai.id, -2)], reason="lost")

    assert (row.movement.kind, row.movement.on_hand_after, row.movement.reserved_after) == (MovementKind.ADJUST, 8, 8)
    [entry] = uow.tables.audit
    assert entry.action == "stock.adjust" and entry.after is not None and entry.after["reason"] == "lost"


@pytest.mark.parametrize(
    ("reason", "quantity", "code"), [(" ", 3, "stock.reason_required"), ("found", 0, "stock.quantity_zero")]
)
async def test_an_adjustment_needs_a_reason_and_a_non_zero_quantity(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor, reason: str, quantity: int, code: str
) -> None:
    earbuds, shanghai = given.sku(uow), given.warehouse(uow)

    with pytest.raises(DomainError) as refused:
        await inventory.adjust_stock(uow, clock, clerk, [LineChange(earbuds.id, shanghai.id, quantity)], reason=reason)

    assert refused.value.code == code


async def test_a_correction_may_touch_a_deactivated_warehouse(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    earbuds, closed = given.sku(uow), given.warehouse(uow, "OLD", active=False)
    given.stock(uow, earbuds, closed, 4)

    [row] = await inventory.adjust_stock(uow, clock, clerk, [LineChange(earbuds.id, closed.id, -4)], reason="moved out")

    assert row.movement.on_hand_after == 0


async def test_a_transfer_writes_a_transfer_out_and_transfer_in_pair_under_one_reference(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    # given
    earbuds, shanghai, beijing = given.sku(uow), given.warehouse(uow, "SH"), given.warehouse(uow, "BJ")
    given.stock(uow, earbuds, shanghai, 10)

    # when
    out, into = await inventory.transfer_stock(
        uow, clock, clerk, sku_id=earbuds.id, from_warehouse_id=shanghai.id, to_warehouse_id=beijing.id, quantity=4
    )

    # then
    assert (out.movement.kind, out.warehouse_code, out.movement.on_hand_delta) == (MovementKind.TRANSFER_OUT, "SH", -4)
    assert (into.movement.kind, into.warehouse_code, into.movement.on_hand_delta) == (MovementKind.TRANSFER_IN, "BJ", 4)
    assert out.movement.reference_id == into.movement.reference_id and out.movement.reference_type == "transfer"
    assert uow.tables.quantities(earbuds.id, shanghai.id) == (6, 0)
    assert uow.tables.quantities(earbuds.id, beijing.id) == (4, 0)
    [entry] = uow.tables.audit
    assert entry.action == "stock.transfer" and entry.after is not None
    assert [line["quantity"] for line in entry.after["lines"]] == [-4, 4]


async def test_a_transfer_of_more_than_is_available_moves_nothing(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    earbuds, shanghai, beijing = given.sku(uow), given.warehouse(uow, "SH"), given.warehouse(uow, "BJ")
    given.stock(uow, earbuds, shanghai, 10, reserved=7)

    with pytest.raises(DomainError) as refused:
        await inventory.transfer_stock(
            uow, clock, clerk, sku_id=earbuds.id, from_warehouse_id=shanghai.id, to_warehouse_id=beijing.id, quantity=4
        )

    assert refused.value.code == "stock.insufficient" and refused.value.data["available"] == 3
    assert uow.tables.level(earbuds.id, beijing.id) is None and uow.tables.movements == []


async def test_a_transfer_needs_two_warehouses_a_positive_quantity_and_an_active_destination(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    earbuds, shanghai, closed = given.sku(uow), given.warehouse(uow, "SH"), given.warehouse(uow, "OLD", active=False)
    given.stock(uow, earbuds, shanghai, 10)
    codes = []
    for to, quantity in ((shanghai, 1), (closed, 1), (closed, 0)):
        with pytest.raises(DomainError) as refused:
            await inventory.transfer_stock(
                uow,
                clock,
                clerk,
                sku_id=earbuds.id,
                from_warehouse_id=shanghai.id,
                to_warehouse_id=to.id,
                quantity=quantity,
            )
        codes.append(refused.value.code)

    assert codes == ["stock.same_warehouse", "warehouse.inactive", "stock.quantity_not_positive"]
    assert uow.tables.movements == []
