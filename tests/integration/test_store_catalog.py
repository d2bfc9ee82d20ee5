"""The storefront catalog as customers and dealers see it: search with filters and sorting over products on sale,
and the product page with its SKU picker, prices for the buyer and stock status."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import httpx

from api.app import create_app
from infra.container import Container
from tests.conftest import Shop, new_ip
from tests.factories import (
    PASSWORD,
    admin_headers,
    bearer,
    create_category,
    create_product,
    create_staff,
    login,
    sku_body,
    unique_code,
)
from tests.integration.test_catalog_products import stock_up


async def search(client: httpx.AsyncClient, headers: dict[str, str] | None = None, **params: Any) -> list[str]:
    response = await client.get("/store/products", params=params, headers=headers or {})
    assert response.status_code == 200, response.text
    return [p["name"] for p in response.json()["items"]]


async def set_threshold(shop: Shop, sku_id: str, threshold: int) -> None:
    async with shop.container.uow() as uow:
        for level in await uow.stock.levels_for([UUID(sku_id)]):
            level.low_stock_threshold = threshold
        await uow.commit()


def iso(moment: datetime) -> str:
    return moment.isoformat()


async def test_customers_search_products_on_sale_by_words_barcode_category_price_and_stock(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    # given
    word = unique_code("K").lower()
    top = await create_category(client, admin)
    sub = await create_category(client, admin, parent_id=top["id"])
    red = await create_product(
        client, admin, category_id=sub["id"], name=f"Red kettle {word}", skus=[sku_body(retail_price="30.00")]
    )
    await create_product(
        client, admin, category_id=top["id"], name=f"Blue kettle {word}", skus=[sku_body(retail_price="80.00")]
    )
    await create_product(client, admin, name=f"Red teapot {word}", skus=[sku_body(retail_price="55.50")])
    await create_product(client, admin, name=f"Draft kettle {word}", status="draft")
    await stock_up(shop, red["skus"][0]["id"], 7)
    # then: every word must match, in any order and case
    assert sorted(await search(client, q=f"KETTLE {word}")) == [f"Blue kettle {word}", f"Red kettle {word}"]
    assert await search(client, q=f"{word} kettle BLUE") == [f"Blue kettle {word}"]
    assert await search(client, q=red["skus"][0]["barcode"]) == [f"Red kettle {word}"]
    # a category includes its sub-categories
    assert sorted(await search(client, category_id=top["id"])) == [f"Blue kettle {word}", f"Red kettle {word}"]
    assert await search(client, category_id=sub["id"]) == [f"Red kettle {word}"]
    # price range in decimal strings, inclusive
    assert await search(client, q=word, price_min="30", price_max="55.50", sort="price") == [
        f"Red kettle {word}",
        f"Red teapot {word}",
    ]
    assert await search(client, q=word, in_stock="true") == [f"Red kettle {word}"]
    # sorting
    assert await search(client, q=word, sort="price") == [
        f"Red kettle {word}",
        f"Red teapot {word}",
        f"Blue kettle {word}",
    ]
    assert await search(client, q=word, sort="-price") == [
        f"Blue kettle {word}",
        f"Red teapot {word}",
        f"Red kettle {word}",
    ]
    assert await search(client, q=word, sort="newest") == [
        f"Red teapot {word}",
        f"Blue kettle {word}",
        f"Red kettle {word}",
    ]
    assert await search(client, q=word) == await search(client, q=word, sort="newest")  # no sales yet: newest first
    # the card
    card = (await client.get("/store/products", params={"q": red["skus"][0]["code"]})).json()["items"][0]
    assert card == {
        "id": red["id"],
        "name": f"Red kettle {word}",
        "name_en": None,  # none given: the shop shows the name in every language
        "brand": "Acme",
        "price": {"amount": "30.00", "currency": "CNY"},
        "original_price": None,
        "thumbnail_url": None,
        "in_stock": True,
        "sales_count": 0,
    }
    bad = await client.get("/store/products", params={"price_max": "1.999"})
    assert bad.status_code == 422 and bad.json()["code"] == "price.invalid"


async def test_the_product_page_shows_options_prices_and_stock_status_per_sku(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    top = await create_category(client, admin)
    sub = await create_category(client, admin, parent_id=top["id"])
    skus = [
        sku_body(attributes={"colour": "red", "size": "S"}, retail_price="20.00"),
        sku_body(attributes={"colour": "red", "size": "M"}, retail_price="20.00"),
        sku_body(attributes={"colour": "blue", "size": "M"}, retail_price="22.00"),
        sku_body(attributes={"colour": "blue", "size": "L"}, retail_price="22.00"),
        sku_body(attributes={"colour": "green", "size": "L"}, retail_price="25.00", active=False),
    ]
    product = await create_product(client, admin, category_id=sub["id"], skus=skus, description="Soft", tags=["cotton"])
    ids = [s["id"] for s in product["skus"]]
    await stock_up(shop, ids[1], 3)  # at most 5 units: low
    await stock_up(shop, ids[2], 8)
    await set_threshold(shop, ids[2], 10)  # at or below its threshold: low
    await stock_up(shop, ids[3], 50)

    response = await client.get(f"/store/products/{product['id']}")

    assert response.status_code == 200, response.text
    page = response.json()
    assert page["options"] == {"colour": ["red", "blue"], "size": ["S", "M", "L"]}  # inactive SKUs are not offered
    assert [c["name"] for c in page["category_path"]] == [top["name"], sub["name"]]
    assert (page["description"], page["tags"], page["price"]["amount"]) == ("Soft", ["cotton"], "20.00")
    statuses = [(s["id"], s["stock_status"], s["available"]) for s in page["skus"]]
    assert statuses == [
        (ids[0], "out_of_stock", 0),
        (ids[1], "low", 3),
        (ids[2], "low", 8),
        (ids[3], "in_stock", 50),
    ]
    assert page["skus"][2]["title"] == "blue / M"
    assert page["skus"][2]["price"] == {"amount": "22.00", "currency": "CNY"}


async def test_a_product_not_on_sale_has_no_storefront_page(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    draft = await create_product(client, admin, status="draft")
    on_sale = await create_product(client, admin)
    await client.post(f"/products/{on_sale['id']}/status", json={"status": "off_sale"}, headers=admin)

    for product in (draft, on_sale):
        response = await client.get(f"/store/products/{product['id']}")
        assert response.status_code == 404 and response.json()["code"] == "product.not_found"
        assert await search(client, q=product["code"]) == []


async def test_a_signed_in_dealer_sees_wholesale_prices_and_everyone_else_retail(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    dealer = await create_staff(client, admin, "dealer")
    dealer_headers = bearer(await login(client, dealer["email"], PASSWORD))
    product = await create_product(
        client,
        admin,
        skus=[
            sku_body(retail_price="100.00", wholesale_price="70.00"),
            sku_body(retail_price="90.00"),  # no wholesale price: dealers pay retail
        ],
    )

    as_guest = (await client.get(f"/store/products/{product['id']}")).json()
    as_dealer = (await client.get(f"/store/products/{product['id']}", headers=dealer_headers)).json()
    stale = (await client.get(f"/store/products/{product['id']}", headers={"Authorization": "Bearer nonsense"})).json()

    assert [s["price"]["amount"] for s in as_guest["skus"]] == ["100.00", "90.00"]
    assert [s["price"]["amount"] for s in as_dealer["skus"]] == ["70.00", "90.00"]
    assert (as_guest["price"]["amount"], as_dealer["price"]["amount"]) == ("90.00", "70.00")
    assert [s["price"]["amount"] for s in stale["skus"]] == ["100.00", "90.00"]  # a bad token is just a guest
    cards = (await client.get("/store/products", params={"q": product["code"]}, headers=dealer_headers)).json()
    assert cards["items"][0]["price"]["amount"] == "70.00"


async def test_a_promotion_lowers_the_price_only_inside_its_window(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    now = datetime.now(UTC)
    running = sku_body(
        retail_price="100.00",
        promo_price="79.90",
        promo_starts_at=iso(now - timedelta(hours=1)),
        promo_ends_at=iso(now + timedelta(hours=1)),
    )
    future = sku_body(
        retail_price="100.00",
        promo_price="50.00",
        promo_starts_at=iso(now + timedelta(days=1)),
        promo_ends_at=iso(now + timedelta(days=2)),
    )
    ended = sku_body(
        retail_price="100.00",
        promo_price="40.00",
        promo_starts_at=iso(now - timedelta(days=2)),
        promo_ends_at=iso(now - timedelta(days=1)),
    )
    product = await create_product(client, admin, skus=[running, future, ended])

    page = (await client.get(f"/store/products/{product['id']}")).json()

    offers = [(s["price"]["amount"], s["original_price"] and s["original_price"]["amount"]) for s in page["skus"]]
    assert offers == [("79.90", "100.00"), ("100.00", None), ("100.00", None)]
    assert (page["price"]["amount"], page["original_price"]["amount"]) == ("79.90", "100.00")
    staff_view = (await client.get(f"/products/{product['id']}", headers=admin)).json()
    assert staff_view["price"]["amount"] == "79.90"  # the listing price follows the running promotion
    card = (await client.get("/store/products", params={"q": product["code"]})).json()["items"][0]
    assert (card["price"]["amount"], card["original_price"]["amount"]) == ("79.90", "100.00")


async def test_a_shop_whose_base_currency_is_yen_prices_and_filters_in_whole_yen(shop: Shop) -> None:
    # given the same database served by a shop whose BASE_CURRENCY is JPY (no minor unit)
    app = create_app(shop.container.settings.model_copy(update={"base_currency": "JPY"}))
    yen_shop: Container = app.state.container
    transport = httpx.ASGITransport(app=app, client=(new_ip(), 40000))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver/api/v1") as client:
            admin = await admin_headers(client)
            word = unique_code("Y").lower()
            for name, price in (("Fan", "80"), ("Cup", "100"), ("Lamp", "1500")):
                await create_product(client, admin, name=f"{name} {word}", skus=[sku_body(retail_price=price)])
            # when a customer filters by price, then 100 means 100 yen (in CNY it would mean 10,000 fen)
            assert await search(client, q=word, price_min="100", sort="price") == [f"Cup {word}", f"Lamp {word}"]
            assert await search(client, q=word, price_max="100", sort="price") == [f"Fan {word}", f"Cup {word}"]
            staff = await client.get("/products", params={"q": word, "price_min": "1000"}, headers=admin)
            assert [p["name"] for p in staff.json()["items"]] == [f"Lamp {word}"]
            # then prices show in whole yen, and a yen price with decimals is refused
            cards = (await client.get("/store/products", params={"q": word, "sort": "-price"})).json()["items"]
            assert cards[0]["price"] == {"amount": "1500", "currency": "JPY"}
            refused = await client.get("/store/products", params={"price_min": "99.5"})
            assert refused.status_code == 422 and refused.json()["code"] == "price.invalid"
    finally:
        await yen_shop.close()
