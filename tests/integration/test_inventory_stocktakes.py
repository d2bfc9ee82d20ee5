"""Stocktakes as the warehouse runs them: open, count (by id or barcode, recounts replace), review the
differences, apply them as movements, close; anything out of order is refused."""

from __future__ import annotations

import re
from typing import Any

import httpx

from tests import factories as f
from tests.conftest import Shop, new_ip
from tests.ledger import assert_ledger_matches_levels


async def on_hand(client: httpx.AsyncClient, headers: dict[str, str], sku_id: str, warehouse_id: str) -> int:
    response = await client.get("/stock", params={"sku_id": sku_id, "warehouse_id": warehouse_id}, headers=headers)
    items = response.json()["items"]
    return int(items[0]["on_hand"]) if items else 0


async def open_stocktake(client: httpx.AsyncClient, headers: dict[str, str], warehouse_id: str) -> dict[str, Any]:
    response = await client.post("/stocktakes", json={"warehouse_id": warehouse_id, "note": "monthly"}, headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def count(
    client: httpx.AsyncClient, headers: dict[str, str], stocktake_id: str, *items: dict[str, Any]
) -> httpx.Response:
    return await client.put(f"/stocktakes/{stocktake_id}/counts", json={"items": list(items)}, headers=headers)


async def test_a_stocktake_is_counted_reviewed_applied_as_movements_and_closed(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    product = await f.create_product(client, admin, skus=3)
    short, exact, found = product["skus"]
    warehouse = await f.create_warehouse(client, admin)
    await f.receive_stock(client, admin, warehouse["id"], {short["id"]: 10, exact["id"]: 5})
    # when opened and counted (the first SKU twice: the recount replaces the count)
    stocktake = await open_stocktake(client, admin, warehouse["id"])
    assert re.fullmatch(r"ST\d{8}-\d{3}", stocktake["number"])
    assert (stocktake["status"], stocktake["warehouse_name"], stocktake["lines"]) == ("open", warehouse["name"], [])
    first = await count(
        client,
        admin,
        stocktake["id"],
        {"sku_id": short["id"], "counted": 8},
        {"barcode": exact["barcode"], "counted": 5},
        {"sku_id": found["id"], "counted": 2},
    )
    assert first.status_code == 200, first.text
    recount = await count(client, admin, stocktake["id"], {"sku_id": short["id"], "counted": 7})
    assert recount.status_code == 200
    # then the review shows each difference against what was on hand when counted
    review = (await client.get(f"/stocktakes/{stocktake['id']}", headers=admin)).json()
    lines = {line["sku_id"]: line for line in review["lines"]}
    assert {k: (v["expected"], v["counted"], v["difference"], v["current_on_hand"]) for k, v in lines.items()} == {
        short["id"]: (10, 7, -3, 10),
        exact["id"]: (5, 5, 0, 5),
        found["id"]: (0, 2, 2, 0),
    }
    assert lines[short["id"]]["product_name"] == product["name"]
    assert review["summary"] == {"lines": 3, "counted": 3, "uncounted": 0, "gains": 2, "losses": 3}
    # when applied
    applied = await client.post(f"/stocktakes/{stocktake['id']}/apply", headers=admin)
    assert applied.status_code == 200, applied.text
    assert applied.json()["status"] == "applied" and applied.json()["applied_at"]
    # then one stocktake movement per non-zero difference
    rows = await client.get(
        "/stock/movements", params={"reference_type": "stocktake", "reference_id": stocktake["number"]}, headers=admin
    )
    assert sorted((m["sku_id"], m["kind"], m["quantity"]) for m in rows.json()["items"]) == sorted(
        [(short["id"], "stocktake", -3), (found["id"], "stocktake", 2)]
    )
    assert [await on_hand(client, admin, s["id"], warehouse["id"]) for s in (short, exact, found)] == [7, 5, 2]
    closed = await client.post(f"/stocktakes/{stocktake['id']}/close", headers=admin)
    assert (closed.json()["status"], bool(closed.json()["closed_at"])) == ("closed", True)
    listed = await client.get("/stocktakes", params={"warehouse_id": warehouse["id"]}, headers=admin)
    assert [(s["number"], s["status"]) for s in listed.json()["items"]] == [(stocktake["number"], "closed")]
    audit = await client.get("/audit-log", params={"target_id": stocktake["id"], "sort": "at"}, headers=admin)
    assert [e["action"] for e in audit.json()["items"]] == [
        "stocktake.open",
        "stocktake.count",
        "stocktake.count",
        "stocktake.apply",
        "stocktake.close",
    ]
    await assert_ledger_matches_levels(shop.container, [s["id"] for s in product["skus"]])


async def test_steps_out_of_order_are_refused_as_invalid_transitions(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    warehouse = await f.create_warehouse(client, admin)
    sku_id = (await f.create_product(client, admin))["skus"][0]["id"]
    cancelled = await open_stocktake(client, admin, warehouse["id"])
    applied = await open_stocktake(client, admin, warehouse["id"])
    assert cancelled["number"] != applied["number"]

    close_open = await client.post(f"/stocktakes/{cancelled['id']}/close", headers=admin)
    cancel = await client.post(f"/stocktakes/{cancelled['id']}/cancel", headers=admin)
    apply_cancelled = await client.post(f"/stocktakes/{cancelled['id']}/apply", headers=admin)
    await client.post(f"/stocktakes/{applied['id']}/apply", headers=admin)
    cancel_applied = await client.post(f"/stocktakes/{applied['id']}/cancel", headers=admin)
    apply_twice = await client.post(f"/stocktakes/{applied['id']}/apply", headers=admin)
    count_applied = await count(client, admin, applied["id"], {"sku_id": sku_id, "counted": 1})

    assert (cancel.status_code, cancel.json()["status"]) == (200, "cancelled")
    for refused in (close_open, apply_cancelled, cancel_applied, apply_twice):
        assert refused.status_code == 409
        assert refused.json()["code"] == "stocktake.invalid_transition"
    assert (count_applied.status_code, count_applied.json()["code"]) == (409, "stocktake.not_open")


async def test_applying_a_loss_below_what_is_reserved_is_refused_and_applies_nothing(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    product = await f.create_product(client, admin, skus=2)
    held, gained = (s["id"] for s in product["skus"])
    warehouse = await f.create_warehouse(client, admin)
    await f.receive_stock(client, admin, warehouse["id"], {held: 10, gained: 1})
    body = {"lines": [{"sku_id": held, "quantity": 8}], "reference_type": "order", "reference_id": "ST-R"}
    assert (await client.post("/stock/reservations", json=body, headers=admin)).status_code == 201
    stocktake = await open_stocktake(client, admin, warehouse["id"])
    await count(client, admin, stocktake["id"], {"sku_id": held, "counted": 5}, {"sku_id": gained, "counted": 4})
    # when
    response = await client.post(f"/stocktakes/{stocktake['id']}/apply", headers=admin)
    # then
    assert (response.status_code, response.json()["code"]) == (409, "stock.insufficient")
    assert (await client.get(f"/stocktakes/{stocktake['id']}", headers=admin)).json()["status"] == "open"
    assert [await on_hand(client, admin, s, warehouse["id"]) for s in (held, gained)] == [10, 1]
    rows = await client.get("/stock/movements", params={"reference_id": stocktake["number"]}, headers=admin)
    assert rows.json()["total"] == 0
    await assert_ledger_matches_levels(shop.container, [held, gained])


async def test_counts_for_unknown_barcodes_or_bad_quantities_record_nothing(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    warehouse = await f.create_warehouse(client, admin)
    sku_id = (await f.create_product(client, admin))["skus"][0]["id"]
    stocktake = await open_stocktake(client, admin, warehouse["id"])

    unknown = await count(
        client, admin, stocktake["id"], {"sku_id": sku_id, "counted": 1}, {"barcode": "0000000000000", "counted": 1}
    )
    negative = await count(client, admin, stocktake["id"], {"sku_id": sku_id, "counted": -1})
    both = await count(client, admin, stocktake["id"], {"sku_id": sku_id, "barcode": "1", "counted": 1})
    analyst_user = await f.create_staff(client, admin, "analyst")
    analyst = f.bearer(await f.login(client, analyst_user["email"], f.PASSWORD))
    denied = await count(client, analyst, stocktake["id"], {"sku_id": sku_id, "counted": 1})

    assert (unknown.status_code, unknown.json()["code"]) == (422, "stocktake.unknown_sku")
    assert unknown.json()["errors"][0]["field"] == "items.1"
    assert negative.status_code == both.status_code == 422
    assert denied.status_code == 403
    assert (await client.get(f"/stocktakes/{stocktake['id']}", headers=analyst)).json()["lines"] == []


async def test_staff_who_may_not_adjust_stock_may_neither_apply_close_nor_cancel_a_stocktake(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    warehouse = await f.create_warehouse(client, admin)
    stocktake = await open_stocktake(client, admin, warehouse["id"])
    analyst_user = await f.create_staff(client, admin, "analyst")
    analyst = f.bearer(await f.login(client, analyst_user["email"], f.PASSWORD))

    refused = [
        await client.post(f"/stocktakes/{stocktake['id']}/{step}", headers=analyst)
        for step in ("apply", "close", "cancel")
    ]

    assert [(r.status_code, r.json()["permission"]) for r in refused] == [(403, "inventory:adjust")] * 3
    assert (await client.get(f"/stocktakes/{stocktake['id']}", headers=admin)).json()["status"] == "open"
