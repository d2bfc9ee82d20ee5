"""Whatever staff and orders do, in any order: the ledger adds up to every level, nothing goes negative, and what
is reserved is exactly what active reservations still hold."""

from __future__ import annotations

import asyncio
from collections import Counter
from uuid import UUID, uuid4

from hypothesis import given as examples
from hypothesis import settings
from hypothesis import strategies as st

from domain.errors import DomainError
from domain.identity.actor import Actor
from domain.inventory import use_cases as inventory
from domain.inventory.entities import ReservationStatus
from domain.inventory.stock import LineChange, Reference
from tests.fakes import FakeClock, FakeUnitOfWork, given

CLERK = Actor(user_id=uuid4(), name="clerk")
Step = tuple[str, int, int, int]  # what, SKU index, warehouse index (or reservation index), quantity

steps = st.lists(
    st.tuples(
        st.sampled_from(["receive", "adjust", "transfer", "reserve", "release", "ship", "ship_part"]),
        st.integers(0, 1),
        st.integers(0, 2),
        st.integers(0, 4),  # 0 is refused (adjustments use quantity - 2: up, down or zero)
    ),
    max_size=20,
)


async def run(story: list[Step]) -> FakeUnitOfWork:
    uow, clock = FakeUnitOfWork(), FakeClock()
    skus = [given.sku(uow, "A"), given.sku(uow, "B")]
    places = [given.warehouse(uow, "SH"), given.warehouse(uow, "BJ"), given.warehouse(uow, "GZ", active=False)]
    opening = [LineChange(sku.id, place.id, 5) for sku in skus for place in places[:2]]
    await inventory.receive_stock(uow, clock, CLERK, opening)
    held: list[UUID] = []
    for what, s, w, quantity in story:
        sku, place = skus[s], places[w]
        try:
            if what == "receive":
                await inventory.receive_stock(uow, clock, CLERK, [LineChange(sku.id, place.id, quantity)])
            elif what == "adjust":
                change = LineChange(sku.id, place.id, quantity - 2)
                await inventory.adjust_stock(uow, clock, CLERK, [change], reason="r")
            elif what == "transfer":
                await inventory.transfer_stock(
                    uow,
                    clock,
                    CLERK,
                    sku_id=sku.id,
                    from_warehouse_id=place.id,
                    to_warehouse_id=places[(w + 1) % 3].id,
                    quantity=quantity,
                )
            elif what == "reserve":
                lines = [(sku.id, quantity), (skus[1 - s].id, 1)] if w == 2 else [(sku.id, quantity)]
                reservation = await inventory.reserve_stock(uow, clock, CLERK, lines=lines, reference=Reference())
                held.append(reservation.id)
            elif active := [r for r in held if uow.tables.reservations[r].status == ReservationStatus.ACTIVE]:
                reservation_id = active[w % len(active)]
                if what == "release":
                    await inventory.release_reservation(uow, clock, CLERK, reservation_id)
                else:
                    parts = {sku.id: quantity} if what == "ship_part" else None
                    await inventory.ship_reservation(uow, clock, CLERK, reservation_id, quantities=parts)
        except DomainError:
            pass  # refusals are part of the story; each left nothing behind, which the invariants check
    return uow


@settings(max_examples=50, deadline=None)
@examples(steps)
def test_the_ledger_always_adds_up_to_the_levels_and_reservations_to_what_is_reserved(story: list[Step]) -> None:
    uow = asyncio.run(run(story))

    ledger: Counter[tuple[UUID, UUID, str]] = Counter()
    for m in uow.tables.movements:
        ledger[(m.sku_id, m.warehouse_id, "on_hand")] += m.on_hand_delta
        ledger[(m.sku_id, m.warehouse_id, "reserved")] += m.reserved_delta
    held: Counter[tuple[UUID, UUID]] = Counter()
    for reservation in uow.tables.reservations.values():
        if reservation.status == ReservationStatus.ACTIVE:
            for line in reservation.lines:
                held[(line.sku_id, line.warehouse_id)] += line.outstanding
    for (sku_id, warehouse_id), level in uow.tables.levels.items():
        assert level.on_hand >= level.reserved >= 0
        assert ledger[(sku_id, warehouse_id, "on_hand")] == level.on_hand
        assert ledger[(sku_id, warehouse_id, "reserved")] == level.reserved == held[(sku_id, warehouse_id)]
    assert {(s, w) for s, w, _ in ledger} <= set(uow.tables.levels)
