"""Cart rules on the in-memory fakes: limits, guest tokens, what a read says changed, merging at sign-in, the
lines an order takes away, and the purge of idle guest carts."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from uuid import UUID, uuid4

import pytest

from domain.cart import actions
from domain.cart import use_cases as cart
from domain.cart.actions import Shopper
from domain.cart.contents import CartContents
from domain.cart.entities import MAX_LINES
from domain.catalog.entities import ProductStatus, Sku
from domain.catalog.pricing import Buyer
from domain.errors import DomainError
from domain.money import Money
from tests.fakes import FakeClock, FakeUnitOfWork, given

CNY = "CNY"


def stocked(uow: FakeUnitOfWork, code: str, *, units: int = 50, price_minor: int = 19900) -> Sku:
    item = given.product(uow, f"P-{code}", skus=[code], price_minor=price_minor).skus[0]
    place = next(iter(uow.tables.warehouses.values()), None) or given.warehouse(uow)
    given.stock(uow, item, place, units)
    return item


async def add(uow: FakeUnitOfWork, clock: FakeClock, who: Shopper, item: Sku, quantity: int = 1) -> cart.CartAnswer:
    return await cart.add_to_cart(uow, clock, who, sku_id=item.id, quantity=quantity, currency=CNY)


async def view(uow: FakeUnitOfWork, clock: FakeClock, who: Shopper) -> CartContents:
    return await cart.view_cart(uow, clock, who, currency=CNY)


def quantities(contents: CartContents) -> dict[UUID, int]:
    return {c.line.sku_id: c.line.quantity for c in contents.lines}


async def refused(code: str, work: object) -> DomainError:
    with pytest.raises(DomainError) as caught:
        await work  # type: ignore[misc]
    assert caught.value.code == code
    return caught.value


async def test_a_guests_first_add_starts_a_cart_that_only_its_token_reads(
    uow: FakeUnitOfWork, clock: FakeClock
) -> None:
    earbuds = stocked(uow, "EARBUDS")

    answer = await add(uow, clock, Shopper(), earbuds, 2)

    assert answer.new_guest_token and len(answer.new_guest_token) >= 40
    assert quantities(answer.contents) == {earbuds.id: 2}
    assert quantities(await view(uow, clock, Shopper(guest_token=answer.new_guest_token))) == {earbuds.id: 2}
    assert await view(uow, clock, Shopper(guest_token="guessed")) == CartContents([], CNY)
    stored = next(iter(uow.tables.carts.values()))
    assert stored.guest_token_digest != answer.new_guest_token  # only a digest is kept


async def test_a_customer_cart_is_theirs_alone_and_adding_again_adds_units(
    uow: FakeUnitOfWork, clock: FakeClock
) -> None:
    earbuds = stocked(uow, "EARBUDS")
    wang, li = Shopper(customer_id=uuid4()), Shopper(customer_id=uuid4())

    first = await add(uow, clock, wang, earbuds, 2)
    await add(uow, clock, wang, earbuds, 3)

    assert first.new_guest_token is None
    assert quantities(await view(uow, clock, wang)) == {earbuds.id: 5}
    assert (await view(uow, clock, li)).lines == []
    await refused(
        "cart.line_not_found",
        cart.change_line(uow, clock, li, sku_id=earbuds.id, quantity=1, selected=None, currency=CNY),
    )


async def test_a_line_holds_1_to_99_units(uow: FakeUnitOfWork, clock: FakeClock) -> None:
    earbuds = stocked(uow, "EARBUDS", units=500)
    wang = Shopper(customer_id=uuid4())
    await add(uow, clock, wang, earbuds, 60)

    error = await refused("cart.quantity_out_of_range", add(uow, clock, wang, earbuds, 40))
    await refused("cart.quantity_out_of_range", add(uow, clock, wang, earbuds, 0))
    await refused(
        "cart.quantity_out_of_range",
        cart.change_line(uow, clock, wang, sku_id=earbuds.id, quantity=100, selected=None, currency=CNY),
    )

    assert error.data["max"] == 99
    assert quantities(await view(uow, clock, wang)) == {earbuds.id: 60}


async def test_a_cart_holds_at_most_100_different_items(uow: FakeUnitOfWork, clock: FakeClock) -> None:
    wang = Shopper(customer_id=uuid4())
    for n in range(MAX_LINES):
        await add(uow, clock, wang, stocked(uow, f"SKU-{n}"))

    await refused("cart.too_many_lines", add(uow, clock, wang, stocked(uow, "ONE-MORE")))
    assert len((await view(uow, clock, wang)).lines) == MAX_LINES


async def test_unknown_inactive_off_sale_and_out_of_stock_skus_are_refused(
    uow: FakeUnitOfWork, clock: FakeClock
) -> None:
    wang = Shopper(customer_id=uuid4())
    retired, off_sale, scarce = stocked(uow, "RETIRED"), stocked(uow, "OFF-SALE"), stocked(uow, "SCARCE", units=2)
    retired.active = False
    uow.tables.products[off_sale.product_id].status = ProductStatus.OFF_SALE

    await refused(
        "sku.not_found", add(uow, clock, wang, Sku(product_id=uuid4(), code="X", retail_price_minor=1, currency=CNY))
    )
    await refused("sku.inactive", add(uow, clock, wang, retired))
    await refused("sku.inactive", add(uow, clock, wang, off_sale))
    short = await refused("stock.insufficient", add(uow, clock, wang, scarce, 3))

    assert short.data["available"] == 2
    assert uow.tables.carts == {} or (await view(uow, clock, wang)).lines == []


async def test_a_read_says_the_price_changed_since_the_line_was_added(uow: FakeUnitOfWork, clock: FakeClock) -> None:
    earbuds, cable = stocked(uow, "EARBUDS", price_minor=19900), stocked(uow, "CABLE", price_minor=2500)
    wang = Shopper(customer_id=uuid4())
    await add(uow, clock, wang, earbuds, 2)
    await add(uow, clock, wang, cable)

    earbuds.retail_price_minor = 17900
    lines = {c.line.sku_id: c for c in (await view(uow, clock, wang)).lines}

    assert lines[earbuds.id].price_changed
    assert lines[earbuds.id].added_price == Money(Decimal("199.00"), CNY)
    assert lines[earbuds.id].unit_price == Money(Decimal("179.00"), CNY)
    assert lines[earbuds.id].subtotal == Money(Decimal("358.00"), CNY)
    assert not lines[cable.id].price_changed


async def test_a_promotion_prices_the_cart_while_it_runs(uow: FakeUnitOfWork, clock: FakeClock) -> None:
    earbuds = stocked(uow, "EARBUDS", price_minor=19900)
    earbuds.promo_price_minor = 14900
    earbuds.promo_starts_at, earbuds.promo_ends_at = clock.now(), clock.now() + timedelta(hours=1)
    wang = Shopper(customer_id=uuid4())
    await add(uow, clock, wang, earbuds)

    during = (await view(uow, clock, wang)).lines[0]
    clock.advance(timedelta(hours=2))
    after = (await view(uow, clock, wang)).lines[0]

    assert (during.unit_price, during.price_changed) == (Money(Decimal("149.00"), CNY), False)
    assert (after.unit_price, after.price_changed) == (Money(Decimal("199.00"), CNY), True)


async def test_a_dealer_cart_is_priced_at_wholesale(uow: FakeUnitOfWork, clock: FakeClock) -> None:
    earbuds = stocked(uow, "EARBUDS", price_minor=19900)
    earbuds.wholesale_price_minor = 15000
    dealer = Shopper(customer_id=uuid4(), buyer=Buyer.DEALER)

    answer = await add(uow, clock, dealer, earbuds, 2)

    assert answer.contents.selected_total == Money(Decimal("300.00"), CNY)


async def test_deactivated_and_deleted_skus_show_as_unavailable_and_leave_the_total(
    uow: FakeUnitOfWork, clock: FakeClock
) -> None:
    earbuds, cable, case = stocked(uow, "EARBUDS"), stocked(uow, "CABLE", price_minor=2500), stocked(uow, "CASE")
    wang = Shopper(customer_id=uuid4())
    for item in (earbuds, cable, case):
        await add(uow, clock, wang, item)

    earbuds.active = False
    del uow.tables.products[case.product_id]
    contents = await view(uow, clock, wang)
    lines = {c.line.sku_id: c for c in contents.lines}

    assert lines[earbuds.id].unavailable and lines[earbuds.id].unit_price is None
    assert lines[case.id].unavailable and lines[case.id].sku is None
    assert not lines[cable.id].unavailable
    assert contents.selected_total == Money(Decimal("25.00"), CNY)


async def test_a_read_says_when_stock_no_longer_covers_a_line(uow: FakeUnitOfWork, clock: FakeClock) -> None:
    earbuds = stocked(uow, "EARBUDS", units=10)
    wang = Shopper(customer_id=uuid4())
    await add(uow, clock, wang, earbuds, 5)

    level = next(iter(uow.tables.levels.values()))
    level.on_hand = 3
    line = (await view(uow, clock, wang)).lines[0]

    assert line.insufficient_stock and line.available == 3
    # fewer units are always fine; more than the stock are not
    await cart.change_line(uow, clock, wang, sku_id=earbuds.id, quantity=4, selected=None, currency=CNY)
    await refused(
        "stock.insufficient",
        cart.change_line(uow, clock, wang, sku_id=earbuds.id, quantity=5, selected=None, currency=CNY),
    )


async def test_only_selected_lines_count_toward_the_total(uow: FakeUnitOfWork, clock: FakeClock) -> None:
    earbuds, cable = stocked(uow, "EARBUDS", price_minor=19900), stocked(uow, "CABLE", price_minor=2500)
    wang = Shopper(customer_id=uuid4())
    await add(uow, clock, wang, earbuds)
    await add(uow, clock, wang, cable, 2)

    contents = await cart.change_line(uow, clock, wang, sku_id=earbuds.id, quantity=None, selected=False, currency=CNY)
    assert (contents.selected_total, contents.selected_quantity) == (Money(Decimal("50.00"), CNY), 2)

    none = await cart.select_all(uow, clock, wang, selected=False, currency=CNY)
    assert none.selected_total == Money(Decimal("0"), CNY)
    every = await cart.select_all(uow, clock, wang, selected=True, currency=CNY)
    assert every.selected_total == Money(Decimal("249.00"), CNY)


async def test_removing_and_clearing(uow: FakeUnitOfWork, clock: FakeClock) -> None:
    earbuds, cable = stocked(uow, "EARBUDS"), stocked(uow, "CABLE")
    wang = Shopper(customer_id=uuid4())
    await add(uow, clock, wang, earbuds)
    await add(uow, clock, wang, cable)

    after = await cart.remove_line(uow, clock, wang, sku_id=earbuds.id, currency=CNY)
    again = await cart.remove_line(uow, clock, wang, sku_id=earbuds.id, currency=CNY)  # not there: nothing changes
    await cart.clear_cart(uow, clock, wang)

    assert quantities(after) == quantities(again) == {cable.id: 1}
    assert (await view(uow, clock, wang)).lines == []


async def test_a_guest_cart_merges_into_the_customer_cart_once(uow: FakeUnitOfWork, clock: FakeClock) -> None:
    earbuds, cable, case = stocked(uow, "EARBUDS", units=500), stocked(uow, "CABLE"), stocked(uow, "CASE")
    wang = Shopper(customer_id=uuid4())
    await add(uow, clock, wang, earbuds, 90)
    await add(uow, clock, wang, case, 1)
    token = (await add(uow, clock, Shopper(), earbuds, 20)).new_guest_token
    assert token is not None
    await add(uow, clock, Shopper(guest_token=token), cable, 2)

    merged = await cart.merge_guest_cart(uow, clock, wang, guest_token=token, currency=CNY)
    again = await cart.merge_guest_cart(uow, clock, wang, guest_token=token, currency=CNY)

    assert quantities(merged) == quantities(again) == {earbuds.id: 99, cable.id: 2, case.id: 1}
    assert (await view(uow, clock, Shopper(guest_token=token))).lines == []
    assert [c.customer_id for c in uow.tables.carts.values()] == [wang.customer_id]


async def test_a_guest_cart_merges_into_a_customer_without_a_cart(uow: FakeUnitOfWork, clock: FakeClock) -> None:
    earbuds = stocked(uow, "EARBUDS")
    token = (await add(uow, clock, Shopper(), earbuds, 2)).new_guest_token
    assert token is not None
    wang = Shopper(customer_id=uuid4())

    assert quantities(await cart.merge_guest_cart(uow, clock, wang, guest_token=token, currency=CNY)) == {earbuds.id: 2}


async def test_an_order_takes_its_skus_out_of_the_customer_cart(uow: FakeUnitOfWork, clock: FakeClock) -> None:
    earbuds, cable = stocked(uow, "EARBUDS"), stocked(uow, "CABLE")
    wang, li = Shopper(customer_id=uuid4()), Shopper(customer_id=uuid4())
    for who in (wang, li):
        await add(uow, clock, who, earbuds)
        await add(uow, clock, who, cable)
    assert wang.customer_id is not None

    async with uow:  # the checkout's own transaction
        await actions.remove_ordered(uow, wang.customer_id, [earbuds.id])
        await uow.commit()

    assert quantities(await view(uow, clock, wang)) == {cable.id: 1}
    assert quantities(await view(uow, clock, li)) == {earbuds.id: 1, cable.id: 1}


async def test_guest_carts_idle_for_a_month_are_purged_and_customer_carts_kept(
    uow: FakeUnitOfWork, clock: FakeClock
) -> None:
    earbuds = stocked(uow, "EARBUDS")
    wang = Shopper(customer_id=uuid4())
    await add(uow, clock, wang, earbuds)
    old = (await add(uow, clock, Shopper(), earbuds)).new_guest_token
    clock.advance(timedelta(days=20))
    recent = (await add(uow, clock, Shopper(), earbuds)).new_guest_token
    clock.advance(timedelta(days=11))

    purged = await cart.purge_guest_carts(uow, clock)
    purged_again = await cart.purge_guest_carts(uow, clock)

    assert (purged, purged_again) == (1, 0)
    assert (await view(uow, clock, Shopper(guest_token=old))).lines == []
    assert len((await view(uow, clock, Shopper(guest_token=recent))).lines) == 1
    assert len((await view(uow, clock, wang)).lines) == 1
