"""Products and SKUs: the status machine, unique codes, deletion rules, prices (audited, all or none)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from uuid import UUID

import pytest

from domain.catalog import use_cases as catalog
from domain.catalog.entities import Product, ProductStatus
from domain.catalog.sku_rules import SkuInput
from domain.errors import DomainError
from domain.identity.actor import Actor
from domain.state_machine import Transitioned
from tests.fakes import FakeClock, FakeUnitOfWork, given


def stored(uow: FakeUnitOfWork, product_id: UUID) -> Product:
    return uow.tables.products[product_id]


async def test_a_new_product_is_a_draft_with_its_skus_listed_from_its_cheapest_price(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    product = await catalog.create_product(
        uow,
        clock,
        clerk,
        currency="CNY",
        code="TEE",
        name="Cotton tee",
        brand="Acme",
        skus=[
            SkuInput("TEE-M", Decimal("59.00"), {"size": "M"}, barcode="6901"),
            SkuInput("TEE-L", Decimal("49.50"), {"size": "L"}),
        ],
    )

    assert product.status == ProductStatus.DRAFT and product.published_at is None
    assert [(s.code, s.retail_price_minor, s.position) for s in product.skus] == [
        ("TEE-M", 5900, 0),
        ("TEE-L", 4950, 1),
    ]
    assert product.price_minor == 4950 and "6901" in product.search_text and "acme" in product.search_text
    [entry] = uow.tables.audit
    assert entry.action == "product.create" and entry.after and entry.after["skus"] == ["TEE-M", "TEE-L"]
    assert stored(uow, product.id) is product


async def test_putting_a_draft_on_sale_needs_a_category_and_an_active_sku(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    # given a draft without a category whose only SKU is deactivated
    draft = given.product(uow, status=ProductStatus.DRAFT)
    draft.skus[0].active = False

    # when
    with pytest.raises(DomainError) as refused:
        await catalog.set_product_status(uow, clock, clerk, draft.id, ProductStatus.ON_SALE)

    # then
    assert refused.value.code == "product.not_sellable"
    assert refused.value.data["missing"] == ["category", "active_sku"]
    assert stored(uow, draft.id).status == ProductStatus.DRAFT and uow.tables.audit == []


async def test_a_sellable_draft_goes_on_sale_once_published_and_records_its_transition(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    draft = given.product(uow, status=ProductStatus.DRAFT, in_category=given.category(uow))

    on_sale = await catalog.set_product_status(uow, clock, clerk, draft.id, ProductStatus.ON_SALE)
    clock.advance(timedelta(days=1))
    await catalog.set_product_status(uow, clock, clerk, draft.id, ProductStatus.OFF_SALE)
    again = await catalog.set_product_status(uow, clock, clerk, draft.id, ProductStatus.ON_SALE)

    assert on_sale.status == again.status == ProductStatus.ON_SALE
    assert again.published_at == clock.now() - timedelta(days=1)  # first published, not re-published
    moves = [(e.action, e.from_state, e.to_state) for e in uow.dispatched if isinstance(e, Transitioned)]
    assert moves == [
        ("put_on_sale", "draft", "on_sale"),
        ("take_off_sale", "on_sale", "off_sale"),
        ("put_on_sale", "off_sale", "on_sale"),
    ]
    assert [(e.action, e.before and e.before["status"]) for e in uow.tables.audit] == [
        ("product.status", "draft"),
        ("product.status", "on_sale"),
        ("product.status", "off_sale"),
    ]


@pytest.mark.parametrize(
    ("start", "asked"),
    [
        (ProductStatus.DRAFT, ProductStatus.OFF_SALE),
        (ProductStatus.DRAFT, ProductStatus.DRAFT),
        (ProductStatus.ON_SALE, ProductStatus.DRAFT),
        (ProductStatus.ON_SALE, ProductStatus.ON_SALE),
    ],
)
async def test_illegal_product_moves_are_invalid_transitions(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor, start: ProductStatus, asked: ProductStatus
) -> None:
    product = given.product(uow, status=start, in_category=given.category(uow))

    with pytest.raises(DomainError) as refused:
        await catalog.set_product_status(uow, clock, clerk, product.id, asked)

    assert refused.value.code == "product.invalid_transition"
    assert (refused.value.data["status"], stored(uow, product.id).status) == (str(start), start)
    assert uow.dispatched == []


async def test_changing_the_status_of_many_products_is_all_or_none(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    # given two products on sale and a draft (which cannot be taken off sale) last in lock order, so the
    # other two have changed when it is refused
    first, second, last = sorted((given.product(uow, f"P{i}", skus=[f"P{i}-1"]) for i in range(3)), key=lambda p: p.id)
    last.status = ProductStatus.DRAFT
    on_sale, draft = [first, second], last

    # when
    with pytest.raises(DomainError) as refused:
        await catalog.set_status_of_many(uow, clock, clerk, [p.id for p in [*on_sale, draft]], ProductStatus.OFF_SALE)

    # then
    assert refused.value.code == "product.invalid_transition"
    assert [stored(uow, p.id).status for p in on_sale] == [ProductStatus.ON_SALE] * 2
    assert uow.tables.audit == [] and uow.dispatched == []


async def test_changing_the_status_of_many_skips_those_already_there(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    on_sale = given.product(uow, "A", skus=["A-1"])
    off_sale = given.product(uow, "B", skus=["B-1"], status=ProductStatus.OFF_SALE)

    changed = await catalog.set_status_of_many(uow, clock, clerk, [on_sale.id, off_sale.id], ProductStatus.OFF_SALE)

    assert changed == 1 and [e.target_id for e in uow.tables.audit] == [str(on_sale.id)]


async def test_deactivating_the_last_active_sku_of_a_product_on_sale_is_refused(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    product = given.product(uow, skus=["ONLY"])

    with pytest.raises(DomainError) as refused:
        await catalog.update_sku(uow, clock, clerk, product.skus[0].id, active=False)

    assert refused.value.code == "product.not_sellable"
    assert stored(uow, product.id).skus[0].active is True


@pytest.mark.parametrize(
    ("skus", "code", "field"),
    [
        ([("NEW-1", None), ("NEW-1", None)], "sku.code_taken", "skus.1.code"),
        ([("NEW-1", "777"), ("NEW-2", "777")], "sku.barcode_taken", "skus.1.barcode"),
        ([("OLD-1", None)], "sku.code_taken", "skus.0.code"),
        ([("NEW-1", "690" + "0OLD")], "sku.barcode_taken", "skus.0.barcode"),
    ],
)
async def test_sku_codes_and_barcodes_are_unique_across_the_catalog(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor, skus: list[tuple[str, str | None]], code: str, field: str
) -> None:
    given.product(uow, "OLD", skus=["OLD-1"])  # its SKU's barcode is 6900OLD

    with pytest.raises(DomainError) as refused:
        await catalog.create_product(
            uow,
            clock,
            clerk,
            currency="CNY",
            code="NEW",
            name="New",
            skus=[SkuInput(c, Decimal(1), barcode=b) for c, b in skus],
        )

    assert (refused.value.code, refused.value.data["field"]) == (code, field)
    assert [p.code for p in uow.tables.products.values()] == ["OLD"]


async def test_a_product_code_is_unique(uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor) -> None:
    given.product(uow, "TEE", skus=["TEE-1"])

    with pytest.raises(DomainError) as refused:
        await catalog.create_product(
            uow, clock, clerk, currency="CNY", code="TEE", name="Tee", skus=[SkuInput("X", Decimal(1))]
        )

    assert refused.value.code == "product.code_taken"


async def test_only_a_draft_without_stock_records_is_deleted(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    # given a product on sale, a draft with stock history, and a clean draft
    on_sale = given.product(uow, "A", skus=["A-1"])
    stocked = given.product(uow, "B", skus=["B-1"], status=ProductStatus.DRAFT)
    given.stock(uow, stocked.skus[0], given.warehouse(uow), 0)
    clean = given.product(uow, "C", skus=["C-1"], status=ProductStatus.DRAFT)

    # when
    with pytest.raises(DomainError) as not_draft:
        await catalog.delete_product(uow, clock, clerk, on_sale.id)
    with pytest.raises(DomainError) as has_stock:
        await catalog.delete_product(uow, clock, clerk, stocked.id)
    await catalog.delete_product(uow, clock, clerk, clean.id)

    # then
    assert (not_draft.value.code, has_stock.value.code) == ("product.not_draft", "product.has_stock")
    assert sorted(p.code for p in uow.tables.products.values()) == ["A", "B"]
    [entry] = uow.tables.audit
    assert (entry.action, entry.target_id, entry.before and entry.before["code"]) == (
        "product.delete",
        str(clean.id),
        "C",
    )
