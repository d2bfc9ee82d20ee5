"""The count sheet: a stocktake for a warehouse or one category lists every SKU in scope to count, shows what is
not counted yet, hides expected quantities in a blind count, exports as CSV and XLSX, and is not applied while
lines are uncounted."""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx
from openpyxl import load_workbook

from tests import factories as f
from tests.conftest import Shop, new_ip


async def open_sheet(client: httpx.AsyncClient, admin: dict[str, str], **body: Any) -> dict[str, Any]:
    response = await client.post("/stocktakes", json=body, headers=admin)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def shop_with_two_categories(client: httpx.AsyncClient, admin: dict[str, str]) -> dict[str, Any]:
    shoes, hats = await f.create_category(client, admin), await f.create_category(client, admin)
    shoe = await f.create_product(client, admin, category_id=shoes["id"], skus=2)
    hat = await f.create_product(client, admin, category_id=hats["id"], skus=1)
    warehouse = await f.create_warehouse(client, admin)
    a, b = shoe["skus"]
    c = hat["skus"][0]
    await f.receive_stock(client, admin, warehouse["id"], {a["id"]: 10, b["id"]: 4, c["id"]: 7})
    return {"shoes": shoes, "hats": hats, "warehouse": warehouse, "a": a, "b": b, "c": c}


async def test_a_sheet_for_a_category_lists_its_skus_and_what_is_left_to_count(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    s = await shop_with_two_categories(client, admin)

    # when a stocktake is opened for the shoes in the warehouse
    sheet = await open_sheet(client, admin, warehouse_id=s["warehouse"]["id"], category_id=s["shoes"]["id"])

    # then it lists both shoe SKUs, none of the hats, all still to count
    assert [(line["sku_code"], line["expected"], line["counted"]) for line in sheet["lines"]] == sorted(
        [(s["a"]["code"], 10, None), (s["b"]["code"], 4, None)]
    )
    assert sheet["summary"] == {"lines": 2, "counted": 0, "uncounted": 2, "gains": 0, "losses": 0}
    assert sheet["category_id"] == s["shoes"]["id"] and sheet["blind"] is False

    # when one is counted
    counted = await client.put(
        f"/stocktakes/{sheet['id']}/counts", json={"items": [{"sku_id": s["a"]["id"], "counted": 9}]}, headers=admin
    )
    assert counted.status_code == 200, counted.text
    left = await client.get(f"/stocktakes/{sheet['id']}", params={"lines": "uncounted"}, headers=admin)

    # then the uncounted filter shows only the other, and the summary counts what is left
    assert [line["sku_code"] for line in left.json()["lines"]] == [s["b"]["code"]]
    assert left.json()["summary"] == {"lines": 2, "counted": 1, "uncounted": 1, "gains": 0, "losses": 1}

    # and applying is refused until every line is counted
    refused = await client.post(f"/stocktakes/{sheet['id']}/apply", headers=admin)
    assert refused.status_code == 409 and refused.json()["code"] == "stocktake.uncounted"
    assert "1" in refused.json()["detail"]
    await client.put(
        f"/stocktakes/{sheet['id']}/counts",
        json={"items": [{"barcode": s["b"]["barcode"], "counted": 4}]},
        headers=admin,
    )
    applied = await client.post(f"/stocktakes/{sheet['id']}/apply", headers=admin)
    assert applied.status_code == 200, applied.text
    assert applied.json()["summary"]["uncounted"] == 0


async def test_a_whole_warehouse_sheet_exports_as_csv_and_xlsx(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    s = await shop_with_two_categories(client, admin)
    sheet = await open_sheet(client, admin, warehouse_id=s["warehouse"]["id"], count_sheet=True)
    assert sheet["summary"]["lines"] == 3
    await client.put(
        f"/stocktakes/{sheet['id']}/counts", json={"items": [{"sku_id": s["c"]["id"], "counted": 8}]}, headers=admin
    )

    as_csv = await client.get(f"/stocktakes/{sheet['id']}/sheet", headers=admin)
    as_xlsx = await client.get(
        f"/stocktakes/{sheet['id']}/sheet",
        params={"format": "xlsx", "labels": "zh", "lines": "uncounted"},
        headers=admin,
    )

    assert as_csv.status_code == 200, as_csv.text
    assert f'filename="count-sheet-{sheet["number"]}.csv"' in as_csv.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert rows[0] == ["sku_code", "barcode", "product_name", "sku_title", "expected", "counted", "difference"]
    by_code = {r[0]: r for r in rows[1:]}
    assert sorted(by_code) == sorted([s["a"]["code"], s["b"]["code"], s["c"]["code"]])
    assert by_code[s["c"]["code"]][4:] == ["7", "8", "1"]
    assert by_code[s["a"]["code"]][4:] == ["10", "", ""]  # an empty count to fill in
    assert as_xlsx.status_code == 200, as_xlsx.text
    cells = list(load_workbook(io.BytesIO(as_xlsx.content)).worksheets[0].iter_rows())
    sheet_rows = [[c.value for c in r] for r in cells]
    assert sheet_rows[0] == ["SKU编码", "条码", "商品名称", "规格", "账面数", "实盘数", "差异"]
    assert sorted(r[0] for r in sheet_rows[1:]) == sorted([s["a"]["code"], s["b"]["code"]])
    xlsx_by_code = {r[0].value: r for r in cells[1:]}
    expected, counted, _ = xlsx_by_code[s["a"]["code"]][4:]
    assert (expected.value, expected.data_type) == (10, "n")  # a number, not the text "10"
    assert counted.value is None  # the empty cell to count into
    assert xlsx_by_code[s["a"]["code"]][0].data_type == "s"


async def test_a_blind_count_hides_expected_quantities_until_revealed_or_applied(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    s = await shop_with_two_categories(client, admin)
    sheet = await open_sheet(client, admin, warehouse_id=s["warehouse"]["id"], category_id=s["hats"]["id"], blind=True)

    counted = await client.put(
        f"/stocktakes/{sheet['id']}/counts", json={"items": [{"sku_id": s["c"]["id"], "counted": 5}]}, headers=admin
    )
    exported = await client.get(f"/stocktakes/{sheet['id']}/sheet", headers=admin)
    revealed = await client.get(f"/stocktakes/{sheet['id']}", params={"reveal": "true"}, headers=admin)

    line = counted.json()["lines"][0]
    assert (line["expected"], line["counted"], line["difference"], line["current_on_hand"]) == (None, 5, None, None)
    assert counted.json()["expected_hidden"] is True
    assert counted.json()["summary"]["gains"] is None
    header = exported.content.decode("utf-8-sig").splitlines()[0]
    assert header == "sku_code,barcode,product_name,sku_title,counted"
    assert (revealed.json()["lines"][0]["expected"], revealed.json()["lines"][0]["difference"]) == (7, -2)
    applied = (await client.post(f"/stocktakes/{sheet['id']}/apply", headers=admin)).json()
    assert (applied["expected_hidden"], applied["summary"]["losses"]) == (False, 2)


async def test_a_sheet_for_an_unknown_category_is_refused(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    warehouse = await f.create_warehouse(client, admin)
    response = await client.post(
        "/stocktakes",
        json={"warehouse_id": warehouse["id"], "category_id": "00000000-0000-4000-8000-000000000000"},
        headers=admin,
    )
    assert response.status_code == 404 and response.json()["code"] == "category.not_found"
