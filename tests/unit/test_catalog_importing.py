"""Catalog file rows: what a cell may hold, how rows become products, and that an exported row reads back the same."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal

from api.i18n import translate
from domain.catalog import import_plan, importing
from domain.catalog.entities import Category, Product, ProductStatus, Sku

SHIRTS = uuid.uuid4()
CATEGORIES = {"服装/男装": SHIRTS}


def cells(**values: str) -> dict[str, str]:
    row = {
        "product_code": "P-1",
        "product_name": "T恤",
        "product_name_en": "",
        "category": "服装/男装",
        "brand": "Acme",
        "status": "on_sale",
        "description": "",
        "tags": "",
        "sku_code": "P-1-M",
        "barcode": "",
        "attributes": "颜色=红;尺码=M",
        "retail_price": "99.00",
        "wholesale_price": "",
        "promo_price": "",
        "promo_starts_at": "",
        "promo_ends_at": "",
        "weight_grams": "",
    }
    return {**row, **values}


def parsed(line: int = 2, **values: str) -> importing.ParsedRow:
    row, errors = importing.parse_row(line, cells(**values), CATEGORIES, "CNY")
    assert row is not None, errors
    return row


def error_codes(**values: str) -> set[tuple[str | None, str]]:
    row, errors = importing.parse_row(2, cells(**values), CATEGORIES, "CNY")
    assert row is None
    return {(e.column, e.code) for e in errors}


def test_a_good_row_becomes_typed_product_and_sku_fields() -> None:
    row = parsed(
        tags="新品; 夏季；新品",
        promo_price="79.5",
        promo_starts_at="2026-12-01T00:00:00+08:00",
        promo_ends_at="2026-12-12T00:00:00Z",
        weight_grams="250",
        category=" 服装 / 男装 ",
        status="在售",
    )
    assert row.product.category_id == SHIRTS
    assert row.product.status == ProductStatus.ON_SALE
    assert row.product.tags == ("新品", "夏季")
    assert row.sku.attributes == {"颜色": "红", "尺码": "M"}
    assert row.sku.retail_price == Decimal("99.00")
    assert row.sku.promo_price == Decimal("79.5")
    assert row.sku.promo_starts_at == datetime(2026, 11, 30, 16, tzinfo=UTC)
    assert row.sku.weight_grams == 250


def test_every_bad_cell_of_a_row_is_reported() -> None:
    assert error_codes(
        product_name="",
        category="服装/女装",
        status="selling",
        retail_price="-1",
        wholesale_price="12.345",
        promo_price="abc",
        attributes="颜色红",
        weight_grams="1.5",
    ) == {
        ("product_name", "import.required"),
        ("category", "import.unknown_category"),
        ("status", "import.bad_status"),
        ("retail_price", "import.bad_price"),
        ("wholesale_price", "import.bad_price"),
        ("promo_price", "import.bad_price"),
        ("attributes", "import.bad_attributes"),
        ("weight_grams", "import.bad_weight"),
    }


def test_promotion_times_need_an_offset_and_must_end_after_they_start() -> None:
    assert error_codes(promo_starts_at="2026-12-01 00:00") == {("promo_starts_at", "import.time_zone_missing")}
    assert error_codes(promo_starts_at="next monday") == {("promo_starts_at", "import.bad_time")}
    assert error_codes(promo_starts_at="2026-12-02T00:00:00+08:00", promo_ends_at="2026-12-01T00:00:00+08:00") == {
        ("promo_ends_at", "import.promo_window")
    }


def test_codes_keep_the_shape_the_product_editor_accepts() -> None:
    assert error_codes(sku_code="红-M", barcode="69 01") == {
        ("sku_code", "import.bad_code"),
        ("barcode", "import.bad_code"),
    }


def test_chinese_headers_and_required_marks_name_the_same_columns() -> None:
    positions, errors = importing.read_header(["商品编码*", "商品名称", "分类", "SKU编码", "零售价", "重量(克)", ""])
    assert errors == []
    assert list(positions.values()) == [
        "product_code",
        "product_name",
        "category",
        "sku_code",
        "retail_price",
        "weight_grams",
    ]


def test_a_header_with_unknown_repeated_or_missing_columns_is_refused() -> None:
    _, errors = importing.read_header(["product_code", "product_code", "colour", "sku_code", "retail_price"])
    assert {(e.line, e.column, e.code) for e in errors} == {
        (1, "product_code", "import.duplicate_column"),
        (1, "colour", "import.unknown_column"),
        (1, "product_name", "import.missing_column"),
        (1, "category", "import.missing_column"),
    }


def nothing_existing() -> import_plan.Existing:
    return import_plan.Existing(products={}, sku_owners={}, barcode_owners={})


def test_rows_sharing_a_product_code_form_one_product() -> None:
    plan = import_plan.plan_import(
        [
            parsed(2),
            parsed(3, sku_code="P-1-L", attributes="颜色=红;尺码=L"),
            parsed(4, product_code="P-2", sku_code="P-2-A"),
        ],
        nothing_existing(),
    )
    assert plan.errors == []
    assert [(p.fields.code, [s.code for _, s in p.skus]) for p in plan.products] == [
        ("P-1", ["P-1-M", "P-1-L"]),
        ("P-2", ["P-2-A"]),
    ]
    assert (plan.products_created, plan.skus_created, plan.products_updated, plan.skus_updated) == (2, 3, 0, 0)


def test_rows_of_one_product_must_agree_and_codes_must_not_repeat() -> None:
    plan = import_plan.plan_import(
        [
            parsed(2, barcode="690001"),
            parsed(3, sku_code="P-1-L", product_name="Other name", brand="Other"),
            parsed(4, sku_code="P-1-M"),
            parsed(5, sku_code="P-1-XL", barcode="690001"),
        ],
        nothing_existing(),
    )
    assert [(e.line, e.column, e.code, e.params.get("first_line")) for e in plan.errors] == [
        (3, "product_name", "import.product_conflict", 2),
        (3, "brand", "import.product_conflict", 2),
        (4, "sku_code", "import.duplicate_sku_code", 2),
        (5, "barcode", "import.duplicate_barcode", 2),
    ]


def existing_product(status: ProductStatus = ProductStatus.ON_SALE) -> Product:
    product = Product(code="P-1", name="T恤", category_id=SHIRTS, status=status, currency="CNY")
    product.skus = [Sku(product_id=product.id, code="P-1-M", retail_price_minor=9900, barcode="690001", currency="CNY")]
    return product


def test_codes_and_barcodes_of_other_products_are_refused_but_a_sku_may_keep_its_own() -> None:
    product = existing_product()
    other = uuid.uuid4()
    existing = import_plan.Existing(
        products={"P-1": product},
        sku_owners={"P-1-M": product.id, "Q-1": other},
        barcode_owners={"690001": product.id, "690002": other},
    )
    plan = import_plan.plan_import(
        [
            parsed(2, barcode="690001"),
            parsed(3, sku_code="Q-1"),
            parsed(4, sku_code="P-1-L", barcode="690002"),
            parsed(5, product_code="P-9", sku_code="P-9-A", barcode="690001"),
        ],
        existing,
    )
    assert [(e.line, e.code) for e in plan.errors] == [
        (3, "import.sku_code_taken"),
        (4, "import.barcode_taken"),
        (5, "import.duplicate_barcode"),
        (5, "import.barcode_taken"),
    ]
    assert (plan.products_updated, plan.skus_updated) == (1, 1)


def test_status_changes_follow_the_product_life_cycle() -> None:
    existing = import_plan.Existing(products={"P-1": existing_product()}, sku_owners={}, barcode_owners={})
    plan = import_plan.plan_import([parsed(2, status="draft")], existing)
    assert [(e.column, e.code) for e in plan.errors] == [("status", "import.status_transition")]
    plan = import_plan.plan_import([parsed(2, product_code="P-2", sku_code="X", status="off_sale")], existing)
    assert [e.code for e in plan.errors] == ["import.status_transition"]


def test_applying_a_plan_updates_skus_in_place_and_adds_new_ones() -> None:
    product = existing_product()
    existing = import_plan.Existing(
        products={"P-1": product}, sku_owners={"P-1-M": product.id}, barcode_owners={"690001": product.id}
    )
    now = datetime(2026, 11, 25, tzinfo=UTC)
    plan = import_plan.plan_import(
        [parsed(2, retail_price="89.00", barcode="690001"), parsed(3, sku_code="P-1-L", retail_price="109")], existing
    )
    assert import_plan.apply_plan(plan, now, "CNY") == []
    assert [(s.code, s.retail_price_minor, s.position) for s in product.skus] == [
        ("P-1-M", 8900, 0),
        ("P-1-L", 10900, 1),
    ]
    assert product.price_minor == 8900
    assert "p-1-l" in product.search_text


def test_an_exported_row_reads_back_as_the_same_values() -> None:
    # given a product whose texts would look like formulas to a spreadsheet program
    category = Category(name="男装", id=SHIRTS)
    parent = Category(name="服装")
    category.parent_id = parent.id
    product = Product(
        code="P-1", name="=HYPERLINK()", category_id=SHIRTS, tags=["新品", "夏季"], description="-5 度", currency="CNY"
    )
    sku = Sku(
        product_id=product.id,
        code="P-1-M",
        retail_price_minor=9900,
        wholesale_price_minor=6900,
        promo_price_minor=7950,
        promo_starts_at=datetime(2026, 12, 1, tzinfo=UTC),
        attributes={"颜色": "红", "尺码": "M"},
        weight_grams=250,
        currency="CNY",
    )
    product.skus = [sku]
    paths = import_plan.category_paths([category, parent])
    # when it is exported, quoted like a CSV cell, and read back
    (row,) = import_plan.rows_of(product, paths[SHIRTS])
    quoted = {k: f"'{v}" if v.startswith(importing.FORMULA_STARTS) else v for k, v in row.items()}
    positions, _ = importing.read_header(list(importing.KEYS))
    back = parsed(**importing.cells_of(positions, [quoted[k] for k in importing.KEYS]))
    # then
    assert paths[SHIRTS] == "服装/男装"
    assert back.product.name == "=HYPERLINK()"
    assert back.product.description == "-5 度"
    assert back.product.tags == ("新品", "夏季")
    assert (back.sku.retail_price, back.sku.wholesale_price, back.sku.promo_price) == (
        Decimal("99.00"),
        Decimal("69.00"),
        Decimal("79.50"),
    )
    assert back.sku.promo_starts_at == sku.promo_starts_at
    assert back.sku.attributes == sku.attributes
    assert back.sku.weight_grams == 250


def test_every_error_code_has_a_chinese_message_with_its_placeholders_filled() -> None:
    _, header_errors = importing.read_header(["colour", "sku_code", "sku_code"])
    _, row_errors = importing.parse_row(
        2, cells(category="无", product_code="红", tags=";".join("x" * 40 for _ in range(3))), CATEGORIES, "CNY"
    )
    plan = import_plan.plan_import([parsed(2), parsed(3, brand="B")], nothing_existing())
    for error in header_errors + row_errors + plan.errors:
        text = translate(error.code, "untranslated", "zh_CN", error.params)
        assert text != "untranslated" and "{" not in text, error


def test_file_prices_are_read_in_the_shops_currency_at_its_digits() -> None:
    row, _ = importing.parse_row(2, cells(retail_price="1500"), CATEGORIES, "JPY")
    assert row is not None and row.sku.retail_price == Decimal(1500)
    _, errors = importing.parse_row(2, cells(retail_price="99.50"), CATEGORIES, "JPY")
    assert [(e.column, e.code, e.params["decimals"]) for e in errors] == [("retail_price", "import.bad_price", 0)]
    assert "最多 0 位小数" in translate(errors[0].code, "untranslated", "zh_CN", errors[0].params)
    _, errors = importing.parse_row(2, cells(retail_price="9.995"), CATEGORIES, "KWD")
    assert errors == []
