"""The cart in the browser, on a phone: a guest picks two SKUs (the choice kept in the address), adds them, signs
in and finds them in their cart, sees a price change, changes a quantity and goes to checkout with the selected
lines.

Uses the fixtures of tests/e2e/conftest.py: `live_server` and `browser`; the product is made through the API.
"""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Browser, Page, ViewportSize, expect

from tests.conftest import Shop
from tests.factories import PASSWORD, admin_headers, create_product, register_customer, sku_body, unique_email
from tests.integration.test_catalog_products import stock_up

pytestmark = pytest.mark.e2e

PHONE: ViewportSize = {"width": 390, "height": 844}


async def pick(page: Page, colour: str, sku_id: str) -> None:
    await page.get_by_test_id(f"store-sku-colour-{colour}").click()
    await expect(page).to_have_url(re.compile(rf"\?sku={sku_id}$"))


async def test_a_guest_cart_follows_the_shopper_into_their_account_and_on_to_checkout(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    base_url = live_server.rstrip("/")
    client = shop.client()
    admin = await admin_headers(client)
    skus = [
        sku_body(attributes={"colour": "Red"}, retail_price="19.90"),
        sku_body(attributes={"colour": "Blue"}, retail_price="25.00"),
    ]
    product = await create_product(client, admin, skus=skus)
    red, blue = (s["id"] for s in product["skus"])
    for sku_id in (red, blue):
        await stock_up(shop, sku_id, 20)
    email = unique_email("cart")
    await register_customer(client, email=email)
    context = await browser.new_context(viewport=PHONE, locale="zh-CN")
    page = await context.new_page()
    try:
        # given a guest on the product page picks red: the address names the SKU, and a reload keeps it
        await page.goto(f"{base_url}/products/{product['id']}")
        await pick(page, "Red", red)
        await page.reload()
        await expect(page.get_by_test_id("store-sku-code")).to_contain_text(product["skus"][0]["code"])

        # when they add one red and two blue to the cart
        await page.get_by_test_id("add-to-cart").click()
        await expect(page.get_by_test_id("cart-count")).to_contain_text("1")
        await pick(page, "Blue", blue)
        await page.get_by_test_id("store-quantity").locator("input").fill("2")
        await page.get_by_test_id("add-to-cart").click()
        await expect(page.get_by_test_id("cart-count")).to_contain_text("2")

        # and then sign in from the cart
        await page.get_by_test_id("cart-icon").click()
        await expect(page.get_by_test_id("cart-line")).to_have_count(2)
        await page.goto(f"{base_url}/login?next=/cart")
        await page.get_by_test_id("login-input").fill(email)
        await page.get_by_test_id("password-input").fill(PASSWORD)
        await page.get_by_test_id("login-submit").click()

        # then their cart holds both lines (the guest cart merged into it)
        await expect(page).to_have_url(re.compile(r"/cart$"))
        await expect(page.get_by_test_id("cart-line")).to_have_count(2)
        await expect(page.get_by_test_id("cart-total")).to_contain_text("69.90")
        assert await page.evaluate("localStorage.getItem('allorder.cartToken')") is None

        # when the shop lowers the blue price, the cart says so on the next visit
        assert (await client.patch(f"/skus/{blue}", json={"retail_price": "23.00"}, headers=admin)).status_code == 200
        await page.reload()
        blue_line = page.locator(f"[data-testid=cart-line][data-sku='{blue}']")
        await expect(blue_line.get_by_test_id("cart-notice-price_changed")).to_contain_text("25.00")
        await expect(page.get_by_test_id("cart-total")).to_contain_text("65.90")

        # when they step the red line up to two
        red_line = page.locator(f"[data-testid=cart-line][data-sku='{red}']")
        await red_line.locator(".el-input-number__increase").click()
        await expect(page.get_by_test_id("cart-total")).to_contain_text("85.80")
        assert await page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

        # then checkout opens with the selected lines and their quantities
        await page.get_by_test_id("cart-checkout").click()
        await expect(page).to_have_url(re.compile(r"/checkout\?items="))
        items = page.url.split("items=", 1)[1].replace("%3A", ":").replace("%2C", ",")
        assert sorted(items.split(",")) == sorted([f"{red}:2", f"{blue}:2"])
    finally:
        await context.close()
