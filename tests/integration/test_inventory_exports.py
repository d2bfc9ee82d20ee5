"""Stock levels and the movement ledger go out as CSV and XLSX with the filters the lists show, formulas quoted
so a spreadsheet shows them as text."""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx
from openpyxl import load_workbook

from domain.inventory.exports import MOVEMENT_COLUMNS, STOCK_COLUMNS
from tests import factories as f
from tests.conftest import Shop, new_ip

STOCK_KEYS = [c.key for c in STOCK_COLUMNS]
MOVEMENT_KEYS = [c.key for c in MOVEMENT_COLUMNS]


def csv_rows(response: httpx.Response) -> list[list[str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_rows(response: httpx.Response) -> list[list[Any]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [[c.value for c in r] for r in sheet.iter_rows()]


def xlsx_types(response: httpx.Response) -> list[list[str]]:
    """Each cell's data type as openpyxl reads it: "n" a number, "s" text."""
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [[c.data_type for c in r] for r in sheet.iter_rows()]


async def stocked_shop(client: httpx.AsyncClient, admin: dict[str, str]) -> dict[str, Any]:
    product = await f.create_product(client, admin, skus=2, name='=HYPERLINK("x")')
    first, second = product["skus"]
    here, there = await f.create_warehouse(client, admin), await f.create_warehouse(client, admin)
    await f.receive_stock(client, admin, here["id"], {first["id"]: 10, second["id"]: 3})
    await f.receive_stock(client, admin, there["id"], {first["id"]: 5})
    return {"product": product, "first": first, "second": second, "here": here, "there": there}


async def test_the_stock_export_holds_the_levels_the_filtered_list_shows(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    s = await stocked_shop(client, admin)
    filters = {"warehouse_id": s["here"]["id"]}
    listed = (await client.get("/stock", params=filters, headers=admin)).json()["items"]

    # when the warehouse's stock is exported as CSV with column keys
    lines = csv_rows(await client.get("/stock/export", params=filters, headers=admin))

    # then the file has the list's rows, in its order, and the product name cannot run as a formula
    assert lines[0] == STOCK_KEYS
    column = {key: i for i, key in enumerate(STOCK_KEYS)}
    assert [(r[column["sku_code"]], r[column["on_hand"]]) for r in lines[1:]] == [
        (i["sku_code"], str(i["on_hand"])) for i in listed
    ]
    mine = {
        r[column["sku_code"]]: r
        for r in lines[1:]
        if r[column["sku_code"]] in {s["first"]["code"], s["second"]["code"]}
    }
    assert {code: (r[column["on_hand"]], r[column["warehouse_code"]]) for code, r in mine.items()} == {
        s["first"]["code"]: ("10", s["here"]["code"]),
        s["second"]["code"]: ("3", s["here"]["code"]),
    }
    assert mine[s["first"]["code"]][column["product_name"]] == '\'=HYPERLINK("x")'


async def test_the_stock_export_as_xlsx_has_chinese_headers_and_only_matching_rows(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    s = await stocked_shop(client, admin)

    # when one SKU's stock is exported as XLSX with Chinese column names
    exported = await client.get(
        "/stock/export", params={"sku_id": s["first"]["id"], "format": "xlsx", "labels": "zh"}, headers=admin
    )

    # then one row per warehouse holding it, codes kept as text, quantities as numbers a spreadsheet sums
    rows = xlsx_rows(exported)
    assert rows[0] == [c.label_zh for c in STOCK_COLUMNS]
    assert 'filename="stock-' in exported.headers["content-disposition"]
    column = {key: i for i, key in enumerate(STOCK_KEYS)}
    assert sorted((r[column["warehouse_code"]], r[column["on_hand"]]) for r in rows[1:]) == sorted(
        [(s["here"]["code"], 10), (s["there"]["code"], 5)]
    )
    types = xlsx_types(exported)[1]
    assert [types[column[k]] for k in ("on_hand", "reserved", "available", "low_stock_threshold")] == ["n"] * 4
    assert [types[column[k]] for k in ("sku_code", "warehouse_code", "product_name", "updated_at")] == ["s"] * 4
    assert rows[1][column["product_name"]] == '=HYPERLINK("x")'  # a text cell: XLSX never runs it
    assert all(r[column["sku_code"]] == s["first"]["code"] for r in rows[1:])


async def test_the_ledger_export_follows_the_filters_in_csv_and_xlsx(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    s = await stocked_shop(client, admin)
    adjusted = await client.post(
        "/stock/adjustments",
        json={
            "reason": "-broken",
            "lines": [{"sku_id": s["first"]["id"], "warehouse_id": s["here"]["id"], "delta": -2}],
        },
        headers=admin,
    )
    assert adjusted.status_code == 201, adjusted.text
    filters = {"warehouse_id": s["here"]["id"], "sku_id": s["first"]["id"]}

    # when the ledger of one SKU in one warehouse is exported, oldest first
    lines = csv_rows(await client.get("/stock/movements/export", params={**filters, "sort": "at"}, headers=admin))
    rows = xlsx_rows(
        await client.get(
            "/stock/movements/export", params={**filters, "kind": "adjust", "format": "xlsx"}, headers=admin
        )
    )

    # then the CSV holds its receipt and its adjustment, the XLSX only the adjustment
    column = {key: i for i, key in enumerate(MOVEMENT_KEYS)}
    assert lines[0] == MOVEMENT_KEYS
    assert [(r[column["kind"]], r[column["quantity"]], r[column["on_hand_after"]]) for r in lines[1:]] == [
        ("inbound", "10", "10"),
        ("adjust", "-2", "8"),
    ]
    assert lines[2][column["reason"]] == "'-broken"
    assert rows[0] == MOVEMENT_KEYS
    assert [(r[column["kind"]], r[column["quantity"]], r[column["actor_name"]] is not None) for r in rows[1:]] == [
        ("adjust", -2, True)
    ]
    assert rows[1][column["on_hand_after"]] == 8
    assert isinstance(rows[1][column["at"]], str)  # times are ISO text with their offset, as in the CSV


async def test_exports_need_the_right_to_read_stock(shop: Shop) -> None:
    client = shop.client(new_ip())
    headers = f.bearer(await f.register_customer(client))
    assert (await client.get("/stock/export", headers=headers)).status_code == 403
    assert (await client.get("/stock/movements/export", headers=headers)).status_code == 403
    assert (
        await client.get("/stock/export", params={"format": "pdf"}, headers=await f.admin_headers(client))
    ).status_code == 422
