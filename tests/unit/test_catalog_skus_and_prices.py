"""SKUs and prices: deletion only without stock history, batch prices audited and all or none, promotions."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from uuid import UUID

import pytest

from domain.catalog import use_cases as catalog
from domain.catalog.entities import Product
from domain.catalog.sku_rules import SkuInput
from domain.catalog.skus import PriceChange
from domain.errors import DomainError
from domain.identity.actor import Actor
from domain.inventory.entities import MovementKind, StockMovement
from tests.fakes import FakeClock, FakeUnitOfWork, given


def stored(uow: FakeUnitOfWork, product_id: UUID) -> Product:
    return uow.tables.products[product_id]


async def test_a_sku_with_stock_movements_is_deactivated_not_deleted(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    # given a SKU with a movement in the ledger (its level row gone) and one that never held stock
    product = given.product(uow, skus=["USED", "UNUSED"])
    used, unused = product.skus
    place = given.warehouse(uow)
    uow.tables.movements.append(StockMovement(used.id, place.id, MovementKind.INBOUND, 1, 0, 1, 0, at=clock.now()))

    # when
    with pytest.raises(DomainError) as refused:
        await catalog.delete_sku(uow, clock, clerk, used.id)
    await catalog.delete_sku(uow, clock, clerk, unused.id)

    # then
    assert refused.value.code == "sku.has_stock"
    assert [s.code for s in stored(uow, product.id).skus] == ["USED"]
    assert [e.action for e in uow.tables.audit] == ["sku.delete"]


async def test_price_changes_are_audited_sku_by_sku_and_move_the_listing_price(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    # given a tee at 199.00 in two sizes
    tee = given.product(uow, "TEE", skus=["TEE-M", "TEE-L"], price_minor=19900)
    medium, large = tee.skus

    # when
    changed = await catalog.change_prices(
        uow,
        clock,
        clerk,
        [PriceChange(medium.id, retail_price=Decimal("149.00")), PriceChange(large.id, wholesale_price=Decimal("99"))],
    )

    # then
    assert changed == 2 and stored(uow, tee.id).price_minor == 14900
    prices = [(e.action, e.target_id, e.before, e.after) for e in uow.tables.audit]
    assert [(action, target) for action, target, _, _ in prices] == [
        ("sku.prices", str(medium.id)),
        ("sku.prices", str(large.id)),
    ]
    assert (prices[0][2] or {})["retail_price_minor"] == 19900 and (prices[0][3] or {})["retail_price_minor"] == 14900
    assert (prices[1][3] or {})["wholesale_price_minor"] == 9900


async def test_a_batch_of_prices_with_one_invalid_line_changes_nothing(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    tee = given.product(uow, "TEE", skus=["TEE-M", "TEE-L"], price_minor=19900)
    medium, large = tee.skus

    with pytest.raises(DomainError) as refused:
        await catalog.change_prices(
            uow,
            clock,
            clerk,
            [PriceChange(medium.id, retail_price=Decimal("1.00")), PriceChange(large.id, retail_price=Decimal("-1"))],
        )

    assert (refused.value.code, refused.value.data["field"]) == ("price.invalid", "items.1.retail_price")
    assert [s.retail_price_minor for s in stored(uow, tee.id).skus] == [19900, 19900]
    assert stored(uow, tee.id).price_minor == 19900 and uow.tables.audit == []


async def test_a_promotion_lowers_the_listing_price_only_while_it_runs(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    # given a promotion from tomorrow for a day
    tee = given.product(uow, "TEE", skus=["TEE-M"], price_minor=19900)
    starts = clock.now() + timedelta(days=1)
    await catalog.update_sku(
        uow,
        clock,
        clerk,
        tee.skus[0].id,
        promo_price=Decimal("99"),
        promo_starts_at=starts,
        promo_ends_at=starts + timedelta(days=1),
    )
    assert stored(uow, tee.id).price_minor == 19900

    # when the sweep runs during it, and after it
    clock.set(starts)
    during = await catalog.refresh_listing_prices(uow, clock)
    price_during = stored(uow, tee.id).price_minor
    clock.advance(timedelta(days=1))
    after = await catalog.refresh_listing_prices(uow, clock)

    # then
    assert (during, price_during) == (1, 9900)
    assert (after, stored(uow, tee.id).price_minor) == (1, 19900)


async def test_a_promotion_must_start_before_it_ends(uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor) -> None:
    tee = given.product(uow, "TEE", skus=["TEE-M"])

    with pytest.raises(DomainError) as refused:
        await catalog.update_sku(
            uow, clock, clerk, tee.skus[0].id, promo_starts_at=clock.now(), promo_ends_at=clock.now()
        )

    assert (refused.value.code, refused.value.data["field"]) == ("sku.promo_window_invalid", "body.promo_ends_at")


async def test_a_sku_added_to_a_product_goes_last_and_its_code_must_be_free(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    tee = given.product(uow, "TEE", skus=["TEE-M"])
    given.product(uow, "CAP", skus=["CAP-1"])

    added = await catalog.add_sku(uow, clock, clerk, tee.id, SkuInput("TEE-L", Decimal("9.90"), {"size": "L"}))
    with pytest.raises(DomainError) as refused:
        await catalog.add_sku(uow, clock, clerk, tee.id, SkuInput("CAP-1", Decimal("9.90")))

    assert added.position == 1 and stored(uow, tee.id).price_minor == 990
    assert (refused.value.code, refused.value.data["field"]) == ("sku.code_taken", "body.code")
    assert [s.code for s in stored(uow, tee.id).skus] == ["TEE-M", "TEE-L"]
