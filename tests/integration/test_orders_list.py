"""The staff order list at scale: the customer filter matches the start of a name, phone or e-mail, or a phone's
last digits (what an index can serve), and the total stops counting at a cap that the page says it reached."""

from __future__ import annotations

import uuid

import pytest

from api.schemas import orders as order_schemas
from infra.repositories import orders as order_repository
from tests.conftest import Shop, new_ip
from tests.factories import admin_headers, customer_with_address, place_order, stocked_sku, unique_phone


async def test_staff_find_a_customers_orders_by_the_start_of_their_name_or_email_in_any_case(shop: Shop) -> None:
    # given
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    sku = await stocked_sku(client, admin, 5, retail_price="10.00")
    marker = uuid.uuid4().hex[:8]
    buyer = await customer_with_address(client, name=f"Prefix{marker} Tester")
    order = await place_order(client, buyer, {sku["id"]: 1})

    async def ids(customer: str) -> list[str]:
        response = await client.get("/orders", params={"customer": customer}, headers=admin)
        assert response.status_code == 200, response.text
        return [o["id"] for o in response.json()["items"]]

    # then
    assert await ids(f"prefix{marker}") == [order["id"]]
    assert await ids(f"PREFIX{marker} tester") == [order["id"]]
    assert await ids(buyer.email.upper()) == [order["id"]]
    assert await ids(buyer.email[:12]) == [order["id"]]
    assert await ids(f"{marker} Tester") == []  # the middle of a name is not a prefix
    assert await ids(f"Prefix{marker}%") == []  # a typed % is a character, not a wildcard


async def test_staff_find_a_customers_orders_by_the_last_digits_or_the_start_of_their_phone(shop: Shop) -> None:
    # given: two customers whose phones differ only in the fourth digit from the end
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    sku = await stocked_sku(client, admin, 5, retail_price="10.00")
    while True:
        phone = unique_phone()
        neighbour = f"{phone[:-4]}{(int(phone[-4:]) + 5000) % 10_000:04d}"
        if phone[-3:] != phone[:3] and phone[3:9] not in (phone[:6], phone[-6:], neighbour[-6:]):
            break  # (almost always at once) no start or end of either number is what the misses below search
    caller = await customer_with_address(client, phone=phone)
    order = await place_order(client, caller, {sku["id"]: 1})
    other = await place_order(client, await customer_with_address(client, phone=neighbour), {sku["id"]: 1})

    async def ids(customer: str) -> set[str]:
        params = {"customer": customer, "product": sku["code"]}  # among this test's orders only
        response = await client.get("/orders", params=params, headers=admin)
        assert response.status_code == 200, response.text
        return {o["id"] for o in response.json()["items"]}

    # then
    assert order["customer"]["phone"] == phone
    assert await ids(phone[-4:]) == {order["id"]}  # the last four digits, as a caller quotes them
    assert await ids(phone[-7:]) == {order["id"]}
    assert await ids(phone) == {order["id"]}
    assert await ids(phone[:-4]) == {order["id"], other["id"]}  # the start of the number
    assert await ids(phone[-3:]) == set()  # three digits are too few to stand for a phone's end
    assert await ids(phone[3:9]) == set()  # the middle of a number is neither its start nor its end


async def test_a_list_with_more_matches_than_the_cap_says_its_total_is_capped(
    shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: three orders of one customer and a cap of two
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    sku = await stocked_sku(client, admin, 10, retail_price="10.00")
    buyer = await customer_with_address(client)
    for quantity in (1, 2, 3):  # different carts: the same one twice within seconds is refused as a duplicate
        await place_order(client, buyer, {sku["id"]: quantity})
    monkeypatch.setattr(order_repository, "TOTAL_CAP", 2)
    monkeypatch.setattr(order_schemas, "TOTAL_CAP", 2)

    # when
    capped = (await client.get("/orders", params={"customer": buyer.email, "page_size": 2}, headers=admin)).json()
    monkeypatch.setattr(order_repository, "TOTAL_CAP", 3)
    monkeypatch.setattr(order_schemas, "TOTAL_CAP", 3)
    exact = (await client.get("/orders", params={"customer": buyer.email, "page_size": 2}, headers=admin)).json()

    # then
    assert (capped["total"], capped["total_capped"], len(capped["items"])) == (2, True, 2)
    assert (exact["total"], exact["total_capped"]) == (3, False)


async def test_an_exact_total_follows_new_orders_at_once_and_a_capped_one_stays_capped(
    shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    sku = await stocked_sku(client, admin, 20, retail_price="10.00")
    buyer = await customer_with_address(client)
    monkeypatch.setattr(order_repository, "TOTAL_CAP", 2)
    monkeypatch.setattr(order_schemas, "TOTAL_CAP", 2)
    totals = []
    for quantity in (1, 2, 3, 4):  # different carts: the same one twice within seconds is refused as a duplicate
        await place_order(client, buyer, {sku["id"]: quantity})
        page = (await client.get("/orders", params={"customer": buyer.email}, headers=admin)).json()
        totals.append((page["total"], page["total_capped"]))

    assert totals == [(1, False), (2, False), (2, True), (2, True)]
