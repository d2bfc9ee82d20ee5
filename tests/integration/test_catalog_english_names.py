"""English names for product data: staff may give a product an English name and its specs English words; the API,
the storefront and catalog files carry them, and whatever is not given falls back to the shop's own words."""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx

from domain.catalog.importing import KEYS
from tests.conftest import Shop, new_ip
from tests.factories import admin_headers, create_product, sku_body, unique_code
from tests.integration.test_catalog_import_export import category_path, csv_file, detail, row, upload
from tests.integration.test_catalog_products import stock_up


def shirt_skus() -> list[dict[str, Any]]:
    red = sku_body(
        attributes={"颜色": "红", "尺码": "M"},
        attributes_en={"颜色": {"name": "Colour", "value": "Red"}, "尺码": {"name": "Size"}},
    )
    blue = sku_body(attributes={"颜色": "蓝", "尺码": "M"}, attributes_en={})  # no English given for blue
    return [red, blue]


async def store_page(client: httpx.AsyncClient, product_id: str) -> dict[str, Any]:
    response = await client.get(f"/store/products/{product_id}")
    assert response.status_code == 200, response.text
    return dict(response.json())


async def test_a_product_keeps_the_english_name_and_spec_words_staff_give(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)

    product = await create_product(client, admin, name="纯棉T恤", name_en="Cotton T-shirt", skus=shirt_skus())

    assert (product["name"], product["name_en"]) == ("纯棉T恤", "Cotton T-shirt")
    red, blue = product["skus"]
    assert red["attributes_en"] == {"颜色": {"name": "Colour", "value": "Red"}, "尺码": {"name": "Size", "value": None}}
    assert blue["attributes_en"] == {}
    # the English name finds the product too
    listed = await client.get("/products", params={"q": "cotton t-shirt"}, headers=admin)
    assert [p["id"] for p in listed.json()["items"]] == [product["id"]]


async def test_a_blank_english_name_is_no_name_and_words_of_removed_specs_go_with_them(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    product = await create_product(client, admin, name="纯棉T恤", name_en="Cotton T-shirt", skus=shirt_skus())
    red, blue = product["skus"]

    # when: the editor saves the whole product without an English name, and red loses its size
    body = {
        "code": product["code"],
        "name": product["name"],
        "name_en": "  ",
        "category_id": product["category_id"],
        "status": product["status"],
        "version": product["version"],
        "skus": [
            {
                **sku_body(red["code"], barcode=red["barcode"]),
                "id": red["id"],
                "attributes": {"颜色": "红"},
                "attributes_en": red["attributes_en"],
            },
            {
                **sku_body(blue["code"], barcode=blue["barcode"]),
                "id": blue["id"],
                "attributes": blue["attributes"],
                "attributes_en": {"颜色": {"value": "Blue"}},
            },
        ],
    }
    saved = await client.put(f"/products/{product['id']}", json=body, headers=admin)

    # then
    assert saved.status_code == 200, saved.text
    assert saved.json()["name_en"] is None
    assert [s["attributes_en"] for s in saved.json()["skus"]] == [
        {"颜色": {"name": "Colour", "value": "Red"}},
        {"颜色": {"name": None, "value": "Blue"}},
    ]
    patched = await client.patch(f"/products/{product['id']}", json={"name_en": "Cotton tee"}, headers=admin)
    assert patched.status_code == 200, patched.text
    assert patched.json()["name_en"] == "Cotton tee"


async def test_the_storefront_gives_english_words_and_leaves_the_fallback_to_the_shops_own(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    word = unique_code("EN").lower()
    product = await create_product(
        client, admin, name=f"纯棉T恤 {word}", name_en=f"Cotton T-shirt {word}", skus=shirt_skus()
    )
    plain = await create_product(client, admin, name=f"帆布包 {word}")
    for sku in product["skus"]:
        await stock_up(shop, sku["id"], 3)

    page = await store_page(client, product["id"])
    cards = await client.get("/store/products", params={"q": word, "sort": "newest"})

    assert (page["name"], page["name_en"]) == (f"纯棉T恤 {word}", f"Cotton T-shirt {word}")
    assert page["options"] == {"颜色": ["红", "蓝"], "尺码": ["M"]}
    # English given on one SKU labels the option for every SKU; blue has none and shows as 蓝
    assert page["options_en"] == {
        "颜色": {"name": "Colour", "values": {"红": "Red"}},
        "尺码": {"name": "Size", "values": {}},
    }
    assert [(s["title"], s["title_en"]) for s in page["skus"]] == [("红 / M", "Red / M"), ("蓝 / M", "蓝 / M")]
    assert {c["name"]: c["name_en"] for c in cards.json()["items"]} == {
        f"纯棉T恤 {word}": f"Cotton T-shirt {word}",
        f"帆布包 {word}": None,
    }
    assert (await store_page(client, plain["id"]))["options_en"] == {}
    # a customer may search in English
    english = await client.get("/store/products", params={"q": f"cotton {word}"})
    assert [c["id"] for c in english.json()["items"]] == [product["id"]]


async def test_english_names_and_spec_words_go_out_in_a_file_and_come_back_unchanged(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    path, _ = await category_path(client, admin)
    code = unique_code("P")
    rows = [
        row(path, code, f"{code}-RM", product_name_en="Cotton T-shirt", attributes="颜色|Colour=红|Red;尺码|Size=M"),
        row(path, code, f"{code}-BM", product_name_en="Cotton T-shirt", attributes="颜色＝蓝；尺码｜Size＝M"),
    ]

    imported = await upload(client, admin, csv_file(rows), dry_run=False)

    assert imported.status_code == 200, imported.text
    product = await detail(client, admin, code)
    assert product["name_en"] == "Cotton T-shirt"
    assert [(s["attributes"], s["attributes_en"]) for s in product["skus"]] == [
        (
            {"颜色": "红", "尺码": "M"},
            {"颜色": {"name": "Colour", "value": "Red"}, "尺码": {"name": "Size", "value": None}},
        ),
        ({"颜色": "蓝", "尺码": "M"}, {"尺码": {"name": "Size", "value": None}}),
    ]
    exported = await client.get("/catalog/export", params={"q": code}, headers=admin)
    header, *records = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    cells = [dict(zip(header, record, strict=True)) for record in records]
    assert [(c["product_name_en"], c["attributes"]) for c in cells] == [
        ("Cotton T-shirt", "颜色|Colour=红|Red;尺码|Size=M"),
        ("Cotton T-shirt", "颜色=蓝;尺码|Size=M"),
    ]
    assert header == list(KEYS)
    again = await upload(client, admin, exported.content)
    assert again.json()["errors"] == [] and again.json()["skus_updated"] == 2


async def test_a_file_row_whose_english_name_differs_from_the_products_first_row_is_reported(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    path, _ = await category_path(client, admin)
    code = unique_code("P")
    rows = [
        row(path, code, f"{code}-RM", product_name_en="Cotton T-shirt"),
        row(path, code, f"{code}-BM", product_name_en="Cotton tee"),
        row(path, code, f"{code}-GM", product_name_en="Cotton T-shirt", attributes="颜色|Colour=|Green"),
    ]

    checked = await upload(client, admin, csv_file(rows))

    assert [(e["line"], e["column"], e["code"]) for e in checked.json()["errors"]] == [
        (3, "product_name_en", "import.product_conflict"),
        (4, "attributes", "import.bad_attributes"),
    ]
