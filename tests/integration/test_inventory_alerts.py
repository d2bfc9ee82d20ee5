"""Low-stock alerts and the sale pause, as warehouse staff experience them: one message per fall to the
threshold (in the app and by e-mail), again after a restock, and sale paused at zero when asked."""

from __future__ import annotations

from typing import Any

import httpx

from tests import factories as f
from tests.conftest import Shop, new_ip
from tests.ledger import assert_ledger_matches_levels


async def level_of(client: httpx.AsyncClient, headers: dict[str, str], sku_id: str) -> dict[str, Any]:
    response = await client.get("/stock", params={"sku_id": sku_id}, headers=headers)
    assert response.status_code == 200, response.text
    [item] = response.json()["items"]
    return dict(item)


async def adjust(client: httpx.AsyncClient, admin: dict[str, str], sku_id: str, warehouse_id: str, delta: int) -> None:
    body = {"reason": "count", "lines": [{"sku_id": sku_id, "warehouse_id": warehouse_id, "delta": delta}]}
    response = await client.post("/stock/adjustments", json=body, headers=admin)
    assert response.status_code == 201, response.text


async def low_stock_alerts(client: httpx.AsyncClient, headers: dict[str, str], sku_code: str) -> list[dict[str, Any]]:
    response = await client.get("/me/notifications", params={"page_size": 200}, headers=headers)
    assert response.status_code == 200, response.text
    return [n for n in response.json()["items"] if n["event"] == "inventory.low_stock" and sku_code in n["title"]]


async def warehouse_keeper(client: httpx.AsyncClient, admin: dict[str, str]) -> tuple[str, dict[str, str]]:
    user = await f.create_staff(client, admin, "warehouse")
    return user["email"], f.bearer(await f.login(client, user["email"], f.PASSWORD))


async def test_falling_to_the_threshold_alerts_warehouse_staff_once_and_again_after_a_restock(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    email, keeper = await warehouse_keeper(client, admin)
    customer = f.bearer(await f.register_customer(client))
    product = await f.create_product(client, admin)
    sku = product["skus"][0]
    warehouse = await f.create_warehouse(client, admin)
    await f.receive_stock(client, admin, warehouse["id"], {sku["id"]: 10})
    level = await level_of(client, admin, sku["id"])
    assert (
        await client.patch(f"/stock/levels/{level['id']}", json={"low_stock_threshold": 3}, headers=admin)
    ).is_success
    # when stock falls to the threshold, then below it
    await adjust(client, admin, sku["id"], warehouse["id"], -7)
    await adjust(client, admin, sku["id"], warehouse["id"], -1)
    await shop.run_jobs()
    # then one alert, in the app and by e-mail
    alerts = await low_stock_alerts(client, keeper, sku["code"])
    assert len(alerts) == 1
    assert warehouse["name"] in alerts[0]["body"]
    assert len([m for m in shop.mailbox.to(email) if sku["code"] in m["Subject"]]) == 1
    assert await low_stock_alerts(client, customer, sku["code"]) == []
    low = await client.get("/stock", params={"status": "low", "warehouse_id": warehouse["id"]}, headers=admin)
    assert [i["sku_id"] for i in low.json()["items"]] == [sku["id"]]
    assert low.json()["items"][0]["is_low"] is True
    # when restocked above the threshold and falling again
    await f.receive_stock(client, admin, warehouse["id"], {sku["id"]: 10})
    assert (await level_of(client, admin, sku["id"]))["is_low"] is False
    await adjust(client, admin, sku["id"], warehouse["id"], -9)
    await shop.run_jobs()
    # then a second alert
    assert len(await low_stock_alerts(client, keeper, sku["code"])) == 2
    assert len([m for m in shop.mailbox.to(email) if sku["code"] in m["Subject"]]) == 2
    await assert_ledger_matches_levels(shop.container, [sku["id"]])


async def test_raising_the_threshold_over_what_is_available_alerts_through_the_scan_job(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    _, keeper = await warehouse_keeper(client, admin)
    product = await f.create_product(client, admin)
    sku = product["skus"][0]
    warehouse = await f.create_warehouse(client, admin)
    await f.receive_stock(client, admin, warehouse["id"], {sku["id"]: 5})
    level = await level_of(client, admin, sku["id"])
    # when
    patched = await client.patch(f"/stock/levels/{level['id']}", json={"low_stock_threshold": 8}, headers=admin)
    await shop.run_jobs()
    # then
    assert patched.status_code == 200, patched.text
    assert (patched.json()["low_stock_threshold"], patched.json()["is_low"]) == (8, True)
    assert len(await low_stock_alerts(client, keeper, sku["code"])) == 1
    audit = await client.get("/audit-log", params={"target_id": level["id"]}, headers=admin)
    assert [e["action"] for e in audit.json()["items"]] == ["stock_level.update"]
    # a scan running again sends nothing new
    await client.patch(f"/stock/levels/{level['id']}", json={"low_stock_threshold": 9}, headers=admin)
    await shop.run_jobs()
    assert len(await low_stock_alerts(client, keeper, sku["code"])) == 1


async def test_pause_at_zero_stops_sale_until_staff_resume_it(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    product = await f.create_product(client, admin)
    sku_id = product["skus"][0]["id"]
    warehouse = await f.create_warehouse(client, admin)
    await f.receive_stock(client, admin, warehouse["id"], {sku_id: 2})
    level = await level_of(client, admin, sku_id)
    await client.patch(f"/stock/levels/{level['id']}", json={"pause_at_zero": True}, headers=admin)
    order = {"lines": [{"sku_id": sku_id, "quantity": 2}], "reference_type": "order", "reference_id": "A"}
    # when the last units are reserved
    assert (await client.post("/stock/reservations", json=order, headers=admin)).status_code == 201
    # then sale is paused, and stays paused after a restock
    assert (await level_of(client, admin, sku_id))["sale_paused"] is True
    await f.receive_stock(client, admin, warehouse["id"], {sku_id: 5})
    paused = await client.get("/stock", params={"status": "paused", "sku_id": sku_id}, headers=admin)
    assert paused.json()["total"] == 1
    refused = await client.post("/stock/reservations", json={**order, "reference_id": "B"}, headers=admin)
    assert refused.status_code == 409
    assert refused.json()["code"] == "stock.insufficient"
    # until staff resume it
    resumed = await client.patch(f"/stock/levels/{level['id']}", json={"sale_paused": False}, headers=admin)
    assert resumed.json()["sale_paused"] is False
    assert (
        await client.post("/stock/reservations", json={**order, "reference_id": "C"}, headers=admin)
    ).status_code == 201
    await assert_ledger_matches_levels(shop.container, [sku_id])


async def test_level_settings_need_inventory_adjust_and_valid_values(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    analyst_user = await f.create_staff(client, admin, "analyst")
    analyst = f.bearer(await f.login(client, analyst_user["email"], f.PASSWORD))
    product = await f.create_product(client, admin)
    sku_id = product["skus"][0]["id"]
    warehouse = await f.create_warehouse(client, admin)
    await f.receive_stock(client, admin, warehouse["id"], {sku_id: 2})
    level = await level_of(client, admin, sku_id)

    denied = await client.patch(f"/stock/levels/{level['id']}", json={"low_stock_threshold": 1}, headers=analyst)
    negative = await client.patch(f"/stock/levels/{level['id']}", json={"low_stock_threshold": -1}, headers=admin)
    missing = await client.patch(
        "/stock/levels/00000000-0000-4000-8000-000000000000", json={"sale_paused": True}, headers=admin
    )

    assert denied.status_code == 403
    assert negative.status_code == 422
    assert (missing.status_code, missing.json()["code"]) == (404, "stock_level.not_found")
    assert (await level_of(client, admin, sku_id))["low_stock_threshold"] == 0
