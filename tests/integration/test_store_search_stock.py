"""The storefront's in-stock filter follows the stock in the same transaction as each change (receive, reserve,
release, pause, warehouse and SKU switched off), and keyword search serves two-character Chinese words, brands and
codes; a broad search says "1,000+" instead of counting every match."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from domain.catalog import storefront
from tests.conftest import Shop, new_ip
from tests.factories import (
    admin_headers,
    create_category,
    create_product,
    create_warehouse,
    receive_stock,
    sku_body,
    unique_code,
)


async def in_stock(client: httpx.AsyncClient, word: str) -> list[str]:
    response = await client.get("/store/products", params={"q": word, "in_stock": "true", "sort": "price"})
    assert response.status_code == 200, response.text
    return [p["name"] for p in response.json()["items"]]


async def found(client: httpx.AsyncClient, q: str, **params: Any) -> list[str]:
    response = await client.get("/store/products", params={"q": q, **params})
    assert response.status_code == 200, response.text
    return sorted(p["name"] for p in response.json()["items"])


async def reserve(client: httpx.AsyncClient, admin: dict[str, str], sku_id: str, quantity: int) -> str:
    body = {"lines": [{"sku_id": sku_id, "quantity": quantity}], "reference_type": "order", "reference_id": "SO-1"}
    response = await client.post("/stock/reservations", json=body, headers=admin)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def level_id(client: httpx.AsyncClient, admin: dict[str, str], sku_id: str) -> str:
    [level] = (await client.get("/stock", params={"sku_id": sku_id}, headers=admin)).json()["items"]
    return str(level["id"])


async def test_an_in_stock_search_shows_a_product_while_it_can_be_bought(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    # given a product on sale with no stock
    word = unique_code("S").lower()
    product = await create_product(client, admin, name=f"Kettle {word}")
    sku_id = product["skus"][0]["id"]
    warehouse = await create_warehouse(client, admin)
    assert await in_stock(client, word) == []
    # received: it shows
    await receive_stock(client, admin, warehouse["id"], {sku_id: 2})
    assert await in_stock(client, word) == [f"Kettle {word}"]
    # reserved to zero: it hides; released: it shows again
    reservation = await reserve(client, admin, sku_id, 2)
    assert await in_stock(client, word) == []
    released = await client.post(f"/stock/reservations/{reservation}/release", json={}, headers=admin)
    assert released.status_code == 200, released.text
    assert await in_stock(client, word) == [f"Kettle {word}"]
    # sale paused: it hides; resumed: it shows
    level = await level_id(client, admin, sku_id)
    assert (await client.patch(f"/stock/levels/{level}", json={"sale_paused": True}, headers=admin)).is_success
    assert await in_stock(client, word) == []
    assert (await client.patch(f"/stock/levels/{level}", json={"sale_paused": False}, headers=admin)).is_success
    assert await in_stock(client, word) == [f"Kettle {word}"]
    # its warehouse deactivated: it hides; reactivated: it shows
    url = f"/warehouses/{warehouse['id']}"
    assert (await client.patch(url, json={"active": False}, headers=admin)).is_success
    assert await in_stock(client, word) == []
    assert (await client.patch(url, json={"active": True}, headers=admin)).is_success
    assert await in_stock(client, word) == [f"Kettle {word}"]
    # adjusted down to nothing: it hides
    line = {"sku_id": sku_id, "warehouse_id": warehouse["id"], "delta": -2}
    body = {"lines": [line], "reason": "damaged"}
    assert (await client.post("/stock/adjustments", json=body, headers=admin)).is_success
    assert await in_stock(client, word) == []


async def test_a_product_stays_in_stock_until_its_last_sellable_sku_is_gone(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    # given two SKUs in stock in two warehouses
    word = unique_code("S").lower()
    product = await create_product(client, admin, name=f"Teapot {word}", skus=[sku_body(), sku_body()])
    first, second = (s["id"] for s in product["skus"])
    north, south = await create_warehouse(client, admin), await create_warehouse(client, admin)
    await receive_stock(client, admin, north["id"], {first: 1})
    await receive_stock(client, admin, south["id"], {second: 1})
    # when one sells out, the other still sells
    await reserve(client, admin, first, 1)
    assert await in_stock(client, word) == [f"Teapot {word}"]
    # the other SKU switched off: nothing left to buy; switched on again: it shows
    assert (await client.patch(f"/skus/{second}", json={"active": False}, headers=admin)).is_success
    assert await in_stock(client, word) == []
    assert (await client.patch(f"/skus/{second}", json={"active": True}, headers=admin)).is_success
    assert await in_stock(client, word) == [f"Teapot {word}"]
    # moved to the first warehouse and reserved there: out of stock
    body = {"sku_id": second, "from_warehouse_id": south["id"], "to_warehouse_id": north["id"], "quantity": 1}
    assert (await client.post("/stock/transfers", json=body, headers=admin)).is_success
    assert await in_stock(client, word) == [f"Teapot {word}"]
    await reserve(client, admin, second, 1)
    assert await in_stock(client, word) == []


async def test_two_character_chinese_words_brands_and_codes_find_their_products(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    # given
    word = unique_code("Z").lower()
    earphones = await create_product(client, admin, name=f"无线蓝牙耳机 {word}", brand="声悦")
    await create_product(client, admin, name=f"耳机收纳包 {word}", brand="Haier")
    await create_product(client, admin, name=f"机耳 木耳 {word}", skus=[sku_body(attributes={"颜色": "黑"})])
    # then: the two characters next to each other, anywhere in a word
    assert await found(client, f"耳机 {word}") == [f"无线蓝牙耳机 {word}", f"耳机收纳包 {word}"]
    assert await found(client, f"蓝牙耳机 {word}") == [f"无线蓝牙耳机 {word}"]
    # one character is a word too, in names and in specs
    assert await found(client, f"包 {word}") == [f"耳机收纳包 {word}"]
    assert await found(client, f"黑 {word}") == [f"机耳 木耳 {word}"]
    # brands in either script, codes whole or in part, in any case
    assert await found(client, f"声悦 {word}") == [f"无线蓝牙耳机 {word}"]
    assert await found(client, f"HAIER {word}") == [f"耳机收纳包 {word}"]
    assert await found(client, earphones["code"]) == [f"无线蓝牙耳机 {word}"]
    assert await found(client, earphones["skus"][0]["code"][2:].upper()) == [f"无线蓝牙耳机 {word}"]
    # a word that only shares characters does not match
    assert await found(client, f"耳蓝 {word}") == []


async def test_a_broad_search_counts_up_to_a_cap_and_says_there_are_more(
    shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    monkeypatch.setattr(storefront, "COUNTED_UP_TO", 2)
    word = unique_code("C").lower()
    for n in range(3):
        await create_product(client, admin, name=f"Cup {n} {word}")

    capped = (await client.get("/store/products", params={"q": word, "page_size": 1})).json()
    exact = (await client.get("/store/products", params={"q": word, "page_size": 3})).json()

    assert (capped["total"], capped["total_capped"], len(capped["items"])) == (2, True, 1)
    assert (exact["total"], exact["total_capped"], len(exact["items"])) == (3, False, 3)


async def test_a_search_count_follows_stock_and_new_products_at_once(shop: Shop) -> None:
    # given an in-stock search counted while nothing matches (counts are kept for a few seconds)
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    word = unique_code("N").lower()
    first = await create_product(client, admin, name=f"Teapot {word}")
    warehouse = await create_warehouse(client, admin)
    params = {"q": word, "in_stock": "true"}

    async def total() -> int:
        return int((await client.get("/store/products", params=params)).json()["total"])

    assert await total() == 0
    # when stock arrives, and then a second product with stock
    await receive_stock(client, admin, warehouse["id"], {first["skus"][0]["id"]: 1})
    after_receipt = await total()
    second = await create_product(client, admin, name=f"Teapot lid {word}")
    await receive_stock(client, admin, warehouse["id"], {second["skus"][0]["id"]: 1})

    # then each count is the new one, not the one kept
    assert (after_receipt, await total()) == (1, 2)


async def test_a_category_search_follows_a_moved_category_at_once(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    # given kettles under Kitchen, searched by Kitchen (its subtree is then remembered)
    kitchen = await create_category(client, admin, name=unique_code("K"))
    garden = await create_category(client, admin, name=unique_code("G"))
    kettles = await create_category(client, admin, name=unique_code("KT"), parent_id=kitchen["id"])
    word = unique_code("M").lower()
    await create_product(client, admin, name=f"Kettle {word}", category_id=kettles["id"])
    assert await found(client, word, category_id=kitchen["id"]) == [f"Kettle {word}"]

    # when the kettles move under Garden
    moved = await client.post(f"/categories/{kettles['id']}/move", json={"parent_id": garden["id"]}, headers=admin)
    assert moved.status_code == 200, moved.text

    # then
    assert await found(client, word, category_id=kitchen["id"]) == []
    assert await found(client, word, category_id=garden["id"]) == [f"Kettle {word}"]


@pytest.mark.parametrize("q", ["a'b", "x\\'", "50%_off", "{耳机}", "'耳机' & '冰箱'"])
async def test_quotes_wildcards_and_braces_in_a_keyword_are_taken_as_text(shop: Shop, q: str) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    word = unique_code("Q").lower()
    await create_product(client, admin, name=f"Plain {word}")
    assert await found(client, f"{q} {word}") == []
