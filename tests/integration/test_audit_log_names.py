"""The audit log names what each entry is about (a SKU by its product and code, a stock level by SKU and
warehouse, a deleted product by the name it had), and offers the people in it for the actor filter."""

from __future__ import annotations

from typing import Any

import httpx

from tests import factories as f
from tests.conftest import Shop, new_ip


async def entries(client: httpx.AsyncClient, admin: dict[str, str], **filters: str) -> list[dict[str, Any]]:
    response = await client.get("/audit-log", params={"page_size": 50, **filters}, headers=admin)
    assert response.status_code == 200, response.text
    return list(response.json()["items"])


async def test_entries_name_their_objects_and_the_page_that_shows_them(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    # given a product with a SKU, a warehouse holding it and a changed threshold
    product = await f.create_product(client, admin, status="draft")
    sku = product["skus"][0]
    warehouse = await f.create_warehouse(client, admin)
    await f.receive_stock(client, admin, warehouse["id"], {sku["id"]: 4})
    level = (await client.get("/stock", params={"sku_id": sku["id"]}, headers=admin)).json()["items"][0]
    patched = await client.patch(f"/stock/levels/{level['id']}", json={"low_stock_threshold": 9}, headers=admin)
    assert patched.status_code == 200, patched.text

    # when the log is read for each of them
    threshold = (await entries(client, admin, target_type="stock_level", target_id=level["id"]))[0]
    created = (await entries(client, admin, target_type="warehouse", target_id=warehouse["id"]))[0]
    made = (await entries(client, admin, target_type="product", target_id=product["id"]))[0]

    # then each names its object, and a stock level points to its SKU
    assert (threshold["action"], threshold["target_name"], threshold["target_page_id"]) == (
        "stock_level.update",
        f"{sku['code']} · {warehouse['name']}",
        sku["id"],
    )
    assert (created["target_name"], created["target_page_id"]) == (warehouse["name"], None)
    assert made["target_name"] == product["name"]
    # and a receipt is named by its document number
    receipt = (await entries(client, admin, action="stock.inbound"))[0]
    assert receipt["target_type"] == "receipt" and receipt["target_name"] is None  # the SPA shows the number
    assert receipt["actor_name"]


async def test_a_deleted_product_keeps_the_name_its_snapshot_recorded(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    product = await f.create_product(client, admin, status="draft")
    sku = product["skus"][0]
    assert (await client.delete(f"/products/{product['id']}", headers=admin)).status_code == 204

    logged = await entries(client, admin, target_id=product["id"])
    sku_logged = await entries(client, admin, target_type="sku", target_id=sku["id"])

    assert {e["action"] for e in logged} >= {"product.delete"}
    assert all(e["target_name"] == product["name"] for e in logged)
    assert all(e["target_page_id"] is None for e in sku_logged)  # the product page is gone


async def test_the_actor_filter_offers_the_people_in_the_log(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    await f.create_warehouse(client, admin)
    me = (await client.get("/me", headers=admin)).json()
    name = me["email"]  # the log names staff by how they sign in

    found = await client.get("/audit-log/actors", params={"q": "ADMIN@ALLORDER"}, headers=admin)
    nobody = await client.get("/audit-log/actors", params={"q": "%_nobody_%"}, headers=admin)

    assert found.status_code == 200, found.text
    assert {"id": me["id"], "name": name} in found.json()
    assert nobody.json() == []
    clerk = f.bearer(await f.login(client, *f.CLERK))
    assert (await client.get("/audit-log/actors", headers=clerk)).status_code == 403
