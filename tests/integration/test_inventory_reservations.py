"""Reservations as the order flow uses them: hold stock, ship it in parts, release it (twice is harmless),
let it expire through the sweep job, and repeat a request safely with an Idempotency-Key."""

from __future__ import annotations

from typing import Any

import httpx

from infra.jobs import inventory as inventory_jobs
from tests import factories as f
from tests.conftest import Shop, new_ip
from tests.ledger import assert_ledger_matches_levels


async def level_of(
    client: httpx.AsyncClient, headers: dict[str, str], sku_id: str, warehouse_id: str
) -> tuple[int, int]:
    response = await client.get("/stock", params={"sku_id": sku_id, "warehouse_id": warehouse_id}, headers=headers)
    [item] = response.json()["items"]
    return item["on_hand"], item["reserved"]


async def ledger(client: httpx.AsyncClient, headers: dict[str, str], sku_id: str) -> list[tuple[str, int, str]]:
    response = await client.get(
        "/stock/movements", params={"sku_id": sku_id, "sort": "at", "page_size": 200}, headers=headers
    )
    return [(m["kind"], m["quantity"], m["reason"]) for m in response.json()["items"]]


async def stocked(client: httpx.AsyncClient, admin: dict[str, str], quantity: int) -> tuple[str, str]:
    product = await f.create_product(client, admin)
    warehouse = await f.create_warehouse(client, admin)
    sku_id = product["skus"][0]["id"]
    await f.receive_stock(client, admin, warehouse["id"], {sku_id: quantity})
    return sku_id, warehouse["id"]


def order(sku_id: str, quantity: int, **extra: Any) -> dict[str, Any]:
    return {
        "lines": [{"sku_id": sku_id, "quantity": quantity}],
        "reference_type": "order",
        "reference_id": "SO-1",
        **extra,
    }


async def test_a_reservation_holds_stock_and_ships_in_part_then_in_full(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    sku_id, warehouse_id = await stocked(client, admin, 10)
    # when
    created = await client.post("/stock/reservations", json=order(sku_id, 3), headers=admin)
    assert created.status_code == 201, created.text
    reservation = created.json()
    # then
    assert reservation["status"] == "active"
    assert [(line["warehouse_id"], line["quantity"], line["outstanding"]) for line in reservation["lines"]] == [
        (warehouse_id, 3, 3)
    ]
    assert await level_of(client, admin, sku_id, warehouse_id) == (10, 3)
    fetched = await client.get(f"/stock/reservations/{reservation['id']}", headers=admin)
    assert fetched.json() == reservation
    # when one ships, then the rest
    part = await client.post(
        f"/stock/reservations/{reservation['id']}/commit",
        json={"lines": [{"sku_id": sku_id, "quantity": 1}]},
        headers=admin,
    )
    assert part.status_code == 200, part.text
    assert (part.json()["status"], part.json()["lines"][0]["shipped"]) == ("active", 1)
    assert await level_of(client, admin, sku_id, warehouse_id) == (9, 2)
    rest = await client.post(f"/stock/reservations/{reservation['id']}/commit", headers=admin)
    assert (rest.json()["status"], rest.json()["lines"][0]["shipped"]) == ("committed", 3)
    assert await level_of(client, admin, sku_id, warehouse_id) == (7, 0)
    # then nothing more can ship or be released
    again = await client.post(f"/stock/reservations/{reservation['id']}/commit", headers=admin)
    assert (again.status_code, again.json()["code"]) == (409, "reservation.not_active")
    release = await client.post(f"/stock/reservations/{reservation['id']}/release", headers=admin)
    assert (release.status_code, release.json()["code"]) == (409, "reservation.already_shipped")
    assert [(k, q) for k, q, _ in await ledger(client, admin, sku_id)] == [
        ("inbound", 10),
        ("reserve", 3),
        ("ship", -1),
        ("ship", -2),
    ]
    await assert_ledger_matches_levels(shop.container, [sku_id])


async def test_shipping_more_than_is_reserved_is_refused(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    sku_id, warehouse_id = await stocked(client, admin, 10)
    reservation = (await client.post("/stock/reservations", json=order(sku_id, 2), headers=admin)).json()

    response = await client.post(
        f"/stock/reservations/{reservation['id']}/commit",
        json={"lines": [{"sku_id": sku_id, "quantity": 3}]},
        headers=admin,
    )

    assert (response.status_code, response.json()["code"]) == (422, "reservation.quantity_invalid")
    assert await level_of(client, admin, sku_id, warehouse_id) == (10, 2)
    await assert_ledger_matches_levels(shop.container, [sku_id])


async def test_reserving_more_than_is_available_is_refused_with_what_is_left(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    sku_id, warehouse_id = await stocked(client, admin, 4)
    await client.post("/stock/reservations", json=order(sku_id, 3), headers=admin)
    # two lines of one order for the same SKU count together
    body = {**order(sku_id, 1), "lines": [{"sku_id": sku_id, "quantity": 1}, {"sku_id": sku_id, "quantity": 1}]}

    response = await client.post("/stock/reservations", json=body, headers=admin)

    assert response.status_code == 409
    assert (response.json()["code"], response.json()["available"], response.json()["requested"]) == (
        "stock.insufficient",
        1,
        2,
    )
    assert await level_of(client, admin, sku_id, warehouse_id) == (4, 3)
    await assert_ledger_matches_levels(shop.container, [sku_id])


async def test_an_order_no_single_warehouse_can_serve_is_split_between_warehouses(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    sku_id, first = await stocked(client, admin, 4)
    second = (await f.create_warehouse(client, admin))["id"]
    await f.receive_stock(client, admin, second, {sku_id: 3})

    response = await client.post("/stock/reservations", json=order(sku_id, 6), headers=admin)

    assert response.status_code == 201, response.text
    assert sorted((line["warehouse_id"], line["quantity"]) for line in response.json()["lines"]) == sorted(
        [(first, 4), (second, 2)]
    )
    await assert_ledger_matches_levels(shop.container, [sku_id])


async def test_releasing_twice_gives_the_stock_back_once(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    sku_id, warehouse_id = await stocked(client, admin, 10)
    reservation = (await client.post("/stock/reservations", json=order(sku_id, 4), headers=admin)).json()
    # when
    first = await client.post(f"/stock/reservations/{reservation['id']}/release", headers=admin)
    second = await client.post(f"/stock/reservations/{reservation['id']}/release", headers=admin)
    # then
    assert first.status_code == second.status_code == 200
    assert first.json()["status"] == second.json()["status"] == "released"
    assert await level_of(client, admin, sku_id, warehouse_id) == (10, 0)
    assert [(k, q) for k, q, _ in await ledger(client, admin, sku_id)] == [
        ("inbound", 10),
        ("reserve", 4),
        ("release", -4),
    ]
    missing = await client.post("/stock/reservations/00000000-0000-4000-8000-000000000000/release", headers=admin)
    assert (missing.status_code, missing.json()["code"]) == (404, "reservation.not_found")
    await assert_ledger_matches_levels(shop.container, [sku_id])


async def test_the_sweep_job_releases_reservations_past_their_time_and_keeps_the_others(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    sku_id, warehouse_id = await stocked(client, admin, 10)
    expired = (await client.post("/stock/reservations", json=order(sku_id, 2, ttl_seconds=0), headers=admin)).json()
    kept = (await client.post("/stock/reservations", json=order(sku_id, 3, ttl_seconds=3600), headers=admin)).json()
    assert await level_of(client, admin, sku_id, warehouse_id) == (10, 5)
    # when the sweep runs (twice, as at-least-once jobs may)
    released = await inventory_jobs.release_expired_reservations({"container": shop.container})
    await inventory_jobs.release_expired_reservations({"container": shop.container})
    # then
    assert released >= 1
    assert (await client.get(f"/stock/reservations/{expired['id']}", headers=admin)).json()["status"] == "expired"
    assert (await client.get(f"/stock/reservations/{kept['id']}", headers=admin)).json()["status"] == "active"
    assert await level_of(client, admin, sku_id, warehouse_id) == (10, 3)
    assert ("release", -2, "expired") in await ledger(client, admin, sku_id)
    await assert_ledger_matches_levels(shop.container, [sku_id])


async def test_a_reservation_repeated_with_its_idempotency_key_is_made_once(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    keeper = await f.create_staff(client, admin, "warehouse")
    other = f.bearer(await f.login(client, keeper["email"], f.PASSWORD))
    sku_id, warehouse_id = await stocked(client, admin, 10)
    key = {"Idempotency-Key": f.unique_code("order")}
    # when
    first = await client.post("/stock/reservations", json=order(sku_id, 2), headers={**admin, **key})
    again = await client.post("/stock/reservations", json=order(sku_id, 2), headers={**admin, **key})
    changed = await client.post("/stock/reservations", json=order(sku_id, 5), headers={**admin, **key})
    someone_else = await client.post("/stock/reservations", json=order(sku_id, 2), headers={**other, **key})
    # then
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert (changed.status_code, changed.json()["code"]) == (409, "idempotency.conflict")
    assert someone_else.status_code == 201  # keys are the caller's own
    assert someone_else.json()["id"] != first.json()["id"]
    assert await level_of(client, admin, sku_id, warehouse_id) == (10, 4)
    await assert_ledger_matches_levels(shop.container, [sku_id])


async def test_a_failed_request_leaves_its_key_free_for_a_retry(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    sku_id, warehouse_id = await stocked(client, admin, 1)
    key = {"Idempotency-Key": f.unique_code("retry")}

    refused = await client.post("/stock/reservations", json=order(sku_id, 2), headers={**admin, **key})
    await f.receive_stock(client, admin, warehouse_id, {sku_id: 1})
    retried = await client.post("/stock/reservations", json=order(sku_id, 2), headers={**admin, **key})

    assert refused.status_code == 409
    assert retried.status_code == 201, retried.text
    assert await level_of(client, admin, sku_id, warehouse_id) == (2, 2)
    await assert_ledger_matches_levels(shop.container, [sku_id])
