"""Order changes racing other actions on PostgreSQL: an edit against a cancel, two edits of one version, an edit
taking more units against checkouts of the last ones. Stock stays consistent and nothing is oversold."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

import httpx
import pytest

from tests import factories as f
from tests.conftest import Shop, new_ip
from tests.integration.test_orders_placing import available
from tests.ledger import assert_ledger_matches_levels

pytestmark = pytest.mark.postgres


async def edit_quantity(
    client: httpx.AsyncClient, headers: dict[str, str], order: dict[str, Any], quantity: int
) -> httpx.Response:
    body = {"updated_at": order["updated_at"], "lines": [{"line_id": order["lines"][0]["id"], "quantity": quantity}]}
    return await client.patch(f"/orders/{order['id']}", json=body, headers=headers)


async def test_an_edit_racing_a_cancel_leaves_all_the_stock_back(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    sku = await f.stocked_sku(client, admin, 10)
    buyer = await f.customer_with_address(client)
    orders = [await f.place_order(client, buyer, {sku["id"]: n}) for n in (1, 2, 3)]

    results = await asyncio.gather(
        *(edit_quantity(client, admin, order, 3) for order in orders),
        *(client.post(f"/orders/{o['id']}/cancel", json={"reason": "changed mind"}, headers=admin) for o in orders),
    )

    assert {r.status_code for r in results[3:]} == {200}
    assert {r.status_code for r in results[:3]} <= {200, 409}
    for order in orders:
        assert (await client.get(f"/orders/{order['id']}", headers=admin)).json()["status"] == "cancelled"
    assert await available(client, admin, sku["id"]) == 10
    await assert_ledger_matches_levels(shop.container, [sku["id"]])


async def test_two_edits_of_the_same_version_apply_one(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    sku = await f.stocked_sku(client, admin, 10)
    buyer = await f.customer_with_address(client)
    order = await f.place_order(client, buyer, {sku["id"]: 1})

    results = await asyncio.gather(*(edit_quantity(client, admin, order, n) for n in (2, 3, 4, 5)))

    assert Counter(r.status_code for r in results) == {200: 1, 409: 3}
    assert {r.json()["code"] for r in results if r.status_code == 409} == {"order.modified"}
    winner = next(r.json() for r in results if r.status_code == 200)
    assert await available(client, admin, sku["id"]) == 10 - winner["lines"][0]["quantity"]
    await assert_ledger_matches_levels(shop.container, [sku["id"]])


async def test_an_edit_taking_more_units_never_oversells_against_checkouts(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    sku = await f.stocked_sku(client, admin, 6)
    buyers = [await f.customer_with_address(client) for _ in range(4)]
    order = await f.place_order(client, buyers[0], {sku["id"]: 1})  # 5 left

    body = {"lines": [{"sku_id": sku["id"], "quantity": 2}]}
    results = await asyncio.gather(
        edit_quantity(client, admin, order, 4),  # wants 3 more
        *(client.post("/me/orders", json={**body, "address_id": b.address_id}, headers=b.headers) for b in buyers[1:]),
    )

    taken = 1 + (3 if results[0].status_code == 200 else 0) + 2 * sum(r.status_code == 201 for r in results[1:])
    assert taken <= 6
    assert {r.status_code for r in results} <= {200, 201, 409}
    assert await available(client, admin, sku["id"]) == 6 - taken
    await assert_ledger_matches_levels(shop.container, [sku["id"]])
