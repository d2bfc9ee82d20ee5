"""The storefront's in-stock flag under concurrent stock changes on PostgreSQL: two orders that each take the last
unit of a different SKU of one product leave it out of stock, never shown as buyable with nothing to sell."""

from __future__ import annotations

import asyncio

import pytest

from tests import factories as f
from tests.conftest import Shop, new_ip

pytestmark = pytest.mark.postgres

ROUNDS = 6


async def test_two_orders_taking_the_last_unit_of_two_skus_of_one_product_leave_it_out_of_stock(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    word = f.unique_code("R").lower()
    pairs = []
    for n in range(ROUNDS):
        product = await f.create_product(client, admin, name=f"Racer {n} {word}", skus=[f.sku_body(), f.sku_body()])
        first, second = (s["id"] for s in product["skus"])
        north, south = await f.create_warehouse(client, admin), await f.create_warehouse(client, admin)
        await f.receive_stock(client, admin, north["id"], {first: 1})
        await f.receive_stock(client, admin, south["id"], {second: 1})
        pairs.append((first, second))

    def order(sku_id: str) -> dict[str, object]:
        return {"lines": [{"sku_id": sku_id, "quantity": 1}], "reference_type": "order", "reference_id": sku_id}

    # when both last units go at the same moment, product by product
    for first, second in pairs:
        responses = await asyncio.gather(
            client.post("/stock/reservations", json=order(first), headers=admin),
            client.post("/stock/reservations", json=order(second), headers=admin),
        )
        assert [r.status_code for r in responses] == [201, 201], [r.text for r in responses]
    # then no product is offered as in stock
    found = await client.get("/store/products", params={"q": word, "in_stock": "true"})
    assert found.json()["items"] == []
    everything = await client.get("/store/products", params={"q": word})
    assert [card["in_stock"] for card in everything.json()["items"]] == [False] * ROUNDS
