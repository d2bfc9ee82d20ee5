"""Receipts, adjustments and transfers as staff see them: levels change, each change leaves ledger rows, and the
ledger always adds up to the levels."""

from __future__ import annotations

from typing import Any

import httpx

from tests import factories as f
from tests.conftest import Shop, new_ip
from tests.ledger import assert_ledger_matches_levels


async def level_of(
    client: httpx.AsyncClient, headers: dict[str, str], sku_id: str, warehouse_id: str
) -> dict[str, Any]:
    response = await client.get("/stock", params={"sku_id": sku_id, "warehouse_id": warehouse_id}, headers=headers)
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert len(items) == 1, items
    return dict(items[0])


async def movements(client: httpx.AsyncClient, headers: dict[str, str], **params: Any) -> list[dict[str, Any]]:
    response = await client.get("/stock/movements", params={"page_size": 200, **params}, headers=headers)
    assert response.status_code == 200, response.text
    return list(response.json()["items"])


async def stocked_sku(
    client: httpx.AsyncClient, admin: dict[str, str], quantity: int = 10
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A new product's SKU with `quantity` received into a new warehouse."""
    product = await f.create_product(client, admin)
    warehouse = await f.create_warehouse(client, admin)
    await f.receive_stock(client, admin, warehouse["id"], {product["skus"][0]["id"]: quantity})
    return product, warehouse


async def reserve(client: httpx.AsyncClient, headers: dict[str, str], sku_id: str, quantity: int) -> dict[str, Any]:
    body = {"lines": [{"sku_id": sku_id, "quantity": quantity}], "reference_type": "order", "reference_id": "T-1"}
    response = await client.post("/stock/reservations", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def test_a_receipt_books_goods_in_and_writes_an_inbound_row_per_line(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    product = await f.create_product(client, admin, skus=2)
    red, blue = (s["id"] for s in product["skus"])
    warehouse = await f.create_warehouse(client, admin)
    # when
    response = await client.post(
        "/stock/receipts",
        json={
            "warehouse_id": warehouse["id"],
            "reference": "PO-2026-001",
            "reason": "purchase",
            "lines": [{"sku_id": red, "quantity": 12}, {"sku_id": blue, "quantity": 3}],
        },
        headers=admin,
    )
    # then
    assert response.status_code == 201, response.text
    rows = response.json()["movements"]
    assert {(m["sku_id"], m["kind"], m["quantity"], m["on_hand_before"], m["on_hand_after"]) for m in rows} == {
        (red, "inbound", 12, 0, 12),
        (blue, "inbound", 3, 0, 3),
    }
    assert {m["reference_type"] for m in rows} == {"receipt"}
    assert {m["reference_id"] for m in rows} == {"PO-2026-001"}
    assert {m["actor_name"] for m in rows} == {f.ADMIN[0]}
    assert {m["product_name"] for m in rows} == {product["name"]}
    assert {m["warehouse_code"] for m in rows} == {warehouse["code"]}
    level = await level_of(client, admin, red, warehouse["id"])
    assert (level["on_hand"], level["reserved"], level["available"]) == (12, 0, 12)
    assert level["product_name"] == product["name"]
    assert level["sku_code"] == product["skus"][0]["code"]
    audit = await client.get(
        "/audit-log", params={"action": "stock.inbound", "target_id": "PO-2026-001"}, headers=admin
    )
    assert audit.json()["total"] >= 1
    await assert_ledger_matches_levels(shop.container, [red, blue])


async def test_an_adjustment_needs_a_reason_and_changes_on_hand_both_ways(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    product, warehouse = await stocked_sku(client, admin, 10)
    sku_id = product["skus"][0]["id"]
    line = {"sku_id": sku_id, "warehouse_id": warehouse["id"], "delta": -3}
    # when
    without_reason = await client.post("/stock/adjustments", json={"reason": "", "lines": [line]}, headers=admin)
    damaged = await client.post("/stock/adjustments", json={"reason": "damaged", "lines": [line]}, headers=admin)
    found = await client.post(
        "/stock/adjustments", json={"reason": "found", "lines": [{**line, "delta": 1}]}, headers=admin
    )
    # then
    assert without_reason.status_code == 422
    assert damaged.status_code == 201, damaged.text
    assert damaged.json()["movements"][0]["kind"] == "adjust"
    assert damaged.json()["movements"][0]["reason"] == "damaged"
    assert found.status_code == 201
    assert (await level_of(client, admin, sku_id, warehouse["id"]))["on_hand"] == 8
    assert [m["quantity"] for m in await movements(client, admin, sku_id=sku_id, kind="adjust", sort="at")] == [-3, 1]
    await assert_ledger_matches_levels(shop.container, [sku_id])


async def test_adjusting_below_what_is_reserved_is_refused_and_changes_nothing(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    product, warehouse = await stocked_sku(client, admin, 10)
    other = await f.create_product(client, admin)
    sku_id, other_sku = product["skus"][0]["id"], other["skus"][0]["id"]
    await reserve(client, admin, sku_id, 6)
    ledger_before = await movements(client, admin, warehouse_id=warehouse["id"])
    # when: one fine line and one that would leave less on hand than is reserved
    response = await client.post(
        "/stock/adjustments",
        json={
            "reason": "shrinkage",
            "lines": [
                {"sku_id": other_sku, "warehouse_id": warehouse["id"], "delta": 4},
                {"sku_id": sku_id, "warehouse_id": warehouse["id"], "delta": -5},
            ],
        },
        headers=admin,
    )
    # then
    assert response.status_code == 409
    assert response.json()["code"] == "stock.insufficient"
    assert response.json()["available"] == 4
    level = await level_of(client, admin, sku_id, warehouse["id"])
    assert (level["on_hand"], level["reserved"]) == (10, 6)
    assert (await client.get("/stock", params={"sku_id": other_sku}, headers=admin)).json()["total"] == 0
    assert await movements(client, admin, warehouse_id=warehouse["id"]) == ledger_before
    await assert_ledger_matches_levels(shop.container, [sku_id, other_sku])


async def test_a_transfer_moves_available_stock_and_writes_an_out_and_an_in_row(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    product, source = await stocked_sku(client, admin, 10)
    target = await f.create_warehouse(client, admin)
    sku_id = product["skus"][0]["id"]
    await reserve(client, admin, sku_id, 7)
    body = {"sku_id": sku_id, "from_warehouse_id": source["id"], "to_warehouse_id": target["id"], "reason": "rebalance"}
    # when
    too_much = await client.post("/stock/transfers", json={**body, "quantity": 4}, headers=admin)
    moved = await client.post("/stock/transfers", json={**body, "quantity": 3}, headers=admin)
    # then
    assert too_much.status_code == 409
    assert too_much.json()["code"] == "stock.insufficient"
    assert moved.status_code == 201, moved.text
    out, into = moved.json()["movements"]
    assert (out["kind"], out["quantity"], out["warehouse_id"]) == ("transfer_out", -3, source["id"])
    assert (into["kind"], into["quantity"], into["warehouse_id"]) == ("transfer_in", 3, target["id"])
    assert out["reference_id"] == into["reference_id"]
    pair = await movements(client, admin, reference_type="transfer", reference_id=out["reference_id"])
    assert len(pair) == 2
    assert (await level_of(client, admin, sku_id, source["id"]))["on_hand"] == 7
    assert (await level_of(client, admin, sku_id, target["id"]))["available"] == 3
    await assert_ledger_matches_levels(shop.container, [sku_id])


async def test_bad_stock_input_is_a_422_and_writes_nothing(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    product, warehouse = await stocked_sku(client, admin, 5)
    sku_id = product["skus"][0]["id"]
    before = await movements(client, admin, sku_id=sku_id)
    attempts: list[tuple[str, dict[str, Any]]] = [
        ("/stock/receipts", {"warehouse_id": warehouse["id"], "lines": []}),
        ("/stock/receipts", {"warehouse_id": warehouse["id"], "lines": [{"sku_id": sku_id, "quantity": 0}]}),
        ("/stock/receipts", {"warehouse_id": "not-a-uuid", "lines": [{"sku_id": sku_id, "quantity": 1}]}),
        (
            "/stock/adjustments",
            {"reason": "x", "lines": [{"sku_id": sku_id, "warehouse_id": warehouse["id"], "delta": 0}]},
        ),
        ("/stock/adjustments", {"lines": [{"sku_id": sku_id, "warehouse_id": warehouse["id"], "delta": 1}]}),
        (
            "/stock/transfers",
            {"sku_id": sku_id, "from_warehouse_id": warehouse["id"], "to_warehouse_id": warehouse["id"], "quantity": 1},
        ),
        (
            "/stock/reservations",
            {"lines": [{"sku_id": sku_id, "quantity": -1}], "reference_type": "order", "reference_id": "x"},
        ),
    ]
    for path, body in attempts:
        response = await client.post(path, json=body, headers=admin)
        assert response.status_code == 422, (path, body, response.text)
        assert response.json()["code"] == "validation.failed"
    assert await movements(client, admin, sku_id=sku_id) == before
    assert (await level_of(client, admin, sku_id, warehouse["id"]))["on_hand"] == 5
    await assert_ledger_matches_levels(shop.container, [sku_id])


async def test_unknown_skus_and_warehouses_are_404_and_change_nothing(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    product, warehouse = await stocked_sku(client, admin, 5)
    sku_id = product["skus"][0]["id"]
    missing = "00000000-0000-4000-8000-000000000000"

    unknown_sku = await client.post(
        "/stock/receipts",
        json={
            "warehouse_id": warehouse["id"],
            "lines": [{"sku_id": sku_id, "quantity": 1}, {"sku_id": missing, "quantity": 1}],
        },
        headers=admin,
    )
    unknown_warehouse = await client.post(
        "/stock/receipts", json={"warehouse_id": missing, "lines": [{"sku_id": sku_id, "quantity": 1}]}, headers=admin
    )

    assert (unknown_sku.status_code, unknown_sku.json()["code"]) == (404, "sku.not_found")
    assert (unknown_warehouse.status_code, unknown_warehouse.json()["code"]) == (404, "warehouse.not_found")
    assert (await level_of(client, admin, sku_id, warehouse["id"]))["on_hand"] == 5
    await assert_ledger_matches_levels(shop.container, [sku_id])


async def test_stock_and_movements_can_be_filtered_sorted_and_paged(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    product = await f.create_product(client, admin, skus=3)
    a, b, c = (s["id"] for s in product["skus"])
    warehouse = await f.create_warehouse(client, admin)
    await f.receive_stock(client, admin, warehouse["id"], {a: 5, b: 50, c: 1})
    params = {"product_id": product["id"]}

    by_available = await client.get("/stock", params={**params, "sort": "-available"}, headers=admin)
    first_page = await client.get("/stock", params={**params, "sort": "available", "page_size": 2}, headers=admin)
    second_page = await client.get(
        "/stock", params={**params, "sort": "available", "page_size": 2, "page": 2}, headers=admin
    )
    by_barcode = await client.get("/stock", params={"q": product["skus"][1]["barcode"]}, headers=admin)
    by_name = await client.get("/stock", params={"q": product["name"][-8:]}, headers=admin)
    out = await client.get("/stock", params={**params, "status": "out_of_stock"}, headers=admin)
    bad_sort = await client.get("/stock", params={"sort": "password"}, headers=admin)
    inbound = await client.get(
        "/stock/movements", params={"warehouse_id": warehouse["id"], "kind": "inbound"}, headers=admin
    )
    none_yet = await client.get(
        "/stock/movements", params={"warehouse_id": warehouse["id"], "until": "2000-01-01T00:00:00Z"}, headers=admin
    )

    assert [i["available"] for i in by_available.json()["items"]] == [50, 5, 1]
    assert first_page.json()["total"] == 3
    assert [i["available"] for i in first_page.json()["items"]] == [1, 5]
    assert [i["available"] for i in second_page.json()["items"]] == [50]
    assert [i["sku_id"] for i in by_barcode.json()["items"]] == [b]
    assert by_name.json()["total"] == 3
    assert out.json()["total"] == 0
    assert bad_sort.status_code == 422
    assert inbound.json()["total"] == 3
    assert none_yet.json()["total"] == 0
    await assert_ledger_matches_levels(shop.container, [a, b, c])


async def test_every_stock_page_reports_the_whole_total_even_past_the_end(shop: Shop) -> None:
    # given: five stock levels of one product
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    product = await f.create_product(client, admin, skus=5)
    warehouse = await f.create_warehouse(client, admin)
    await f.receive_stock(client, admin, warehouse["id"], {s["id"]: 3 for s in product["skus"]})

    # when
    pages = [
        (await client.get("/stock", params={"product_id": product["id"], "page_size": 2, "page": n}, headers=admin))
        for n in (1, 2, 3, 4)
    ]

    # then: a full page, a full page, a last short page and a page past the end all say 5
    assert [page.json()["total"] for page in pages] == [5, 5, 5, 5]
    assert [len(page.json()["items"]) for page in pages] == [2, 2, 1, 0]
    assert [(p.json()["page"], p.json()["page_size"]) for p in pages] == [(1, 2), (2, 2), (3, 2), (4, 2)]


async def test_stock_writes_need_inventory_adjust(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    product, warehouse = await stocked_sku(client, admin, 5)
    sku_id = product["skus"][0]["id"]
    analyst_user = await f.create_staff(client, admin, "analyst")
    analyst = f.bearer(await f.login(client, analyst_user["email"], f.PASSWORD))
    customer = f.bearer(await f.register_customer(client))
    line = {"sku_id": sku_id, "warehouse_id": warehouse["id"], "delta": -5}

    for headers in (analyst, customer):
        denied = await client.post("/stock/adjustments", json={"reason": "theft", "lines": [line]}, headers=headers)
        assert denied.status_code == 403
        assert denied.json()["code"] == "auth.forbidden"
    assert (await client.get("/stock", params={"sku_id": sku_id}, headers=analyst)).status_code == 200
    assert (await client.get("/stock", params={"sku_id": sku_id}, headers=customer)).status_code == 403
    assert (await level_of(client, admin, sku_id, warehouse["id"]))["on_hand"] == 5
    await assert_ledger_matches_levels(shop.container, [sku_id])


async def test_a_receipt_sent_again_with_its_idempotency_key_is_booked_once(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    product = await f.create_product(client, admin)
    sku_id = product["skus"][0]["id"]
    warehouse = await f.create_warehouse(client, admin)
    body = {"warehouse_id": warehouse["id"], "lines": [{"sku_id": sku_id, "quantity": 4}]}
    key = {"Idempotency-Key": f.unique_code("key")}
    # when
    first = await client.post("/stock/receipts", json=body, headers={**admin, **key})
    again = await client.post("/stock/receipts", json=body, headers={**admin, **key})
    changed = await client.post(
        "/stock/receipts", json={**body, "lines": [{"sku_id": sku_id, "quantity": 5}]}, headers={**admin, **key}
    )
    # then
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert changed.status_code == 409
    assert changed.json()["code"] == "idempotency.conflict"
    assert (await level_of(client, admin, sku_id, warehouse["id"]))["on_hand"] == 4
    await assert_ledger_matches_levels(shop.container, [sku_id])


async def test_an_idempotency_key_belongs_to_its_caller_and_never_replays_to_another(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    clerk = await f.create_staff(client, admin, "warehouse")
    clerk_headers = f.bearer(await f.login(client, clerk["email"], f.PASSWORD))
    product = await f.create_product(client, admin)
    sku_id = product["skus"][0]["id"]
    warehouse = await f.create_warehouse(client, admin)
    body = {"warehouse_id": warehouse["id"], "lines": [{"sku_id": sku_id, "quantity": 3}]}
    key = {"Idempotency-Key": f.unique_code("shared")}
    # when: two people happen to send the same key
    mine = await client.post("/stock/receipts", json=body, headers={**admin, **key})
    theirs = await client.post("/stock/receipts", json=body, headers={**clerk_headers, **key})
    # then: each is booked, and neither sees the other's response
    assert mine.status_code == theirs.status_code == 201
    assert "idempotent-replayed" not in theirs.headers
    assert theirs.json() != mine.json()
    assert (await level_of(client, admin, sku_id, warehouse["id"]))["on_hand"] == 6
    await assert_ledger_matches_levels(shop.container, [sku_id])
