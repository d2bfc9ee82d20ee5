"""Back-office lists keep their filters in the address: a filtered list survives a reload, can be shared as a
link, and Back returns to the previous filters.

Uses the fixtures of tests/e2e/conftest.py: `live_server` (base URL of the app with the demo seed) and `browser`.
"""

import re

import pytest
from playwright.async_api import Browser, ViewportSize, expect

from tests.e2e.test_catalog_search import sign_in
from tests.factories import ADMIN

pytestmark = pytest.mark.e2e

DESKTOP: ViewportSize = {"width": 1280, "height": 800}


async def test_a_filtered_product_list_survives_a_reload_and_back_returns_to_the_previous_filters(
    browser: Browser, live_server: str
) -> None:
    base_url = live_server.rstrip("/")
    context = await browser.new_context(viewport=DESKTOP)
    page = await context.new_page()
    try:
        # given the administrator on the product list
        await sign_in(page, base_url, *ADMIN)
        await page.get_by_test_id("menu-products").click()
        await expect(page).to_have_url(re.compile(r"/admin/catalog/products$"))

        # when they search for a keyword and then narrow to products in stock
        await page.get_by_test_id("product-filter-q").fill("Hillside")
        await page.get_by_test_id("product-search").click()
        await expect(page).to_have_url(re.compile(r"/admin/catalog/products\?q=Hillside$"))
        await page.get_by_test_id("product-filter-in-stock").click()
        await expect(page).to_have_url(re.compile(r"/admin/catalog/products\?q=Hillside&in_stock=1$"))

        # then a reload shows the same filters in the form
        await page.reload()
        await expect(page.get_by_test_id("product-filter-q")).to_have_value("Hillside")
        await expect(page.get_by_test_id("product-filter-in-stock")).to_be_checked()

        # and Back takes the in-stock filter off again, keeping the keyword
        await page.go_back()
        await expect(page).to_have_url(re.compile(r"/admin/catalog/products\?q=Hillside$"))
        await expect(page.get_by_test_id("product-filter-in-stock")).not_to_be_checked()
        await expect(page.get_by_test_id("product-filter-q")).to_have_value("Hillside")

        # and a shared link with a sort opens the list sorted that way
        await page.goto(f"{base_url}/admin/catalog/products?sort=-price&page_size=50")
        await expect(page.get_by_test_id("products-table").locator("th.descending")).to_have_count(1)
        await expect(page.locator(".el-pagination .el-select")).to_contain_text("50")

        # and sorting by a column whose API key is another name (sales_count: sales) puts that key in the address
        sales = page.get_by_test_id("products-table").locator("th", has_text=re.compile(r"^(Sales|销量)$"))
        await sales.locator(".sort-caret.ascending").click()
        await expect(page).to_have_url(re.compile(r"[?&]sort=sales(&|$)"))
    finally:
        await context.close()
