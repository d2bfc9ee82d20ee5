"""Catalog import and export as staff use them: a dry run that lists every bad row, an all-or-nothing apply, and
files (CSV and XLSX) that go out and come back unchanged."""

from __future__ import annotations

import csv
import io
import uuid
from typing import Any

import httpx
from openpyxl import load_workbook

from domain.catalog.importing import COLUMNS, KEYS
from tests.conftest import Shop
from tests.factories import CLERK, admin_headers, bearer, create_category, login, unique_code

PROBLEM = "application/problem+json"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"


async def category_path(client: httpx.AsyncClient, admin: dict[str, str]) -> tuple[str, str]:
    """A new two-level category; returns its path for the file and the child's id."""
    parent = await create_category(client, admin, name=f"服装{uuid.uuid4().hex[:6]}")
    child = await create_category(client, admin, name="男装", parent_id=parent["id"])
    return f"{parent['name']}/男装", child["id"]


def row(path: str, product_code: str, sku_code: str, **values: str) -> dict[str, str]:
    cells = dict.fromkeys(KEYS, "")
    cells.update(
        product_code=product_code,
        product_name=f"T恤 {product_code}",
        category=path,
        brand="全单通",
        status="on_sale",
        description="100% 棉",
        tags="新品;夏季",
        sku_code=sku_code,
        barcode=f"69{uuid.uuid4().int % 10**11:011d}",
        attributes=f"颜色=红;尺码={sku_code[-2:]}",
        retail_price="99.00",
        wholesale_price="69.00",
        weight_grams="250",
    )
    cells.update(values)
    return cells


def csv_file(rows: list[dict[str, str]], header: list[str] | None = None) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header or list(KEYS))
    writer.writerows([[r[k] for k in KEYS] for r in rows])
    return buffer.getvalue().encode("utf-8-sig")


async def upload(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    content: bytes,
    *,
    filename: str = "catalog.csv",
    dry_run: bool = True,
) -> httpx.Response:
    return await client.post(
        "/catalog/import",
        params={"dry_run": str(dry_run).lower()},
        files={"file": (filename, content, "application/octet-stream")},
        headers=headers,
    )


async def products_matching(client: httpx.AsyncClient, admin: dict[str, str], q: str) -> list[dict[str, Any]]:
    response = await client.get("/products", params={"q": q}, headers=admin)
    assert response.status_code == 200, response.text
    return list(response.json()["items"])


async def detail(client: httpx.AsyncClient, admin: dict[str, str], product_code: str) -> dict[str, Any]:
    (summary,) = await products_matching(client, admin, product_code)
    response = await client.get(f"/products/{summary['id']}", headers=admin)
    assert response.status_code == 200, response.text
    return dict(response.json())


def counts(report: dict[str, Any]) -> tuple[int, int, int, int]:
    return report["products_created"], report["products_updated"], report["skus_created"], report["skus_updated"]


async def test_a_dry_run_reports_the_counts_and_writes_nothing(shop: Shop) -> None:
    client = shop.client()
    admin = await admin_headers(client)
    path, _ = await category_path(client, admin)
    p1, p2 = unique_code("P"), unique_code("P")
    rows = [row(path, p1, f"{p1}-S"), row(path, p1, f"{p1}-M"), row(path, p2, f"{p2}-L")]

    response = await upload(client, admin, csv_file(rows))

    assert response.status_code == 200, response.text
    report = response.json()
    assert report["dry_run"] is True and report["valid"] is True and report["errors"] == []
    assert report["rows"] == 3
    assert counts(report) == (2, 0, 3, 0)
    assert await products_matching(client, admin, p1) == []
    assert await products_matching(client, admin, p2) == []


async def test_applying_a_file_creates_products_that_staff_can_find(shop: Shop) -> None:
    client = shop.client()
    admin = await admin_headers(client)
    path, category_id = await category_path(client, admin)
    code = unique_code("P")
    small = row(
        path,
        code,
        f"{code}-S",
        promo_price="79.50",
        promo_starts_at="2026-01-01T00:00:00+08:00",
        promo_ends_at="2099-01-01T00:00:00Z",
    )
    rows = [small, row(path, code, f"{code}-M", retail_price="109.00", barcode="")]

    response = await upload(client, admin, csv_file(rows), dry_run=False)

    assert response.status_code == 200, response.text
    assert response.json()["dry_run"] is False
    assert counts(response.json()) == (1, 0, 2, 0)
    product = await detail(client, admin, code)
    assert (product["name"], product["category_id"], product["status"]) == (f"T恤 {code}", category_id, "on_sale")
    assert product["tags"] == ["新品", "夏季"]
    assert product["price"] == {"amount": "79.50", "currency": "CNY"}
    skus = {s["code"]: s for s in product["skus"]}
    assert skus[f"{code}-S"]["attributes"] == {"颜色": "红", "尺码": "-S"}
    assert skus[f"{code}-S"]["wholesale_price"] == {"amount": "69.00", "currency": "CNY"}
    assert skus[f"{code}-S"]["promo_starts_at"].startswith("2025-12-31T16:00:00")
    assert skus[f"{code}-M"]["retail_price"] == {"amount": "109.00", "currency": "CNY"}
    assert skus[f"{code}-M"]["barcode"] is None
    # found by barcode and by category, like any product
    assert [p["code"] for p in await products_matching(client, admin, small["barcode"])] == [code]
    listed = await client.get("/products", params={"category_id": category_id}, headers=admin)
    assert [p["code"] for p in listed.json()["items"]] == [code]
    audit = await client.get("/audit-log", params={"action": "catalog.import"}, headers=admin)
    assert audit.status_code == 200, audit.text
    entry = audit.json()["items"][0]
    assert entry["after"]["products_created"] == 1 and entry["after"]["skus_created"] == 2


async def test_a_file_with_bad_rows_names_each_line_and_reason_and_changes_nothing(shop: Shop) -> None:
    # given an existing product, and another whose barcode the file tries to reuse
    client = shop.client()
    admin = await admin_headers(client)
    path, _ = await category_path(client, admin)
    kept, other, new = unique_code("P"), unique_code("P"), unique_code("P")
    twice = f"69{uuid.uuid4().int % 10**11:011d}"
    taken = row(path, other, f"{other}-A")
    first = await upload(client, admin, csv_file([row(path, kept, f"{kept}-A"), taken]), dry_run=False)
    assert first.status_code == 200, first.text
    before = await detail(client, admin, kept)
    rows = [
        row(path, kept, f"{kept}-A", retail_price="1.00", barcode=before["skus"][0]["barcode"]),  # 2: fine alone
        row(path, new, f"{new}-A", product_name=""),  # 3
        row(path, new, f"{new}-B", category=f"{path}/不存在"),  # 4
        row(path, new, f"{new}-C", status="selling"),  # 5
        row(path, new, f"{new}-D", retail_price="-5"),  # 6
        row(path, new, f"{new}-E", wholesale_price="9.999"),  # 7
        row(path, new, f"{new}-F", promo_starts_at="2026-12-02T00:00Z", promo_ends_at="2026-12-01T00:00Z"),  # 8
        row(path, new, f"{new}-A"),  # 9: the first good row of `new`
        row(path, new, f"{new}-A"),  # 10: same SKU code again
        row(path, new, f"{new}-G", barcode=taken["barcode"]),  # 11: another product's barcode
        row(path, new, f"{new}-H", brand="别的品牌"),  # 12: disagrees with line 9
        row(path, new, f"{new}-I", attributes="颜色:红"),  # 13
        row(path, new, f"{new}-J", weight_grams="2.5"),  # 14
        row(path, new, f"{new}-K", barcode=twice),  # 15
        row(path, new, f"{new}-L", barcode=twice),  # 16: same barcode as line 15
    ]
    expected = {
        (3, "product_name", "import.required"),
        (4, "category", "import.unknown_category"),
        (5, "status", "import.bad_status"),
        (6, "retail_price", "import.bad_price"),
        (7, "wholesale_price", "import.bad_price"),
        (8, "promo_ends_at", "import.promo_window"),
        (10, "sku_code", "import.duplicate_sku_code"),
        (11, "barcode", "import.barcode_taken"),
        (12, "brand", "import.product_conflict"),
        (13, "attributes", "import.bad_attributes"),
        (14, "weight_grams", "import.bad_weight"),
        (16, "barcode", "import.duplicate_barcode"),
    }

    # when it is checked
    dry = await upload(client, admin, csv_file(rows))
    # then every bad row is named with its line, column and reason
    assert dry.status_code == 200, dry.text
    report = dry.json()
    assert report["valid"] is False
    assert {(e["line"], e["column"], e["code"]) for e in report["errors"]} == expected
    assert report["error_count"] == len(expected)
    assert all(e["message"] for e in report["errors"])

    # when it is applied anyway
    applied = await upload(client, admin, csv_file(rows), dry_run=False)
    # then nothing changes, and the answer lists the same errors
    assert applied.status_code == 422, applied.text
    assert applied.headers["content-type"] == PROBLEM
    assert applied.json()["code"] == "import.invalid"
    assert {(e["line"], e["column"], e["code"]) for e in applied.json()["errors"]} == expected
    assert await detail(client, admin, kept) == before
    assert await products_matching(client, admin, new) == []


async def test_row_errors_read_in_chinese_for_a_chinese_speaking_user(shop: Shop) -> None:
    client = shop.client()
    admin = {**await admin_headers(client), "Accept-Language": "zh-CN"}
    path, _ = await category_path(client, admin)
    code = unique_code("P")

    response = await upload(client, admin, csv_file([row(path, code, f"{code}-A", weight_grams="很重")]))

    (error,) = response.json()["errors"]
    assert error["message"] == "重量应为整数（克）"


async def test_an_exported_xlsx_file_imports_back_unchanged(shop: Shop) -> None:
    # given products made by a file, with texts a spreadsheet would take for formulas
    client = shop.client()
    admin = await admin_headers(client)
    path, category_id = await category_path(client, admin)
    p1, p2 = unique_code("P"), unique_code("P")
    rows = [
        row(path, p1, f"{p1}-S", product_name="=1+1", promo_price="59.90", promo_starts_at="2026-06-01T08:00:00+08:00"),
        row(path, p1, f"{p1}-M", product_name="=1+1", barcode="", wholesale_price="", weight_grams=""),
        row(path, p2, f"{p2}-A", status="draft", description="第一行\n-第二行", tags="", attributes=""),
    ]
    assert (await upload(client, admin, csv_file(rows), dry_run=False)).status_code == 200
    before = [await detail(client, admin, p1), await detail(client, admin, p2)]

    # when staff export that category as XLSX
    exported = await client.get("/catalog/export", params={"format": "xlsx", "category_id": category_id}, headers=admin)

    # then the file holds the header and one row per SKU
    assert exported.status_code == 200, exported.text
    assert exported.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert 'filename="catalog-' in exported.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(exported.content)).worksheets[0]
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert values[0] == list(KEYS)
    assert len(values) == 4
    # and importing it back changes nothing
    dry = await upload(client, admin, exported.content, filename="catalog.xlsx")
    assert dry.status_code == 200, dry.text
    assert dry.json()["errors"] == []
    assert counts(dry.json()) == (0, 2, 0, 3)
    applied = await upload(client, admin, exported.content, filename="catalog.xlsx", dry_run=False)
    assert applied.status_code == 200, applied.text
    after = [await detail(client, admin, p1), await detail(client, admin, p2)]
    ignore = {"updated_at", "version"}  # a re-import writes the rows again: bookkeeping moves on
    assert [{k: v for k, v in p.items() if k not in ignore} for p in after] == [
        {k: v for k, v in p.items() if k not in ignore} for p in before
    ]


async def test_an_exported_csv_file_opens_in_excel_and_imports_back_unchanged(shop: Shop) -> None:
    client = shop.client()
    admin = await admin_headers(client)
    path, category_id = await category_path(client, admin)
    code = unique_code("P")
    rows = [row(path, code, f"{code}-S", description='@mention, "quoted"', tags="-1;+1")]
    assert (await upload(client, admin, csv_file(rows), dry_run=False)).status_code == 200

    exported = await client.get("/catalog/export", params={"category_id": category_id, "q": code}, headers=admin)

    assert exported.status_code == 200, exported.text
    assert exported.headers["content-type"].startswith("text/csv")
    assert exported.content.startswith("\ufeff".encode())  # Excel reads the BOM as UTF-8
    lines = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert lines[1][KEYS.index("description")] == '\'@mention, "quoted"'  # no formula in Excel
    dry = await upload(client, admin, exported.content)
    assert dry.json()["errors"] == []
    assert counts(dry.json()) == (0, 1, 0, 1)


async def test_a_file_with_chinese_headers_is_accepted(shop: Shop) -> None:
    client = shop.client()
    admin = await admin_headers(client)
    path, _ = await category_path(client, admin)
    code = unique_code("P")
    chinese = [c.label_zh for c in COLUMNS]
    rows = [row(path, code, f"{code}-S", status="在售")]

    excel_on_windows = csv_file(rows, header=chinese).decode("utf-8-sig").encode("gb18030")  # Excel's "CSV" in China
    checked = await upload(client, admin, excel_on_windows)
    response = await upload(client, admin, csv_file(rows, header=chinese), dry_run=False)

    assert (checked.json()["errors"], counts(checked.json())) == ([], (1, 0, 1, 0))
    assert response.status_code == 200, response.text
    assert counts(response.json()) == (1, 0, 1, 0)
    assert (await detail(client, admin, code))["status"] == "on_sale"


async def test_the_template_has_the_header_and_an_example_row(shop: Shop) -> None:
    client = shop.client()
    admin = await admin_headers(client)

    csv_template = await client.get("/catalog/import-template", headers=admin)
    xlsx_template = await client.get(
        "/catalog/import-template", params={"format": "xlsx", "labels": "zh"}, headers=admin
    )

    assert csv_template.status_code == 200, csv_template.text
    assert 'filename="catalog-import-template.csv"' in csv_template.headers["content-disposition"]
    header, *examples = list(csv.reader(io.StringIO(csv_template.content.decode("utf-8-sig"))))
    assert header == list(KEYS)
    # the spec syntax of the editor, English words optional
    assert [e[KEYS.index("attributes")] for e in examples] == [
        "颜色|Colour=红|Red;尺码|Size=M",
        "颜色|Colour=蓝;尺码|Size=M",
    ]
    sheet = load_workbook(io.BytesIO(xlsx_template.content)).worksheets[0]
    assert [c.value for c in next(sheet.iter_rows())] == [c.label_zh for c in COLUMNS]
    # the example only lacks its category in a fresh shop
    dry = await upload(client, admin, xlsx_template.content, filename="template.xlsx")
    assert {e["code"] for e in dry.json()["errors"]} <= {"import.unknown_category"}


async def test_a_file_that_is_not_a_spreadsheet_is_refused(shop: Shop) -> None:
    client = shop.client()
    admin = await admin_headers(client)

    as_image = await upload(client, admin, PNG, filename="photo.png")
    as_xlsx = await upload(client, admin, PNG, filename="catalog.xlsx")
    as_csv = await upload(client, admin, PNG, filename="catalog.csv")
    empty = await upload(client, admin, b"", filename="catalog.csv")

    assert (as_image.status_code, as_image.json()["code"]) == (422, "import.unsupported_file")
    assert (as_xlsx.status_code, as_xlsx.json()["code"]) == (422, "import.unreadable")
    assert (as_csv.status_code, as_csv.json()["code"]) == (422, "import.unreadable")
    assert (empty.status_code, empty.json()["code"]) == (422, "import.empty_file")


async def test_files_over_the_size_or_row_limit_are_refused(shop: Shop) -> None:
    client = shop.client()
    admin = await admin_headers(client)
    header = ",".join(KEYS) + "\n"

    too_big = await upload(client, admin, (header + "x" * (5 * 1024 * 1024)).encode())
    too_long = await upload(client, admin, (header + "P,p,c,,,,,S,,,1\n" * 10_001).encode())

    assert (too_big.status_code, too_big.json()["code"]) == (413, "import.file_too_large")
    assert (too_long.status_code, too_long.json()["code"]) == (422, "import.too_many_rows")


async def test_a_clerk_may_export_but_not_import(shop: Shop) -> None:
    client = shop.client()
    clerk = bearer(await login(client, *CLERK))

    imported = await upload(client, clerk, csv_file([]))
    exported = await client.get("/catalog/export", params={"q": "nothing-matches-this"}, headers=clerk)

    assert (imported.status_code, imported.json()["code"]) == (403, "auth.forbidden")
    assert exported.status_code == 200
    assert exported.content.decode("utf-8-sig").strip() == ",".join(KEYS)
