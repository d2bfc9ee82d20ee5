"""One customer's checkouts racing each other: the per-customer safety limits (seed 003) hold however many arrive
at once, because placement takes the customer's lock before it counts their orders (domain/locking.py). Run on
both databases: PostgreSQL queues them on the customer's row, SQLite on its write lock (BEGIN IMMEDIATE)."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

import httpx
import pytest

from tests import factories as f
from tests.conftest import Shop, new_ip
from tests.integration.test_orders_placing import available


@pytest.fixture
def rules(shop: Shop, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The shop's order rules, loose except for what a test tightens (restored after it)."""
    settings = shop.container.settings.orders
    for name, value in (
        ("max_unpaid_orders", 1_000),
        ("max_quantity_per_customer_day", 100_000),
        ("duplicate_window_seconds", 0),
    ):
        monkeypatch.setattr(settings, name, value)

    def tighten(**limits: int) -> None:
        for name, value in limits.items():
            monkeypatch.setattr(settings, name, value)

    return tighten


async def checkout(client: httpx.AsyncClient, buyer: f.Buyer, sku_id: str, quantity: int) -> httpx.Response:
    body = {"lines": [{"sku_id": sku_id, "quantity": quantity}], "address_id": buyer.address_id}
    return await client.post("/me/orders", json=body, headers=buyer.headers)


def refusals(responses: list[httpx.Response]) -> list[dict[str, Any]]:
    refused = [r for r in responses if r.status_code != 201]
    assert {r.headers["content-type"] for r in refused} <= {"application/problem+json"}
    return [r.json() for r in refused]


async def my_order_count(client: httpx.AsyncClient, buyer: f.Buyer) -> int:
    return int((await client.get("/me/orders", headers=buyer.headers)).json()["total"])


async def test_ten_checkouts_at_once_under_a_limit_of_three_unpaid_orders_make_three(shop: Shop, rules: Any) -> None:
    # given
    rules(max_unpaid_orders=3)
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    sku = await f.stocked_sku(client, admin, 100)
    buyer = await f.customer_with_address(client)

    # when: ten different orders (1 to 10 units) in the same moment
    responses = await asyncio.gather(*(checkout(client, buyer, sku["id"], n) for n in range(1, 11)))

    # then
    assert Counter(r.status_code for r in responses) == {201: 3, 409: 7}
    refused = refusals(responses)
    assert {p["code"] for p in refused} == {"order.too_many_unpaid"}
    assert {(p["unpaid"], p["limit"]) for p in refused} == {(3, 3)}
    assert await my_order_count(client, buyer) == 3
    placed = sum(r.json()["lines"][0]["quantity"] for r in responses if r.status_code == 201)
    assert await available(client, admin, sku["id"]) == 100 - placed


async def test_the_same_order_sent_twice_at_once_is_placed_once(shop: Shop, rules: Any) -> None:
    # given
    rules(duplicate_window_seconds=10)
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    sku = await f.stocked_sku(client, admin, 10)
    buyer = await f.customer_with_address(client)

    # when: a double click without an Idempotency-Key
    responses = await asyncio.gather(checkout(client, buyer, sku["id"], 2), checkout(client, buyer, sku["id"], 2))

    # then
    assert sorted(r.status_code for r in responses) == [201, 409]
    assert [p["code"] for p in refusals(responses)] == ["order.duplicate"]
    assert await my_order_count(client, buyer) == 1
    assert await available(client, admin, sku["id"]) == 8


async def test_checkouts_at_once_never_buy_more_than_the_daily_limit_of_one_item(shop: Shop, rules: Any) -> None:
    # given: at most 10 units of one item a day
    rules(max_quantity_per_customer_day=10)
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    sku = await f.stocked_sku(client, admin, 100)
    buyer = await f.customer_with_address(client)

    # when: six orders of 4 units in the same moment
    responses = await asyncio.gather(*(checkout(client, buyer, sku["id"], 4) for _ in range(6)))

    # then: two fit (8 units), the third would make 12
    assert Counter(r.status_code for r in responses) == {201: 2, 422: 4}
    refused = refusals(responses)
    assert {p["code"] for p in refused} == {"order.customer_quantity_limit"}
    assert {(s["bought"], s["remaining"]) for p in refused for s in p["skus"]} == {(8, 2)}
    assert await available(client, admin, sku["id"]) == 92
