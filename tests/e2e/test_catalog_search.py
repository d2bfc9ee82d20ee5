"""From the back office to the shop window: staff put a product with two SKUs on sale and stock it, and a customer
finds it by searching the storefront, opens it and picks a SKU.

Uses the fixtures of tests/e2e/conftest.py: `live_server` (base URL of the app with the demo seed) and `browser`.
"""

import re
import uuid

import pytest
from playwright.async_api import Browser, Page, ViewportSize, expect

from infra.seed import demo_password
from tests.factories import ADMIN

pytestmark = pytest.mark.e2e

PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
WAREHOUSE = ("warehouse@allorder.local", demo_password("warehouse@allorder.local"))


async def sign_in(page: Page, base_url: str, login: str, password: str) -> None:
    await page.goto(f"{base_url}/login")
    await page.get_by_test_id("login-input").fill(login)
    await page.get_by_test_id("password-input").fill(password)
    await page.get_by_test_id("login-submit").click()
    await expect(page).to_have_url(re.compile(r"/admin/?$"))


async def sign_out(page: Page) -> None:
    await page.get_by_test_id("user-menu").click()
    await page.get_by_test_id("logout").click()
    await expect(page).to_have_url(re.compile(r"/login"))


async def create_category(page: Page, name: str, name_en: str = "") -> None:
    await page.get_by_test_id("menu-categories").click()
    await expect(page).to_have_url(re.compile(r"/admin/catalog/categories$"))
    await page.get_by_test_id("category-create-root").click()
    await page.get_by_test_id("category-name").fill(name)
    if name_en:
        await page.get_by_test_id("category-name-en").fill(name_en)
    await page.get_by_test_id("category-save").click()
    await expect(page.get_by_test_id(f"category-node-{name}")).to_be_visible()


async def create_warehouse(page: Page, *, code: str, name: str) -> None:
    await page.get_by_test_id("menu-warehouses").click()
    await expect(page).to_have_url(re.compile(r"/admin/inventory/warehouses$"))
    await page.get_by_test_id("warehouse-create-button").click()
    await page.get_by_test_id("warehouse-code").fill(code)
    await page.get_by_test_id("warehouse-name").fill(name)
    await page.get_by_test_id("warehouse-submit").click()
    await expect(page.get_by_test_id("warehouse-dialog")).to_be_hidden()
    await expect(page.get_by_test_id("warehouses-table")).to_contain_text(code)


async def create_product_on_sale(
    page: Page, *, code: str, name: str, category: str, skus: list[tuple[str, str, str]]
) -> None:
    """The product editor: basics, one row per (SKU code, attributes, retail price), save, then put on sale."""
    await page.get_by_test_id("menu-products").click()
    await expect(page).to_have_url(re.compile(r"/admin/catalog/products$"))
    await page.get_by_test_id("product-create-button").click()
    await expect(page).to_have_url(re.compile(r"/admin/catalog/products/new$"))
    await page.get_by_test_id("product-code").fill(code)
    await page.get_by_test_id("product-name").fill(name)
    await page.get_by_test_id("product-brand").fill("Hillside")
    await page.get_by_test_id("product-category").click()
    await page.get_by_test_id(f"category-option-{category}").click()
    for index, (sku_code, attributes, price) in enumerate(skus):
        if index:
            await page.get_by_test_id("sku-add").click()
        await page.get_by_test_id(f"sku-code-{index}").fill(sku_code)
        await page.get_by_test_id(f"sku-attributes-{index}").fill(attributes)
        await page.get_by_test_id(f"sku-retail-{index}").fill(price)
    await page.get_by_test_id("product-save").click()
    await expect(page).to_have_url(re.compile(r"/admin/catalog/products/[0-9a-f-]{36}$"))
    await page.get_by_test_id("product-put-on-sale").click()
    await expect(page.get_by_test_id("product-take-off-sale")).to_be_visible()


async def receive_stock(page: Page, *, warehouse: str, product_code: str, lines: list[tuple[str, int]]) -> None:
    """The stock receipt form: a warehouse, then one line per (SKU code, quantity) found by the product's code."""
    await page.get_by_test_id("menu-stock-receive").click()
    await expect(page).to_have_url(re.compile(r"/admin/inventory/receive$"))
    await page.get_by_test_id("receive-warehouse").click()
    await page.get_by_test_id(f"warehouse-option-{warehouse}").click()
    for index, (sku_code, quantity) in enumerate(lines):
        if index:
            await page.get_by_test_id("receive-add-line").click()
        picker = page.get_by_test_id(f"receive-sku-{index}")
        await picker.click()
        await page.keyboard.insert_text(product_code)  # one search, as a scanner or a paste sends it
        # Each line has its own drop-down, and the previous line's one can still be fading out showing the same
        # options: pick from the list this line's combobox controls, not from whichever is visible first.
        listbox = await picker.get_by_role("combobox").get_attribute("aria-controls")
        await page.locator(f'[id="{listbox}"]').get_by_test_id(f"sku-option-{sku_code}").click()
        amount = page.get_by_test_id(f"receive-quantity-{index}").locator("input")
        await amount.fill(str(quantity))
        await amount.press("Tab")
    await page.get_by_test_id("receive-submit").click()
    await expect(page.get_by_test_id("movement-result")).to_be_visible()


async def search_the_shop(page: Page, words: str) -> None:
    await page.get_by_test_id("store-search-input").fill(words)
    await page.get_by_test_id("store-search-input").press("Enter")


async def test_a_customer_finds_a_product_staff_stocked_and_sees_price_and_stock_per_sku(
    browser: Browser, live_server: str
) -> None:
    base_url = live_server.rstrip("/")
    code = f"FL{uuid.uuid4().hex[:8].upper()}"
    name = f"Hillside Flask {code}"

    context = await browser.new_context(viewport=DESKTOP)
    page = await context.new_page()
    try:
        # given the administrator sets up a category and a warehouse, and puts a flask on sale in red and in blue
        await sign_in(page, base_url, *ADMIN)
        await create_category(page, f"Flasks {code}")
        await create_warehouse(page, code=f"W{code}", name=f"Warehouse {code}")
        await create_product_on_sale(
            page,
            code=code,
            name=name,
            category=f"Flasks {code}",
            skus=[(f"{code}-R", "Colour=Red", "19.90"), (f"{code}-B", "Colour=Blue", "25.00")],
        )
        await sign_out(page)

        # and the warehouse clerk books 3 red and 40 blue into that warehouse
        await sign_in(page, base_url, *WAREHOUSE)
        await receive_stock(page, warehouse=f"W{code}", product_code=code, lines=[(f"{code}-R", 3), (f"{code}-B", 40)])
        await sign_out(page)

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
        await expect(page.get_by_test_id("add-to-cart")).to_be_enabled()

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
