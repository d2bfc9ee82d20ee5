"""A product's picture gallery (real images only, thumbnails, order), and the back-office product list with its
filters, sorting and stock."""

from __future__ import annotations

import io
from typing import Any

import httpx
from PIL import Image

from tests.conftest import Shop, new_ip
from tests.factories import admin_headers, create_category, create_product, sku_body, unique_code
from tests.integration.test_catalog_products import stock_up


def png(width: int = 800, height: int = 600, colour: tuple[int, int, int] = (30, 120, 200)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return buffer.getvalue()


async def upload(client: httpx.AsyncClient, admin: dict[str, str], product_id: str, data: bytes) -> httpx.Response:
    return await client.post(
        f"/products/{product_id}/images", files={"file": ("photo.png", data, "image/png")}, headers=admin
    )


async def served(shop: Shop, url: str) -> Image.Image:
    async with httpx.AsyncClient(base_url=shop.url) as http:
        response = await http.get(url)
    assert response.status_code == 200, url
    return Image.open(io.BytesIO(response.content))


async def test_uploaded_pictures_form_an_ordered_gallery_with_thumbnails(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    product = await create_product(client, admin)
    # when two pictures are uploaded
    first = await upload(client, admin, product["id"], png())
    second = await upload(client, admin, product["id"], png(colour=(200, 10, 10)))
    # then they are stored with a 400 px thumbnail, in upload order
    assert first.status_code == 201, first.text
    assert [first.json()["position"], second.json()["position"]] == [0, 1]
    assert (await served(shop, first.json()["url"])).size == (800, 600)
    assert (await served(shop, first.json()["thumbnail_url"])).size == (400, 300)
    # when the order is changed, the cover follows
    ids = [second.json()["id"], first.json()["id"]]
    ordered = await client.put(f"/products/{product['id']}/images/order", json={"image_ids": ids}, headers=admin)
    assert ordered.status_code == 200 and [i["id"] for i in ordered.json()] == ids
    detail = (await client.get(f"/products/{product['id']}", headers=admin)).json()
    assert [i["id"] for i in detail["images"]] == ids
    assert detail["cover_url"] == second.json()["thumbnail_url"]
    # an order that leaves an image out is refused
    partial = await client.put(f"/products/{product['id']}/images/order", json={"image_ids": ids[:1]}, headers=admin)
    assert partial.status_code == 422 and partial.json()["code"] == "product.image_order_mismatch"
    # deleting the cover makes the next picture the cover
    assert (await client.delete(f"/products/{product['id']}/images/{ids[0]}", headers=admin)).status_code == 204
    detail = (await client.get(f"/products/{product['id']}", headers=admin)).json()
    assert [(i["id"], i["position"]) for i in detail["images"]] == [(ids[1], 0)]
    missing = await client.delete(f"/products/{product['id']}/images/{ids[0]}", headers=admin)
    assert missing.status_code == 404


async def test_a_file_that_is_not_an_image_is_refused_and_the_gallery_is_unchanged(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    product = await create_product(client, admin)

    text = await upload(client, admin, product["id"], b"just some text, not a picture\n")
    empty = await upload(client, admin, product["id"], b"")

    assert text.status_code == 422 and text.json()["code"] == "media.invalid_image"
    assert empty.status_code == 422 and empty.json()["code"] == "media.invalid_image"
    assert (await client.get(f"/products/{product['id']}", headers=admin)).json()["images"] == []
    assert (await upload(client, admin, "00000000-0000-0000-0000-000000000000", png())).status_code == 404


async def listed(client: httpx.AsyncClient, admin: dict[str, str], **params: Any) -> list[str]:
    response = await client.get("/products", params=params, headers=admin)
    assert response.status_code == 200, response.text
    return [p["code"] for p in response.json()["items"]]


async def test_staff_filter_the_product_list_by_every_criterion_and_sort_it(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    # given a category with a sub-category and three products with one shared marker word
    marker = unique_code("M").lower()
    top = await create_category(client, admin)
    sub = await create_category(client, admin, parent_id=top["id"])
    brand = unique_code("B")
    cheap = await create_product(
        client, admin, category_id=top["id"], name=f"Cheap {marker}", skus=[sku_body(retail_price="10.00")]
    )
    dear = await create_product(
        client,
        admin,
        category_id=sub["id"],
        name=f"Dear {marker}",
        brand=brand,
        tags=["gift"],
        skus=[sku_body(retail_price="500.00")],
    )
    draft = await create_product(
        client, admin, name=f"Draft {marker}", status="draft", skus=[sku_body(retail_price="50.00")]
    )
    await stock_up(shop, dear["skus"][0]["id"], 3)

    assert await listed(client, admin, q=marker, sort="price") == [cheap["code"], draft["code"], dear["code"]]
    assert await listed(client, admin, q=marker, sort="-price") == [dear["code"], draft["code"], cheap["code"]]
    assert await listed(client, admin, q=marker, sort="name") == [cheap["code"], dear["code"], draft["code"]]
    assert await listed(client, admin, category_id=top["id"], sort="price") == [cheap["code"], dear["code"]]
    assert await listed(client, admin, category_id=sub["id"]) == [dear["code"]]
    assert await listed(client, admin, q=marker, status="draft") == [draft["code"]]
    assert await listed(client, admin, brand=brand) == [dear["code"]]
    assert await listed(client, admin, q=marker, tag="gift") == [dear["code"]]
    in_range = await listed(client, admin, q=marker, price_min="10.01", price_max="500", sort="price")
    assert in_range == [draft["code"], dear["code"]]
    assert await listed(client, admin, q=marker, in_stock="true") == [dear["code"]]
    assert await listed(client, admin, q=dear["skus"][0]["barcode"]) == [dear["code"]]

    page = (await client.get("/products", params={"q": marker, "page_size": 2}, headers=admin)).json()
    assert (page["total"], len(page["items"]), page["page_size"]) == (3, 2, 2)
    summary = (await client.get("/products", params={"q": dear["code"]}, headers=admin)).json()["items"][0]
    assert (summary["stock_available"], summary["category_name"], summary["sku_count"]) == (3, sub["name"], 1)

    bad_price = await client.get("/products", params={"price_min": "1.234"}, headers=admin)
    bad_sort = await client.get("/products", params={"sort": "password"}, headers=admin)
    unknown = await client.get(
        "/products", params={"category_id": "00000000-0000-0000-0000-000000000000"}, headers=admin
    )
    assert (bad_price.status_code, bad_sort.status_code, unknown.status_code) == (422, 422, 404)
