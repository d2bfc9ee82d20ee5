"""The cart over HTTP on the real database: a guest cart on its token, merged into the customer's cart at sign-in;
another shopper's cart out of reach; price, sale status and stock re-checked on every read; limits refused with
their codes; an order's SKUs leaving the cart inside the checkout's transaction; idle guest carts purged."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

import httpx

from domain.cart import actions
from domain.cart import use_cases as cart
from infra.jobs import cart as cart_jobs
from infra.jobs.registry import JOBS
from tests.conftest import Shop, new_ip
from tests.factories import admin_headers, bearer, create_product, register_customer, sku_body
from tests.fakes import FakeClock
from tests.integration.test_catalog_products import stock_up

PROBLEM = "application/problem+json"


async def stocked_skus(shop: Shop, client: httpx.AsyncClient, *prices: str, units: int = 20) -> list[str]:
    """A product on sale with one SKU per price, each with `units` in stock; their ids."""
    admin = await admin_headers(client)
    product = await create_product(client, admin, skus=[sku_body(retail_price=p) for p in prices])
    ids = [s["id"] for s in product["skus"]]
    for sku_id in ids:
        await stock_up(shop, sku_id, units)
    return ids


async def add(client: httpx.AsyncClient, sku_id: str, quantity: int, headers: dict[str, str]) -> httpx.Response:
    return await client.post("/cart/lines", json={"sku_id": sku_id, "quantity": quantity}, headers=headers)


async def read(client: httpx.AsyncClient, headers: dict[str, str]) -> dict[str, Any]:
    response = await client.get("/cart", headers=headers)
    assert response.status_code == 200, response.text
    return dict(response.json())


def quantities(body: dict[str, Any]) -> dict[str, int]:
    return {line["sku_id"]: line["quantity"] for line in body["lines"]}


async def test_a_guest_cart_merges_into_the_customer_cart_after_sign_in(shop: Shop) -> None:
    client = shop.client(new_ip())
    earbuds, cable = await stocked_skus(shop, client, "199.00", "25.00")
    customer = bearer(await register_customer(client))
    assert (await add(client, earbuds, 1, customer)).status_code == 200
    # given: a guest adds two SKUs, the first add starting the guest cart
    started = await add(client, earbuds, 2, {})
    token = started.json()["guest_token"]
    guest = {"X-Cart-Token": token}
    second = await add(client, cable, 3, guest)
    assert started.status_code == second.status_code == 200
    assert second.json()["guest_token"] is None  # the cart exists: no new token
    assert quantities(await read(client, guest)) == {earbuds: 2, cable: 3}

    # when: they sign in and the SPA merges, twice (a retry)
    merged = await client.post("/cart/merge", headers={**customer, **guest})
    again = await client.post("/cart/merge", headers={**customer, **guest})

    # then
    assert merged.status_code == again.status_code == 200, merged.text
    assert quantities(merged.json()) == quantities(again.json()) == {earbuds: 3, cable: 3}
    assert merged.json()["selected_total"] == {"amount": "672.00", "currency": "CNY"}
    assert (await read(client, guest))["lines"] == []  # the guest cart is gone
    assert quantities(await read(client, {**customer, **guest})) == {earbuds: 3, cable: 3}


async def test_another_shoppers_cart_is_out_of_reach(shop: Shop) -> None:
    client = shop.client(new_ip())
    [earbuds] = await stocked_skus(shop, client, "199.00")
    wang, li = bearer(await register_customer(client)), bearer(await register_customer(client))
    await add(client, earbuds, 2, wang)
    guest_token = (await add(client, earbuds, 1, {})).json()["guest_token"]

    li_reads = await read(client, li)
    li_changes = await client.patch(f"/cart/lines/{earbuds}", json={"quantity": 5}, headers=li)
    li_removes = await client.delete(f"/cart/lines/{earbuds}", headers=li)
    li_clears = await client.delete("/cart", headers=li)
    guessed = await read(client, {"X-Cart-Token": guest_token[:-2] + "xx"})

    assert li_reads["lines"] == [] and guessed["lines"] == []
    assert li_changes.status_code == 404 and li_changes.json()["code"] == "cart.line_not_found"
    assert (li_removes.status_code, li_clears.status_code) == (200, 204)
    assert quantities(await read(client, wang)) == {earbuds: 2}
    assert quantities(await read(client, {"X-Cart-Token": guest_token})) == {earbuds: 1}


async def test_a_read_shows_a_price_change_a_deactivated_sku_and_short_stock(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    earbuds, cable, case = await stocked_skus(shop, client, "199.00", "25.00", "40.00", units=5)
    wang = bearer(await register_customer(client))
    for sku_id in (earbuds, cable, case):
        assert (await add(client, sku_id, 2, wang)).status_code == 200

    # when: staff cut a price, deactivate a SKU, and stock is sold elsewhere
    assert (await client.patch(f"/skus/{earbuds}", json={"retail_price": "179.00"}, headers=admin)).status_code == 200
    assert (await client.patch(f"/skus/{case}", json={"active": False}, headers=admin)).status_code == 200
    async with shop.container.uow() as uow:
        for level in await uow.stock.levels_for([UUID(cable)]):
            level.on_hand = level.reserved + 1
        await uow.commit()
    body = await read(client, wang)

    # then
    lines = {line["sku_id"]: line for line in body["lines"]}
    assert lines[earbuds]["price_changed"] is True
    assert (lines[earbuds]["added_unit_price"]["amount"], lines[earbuds]["unit_price"]["amount"]) == (
        "199.00",
        "179.00",
    )
    assert (lines[case]["unavailable"], lines[case]["unit_price"]) == (True, None)
    assert (lines[cable]["insufficient_stock"], lines[cable]["available_quantity"]) == (True, 1)
    assert body["selected_total"] == {"amount": "408.00", "currency": "CNY"}  # 2 × 179 + 2 × 25; not the case
    assert lines[earbuds]["product_name"] and lines[earbuds]["title"]


async def test_limits_unknown_and_inactive_skus_are_refused_with_codes(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    [earbuds, retired] = await stocked_skus(shop, client, "199.00", "10.00", units=200)
    [scarce] = await stocked_skus(shop, client, "5.00", units=3)
    await client.patch(f"/skus/{retired}", json={"active": False}, headers=admin)
    wang = bearer(await register_customer(client))
    assert (await add(client, earbuds, 60, wang)).status_code == 200

    too_many = await add(client, earbuds, 40, wang)
    zero = await client.patch(f"/cart/lines/{earbuds}", json={"quantity": 0}, headers=wang)
    unknown = await add(client, "00000000-0000-4000-8000-000000000000", 1, wang)
    inactive = await add(client, retired, 1, wang)
    short = await add(client, scarce, 4, wang)

    assert too_many.status_code == 422 and too_many.json()["code"] == "cart.quantity_out_of_range"
    assert zero.status_code == 422 and zero.headers["content-type"].startswith(PROBLEM)
    assert unknown.status_code == 404 and unknown.json()["code"] == "sku.not_found"
    assert inactive.status_code == 422 and inactive.json()["code"] == "sku.inactive"
    assert short.status_code == 409 and short.json()["code"] == "stock.insufficient"
    # in the customer's language (Chinese by default)
    assert too_many.json()["detail"] == "每件商品的数量为 1 至 99 件"
    assert short.json()["detail"] == "库存不足：需要 4 件，可用仅 3 件"
    assert quantities(await read(client, wang)) == {earbuds: 60}


async def test_merging_needs_a_signed_in_customer_and_a_token(shop: Shop) -> None:
    client = shop.client(new_ip())
    wang = bearer(await register_customer(client))

    anonymous = await client.post("/cart/merge", headers={"X-Cart-Token": "whatever"})
    without_token = await client.post("/cart/merge", headers=wang)
    stale_bearer = await client.get("/cart", headers={"Authorization": "Bearer not-a-token"})

    assert anonymous.status_code == 401
    assert without_token.status_code == 422 and without_token.json()["code"] == "cart.token_required"
    assert stale_bearer.status_code == 401  # the SPA renews its session rather than seeing an empty guest cart


async def test_selecting_lines_changes_the_total_and_clearing_empties_the_cart(shop: Shop) -> None:
    client = shop.client(new_ip())
    earbuds, cable = await stocked_skus(shop, client, "199.00", "25.00")
    wang = bearer(await register_customer(client))
    await add(client, earbuds, 1, wang)
    await add(client, cable, 2, wang)

    one = await client.patch(f"/cart/lines/{earbuds}", json={"selected": False}, headers=wang)
    none = await client.patch("/cart", json={"selected": False}, headers=wang)
    cleared = await client.delete("/cart", headers=wang)

    assert (one.json()["selected_total"]["amount"], one.json()["selected_quantity"]) == ("50.00", 2)
    assert none.json()["selected_total"]["amount"] == "0.00"
    assert cleared.status_code == 204 and (await read(client, wang))["lines"] == []


async def test_an_order_takes_its_skus_out_of_the_customer_cart_in_its_own_transaction(shop: Shop) -> None:
    client = shop.client(new_ip())
    earbuds, cable = await stocked_skus(shop, client, "199.00", "25.00")
    session = await register_customer(client)
    wang = bearer(session)
    await add(client, earbuds, 1, wang)
    await add(client, cable, 1, wang)

    async with shop.container.uow() as uow:  # as the checkout's use case does, around its own work
        await actions.remove_ordered(uow, UUID(session["user"]["id"]), [UUID(earbuds)])
        await uow.commit()

    assert quantities(await read(client, wang)) == {cable: 1}


async def test_guest_carts_idle_for_a_month_are_purged_and_customer_carts_kept(shop: Shop) -> None:
    client = shop.client(new_ip())
    [earbuds] = await stocked_skus(shop, client, "199.00")
    wang = bearer(await register_customer(client))
    await add(client, earbuds, 1, wang)
    token = (await add(client, earbuds, 1, {})).json()["guest_token"]
    later = FakeClock(shop.container.clock.now() + timedelta(days=31))

    purged = await cart.purge_guest_carts(shop.container.uow(), later)

    assert purged >= 1
    assert (await read(client, {"X-Cart-Token": token}))["lines"] == []
    assert quantities(await read(client, wang)) == {earbuds: 1}
    # the worker runs it every hour, and a run with nothing idle deletes nothing
    assert any(job.function is cart_jobs.purge_guest_carts and job.every_minutes == 60 for job in JOBS)
    assert await cart_jobs.purge_guest_carts({"container": shop.container}) == 0
