"""What customers see (products on sale only, prices for the buyer, stock words) and the catalog file import."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from domain.catalog import importing
from domain.catalog import use_cases as catalog
from domain.catalog.entities import Product, ProductStatus
from domain.catalog.import_export import ImportRejected, Table
from domain.catalog.pricing import Buyer
from domain.errors import DomainError
from domain.identity.actor import Actor
from domain.money import Money
from tests.fakes import FakeClock, FakeUnitOfWork, given


async def test_the_storefront_finds_only_products_on_sale_within_a_category_subtree(
    uow: FakeUnitOfWork, clock: FakeClock
) -> None:
    # given earbuds on sale under Audio > Earbuds, a draft there, and a speaker on sale elsewhere
    audio = given.category(uow, "Audio")
    earbuds_category = given.category(uow, "Earbuds", audio)
    on_sale = given.product(uow, "EB", skus=["EB-1"], in_category=earbuds_category)
    draft = given.product(uow, "EB2", skus=["EB2-1"], in_category=earbuds_category, status=ProductStatus.DRAFT)
    given.product(uow, "SPK", skus=["SPK-1"], in_category=given.category(uow, "Speakers"))

    # when
    found = await catalog.search_storefront(
        uow, clock, Buyer.RETAIL, currency="CNY", category_id=audio.id, offset=0, limit=20
    )
    cards, total = found.cards, found.total

    # then
    assert total == 1 and [c.product.id for c in cards] == [on_sale.id]
    with pytest.raises(DomainError) as hidden:
        await catalog.product_page(uow, clock, Buyer.RETAIL, draft.id)
    assert hidden.value.code == "product.not_found"


async def test_in_stock_search_leaves_out_products_whose_stock_cannot_be_sold(
    uow: FakeUnitOfWork, clock: FakeClock
) -> None:
    # given three products with 5 units each: one sellable, one paused, one in a closed warehouse
    open_, closed = given.warehouse(uow, "SH"), given.warehouse(uow, "OLD", active=False)
    sellable, paused, shut = (given.product(uow, code, skus=[f"{code}-1"]) for code in ("A", "B", "C"))
    given.stock(uow, sellable.skus[0], open_, 5)
    given.stock(uow, paused.skus[0], open_, 5, paused=True)
    given.stock(uow, shut.skus[0], closed, 5)

    # when
    found = await catalog.search_storefront(uow, clock, Buyer.RETAIL, currency="CNY", in_stock=True, offset=0, limit=20)
    cards, total = found.cards, found.total

    # then
    assert total == 1 and cards[0].product.code == "A" and cards[0].in_stock


async def test_a_product_page_shows_each_skus_price_for_the_buyer_and_a_stock_word(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    # given a tee at 99.00 (69.00 wholesale) on promotion at 79.00, 3 in stock with a threshold of 2
    tee = given.product(uow, "TEE", skus=["TEE-M"], price_minor=9900)
    await catalog.update_sku(
        uow,
        clock,
        clerk,
        tee.skus[0].id,
        wholesale_price=Decimal("69.00"),
        promo_price=Decimal("79.00"),
        promo_ends_at=clock.now() + timedelta(days=1),
        attributes={"size": "M"},
    )
    given.stock(uow, tee.skus[0], given.warehouse(uow), 3, threshold=2)

    # when
    retail = await catalog.product_page(uow, clock, Buyer.RETAIL, tee.id)
    dealer = await catalog.product_page(uow, clock, Buyer.DEALER, tee.id)

    # then
    [choice] = retail.skus
    assert (choice.offer.price, choice.offer.original_price) == (
        Money(Decimal("79.00"), "CNY"),
        Money(Decimal("99.00"), "CNY"),
    )
    assert (choice.available, choice.stock_status) == (3, "low")
    assert retail.options == {"size": ["M"]} and [c.name for c in retail.category_path] == ["Audio"]
    assert dealer.skus[0].offer.price == Money(Decimal("69.00"), "CNY")


def _all(uow: FakeUnitOfWork) -> list[Product]:
    return list(uow.tables.products.values())


def table(*rows: dict[str, str]) -> Table:
    return Table(
        list(importing.KEYS), [(line, [row.get(k, "") for k in importing.KEYS]) for line, row in enumerate(rows, 2)]
    )


def row(**values: str) -> dict[str, str]:
    return {
        "product_code": "TEE",
        "product_name": "Cotton tee",
        "category": "Clothes",
        "status": "draft",
        "sku_code": "TEE-M",
        "attributes": "size=M",
        "retail_price": "59.00",
        **values,
    }


async def test_a_dry_run_reports_what_an_import_would_do_and_writes_nothing(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    given.category(uow, "Clothes")

    report = await catalog.import_catalog(
        uow, clock, clerk, table(row(), row(sku_code="TEE-L", attributes="size=L")), currency="CNY", dry_run=True
    )

    assert report.valid and (report.rows, report.products_created, report.skus_created) == (2, 1, 2)
    assert _all(uow) == [] and uow.tables.audit == []


async def test_an_import_with_an_error_on_any_line_writes_nothing_and_reports_every_error(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    # given a SKU code already used by another product
    given.category(uow, "Clothes")
    given.product(uow, "CAP", skus=["CAP-1"])

    # when a file with a good line, a taken SKU code and a bad price is applied
    with pytest.raises(ImportRejected) as rejected:
        await catalog.import_catalog(
            uow,
            clock,
            clerk,
            table(row(), row(sku_code="CAP-1"), row(sku_code="TEE-L", retail_price="-1")),
            currency="CNY",
            dry_run=False,
        )

    # then
    assert rejected.value.code == "import.invalid"
    assert [(e.line, e.column, e.code) for e in rejected.value.report.errors] == [
        (3, "sku_code", "import.sku_code_taken"),
        (4, "retail_price", "import.bad_price"),
    ]
    assert [p.code for p in _all(uow)] == ["CAP"] and uow.tables.audit == []


async def test_an_applied_import_creates_then_updates_products_and_is_audited_and_exports_back(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    given.category(uow, "Clothes")

    created = await catalog.import_catalog(
        uow, clock, clerk, table(row()), currency="CNY", dry_run=False, filename="tees.csv"
    )
    updated = await catalog.import_catalog(
        uow, clock, clerk, table(row(retail_price="49.00")), currency="CNY", dry_run=False
    )

    assert (created.products_created, updated.products_updated, updated.skus_updated) == (1, 1, 1)
    [tee] = _all(uow)
    assert tee.skus[0].retail_price_minor == 4900 and tee.status == ProductStatus.DRAFT
    assert [e.action for e in uow.tables.audit] == ["catalog.import", "catalog.import"]
    assert uow.tables.audit[0].after and uow.tables.audit[0].after["file"] == "tees.csv"
    query = await catalog.export_query(uow)
    batches = [batch async for batch in catalog.export_rows(uow.another, query)]
    assert [(r["product_code"], r["sku_code"], r["category"], r["retail_price"]) for r in batches[0]] == [
        ("TEE", "TEE-M", "Clothes", "49.00")
    ]
