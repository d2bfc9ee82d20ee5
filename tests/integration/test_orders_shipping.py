"""Checkout charges the shop's default freight template and empties the cart of what was bought."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from tests.conftest import Shop, new_ip
from tests.factories import admin_headers, customer_with_address, place_order, remove_freight_templates, stocked_sku


@pytest.fixture
async def admin(client: httpx.AsyncClient) -> AsyncIterator[dict[str, str]]:
    headers = await admin_headers(client)
    yield headers
    await remove_freight_templates(client, headers)


async def standard_template(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    body = {
        "name": "标准快递",
        "currency": "CNY",
        "basis": "by_quantity",
        "default_rule": {"first": 1, "first_fee": "8.00", "additional": 1, "additional_fee": "2.00"},
        "region_rules": [],
        "unserved_region_codes": ["650000"],
        "free_over": "99.00",
    }
    response = await client.post("/freight/templates", json=body, headers=admin)
    assert response.status_code == 201, response.text


async def test_checkout_charges_the_default_freight_template_and_ships_free_over_its_threshold(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    # given: 8.00 for the first item, 2.00 for each further one, free from 99.00
    await standard_template(client, admin)
    socks = await stocked_sku(client, admin, 10, retail_price="12.50")
    coat = await stocked_sku(client, admin, 10, retail_price="120.00")
    buyer = await customer_with_address(client)

    # when
    small = await place_order(client, buyer, {socks["id"]: 3})
    large = await place_order(client, buyer, {coat["id"]: 1})

    # then
    assert small["amounts"]["shipping_fee"]["amount"] == "12.00"
    assert small["amounts"]["total"]["amount"] == "49.50"
    assert large["amounts"]["shipping_fee"]["amount"] == "0.00"
    assert large["amounts"]["total"]["amount"] == "120.00"


async def test_a_region_the_shop_does_not_deliver_to_is_named_in_the_preview_and_refused_at_checkout(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    await standard_template(client, admin)
    sku = await stocked_sku(client, admin, 10, retail_price="30.00")
    buyer = await customer_with_address(client)
    urumqi = {"recipient": "王五", "phone": "13900000001", "region_code": "650102", "detail": "人民路 1 号"}
    address = await client.post("/me/addresses", json=urumqi, headers=buyer.headers)
    assert address.status_code == 201, address.text
    body = {"lines": [{"sku_id": sku["id"], "quantity": 1}], "address_id": address.json()["id"]}

    preview = await client.post("/me/checkout/preview", json=body, headers=buyer.headers)
    refused = await client.post("/me/orders", json=body, headers=buyer.headers)

    assert preview.status_code == 200, preview.text
    assert preview.json()["problems"] == ["freight.region_not_served"]
    assert preview.json()["amounts"]["subtotal"]["amount"] == "30.00"
    assert refused.status_code == 422 and refused.json()["code"] == "freight.region_not_served"
    assert refused.json()["detail"] == "该地区不在配送范围内"  # in the customer's language
    assert (await client.get("/me/orders", headers=buyer.headers)).json()["total"] == 0


async def test_what_a_customer_buys_leaves_their_cart_and_the_rest_stays(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    bought = await stocked_sku(client, admin, 10)
    kept = await stocked_sku(client, admin, 10)
    buyer = await customer_with_address(client)
    for sku in (bought, kept):
        added = await client.post("/cart/lines", json={"sku_id": sku["id"], "quantity": 1}, headers=buyer.headers)
        assert added.status_code in (200, 201), added.text

    await place_order(client, buyer, {bought["id"]: 1})

    cart = (await client.get("/cart", headers=buyer.headers)).json()
    assert [line["sku_id"] for line in cart["lines"]] == [kept["id"]]
