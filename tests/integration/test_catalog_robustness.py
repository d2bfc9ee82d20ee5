"""What an API fuzzer found in the catalog: bad input is a 422 problem+json (never a database error), and the
published schema says what the server really accepts and answers."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.conftest import Shop, new_ip
from tests.factories import admin_headers, create_category, create_product, sku_body, unique_code

NUL = "a\x00b"


def assert_bad_input(response: httpx.Response, field: str) -> None:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "validation.failed"
    assert field in [e["field"] for e in body["errors"]], body["errors"]


async def test_names_and_texts_with_a_nul_character_are_refused_and_nothing_is_written(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    category = await create_category(client, admin)
    product = await create_product(client, admin, category_id=category["id"])
    code = unique_code("P")

    def new_product(**fields: Any) -> dict[str, Any]:
        return {"code": code, "name": "Shirt", "category_id": category["id"], "skus": [sku_body()], **fields}

    # PostgreSQL cannot store NUL in text: these used to fail there with a 500
    assert_bad_input(await client.post("/categories", json={"name": NUL}, headers=admin), "name")
    assert_bad_input(await client.patch(f"/categories/{category['id']}", json={"name": NUL}, headers=admin), "name")
    assert_bad_input(await client.post("/products", json=new_product(name=NUL), headers=admin), "name")
    assert_bad_input(await client.post("/products", json=new_product(brand=NUL), headers=admin), "brand")
    assert_bad_input(await client.post("/products", json=new_product(tags=[NUL]), headers=admin), "tags.0")
    specs = new_product(skus=[sku_body(attributes={"colour": NUL})])
    assert_bad_input(await client.post("/products", json=specs, headers=admin), "skus.0.attributes")
    patch = await client.patch(f"/products/{product['id']}", json={"description": NUL}, headers=admin)
    assert_bad_input(patch, "description")

    assert (await client.get("/products", params={"q": code}, headers=admin)).json()["total"] == 0
    tree = (await client.get("/categories", headers=admin)).json()
    assert category["name"] in [node["name"] for node in tree]
    assert (await client.get(f"/products/{product['id']}", headers=admin)).json()["description"] == ""


@pytest.mark.parametrize(
    ("path", "param"),
    [("/store/products", "q"), ("/products", "q"), ("/products", "brand"), ("/products", "tag")],
)
async def test_searching_for_a_nul_character_is_bad_input_not_a_server_error(shop: Shop, path: str, param: str) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)

    response = await client.get(path, params={param: NUL}, headers=admin)

    assert_bad_input(response, param)


async def test_a_malformed_id_in_the_path_gets_the_documented_problem_json(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    product = await create_product(client, admin)
    calls = [
        ("GET", "/products/not-an-id"),
        ("DELETE", "/products/not-an-id"),
        ("DELETE", f"/products/{product['id']}/images/not-an-id"),
        ("DELETE", "/categories/not-an-id"),
        ("GET", "/store/products/not-an-id"),
    ]
    for method, path in calls:
        response = await client.request(method, path, headers=admin)
        assert response.status_code == 422, (method, path, response.text)
        assert response.headers["content-type"] == "application/problem+json"

    # and the schema says so: a client generated from it expects a problem, not FastAPI's {detail: [...]}
    for path, operations in shop.app.openapi()["paths"].items():
        for method, operation in operations.items():
            if not {"categories", "products", "store"} & set(operation.get("tags", [])):
                continue
            bad_input = operation["responses"].get("422")
            if bad_input is not None:
                assert "application/problem+json" in bad_input["content"], (method, path)


async def test_fields_that_cannot_be_cleared_are_refused_as_null_and_the_schema_does_not_offer_null(
    shop: Shop,
) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    product = await create_product(client, admin, tags=["summer"])
    sku_id = product["skus"][0]["id"]

    assert_bad_input(await client.patch(f"/products/{product['id']}", json={"tags": None}, headers=admin), "body")
    assert_bad_input(await client.patch(f"/skus/{sku_id}", json={"code": None}, headers=admin), "body")
    after = (await client.get(f"/products/{product['id']}", headers=admin)).json()
    assert after["tags"] == ["summer"] and after["skus"][0]["code"] == product["skus"][0]["code"]

    schemas = shop.app.openapi()["components"]["schemas"]

    def nullable(schema: str, field: str) -> bool:
        return {"type": "null"} in schemas[schema]["properties"][field].get("anyOf", [])

    assert not any(nullable("ProductUpdate", f) for f in ("code", "name", "brand", "description", "tags"))
    assert nullable("ProductUpdate", "category_id")  # null takes the product out of its category
    assert not any(nullable("SkuUpdate", f) for f in ("code", "attributes", "retail_price", "active"))
    assert nullable("SkuUpdate", "barcode") and nullable("SkuUpdate", "promo_price")
    assert not nullable("PriceItem", "retail_price")
