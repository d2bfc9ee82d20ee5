"""Product saves decided by PostgreSQL: two staff saving at the same moment get one success and a 409 in the
words the save's own checks use, never a 500, a deadlock or a silent overwrite."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests import factories as f
from tests.conftest import Shop, new_ip

pytestmark = pytest.mark.postgres


def as_body(product: dict[str, Any], **changes: Any) -> dict[str, Any]:
    keys = ("code", "name", "category_id", "brand", "description", "tags", "status", "version")
    skus = [
        {"id": s["id"], "code": s["code"], "barcode": s["barcode"], "retail_price": s["retail_price"]["amount"]}
        for s in product["skus"]
    ]
    return {**{k: product[k] for k in keys}, "skus": skus, **changes}


async def test_two_saves_of_one_version_at_once_give_one_200_and_one_409(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    product = await f.create_product(client, admin, skus=2)
    url = f"/products/{product['id']}"
    # when
    responses = await asyncio.gather(
        *(client.put(url, json=as_body(product, name=f"Saved by {who}"), headers=admin) for who in ("A", "B"))
    )
    # then
    assert sorted(r.status_code for r in responses) == [200, 409], [r.text for r in responses]
    winner = next(r.json() for r in responses if r.status_code == 200)
    assert next(r.json() for r in responses if r.status_code == 409)["code"] == "product.modified"
    assert (await client.get(url, headers=admin)).json()["name"] == winner["name"]


async def test_two_products_saved_at_once_with_one_new_sku_code_give_one_200_and_one_409(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    products = [await f.create_product(client, admin) for _ in range(2)]
    sku_code = f.unique_code("SKU")
    # when both add a SKU of the same new code: each passes its check, one loses at the unique index
    responses = await asyncio.gather(
        *(
            client.put(
                f"/products/{p['id']}", json=as_body(p, skus=[*as_body(p)["skus"], f.sku_body(sku_code)]), headers=admin
            )
            for p in products
        )
    )
    # then
    assert sorted(r.status_code for r in responses) == [200, 409], [r.text for r in responses]
    assert next(r.json() for r in responses if r.status_code == 409)["code"] == "sku.code_taken"
