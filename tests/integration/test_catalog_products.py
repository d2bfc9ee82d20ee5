"""Products and SKUs as staff edit them: creation with SKUs, unique codes and barcodes, price validation that
writes nothing, status rules, batch edits that are all-or-nothing, and SKU deletion guarded by stock history."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import httpx

from domain.identity.actor import Actor
from domain.inventory import stock
from domain.inventory import use_cases as inventory
from domain.inventory.entities import Warehouse
from tests.conftest import Shop, new_ip
from tests.factories import admin_headers, create_category, create_product, sku_body, unique_code


async def product_body(client: httpx.AsyncClient, admin: dict[str, str], **fields: Any) -> dict[str, Any]:
    category = await create_category(client, admin)
    return {
        "code": unique_code("P"),
        "name": "Linen shirt",
        "category_id": category["id"],
        "brand": "Acme",
        "tags": ["summer"],
        "skus": [sku_body(retail_price="199.00"), sku_body(retail_price="149.50")],
        **fields,
    }


async def products_with_code(client: httpx.AsyncClient, admin: dict[str, str], code: str) -> int:
    response = await client.get("/products", params={"q": code}, headers=admin)
    assert response.status_code == 200, response.text
    return int(response.json()["total"])


async def stock_up(shop: Shop, sku_id: str, quantity: int) -> None:
    """Receive goods into a fresh warehouse through the stock ledger."""
    actor = Actor(user_id=None, name="test")
    warehouse = Warehouse(code=unique_code("W"), name="Test warehouse")
    async with shop.container.uow() as uow:
        await uow.warehouses.add(warehouse)
        await uow.commit()
    line = stock.LineChange(sku_id=UUID(sku_id), warehouse_id=warehouse.id, quantity=quantity)
    await inventory.receive_stock(shop.container.uow(), shop.container.clock, actor, [line], reason="test")


async def test_a_product_is_created_with_two_skus_and_listed_from_its_cheapest_price(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    body = await product_body(client, admin, status="on_sale")

    response = await client.post("/products", json=body, headers=admin)

    assert response.status_code == 201, response.text
    product = response.json()
    assert product["status"] == "on_sale" and product["published_at"] is not None
    assert product["price"] == {"amount": "149.50", "currency": "CNY"}
    assert [s["code"] for s in product["skus"]] == [s["code"] for s in body["skus"]]
    assert [s["position"] for s in product["skus"]] == [0, 1]
    assert product["skus"][0]["retail_price"] == {"amount": "199.00", "currency": "CNY"}
    assert product["skus"][0]["title"] == " / ".join(body["skus"][0]["attributes"].values())
    assert (product["sku_count"], product["stock_available"], product["cover_url"]) == (2, 0, None)
    fetched = await client.get(f"/products/{product['id']}", headers=admin)
    assert fetched.json() == product
    audit = await client.get("/audit-log", params={"target_id": product["id"]}, headers=admin)
    assert [e["action"] for e in audit.json()["items"]] == ["product.create"]


async def test_codes_and_barcodes_are_unique_and_a_refused_product_leaves_nothing_behind(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    existing = await create_product(client, admin, skus=1)
    taken_sku = existing["skus"][0]

    cases = {
        "product.code_taken": await product_body(client, admin, code=existing["code"]),
        "sku.code_taken": await product_body(client, admin, skus=[sku_body(taken_sku["code"])]),
        "sku.barcode_taken": await product_body(client, admin, skus=[sku_body(barcode=taken_sku["barcode"])]),
    }
    twin = sku_body()
    cases["sku.code_taken "] = await product_body(client, admin, skus=[twin, sku_body(twin["code"])])
    cases["sku.barcode_taken "] = await product_body(
        client, admin, skus=[sku_body(barcode="123"), sku_body(barcode="123")]
    )
    for code, body in cases.items():
        response = await client.post("/products", json=body, headers=admin)
        assert response.status_code == 409, (code, response.text)
        assert response.json()["code"] == code.strip()
        if body["code"] != existing["code"]:
            assert await products_with_code(client, admin, body["code"]) == 0


async def test_bad_prices_are_refused_with_the_field_and_nothing_is_written(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    bad: list[tuple[dict[str, Any], str]] = [
        ({"retail_price": "12.345"}, "price.invalid"),  # CNY has two decimals
        ({"retail_price": "-1"}, "validation.failed"),
        ({"retail_price": "abc"}, "validation.failed"),
        ({"wholesale_price": "1.001"}, "price.invalid"),
        (
            {"promo_price": "1", "promo_starts_at": "2030-01-02T00:00:00Z", "promo_ends_at": "2030-01-01T00:00:00Z"},
            "validation.failed",
        ),
        ({"promo_price": "1", "promo_starts_at": "2030-01-02T00:00:00"}, "validation.failed"),  # no time zone
    ]
    for fields, code in bad:
        body = await product_body(client, admin, skus=[sku_body(), sku_body(**fields)])
        response = await client.post("/products", json=body, headers=admin)
        assert response.status_code == 422, (fields, response.text)
        assert response.json()["code"] == code
        assert any(e["field"].startswith("skus.1") for e in response.json()["errors"]), response.text
        assert await products_with_code(client, admin, body["code"]) == 0


async def test_a_product_goes_on_sale_only_when_sellable_and_follows_the_status_rules(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    body = await product_body(client, admin, category_id=None)
    product = (await client.post("/products", json=body, headers=admin)).json()
    url = f"/products/{product['id']}"

    not_sellable = await client.post(f"{url}/status", json={"status": "on_sale"}, headers=admin)
    assert not_sellable.status_code == 422 and not_sellable.json()["code"] == "product.not_sellable"
    skipping = await client.post(f"{url}/status", json={"status": "off_sale"}, headers=admin)
    assert skipping.status_code == 409 and skipping.json()["code"] == "product.invalid_transition"

    category = await create_category(client, admin)
    assert (await client.patch(url, json={"category_id": category["id"]}, headers=admin)).status_code == 200
    on_sale = await client.post(f"{url}/status", json={"status": "on_sale"}, headers=admin)
    assert on_sale.status_code == 200 and on_sale.json()["status"] == "on_sale"
    published_at = on_sale.json()["published_at"]
    assert published_at is not None

    # an on-sale product cannot lose what makes it sellable, nor be deleted
    uncategorised = await client.patch(url, json={"category_id": None}, headers=admin)
    assert uncategorised.status_code == 422 and uncategorised.json()["code"] == "product.not_sellable"
    deleted = await client.delete(url, headers=admin)
    assert deleted.status_code == 409 and deleted.json()["code"] == "product.not_draft"

    for status in ("off_sale", "on_sale", "off_sale", "draft"):
        response = await client.post(f"{url}/status", json={"status": status}, headers=admin)
        assert response.status_code == 200 and response.json()["status"] == status
    assert response.json()["published_at"] == published_at  # first publication is kept
    assert (await client.delete(url, headers=admin)).status_code == 204
    assert (await client.get(url, headers=admin)).status_code == 404


async def test_editing_a_product_keeps_search_text_and_listing_price_up_to_date(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    product = await create_product(client, admin, skus=1)
    sku_id = product["skus"][0]["id"]
    word = unique_code("W").lower()

    renamed = await client.patch(f"/products/{product['id']}", json={"name": f"Blue {word}"}, headers=admin)
    repriced = await client.patch(f"/skus/{sku_id}", json={"retail_price": "5.20"}, headers=admin)

    assert renamed.status_code == 200 and repriced.status_code == 200, repriced.text
    listed = (await client.get("/products", params={"q": word}, headers=admin)).json()["items"]
    assert [(p["id"], p["price"]["amount"]) for p in listed] == [(product["id"], "5.20")]
    null_name = await client.patch(f"/products/{product['id']}", json={"name": None}, headers=admin)
    assert null_name.status_code == 422


async def test_skus_are_added_edited_deactivated_and_deleted_only_without_stock(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    product = await create_product(client, admin, skus=1)
    first = product["skus"][0]

    added = await client.post(f"/products/{product['id']}/skus", json=sku_body(retail_price="3.00"), headers=admin)
    assert added.status_code == 201, added.text
    assert added.json()["position"] == 1
    taken = await client.patch(f"/skus/{added.json()['id']}", json={"code": first["code"]}, headers=admin)
    assert taken.status_code == 409 and taken.json()["code"] == "sku.code_taken"
    window = await client.patch(
        f"/skus/{added.json()['id']}",
        json={"promo_price": "1.00", "promo_starts_at": "2030-01-01T00:00:00Z"},
        headers=admin,
    )
    assert window.status_code == 200
    backwards = await client.patch(
        f"/skus/{added.json()['id']}", json={"promo_ends_at": "2029-12-31T00:00:00Z"}, headers=admin
    )
    assert backwards.status_code == 422 and backwards.json()["code"] == "sku.promo_window_invalid"

    # the first SKU has stock history: it can be deactivated but not deleted
    await stock_up(shop, first["id"], 4)
    refused = await client.delete(f"/skus/{first['id']}", headers=admin)
    assert refused.status_code == 409 and refused.json()["code"] == "sku.has_stock"
    deactivated = await client.patch(f"/skus/{first['id']}", json={"active": False}, headers=admin)
    assert deactivated.status_code == 200 and deactivated.json()["active"] is False
    # the last active SKU of a product on sale stays active
    last = await client.patch(f"/skus/{added.json()['id']}", json={"active": False}, headers=admin)
    assert last.status_code == 422 and last.json()["code"] == "product.not_sellable"

    detail = (await client.get(f"/products/{product['id']}", headers=admin)).json()
    assert detail["price"]["amount"] == "3.00"  # only active SKUs make the listing price
    assert detail["stock_available"] == 0 and detail["skus"][0]["available"] == 4
    assert (await client.delete(f"/skus/{added.json()['id']}", headers=admin)).status_code == 422
    await client.patch(f"/skus/{first['id']}", json={"active": True}, headers=admin)
    assert (await client.delete(f"/skus/{added.json()['id']}", headers=admin)).status_code == 204
    assert [s["id"] for s in (await client.get(f"/products/{product['id']}", headers=admin)).json()["skus"]] == [
        first["id"]
    ]


async def test_batch_status_changes_all_products_or_none(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    ready = [await create_product(client, admin, status="draft") for _ in range(2)]
    unready = (
        await client.post("/products", json=await product_body(client, admin, category_id=None), headers=admin)
    ).json()
    ids = [p["id"] for p in ready]

    refused = await client.post(
        "/products/batch/status", json={"product_ids": [*ids, unready["id"]], "status": "on_sale"}, headers=admin
    )
    assert refused.status_code == 422 and refused.json()["product_id"] == unready["id"]
    for product_id in ids:
        assert (await client.get(f"/products/{product_id}", headers=admin)).json()["status"] == "draft"

    done = await client.post("/products/batch/status", json={"product_ids": ids, "status": "on_sale"}, headers=admin)
    assert done.status_code == 200 and done.json() == {"updated": 2}
    for product_id in ids:
        assert (await client.get(f"/products/{product_id}", headers=admin)).json()["status"] == "on_sale"


async def test_batch_prices_apply_every_line_or_none(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    product = await create_product(client, admin, skus=2)
    a, b = (s["id"] for s in product["skus"])

    refused = await client.post(
        "/skus/batch/prices",
        json={"items": [{"sku_id": a, "retail_price": "10.00"}, {"sku_id": b, "wholesale_price": "0.001"}]},
        headers=admin,
    )
    assert refused.status_code == 422 and refused.json()["code"] == "price.invalid"
    assert refused.json()["errors"][0]["field"] == "items.1.wholesale_price"
    assert (await client.get(f"/products/{product['id']}", headers=admin)).json()["price"]["amount"] == "99.00"

    done = await client.post(
        "/skus/batch/prices",
        json={"items": [{"sku_id": a, "retail_price": "10.00"}, {"sku_id": b, "wholesale_price": "8.00"}]},
        headers=admin,
    )
    assert done.status_code == 200 and done.json() == {"updated": 2}
    detail = (await client.get(f"/products/{product['id']}", headers=admin)).json()
    assert detail["price"]["amount"] == "10.00"
    assert detail["skus"][1]["wholesale_price"] == {"amount": "8.00", "currency": "CNY"}
    cleared = await client.post(
        "/skus/batch/prices", json={"items": [{"sku_id": b, "wholesale_price": None}]}, headers=admin
    )
    assert cleared.status_code == 200
    detail = (await client.get(f"/products/{product['id']}", headers=admin)).json()
    assert detail["skus"][1]["wholesale_price"] is None


async def test_required_sku_fields_cannot_be_cleared(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    product = await create_product(client, admin)
    sku_id = product["skus"][0]["id"]

    for field in ("code", "attributes", "retail_price", "active"):
        response = await client.patch(f"/skus/{sku_id}", json={field: None}, headers=admin)
        assert response.status_code == 422, (field, response.text)
    cleared = await client.patch(f"/skus/{sku_id}", json={"barcode": None}, headers=admin)
    assert cleared.status_code == 200 and cleared.json()["barcode"] is None
