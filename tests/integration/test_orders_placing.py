"""Checkout and placing orders: the customer's order holds its stock at the price of the moment, the preview
changes nothing, a retried request makes one order, and nobody sees another customer's order."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import httpx

from tests.conftest import Shop, new_ip
from tests.factories import (
    Buyer,
    admin_headers,
    customer_with_address,
    place_order,
    stocked_sku,
)


async def available(client: httpx.AsyncClient, headers: dict[str, str], sku_id: str) -> int:
    response = await client.get("/stock", params={"sku_id": sku_id}, headers=headers)
    assert response.status_code == 200, response.text
    return sum(row["available"] for row in response.json()["items"])


async def test_a_customer_places_an_order_that_waits_for_payment_and_holds_its_stock(shop: Shop) -> None:
    # given
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    shirt = await stocked_sku(client, admin, 10, retail_price="99.00")
    socks = await stocked_sku(client, admin, 5, retail_price="12.50")
    buyer = await customer_with_address(client, name="李四")

    # when
    order = await place_order(client, buyer, {shirt["id"]: 2, socks["id"]: 1})

    # then
    assert order["status"] == "pending_payment"
    assert order["number"] and order["customer"] == {
        "id": buyer.id,
        "name": "李四",
        "phone": None,
        "email": buyer.email,
    }
    assert [(line["sku_code"], line["quantity"], line["unit_price"]["amount"]) for line in order["lines"]] == [
        (shirt["code"], 2, "99.00"),
        (socks["code"], 1, "12.50"),
    ]
    assert order["lines"][0]["product_name"] == shirt["product_name"]
    assert order["lines"][0]["attributes"] == shirt["attributes"]
    assert order["amounts"]["subtotal"] == {"amount": "210.50", "currency": "CNY"}
    assert order["amounts"]["total"] == {"amount": "210.50", "currency": "CNY"}
    assert order["address"]["district"] == "浦东新区"
    created = datetime.fromisoformat(order["created_at"])
    assert datetime.fromisoformat(order["expires_at"]) - created == timedelta(minutes=30)
    assert [(e["action"], e["from_status"], e["to_status"]) for e in order["events"]] == [
        ("place", None, "pending_payment")
    ]
    assert order["allowed_actions"] == ["cancel"]
    assert order["remarks"] == []
    assert await available(client, admin, shirt["id"]) == 8
    assert await available(client, admin, socks["id"]) == 4

    await shop.run_jobs()
    inbox = (await client.get("/me/notifications", headers=buyer.headers)).json()["items"]
    assert any(order["number"] in item["title"] and item["subject_id"] == order["id"] for item in inbox)


async def test_the_price_is_the_catalogs_at_the_moment_of_ordering_and_stays_on_the_order(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    sku = await stocked_sku(client, admin, 10, retail_price="30.00")
    buyer = await customer_with_address(client)
    order = await place_order(client, buyer, {sku["id"]: 1})

    changed = await client.patch(f"/skus/{sku['id']}", json={"retail_price": "45.00"}, headers=admin)
    again = await client.get(f"/me/orders/{order['id']}", headers=buyer.headers)
    later = await place_order(client, buyer, {sku["id"]: 2})

    assert changed.status_code == 200, changed.text
    assert again.json()["lines"][0]["unit_price"]["amount"] == "30.00"
    assert later["lines"][0]["unit_price"]["amount"] == "45.00"


async def test_a_retried_checkout_with_the_same_idempotency_key_makes_one_order(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    sku = await stocked_sku(client, admin, 10)
    buyer = await customer_with_address(client)

    first = await place_order(client, buyer, {sku["id"]: 3}, key="checkout-1")
    lines = [{"sku_id": sku["id"], "quantity": 3}]
    headers = {**buyer.headers, "Idempotency-Key": "checkout-1"}
    again = await client.post("/me/orders", json={"lines": lines, "address_id": buyer.address_id}, headers=headers)

    assert again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first["id"]
    assert await available(client, admin, sku["id"]) == 7
    mine = (await client.get("/me/orders", headers=buyer.headers)).json()
    assert mine["total"] == 1


async def test_ordering_more_than_is_in_stock_is_refused_and_holds_nothing(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    scarce = await stocked_sku(client, admin, 2)
    plenty = await stocked_sku(client, admin, 50)
    buyer = await customer_with_address(client)

    lines = [{"sku_id": plenty["id"], "quantity": 1}, {"sku_id": scarce["id"], "quantity": 3}]
    response = await client.post(
        "/me/orders", json={"lines": lines, "address_id": buyer.address_id}, headers=buyer.headers
    )

    assert response.status_code == 409
    assert response.json()["code"] == "stock.insufficient"
    assert await available(client, admin, plenty["id"]) == 50
    assert (await client.get("/me/orders", headers=buyer.headers)).json()["total"] == 0


async def test_the_checkout_preview_prices_the_lines_and_names_each_problem_without_changing_anything(
    shop: Shop,
) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    fine = await stocked_sku(client, admin, 10, retail_price="20.00")
    short = await stocked_sku(client, admin, 1, retail_price="5.00")
    buyer = await customer_with_address(client)
    missing = "00000000-0000-4000-8000-000000000000"

    lines = [
        {"sku_id": fine["id"], "quantity": 2},
        {"sku_id": short["id"], "quantity": 4},
        {"sku_id": missing, "quantity": 1},
    ]
    response = await client.post(
        "/me/checkout/preview", json={"lines": lines, "address_id": buyer.address_id}, headers=buyer.headers
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert [line["problem"] for line in body["lines"]] == [None, "stock.insufficient", "sku.not_found"]
    assert body["problems"] == ["stock.insufficient", "sku.not_found"]
    assert body["amounts"]["subtotal"]["amount"] == "60.00"
    assert await available(client, admin, fine["id"]) == 10
    assert (await client.get("/me/orders", headers=buyer.headers)).json()["total"] == 0


async def test_another_customers_order_is_answered_as_missing(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    sku = await stocked_sku(client, admin, 5)
    owner = await customer_with_address(client)
    other = await customer_with_address(client)
    order = await place_order(client, owner, {sku["id"]: 1})

    seen = await client.get(f"/me/orders/{order['id']}", headers=other.headers)
    cancel = await client.post(f"/me/orders/{order['id']}/cancel", json={"reason": "x"}, headers=other.headers)
    staff = await client.get(f"/orders/{order['id']}", headers=other.headers)

    assert (seen.status_code, seen.json()["code"]) == (404, "order.not_found")
    assert (cancel.status_code, cancel.json()["code"]) == (404, "order.not_found")
    assert staff.status_code == 403


async def test_staff_see_a_manual_orders_price_breakdown_before_placing_it_and_nothing_changes(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    sku = await stocked_sku(client, admin, 3, retail_price="100.00")
    buyer: Buyer = await customer_with_address(client)
    body: dict[str, Any] = {
        "customer_id": buyer.id,
        "lines": [{"sku_id": sku["id"], "quantity": 4, "unit_price": "95.00"}],
        "address_id": buyer.address_id,
    }

    preview = await client.post("/orders/preview", json=body, headers=admin)
    too_cheap = await client.post(
        "/orders/preview", json={**body, "lines": [{**body["lines"][0], "unit_price": "-1"}]}, headers=admin
    )
    as_customer = await client.post("/orders/preview", json=body, headers=buyer.headers)

    assert preview.status_code == 200, preview.text
    assert preview.json()["amounts"]["subtotal"]["amount"] == "380.00"
    assert preview.json()["lines"][0]["unit_price"]["amount"] == "95.00"
    assert preview.json()["problems"] == ["stock.insufficient"]
    assert too_cheap.status_code == 422
    assert as_customer.status_code == 403
    assert await available(client, admin, sku["id"]) == 3
    assert (await client.get("/orders", params={"customer": buyer.email}, headers=admin)).json()["total"] == 0


async def test_a_manual_order_at_an_agreed_price_is_taken_for_the_customer_and_audited(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    sku = await stocked_sku(client, admin, 10, retail_price="100.00")
    buyer: Buyer = await customer_with_address(client)

    body: dict[str, Any] = {
        "customer_id": buyer.id,
        "channel": "phone",
        "lines": [{"sku_id": sku["id"], "quantity": 2, "unit_price": "90.00"}],
        "address_id": buyer.address_id,
        "remark": "customer called in",
    }
    response = await client.post("/orders", json=body, headers={**admin, "Idempotency-Key": "manual-1"})

    assert response.status_code == 201, response.text
    order = response.json()
    assert (order["channel"], order["amounts"]["total"]["amount"]) == ("phone", "180.00")
    assert [r["text"] for r in order["remarks"]] == ["customer called in"]
    assert "pay" in order["allowed_actions"] and "cancel" in order["allowed_actions"]
    log = await client.get("/audit-log", params={"target_type": "order", "target_id": order["id"]}, headers=admin)
    assert log.status_code == 200, log.text
    assert [entry["action"] for entry in log.json()["items"]] == ["order.create"]
    mine = await client.get(f"/me/orders/{order['id']}", headers=buyer.headers)
    assert mine.json()["remarks"] == []


async def test_the_global_search_finds_an_order_by_its_number(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    sku = await stocked_sku(client, admin, 5)
    buyer = await customer_with_address(client, name="王五")
    order = await place_order(client, buyer, {sku["id"]: 1})

    response = await client.get("/search", params={"q": order["number"]}, headers=admin)

    assert response.status_code == 200, response.text
    groups = {g["name"]: g["hits"] for g in response.json()["groups"]}
    assert [(h["title"], h["opens"]) for h in groups["orders"]] == [(order["number"], order["id"])]
    assert groups["orders"][0]["detail"].startswith("王五")


async def test_staff_cannot_give_a_retail_customer_the_dealer_price(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    sku = await stocked_sku(client, admin, 10, retail_price="100.00", wholesale_price="70.00")
    buyer = await customer_with_address(client)

    body: dict[str, Any] = {
        "customer_id": buyer.id,
        "channel": "pos",
        "lines": [{"sku_id": sku["id"], "quantity": 1, "unit_price": "70.00"}],
        "address_id": buyer.address_id,
    }
    refused = await client.post("/orders", json=body, headers=admin)
    body["lines"][0]["unit_price"] = "85.00"
    agreed = await client.post("/orders", json=body, headers=admin)

    assert (refused.status_code, refused.json()["code"]) == (422, "order.dealer_price_for_non_dealer")
    assert agreed.status_code == 201, agreed.text
    assert agreed.json()["lines"][0]["unit_price"]["amount"] == "85.00"
    assert await available(client, admin, sku["id"]) == 9
