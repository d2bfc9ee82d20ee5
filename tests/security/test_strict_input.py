"""Strict input (issue 7, item 13): money, quantities, flags and times are taken only in their documented shape;
lax coercions the probe found ("١٢" → 12, "1_000" → 1000, true → 1, "5" → 5, until=0.5) are a 422."""

from __future__ import annotations

from typing import Any

import pytest

from tests import factories as f
from tests.conftest import Shop, new_ip


def invalid_fields(response: Any) -> set[str]:
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "validation.failed"
    return {e["field"] for e in response.json()["errors"]}


@pytest.mark.parametrize("price", ["١٢", "1_000", "１２", " 1e3", "NaN", "Infinity", 12.5, True])
async def test_a_price_in_any_but_plain_decimal_text_is_refused(shop: Shop, price: object) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    product = await f.create_product(client, admin)
    sku_id = product["skus"][0]["id"]

    response = await client.patch(f"/skus/{sku_id}", json={"retail_price": price}, headers=admin)

    assert "retail_price" in invalid_fields(response)


async def test_a_plain_decimal_price_is_taken(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    product = await f.create_product(client, admin)
    sku_id = product["skus"][0]["id"]

    response = await client.patch(f"/skus/{sku_id}", json={"retail_price": "12.50"}, headers=admin)

    assert response.status_code == 200, response.text
    assert response.json()["retail_price"]["amount"] == "12.50"


# 5.0 is a JSON Schema integer (a number with no fraction part), so it is read as 5; 5.5 is not
@pytest.mark.parametrize("quantity", [True, "5", 5.5])
async def test_a_quantity_that_is_not_a_json_integer_is_refused(shop: Shop, quantity: object) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    product, warehouse = await f.create_product(client, admin), await f.create_warehouse(client, admin)
    lines = [{"sku_id": product["skus"][0]["id"], "quantity": quantity}]

    response = await client.post(
        "/stock/receipts", json={"warehouse_id": warehouse["id"], "lines": lines}, headers=admin
    )

    assert invalid_fields(response) == {"lines.0.quantity"}


async def test_a_flag_or_a_priority_must_be_its_own_json_type(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    body = {"code": f.unique_code("WH"), "name": "Strict"}

    by_bool = await client.post("/warehouses", json={**body, "priority": False}, headers=admin)
    warehouse = await f.create_warehouse(client, admin)
    by_text = await client.patch(f"/warehouses/{warehouse['id']}", json={"active": "false"}, headers=admin)

    assert invalid_fields(by_bool) == {"priority"}
    assert invalid_fields(by_text) == {"active"}


@pytest.mark.parametrize("until", ["0.5", "1700000000", "２０２６-01-01T00:00:00Z"])
async def test_a_time_filter_must_be_iso_8601(shop: Shop, until: str) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)

    movements = await client.get("/stock/movements", params={"until": until}, headers=admin)
    audit = await client.get("/audit-log", params={"until": until}, headers=admin)

    assert "until" in invalid_fields(movements)
    assert "until" in invalid_fields(audit)


async def test_an_iso_time_filter_is_taken(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)

    response = await client.get("/stock/movements", params={"until": "2030-01-01T00:00:00Z"}, headers=admin)

    assert response.status_code == 200, response.text
