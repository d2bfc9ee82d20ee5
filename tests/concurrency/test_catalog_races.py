"""Catalog races decided by PostgreSQL: two staff creating or editing the same things at the same moment get one
success and a 409 in the same words the service's own check uses, never a 500 or a deadlock."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from tests import factories as f
from tests.conftest import Shop, new_ip

pytestmark = pytest.mark.postgres


async def test_two_products_created_at_once_with_one_code_give_one_201_and_one_409(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    category_id = (await f.create_category(client, admin))["id"]
    code = f.unique_code("P")
    bodies = [
        {"code": code, "name": f"Racer {i}", "category_id": category_id, "skus": [f.sku_body()]} for i in range(2)
    ]
    # when
    responses = await asyncio.gather(*(client.post("/products", json=b, headers=admin) for b in bodies))
    # then
    assert sorted(r.status_code for r in responses) == [201, 409], [r.text for r in responses]
    loser = next(r.json() for r in responses if r.status_code == 409)
    assert loser["code"] == "product.code_taken"
    listed = await client.get("/products", params={"q": code}, headers=admin)
    assert listed.json()["total"] == 1


async def test_two_products_created_at_once_with_one_sku_code_give_one_201_and_one_409(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    category_id = (await f.create_category(client, admin))["id"]
    sku_code = f.unique_code("SKU")
    bodies = [
        {"code": f.unique_code("P"), "name": "Racer", "category_id": category_id, "skus": [f.sku_body(sku_code)]}
        for _ in range(2)
    ]
    # when
    responses = await asyncio.gather(*(client.post("/products", json=b, headers=admin) for b in bodies))
    # then
    assert sorted(r.status_code for r in responses) == [201, 409], [r.text for r in responses]
    assert next(r.json() for r in responses if r.status_code == 409)["code"] == "sku.code_taken"


async def test_two_skus_given_one_barcode_at_once_give_one_200_and_one_409(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    skus = [(await f.create_product(client, admin))["skus"][0]["id"] for _ in range(2)]
    barcode = "69" + f.unique_code("B")[-10:].replace("-", "0")
    # when
    responses = await asyncio.gather(
        *(client.patch(f"/skus/{sku_id}", json={"barcode": barcode}, headers=admin) for sku_id in skus)
    )
    # then
    assert sorted(r.status_code for r in responses) == [200, 409], [r.text for r in responses]
    assert next(r.json() for r in responses if r.status_code == 409)["code"] == "sku.barcode_taken"


async def test_two_staff_editing_different_skus_of_one_product_at_once_both_count_in_its_price(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    product = await f.create_product(client, admin, skus=[f.sku_body(retail_price="50.00") for _ in range(2)])
    first, second = (s["id"] for s in product["skus"])
    # when both SKUs get cheaper at the same moment
    responses = await asyncio.gather(
        client.patch(f"/skus/{first}", json={"retail_price": "30.00"}, headers=admin),
        client.patch(f"/skus/{second}", json={"retail_price": "20.00"}, headers=admin),
    )
    # then neither edit is lost and the listing price is the cheaper of the two
    assert [r.status_code for r in responses] == [200, 200]
    detail = (await client.get(f"/products/{product['id']}", headers=admin)).json()
    assert [s["retail_price"]["amount"] for s in detail["skus"]] == ["30.00", "20.00"]
    assert detail["price"]["amount"] == "20.00"


async def test_batch_price_edits_naming_the_same_products_in_opposite_orders_all_succeed(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    products = [await f.create_product(client, admin) for _ in range(4)]
    sku_ids = [p["skus"][0]["id"] for p in products]

    def batch(ids: list[str], price: str) -> dict[str, object]:
        return {"items": [{"sku_id": sku_id, "retail_price": price} for sku_id in ids]}

    # when two staff send batches over the same products, one in each order, several times over
    responses = await asyncio.gather(
        *(
            client.post("/skus/batch/prices", json=batch(ids, f"{10 + i}.00"), headers=admin)
            for i in range(6)
            for ids in (sku_ids, sku_ids[::-1])
        )
    )
    # then no request dies in a database deadlock, and each batch applied whole: all products end at one price
    assert Counter(r.status_code for r in responses) == {200: 12}, [r.text for r in responses if r.status_code != 200]
    prices = set()
    for product in products:
        prices.add((await client.get(f"/products/{product['id']}", headers=admin)).json()["price"]["amount"])
    assert len(prices) == 1


async def test_two_sibling_categories_created_at_once_with_one_name_give_one_201_and_one_409(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    parent_id = (await f.create_category(client, admin))["id"]
    name = f.unique_code("Shelf")
    # when: the same name differing only in case, under one parent, at the same moment
    responses = await asyncio.gather(
        *(
            client.post("/categories", json={"name": n, "parent_id": parent_id}, headers=admin)
            for n in (name, name.upper())
        )
    )
    # then
    assert sorted(r.status_code for r in responses) == [201, 409], [r.text for r in responses]
    assert next(r.json() for r in responses if r.status_code == 409)["code"] == "category.name_taken"
