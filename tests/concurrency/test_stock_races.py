"""Stock races decided by PostgreSQL: concurrent requests through the HTTP API never oversell, never apply a
keyed request twice, and leave the ledger adding up to the levels."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

import httpx
import pytest

from tests import factories as f
from tests.conftest import Shop, new_ip
from tests.ledger import assert_ledger_matches_levels

pytestmark = pytest.mark.postgres


async def level_of(client: httpx.AsyncClient, headers: dict[str, str], sku_id: str) -> tuple[int, int]:
    response = await client.get("/stock", params={"sku_id": sku_id}, headers=headers)
    [item] = response.json()["items"]
    return item["on_hand"], item["reserved"]


async def stocked(client: httpx.AsyncClient, admin: dict[str, str], quantity: int) -> tuple[str, str]:
    sku_id = (await f.create_product(client, admin))["skus"][0]["id"]
    warehouse_id = (await f.create_warehouse(client, admin))["id"]
    await f.receive_stock(client, admin, warehouse_id, {sku_id: quantity})
    return sku_id, warehouse_id


def order(sku_id: str, quantity: int, ref: str) -> dict[str, Any]:
    return {"lines": [{"sku_id": sku_id, "quantity": quantity}], "reference_type": "order", "reference_id": ref}


async def test_fifty_concurrent_reservations_of_the_last_ten_units_reserve_exactly_ten(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    sku_id, _ = await stocked(client, admin, 10)
    # when
    responses = await asyncio.gather(
        *(client.post("/stock/reservations", json=order(sku_id, 1, f"R{i}"), headers=admin) for i in range(50))
    )
    # then
    assert Counter(r.status_code for r in responses) == {201: 10, 409: 40}
    assert {r.json()["code"] for r in responses if r.status_code == 409} == {"stock.insufficient"}
    assert await level_of(client, admin, sku_id) == (10, 10)
    await assert_ledger_matches_levels(shop.container, [sku_id])


async def test_concurrent_adjustments_never_take_on_hand_below_zero(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    sku_id, warehouse_id = await stocked(client, admin, 10)
    deltas = [1 if i % 2 else -2 for i in range(40)]
    # when
    responses = await asyncio.gather(
        *(
            client.post(
                "/stock/adjustments",
                json={"reason": "race", "lines": [{"sku_id": sku_id, "warehouse_id": warehouse_id, "delta": d}]},
                headers=admin,
            )
            for d in deltas
        )
    )
    # then
    assert {r.status_code for r in responses} <= {201, 409}
    applied = sum(d for d, r in zip(deltas, responses, strict=True) if r.status_code == 201)
    on_hand, reserved = await level_of(client, admin, sku_id)
    assert on_hand == 10 + applied >= 0
    assert reserved == 0
    await assert_ledger_matches_levels(shop.container, [sku_id])


async def test_reserving_shipping_and_releasing_at_once_keep_the_ledger_and_levels_in_step(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    sku_id, _ = await stocked(client, admin, 30)
    held = []
    for i in range(10):
        response = await client.post("/stock/reservations", json=order(sku_id, 2, f"M{i}"), headers=admin)
        held.append(response.json()["id"])
    shipping, releasing = held[:5], held[5:]
    # when: ship five, release five (each three times at once), and reserve ten more, all together
    calls = [client.post(f"/stock/reservations/{r}/commit", headers=admin) for r in shipping]
    calls += [client.post(f"/stock/reservations/{r}/release", headers=admin) for r in releasing for _ in range(3)]
    calls += [client.post("/stock/reservations", json=order(sku_id, 2, f"N{i}"), headers=admin) for i in range(10)]
    responses = await asyncio.gather(*calls)
    # then
    assert all(r.status_code in (200, 201) for r in responses[:20]), [r.text for r in responses[:20]]
    new_ones = [r for r in responses[20:] if r.status_code == 201]
    refused = [i for i, r in enumerate(responses[20:]) if r.status_code == 409]
    assert all(responses[20 + i].json()["code"] == "stock.insufficient" for i in refused)
    on_hand, reserved = await level_of(client, admin, sku_id)
    assert on_hand == 30 - 5 * 2
    assert reserved == 2 * len(new_ones)
    # a reservation that ran ahead of the releases was refused honestly; sent again, it fits in what they freed
    for i in refused:
        again = await client.post("/stock/reservations", json=order(sku_id, 2, f"N{i}"), headers=admin)
        assert again.status_code == 201, again.text
    assert await level_of(client, admin, sku_id) == (20, 20)  # 20 on hand after shipping, 10 released: all ten fit
    releases = await client.get("/stock/movements", params={"sku_id": sku_id, "kind": "release"}, headers=admin)
    assert releases.json()["total"] == 5
    await assert_ledger_matches_levels(shop.container, [sku_id])


async def test_one_idempotency_key_sent_ten_times_at_once_reserves_once(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    sku_id, _ = await stocked(client, admin, 10)
    headers = {**admin, "Idempotency-Key": f.unique_code("burst")}
    # when
    responses = await asyncio.gather(
        *(client.post("/stock/reservations", json=order(sku_id, 3, "K1"), headers=headers) for _ in range(10))
    )
    # then every caller sees the one reservation that was made
    assert [r.status_code for r in responses] == [201] * 10, [r.text for r in responses]
    assert len({r.json()["id"] for r in responses}) == 1
    assert await level_of(client, admin, sku_id) == (10, 3)
    reserves = await client.get("/stock/movements", params={"sku_id": sku_id, "kind": "reserve"}, headers=admin)
    assert reserves.json()["total"] == 1
    await assert_ledger_matches_levels(shop.container, [sku_id])
