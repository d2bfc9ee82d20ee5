"""Order races decided by PostgreSQL through the HTTP API: a hot SKU never oversells at checkout, a retried
checkout makes one order, and two actions on one order run one after the other on its row lock."""

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


@pytest.fixture
def many_orders_per_customer(shop: Shop, monkeypatch: pytest.MonkeyPatch) -> None:
    """The safety limits are per customer; the race here is on the stock, so let ten customers each try twenty
    times (the orders differ only by who places them, which the duplicate check would otherwise refuse)."""
    rules = shop.container.settings.orders
    monkeypatch.setattr(rules, "max_unpaid_orders", 1_000)
    monkeypatch.setattr(rules, "duplicate_window_seconds", 0)


async def checkout(client: httpx.AsyncClient, buyer: f.Buyer, sku_id: str, key: str | None = None) -> httpx.Response:
    headers = {**buyer.headers, **({"Idempotency-Key": key} if key else {})}
    body: dict[str, Any] = {"lines": [{"sku_id": sku_id, "quantity": 1}], "address_id": buyer.address_id}
    return await client.post("/me/orders", json=body, headers=headers)


async def test_two_hundred_concurrent_checkouts_of_fifty_units_make_fifty_orders(
    shop: Shop, many_orders_per_customer: None
) -> None:
    # given
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    sku = await f.stocked_sku(client, admin, 50)
    buyers = await asyncio.gather(*(f.customer_with_address(client) for _ in range(10)))

    # when
    responses = await asyncio.gather(*(checkout(client, buyers[i % 10], sku["id"]) for i in range(200)))

    # then
    assert Counter(r.status_code for r in responses) == {201: 50, 409: 150}
    assert {r.json()["code"] for r in responses if r.status_code == 409} == {"stock.insufficient"}
    numbers = {r.json()["number"] for r in responses if r.status_code == 201}
    assert len(numbers) == 50
    assert await available(client, admin, sku["id"]) == 0
    listed = await client.get("/orders", params={"product": sku["code"], "page_size": 100}, headers=admin)
    assert listed.json()["total"] == 50
    await assert_ledger_matches_levels(shop.container, [sku["id"]])


async def test_the_same_idempotency_key_sent_concurrently_makes_one_order(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    sku = await f.stocked_sku(client, admin, 10)
    buyer = await f.customer_with_address(client)

    responses = await asyncio.gather(*(checkout(client, buyer, sku["id"], key="one-click") for _ in range(20)))

    assert {r.status_code for r in responses} == {201}
    assert len({r.json()["id"] for r in responses}) == 1
    assert (await client.get("/me/orders", headers=buyer.headers)).json()["total"] == 1
    assert await available(client, admin, sku["id"]) == 9


async def test_paying_twice_at_once_pays_once(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    sku = await f.stocked_sku(client, admin, 10)
    buyer = await f.customer_with_address(client)
    order = await f.place_order(client, buyer, {sku["id"]: 2})

    responses = await asyncio.gather(
        *(client.post(f"/orders/{order['id']}/pay", json={"method": "cash"}, headers=admin) for _ in range(5))
    )

    assert Counter(r.status_code for r in responses) == {200: 1, 409: 4}
    assert {r.json()["code"] for r in responses if r.status_code == 409} == {"order.invalid_transition"}
    product = (await client.get(f"/products/{sku['product_id']}", headers=admin)).json()
    assert product["sales_count"] == 2  # counted once


async def test_a_cancel_racing_a_payment_is_decided_by_whichever_locks_the_order_first(shop: Shop) -> None:
    # given
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    sku = await f.stocked_sku(client, admin, 10)
    outcomes: Counter[str] = Counter()
    for _ in range(6):
        buyer = await f.customer_with_address(client)
        order = await f.place_order(client, buyer, {sku["id"]: 1})

        # when
        cancel, pay = await asyncio.gather(
            client.post(f"/me/orders/{order['id']}/cancel", json={"reason": "race"}, headers=buyer.headers),
            client.post(f"/orders/{order['id']}/pay", json={"method": "cash"}, headers=admin),
        )

        # then: the cancel first (the payment is refused), or the payment first (the cancel closes a paid order)
        final = (await client.get(f"/orders/{order['id']}", headers=admin)).json()
        actions = [e["action"] for e in final["events"]]
        if pay.status_code == 409:
            assert (cancel.status_code, final["status"], actions) == (200, "cancelled", ["place", "cancel"])
            outcomes["cancel first"] += 1
        else:
            assert (pay.status_code, cancel.status_code, final["status"]) == (200, 200, "closed")
            assert actions == ["place", "pay", "approve", "cancel"]
            outcomes["pay first"] += 1
    assert sum(outcomes.values()) == 6
    assert await available(client, admin, sku["id"]) == 10  # every unit back, none twice
    await assert_ledger_matches_levels(shop.container, [sku["id"]])
