"""Warehouses as staff manage them: unique codes, deactivation that keeps history, audit, permissions."""

from __future__ import annotations

from typing import Any

import httpx

from tests import factories as f
from tests.conftest import Shop, new_ip
from tests.ledger import assert_ledger_matches_levels


async def staff_session(client: httpx.AsyncClient, admin: dict[str, str], *roles: str) -> dict[str, str]:
    user = await f.create_staff(client, admin, *roles)
    return f.bearer(await f.login(client, user["email"], f.PASSWORD))


async def audit_actions(client: httpx.AsyncClient, admin: dict[str, str], target_id: str) -> list[str]:
    response = await client.get("/audit-log", params={"target_id": target_id, "sort": "at"}, headers=admin)
    assert response.status_code == 200, response.text
    return [e["action"] for e in response.json()["items"]]


async def test_staff_create_edit_and_list_warehouses_and_each_change_is_audited(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    # when
    created = await client.post(
        "/warehouses",
        json={"code": f.unique_code("SH"), "name": "上海仓", "region_code": "310000", "address": "浦东", "priority": 2},
        headers=admin,
    )
    assert created.status_code == 201, created.text
    warehouse = created.json()
    edited = await client.patch(f"/warehouses/{warehouse['id']}", json={"name": "上海一号仓"}, headers=admin)
    # then
    assert edited.status_code == 200, edited.text
    assert edited.json()["name"] == "上海一号仓"
    assert edited.json()["priority"] == 2
    listed = await client.get("/warehouses", headers=admin)
    assert warehouse["id"] in [w["id"] for w in listed.json()]
    assert (await client.get(f"/warehouses/{warehouse['id']}", headers=admin)).json()["name"] == "上海一号仓"
    assert await audit_actions(client, admin, warehouse["id"]) == ["warehouse.create", "warehouse.update"]


async def test_a_second_warehouse_with_a_taken_code_is_refused(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    first = await f.create_warehouse(client, admin)
    other = await f.create_warehouse(client, admin)

    again = await client.post("/warehouses", json={"code": first["code"], "name": "Copy"}, headers=admin)
    renamed = await client.patch(f"/warehouses/{other['id']}", json={"code": first["code"]}, headers=admin)

    assert again.status_code == 409
    assert again.json()["code"] == "warehouse.code_taken"
    assert renamed.status_code == 409
    assert renamed.json()["code"] == "warehouse.code_taken"


async def test_a_deactivated_warehouse_keeps_its_stock_history_but_takes_no_new_goods(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    warehouse = await f.create_warehouse(client, admin)
    sku_id = (await f.create_product(client, admin))["skus"][0]["id"]
    await f.receive_stock(client, admin, warehouse["id"], {sku_id: 5})
    # when
    off = await client.patch(f"/warehouses/{warehouse['id']}", json={"active": False}, headers=admin)
    # then
    assert off.status_code == 200 and off.json()["active"] is False
    active = await client.get("/warehouses", params={"active": "true"}, headers=admin)
    inactive = await client.get("/warehouses", params={"active": "false"}, headers=admin)
    assert warehouse["id"] not in [w["id"] for w in active.json()]
    assert warehouse["id"] in [w["id"] for w in inactive.json()]
    history = await client.get("/stock/movements", params={"warehouse_id": warehouse["id"]}, headers=admin)
    assert history.json()["total"] == 1
    refused = await client.post(
        "/stock/receipts",
        json={"warehouse_id": warehouse["id"], "lines": [{"sku_id": sku_id, "quantity": 1}]},
        headers=admin,
    )
    assert refused.status_code == 422
    assert refused.json()["code"] == "warehouse.inactive"
    assert "warehouse.deactivate" in await audit_actions(client, admin, warehouse["id"])
    await assert_ledger_matches_levels(shop.container, [sku_id])


async def test_bad_warehouse_input_is_a_422_and_creates_nothing(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    code = f.unique_code("BAD")
    bodies: list[dict[str, Any]] = [
        {"code": code, "name": ""},
        {"code": "has space", "name": "X"},
        {"code": code, "name": "X", "priority": -1},
        {"code": code, "name": "X", "unknown": 1},
    ]
    for body in bodies:
        response = await client.post("/warehouses", json=body, headers=admin)
        assert response.status_code == 422, body
        assert response.json()["code"] == "validation.failed"
    assert code not in [w["code"] for w in (await client.get("/warehouses", headers=admin)).json()]


async def test_reading_needs_inventory_read_and_writing_needs_inventory_adjust(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    analyst = await staff_session(client, admin, "analyst")
    customer = f.bearer(await f.register_customer(client))
    warehouse = await f.create_warehouse(client, admin)

    assert (await client.get("/warehouses", headers=analyst)).status_code == 200
    assert (await client.get("/warehouses")).status_code == 401
    assert (await client.get("/warehouses", headers=customer)).status_code == 403
    denied = await client.post("/warehouses", json={"code": f.unique_code(), "name": "X"}, headers=analyst)
    assert denied.status_code == 403
    assert denied.json()["code"] == "auth.forbidden"
    patched = await client.patch(f"/warehouses/{warehouse['id']}", json={"active": False}, headers=analyst)
    assert patched.status_code == 403
    assert (await client.get(f"/warehouses/{warehouse['id']}", headers=admin)).json()["active"] is True
