"""Saving a product from the editor in one request (`PUT /products/{id}`): its fields and whole SKU list change
together or not at all, SKUs with stock are not deleted, a stale save is refused and the status follows its
state machine."""

from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import Shop, new_ip
from tests.factories import (
    PASSWORD,
    admin_headers,
    bearer,
    create_product,
    create_staff,
    create_warehouse,
    login,
    receive_stock,
    sku_body,
    unique_code,
)

EDITABLE = ("code", "name", "category_id", "brand", "description", "tags", "status", "version")
SKU_FIELDS = ("id", "code", "barcode", "attributes", "active", "weight_grams")


def as_body(product: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """The PUT body the editor sends for a loaded product (prices as decimal strings), with `changes` applied."""
    body = {key: product[key] for key in EDITABLE}
    body["skus"] = [
        {
            **{key: sku[key] for key in SKU_FIELDS},
            "retail_price": sku["retail_price"]["amount"],
            "wholesale_price": (sku["wholesale_price"] or {}).get("amount"),
        }
        for sku in product["skus"]
    ]
    return {**body, **changes}


async def put(client: httpx.AsyncClient, headers: dict[str, str], product_id: str, body: Any) -> httpx.Response:
    return await client.put(f"/products/{product_id}", json=body, headers=headers)


async def read_back(client: httpx.AsyncClient, headers: dict[str, str], product_id: str) -> dict[str, Any]:
    response = await client.get(f"/products/{product_id}", headers=headers)
    assert response.status_code == 200, response.text
    return dict(response.json())


async def audit_actions(client: httpx.AsyncClient, headers: dict[str, str], target_id: str) -> list[dict[str, Any]]:
    response = await client.get("/audit-log", params={"target_id": target_id}, headers=headers)
    return list(response.json()["items"])


async def test_one_save_adds_a_sku_edits_another_and_removes_a_third(shop: Shop) -> None:
    # given a product with three SKUs
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    product = await create_product(client, admin, skus=3, status="draft")
    kept, edited, _removed = product["skus"]
    body = as_body(product, name="Renamed in the editor", tags=["new"])
    body["skus"][1].update(retail_price="12.50", code=unique_code("SKU"), active=False)
    new = sku_body(retail_price="8.00")

    # when the editor saves the kept, the edited and a new SKU, leaving the third out
    response = await put(client, admin, product["id"], {**body, "skus": [body["skus"][1], body["skus"][0], new]})

    # then all three changes are applied, in the editor's order
    assert response.status_code == 200, response.text
    saved = response.json()
    assert response.headers["ETag"] == f'"{saved["version"]}"' and saved["version"] == product["version"] + 1
    assert saved["name"] == "Renamed in the editor" and saved["tags"] == ["new"]
    assert [(s["id"], s["code"], s["position"]) for s in saved["skus"]] == [
        (edited["id"], body["skus"][1]["code"], 0),
        (kept["id"], kept["code"], 1),
        (saved["skus"][2]["id"], new["code"], 2),
    ]
    assert saved["skus"][0]["retail_price"]["amount"] == "12.50" and saved["skus"][0]["active"] is False
    assert saved["price"]["amount"] == "8.00"  # the listing price follows the new SKU list
    assert await read_back(client, admin, product["id"]) == saved
    entries = await audit_actions(client, admin, product["id"])
    assert [e["action"] for e in entries] == ["product.save", "product.create"]
    assert [s["code"] for s in entries[0]["before"]["skus"]] == [s["code"] for s in product["skus"]]
    assert [s["code"] for s in entries[0]["after"]["skus"]] == [s["code"] for s in saved["skus"]]


async def test_a_save_with_one_bad_sku_changes_nothing_and_names_the_row(shop: Shop) -> None:
    # given a product of two SKUs and another product whose SKU code is taken
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    product = await create_product(client, admin, skus=2)
    other = await create_product(client, admin, skus=1)
    first_barcode = product["skus"][0]["barcode"]
    cases: list[tuple[dict[str, Any], int, str, str]] = [
        (sku_body(barcode=first_barcode), 409, "sku.barcode_repeated", "skus.2.barcode"),
        (sku_body(other["skus"][0]["code"]), 409, "sku.code_taken", "skus.2.code"),
        (sku_body(retail_price="9.999"), 422, "price.invalid", "skus.2.retail_price"),
    ]
    for bad, status, code, field in cases:
        # when a save renames the product, drops its second SKU and adds one bad SKU
        body = as_body(product, name="Never saved")
        response = await put(client, admin, product["id"], {**body, "skus": [body["skus"][0], sku_body(), bad]})

        # then it is refused with the row's field, and the product reads back unchanged
        assert response.status_code == status, response.text
        problem = response.json()
        assert problem["code"] == code and [e["field"] for e in problem["errors"]] == [field], problem
        assert await read_back(client, admin, product["id"]) == product
    assert [e["action"] for e in await audit_actions(client, admin, product["id"])] == ["product.create"]


async def test_every_problem_of_a_save_is_reported_at_once_in_the_callers_language(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    product = await create_product(client, admin, skus=1)
    body = as_body(product)
    twice = sku_body()

    response = await client.put(
        f"/products/{product['id']}",
        json={**body, "skus": [twice, {**sku_body(), "barcode": twice["barcode"]}, sku_body(retail_price="0.001")]},
        headers={**admin, "Accept-Language": "zh-CN"},
    )

    assert response.status_code == 422, response.text  # an invalid price makes the whole request invalid
    problem = response.json()
    assert problem["code"] == "price.invalid" and problem["error_count"] == 2
    assert [(e["field"], e["code"]) for e in problem["errors"]] == [
        ("skus.2.retail_price", "price.invalid"),
        ("skus.1.barcode", "sku.barcode_repeated"),
    ]
    assert problem["errors"][1]["message"] == f"条码“{twice['barcode']}”与第 1 行重复"
    assert await read_back(client, admin, product["id"]) == product


async def test_a_row_naming_a_sku_of_another_product_is_refused(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    product = await create_product(client, admin, skus=1)
    other = await create_product(client, admin, skus=1)
    body = as_body(product)
    foreign = {**as_body(other)["skus"][0], "code": unique_code("SKU"), "barcode": None}

    response = await put(client, admin, product["id"], {**body, "skus": [*body["skus"], foreign]})

    assert response.status_code == 422, response.text
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [("skus.1.id", "sku.not_found")]
    assert await read_back(client, admin, other["id"]) == other


async def test_removing_a_sku_with_stock_records_is_refused_and_nothing_changes(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    product = await create_product(client, admin, skus=2)
    stocked = product["skus"][1]
    warehouse = await create_warehouse(client, admin)
    await receive_stock(client, admin, warehouse["id"], {stocked["id"]: 3})
    product = await read_back(client, admin, product["id"])
    body = as_body(product, name="Never saved")

    response = await put(client, admin, product["id"], {**body, "skus": [body["skus"][0], sku_body()]})

    assert response.status_code == 409, response.text
    problem = response.json()
    assert problem["code"] == "sku.has_stock" and problem["sku_code"] == stocked["code"]
    assert problem["errors"] == [{"field": "skus", "code": "sku.has_stock", "message": problem["detail"]}]
    assert stocked["code"] in problem["detail"]
    assert await read_back(client, admin, product["id"]) == product
    # what the editor offers instead: keep the SKU, deactivated
    body["skus"][1]["active"] = False
    assert (await put(client, admin, product["id"], body)).status_code == 200


async def test_a_save_from_a_stale_version_is_refused(shop: Shop) -> None:
    # given two staff who opened the same product
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    product = await create_product(client, admin, skus=1)
    loaded = await client.get(f"/products/{product['id']}", headers=admin)
    assert loaded.headers["ETag"] == f'"{product["version"]}"'

    # when the first saves, the second's save of what they loaded is refused
    first = await put(client, admin, product["id"], as_body(product, name="First"))
    second = await put(client, admin, product["id"], as_body(product, name="Second"))

    assert first.status_code == 200, first.text
    assert second.status_code == 409 and second.json()["code"] == "product.modified", second.text
    assert second.json()["version"] == first.json()["version"]
    assert (await read_back(client, admin, product["id"]))["name"] == "First"
    # a PATCH in between moves the version on too; If-Match may carry it instead of the body
    assert (await client.patch(f"/products/{product['id']}", json={"brand": "B"}, headers=admin)).status_code == 200
    body = as_body(first.json(), name="Third")
    del body["version"]
    stale = await client.put(
        f"/products/{product['id']}", json=body, headers={**admin, "If-Match": first.headers["ETag"]}
    )
    assert stale.status_code == 409 and stale.json()["code"] == "product.modified"
    current = (await read_back(client, admin, product["id"]))["version"]
    fresh = await client.put(f"/products/{product['id']}", json=body, headers={**admin, "If-Match": f'"{current}"'})
    assert fresh.status_code == 200 and fresh.json()["name"] == "Third" and fresh.json()["brand"] == "Acme"
    missing = await put(client, admin, product["id"], body)
    assert missing.status_code == 422 and missing.json()["code"] == "product.version_required"


async def test_a_save_moves_the_status_only_as_the_product_state_machine_allows(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    draft = await create_product(client, admin, skus=1, status="draft")
    url = draft["id"]

    skipping = await put(client, admin, url, as_body(draft, status="off_sale"))
    assert skipping.status_code == 409 and skipping.json()["code"] == "product.invalid_transition"
    unsellable = as_body(draft, status="on_sale")
    unsellable["skus"][0]["active"] = False
    refused = await put(client, admin, url, unsellable)
    assert refused.status_code == 422 and refused.json()["code"] == "product.not_sellable"
    assert await read_back(client, admin, url) == draft

    on_sale = await put(client, admin, url, as_body(draft, status="on_sale"))
    assert on_sale.status_code == 200 and on_sale.json()["status"] == "on_sale", on_sale.text
    assert on_sale.json()["published_at"] is not None
    back = await put(client, admin, url, as_body(on_sale.json(), status="draft"))
    assert back.status_code == 409 and back.json()["code"] == "product.invalid_transition"
    # taking it off sale and deactivating its only SKU in the same save is fine: it is no longer on sale
    off = as_body(on_sale.json(), status="off_sale")
    off["skus"][0]["active"] = False
    off_sale = await put(client, admin, url, off)
    assert off_sale.status_code == 200 and off_sale.json()["status"] == "off_sale", off_sale.text


async def test_codes_and_barcodes_may_change_hands_within_the_product(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    product = await create_product(client, admin, skus=3)
    a, b, c = as_body(product)["skus"]
    # a and b swap codes and barcodes; c is removed and a new SKU takes its code and barcode
    swapped = [
        {**a, "code": b["code"], "barcode": b["barcode"]},
        {**b, "code": a["code"], "barcode": a["barcode"]},
        sku_body(c["code"], barcode=c["barcode"], retail_price="5.00"),
    ]

    response = await put(client, admin, product["id"], as_body(product, skus=swapped))

    assert response.status_code == 200, response.text
    skus = response.json()["skus"]
    assert [(s["id"], s["code"], s["barcode"]) for s in skus[:2]] == [
        (a["id"], b["code"], b["barcode"]),
        (b["id"], a["code"], a["barcode"]),
    ]
    # a row without an id edits the SKU of the same code (as an import would), it does not replace it
    assert (skus[2]["id"], skus[2]["retail_price"]["amount"]) == (c["id"], "5.00")


async def test_saving_needs_catalog_write(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    product = await create_product(client, admin, skus=1)
    analyst = await create_staff(client, admin, "analyst")
    headers = bearer(await login(client, analyst["email"], PASSWORD))
    assert (await client.get(f"/products/{product['id']}", headers=headers)).status_code == 200

    response = await put(client, headers, product["id"], as_body(product, name="Not allowed"))

    assert response.status_code == 403 and response.json()["code"] == "auth.forbidden", response.text
    assert await read_back(client, admin, product["id"]) == product


async def test_a_save_that_switches_off_the_only_stocked_sku_takes_the_product_out_of_in_stock_search(
    shop: Shop,
) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    # given a product whose first SKU alone has stock, found by an in-stock search
    word = unique_code("K").lower()
    product = await create_product(client, admin, name=f"Kettle {word}", skus=2)
    warehouse = await create_warehouse(client, admin)
    await receive_stock(client, admin, warehouse["id"], {product["skus"][0]["id"]: 3})
    product = await read_back(client, admin, product["id"])

    async def in_stock() -> int:
        response = await client.get("/store/products", params={"q": word, "in_stock": "true"})
        return int(response.json()["total"])

    assert await in_stock() == 1

    # when one save switches that SKU off
    body = as_body(product)
    body["skus"][0]["active"] = False
    response = await put(client, admin, product["id"], body)

    # then the storefront no longer offers it as in stock
    assert response.status_code == 200, response.text
    assert await in_stock() == 0
