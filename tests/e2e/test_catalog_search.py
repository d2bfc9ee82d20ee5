"""From the back office to the shop window: staff put a product with two SKUs on sale and stock it, and a customer
finds it by searching the storefront, opens it and picks a SKU.

Uses the fixtures of tests/e2e/conftest.py: `live_server` (base URL of the app with the demo seed) and `browser`.
"""

import re
import uuid
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, Page, ViewportSize, expect

from tests.factories import ADMIN

pytestmark = pytest.mark.e2e

PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 800}


async def staff_stock_a_product(base_url: str, *, code: str, name: str) -> None:
    """Staff's half through the API: a category, a warehouse, the product on sale with two SKUs, and a receipt."""
    async with httpx.AsyncClient(base_url=f"{base_url}/api/v1") as api:
        tokens = (await api.post("/auth/login", json={"login": ADMIN[0], "password": ADMIN[1]})).json()
        headers = {"Authorization": f"Bearer {tokens['access_token']}"}

        async def post(path: str, body: dict[str, Any]) -> dict[str, Any]:
            response = await api.post(path, json=body, headers=headers)
            assert response.status_code == 201, response.text
            return dict(response.json())

        category = await post("/categories", {"name": f"Flasks {code}"})
        warehouse = await post("/warehouses", {"code": f"W{code}", "name": f"Warehouse {code}"})
        product = await post(
            "/products",
            {
                "code": code,
                "name": name,
                "category_id": category["id"],
                "brand": "Hillside",
                "status": "on_sale",
                "skus": [
                    {"code": f"{code}-R", "attributes": {"Colour": "Red"}, "retail_price": "19.90"},
                    {"code": f"{code}-B", "attributes": {"Colour": "Blue"}, "retail_price": "25.00"},
                ],
            },
        )
        red, blue = sorted(product["skus"], key=lambda sku: sku["code"].endswith("B"))
        await post(
            "/stock/receipts",
            {
                "warehouse_id": warehouse["id"],
                "lines": [{"sku_id": red["id"], "quantity": 3}, {"sku_id": blue["id"], "quantity": 40}],
            },
        )


async def search_the_shop(page: Page, words: str) -> None:
    await page.get_by_test_id("store-search-input").fill(words)
    await page.get_by_test_id("store-search-input").press("Enter")


async def test_a_customer_finds_a_product_staff_stocked_and_sees_price_and_stock_per_sku(
    browser: Browser, live_server: str
) -> None:
    base_url = live_server.rstrip("/")
    code = f"FL{uuid.uuid4().hex[:8].upper()}"
    name = f"Hillside Flask {code}"

    # given staff put a flask on sale in red (3 in stock) and blue (40 in stock)
    await staff_stock_a_product(base_url, code=code, name=name)

    context = await browser.new_context(viewport=DESKTOP)
    page = await context.new_page()
    try:
        # when a visitor searches the shop for it by name
        await page.goto(f"{base_url}/")
        await search_the_shop(page, name)

        # then the search page (its address shareable) lists it
        await expect(page).to_have_url(re.compile(r"/search\?q=Hillside"))
        card = page.get_by_test_id("product-card").filter(has_text=name)
        await expect(card).to_have_count(1)
        await expect(card).to_contain_text("19.90")

        # and its page asks for a colour before showing a SKU's stock
        await card.click()
        await expect(page).to_have_url(re.compile(r"/products/[0-9a-f-]{36}$"))
        await expect(page.get_by_test_id("store-product-name")).to_have_text(name)
        await expect(page.get_by_test_id("choose-hint")).to_be_visible()

        # when they pick blue, they see its price and that it is in stock
        await page.get_by_test_id("store-sku-Colour-Blue").click()
        await expect(page.get_by_test_id("price")).to_contain_text("25.00")
        await expect(page.get_by_test_id("stock-status")).to_have_attribute("data-status", "in_stock")
        await expect(page.get_by_test_id("store-sku-code")).to_contain_text(f"{code}-B")

        # and red shows its own price, and that only a few are left
        await page.get_by_test_id("store-sku-Colour-Red").click()
        await expect(page.get_by_test_id("price")).to_contain_text("19.90")
        await expect(page.get_by_test_id("stock-status")).to_have_attribute("data-status", "low")
        await expect(page.get_by_test_id("add-to-cart")).to_be_disabled()

        # and the back button returns to the same results
        await page.go_back()
        await expect(page).to_have_url(re.compile(r"/search\?q=Hillside"))
        await expect(page.get_by_test_id("product-card").filter(has_text=name)).to_have_count(1)
    finally:
        await context.close()


async def test_on_a_phone_the_shop_search_fits_the_screen_and_its_filters_open_in_a_drawer(
    browser: Browser, live_server: str
) -> None:
    base_url = live_server.rstrip("/")
    context = await browser.new_context(viewport=PHONE)
    page = await context.new_page()
    try:
        # given a visitor on a phone looking at every product
        await page.goto(f"{base_url}/search")
        await expect(page.get_by_test_id("search-heading")).to_be_visible()
        assert await page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

        # when they open the filters and set a price range
        await expect(page.get_by_test_id("search-filters")).to_have_count(0)
        await page.get_by_test_id("filters-open").click()
        drawer = page.get_by_test_id("filters-drawer")
        await expect(drawer).to_be_visible()
        await page.get_by_test_id("filter-price-min").fill("50")
        await page.get_by_test_id("filter-price-max").fill("10")
        await page.get_by_test_id("filter-price-apply").click()

        # then the drawer closes and the address carries the range, lowest first
        await expect(drawer).to_be_hidden()
        await expect(page).to_have_url(re.compile(r"/search\?price_min=10&price_max=50$"))

        # and the back button takes the filter off again
        await page.go_back()
        await expect(page).to_have_url(re.compile(r"/search$"))
    finally:
        await context.close()
