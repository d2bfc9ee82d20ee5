"""The customer list and the global search as staff use them in the browser.

Uses the fixtures of tests/e2e/conftest.py: `live_server` and `browser`; data is made through the API first.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, Page, expect

from tests.conftest import Shop
from tests.factories import admin_headers, bearer, create_product, register_customer, sku_body, unique_email

pytestmark = pytest.mark.e2e

ADMIN_LOGIN = "admin@allorder.local"
ADMIN_PASSWORD = "Admin#2026!"
DESKTOP = {"width": 1280, "height": 800}


async def sign_in(page: Page, base_url: str) -> None:
    await page.goto(f"{base_url}/login")
    await page.get_by_test_id("login-input").fill(ADMIN_LOGIN)
    await page.get_by_test_id("password-input").fill(ADMIN_PASSWORD)
    await page.get_by_test_id("login-submit").click()
    await expect(page).to_have_url(re.compile(r"/admin/?$"))


async def a_customer_with_an_address(client: httpx.AsyncClient, name: str) -> dict[str, Any]:
    email = unique_email("shopper")
    headers = bearer(await register_customer(client, email=email))
    assert (await client.patch("/me", json={"display_name": name}, headers=headers)).status_code == 200
    address = {
        "recipient": "孙八",
        "phone": "13900000008",
        "region_code": "110105",
        "province": "北京市",
        "city": "北京市",
        "district": "朝阳区",
        "detail": "建国路 88 号",
    }
    assert (await client.post("/me/addresses", json=address, headers=headers)).status_code == 201
    return dict((await client.get("/me", headers=headers)).json())


async def test_staff_find_a_customer_tag_note_and_blacklist_them(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    base_url = live_server.rstrip("/")
    marker = uuid.uuid4().hex[:8]
    customer = await a_customer_with_an_address(shop.client(), f"Sun {marker}")
    context = await browser.new_context(viewport=DESKTOP, locale="en-US")
    page = await context.new_page()
    try:
        # given the administrator on the customer list
        await sign_in(page, base_url)
        await page.get_by_test_id("menu-customers").click()
        await expect(page).to_have_url(re.compile(r"/admin/customers$"))

        # when they search for the customer and open their page
        await page.get_by_test_id("customers-filter-q").fill(marker)
        await page.get_by_test_id("customers-search").click()
        await expect(page).to_have_url(re.compile(rf"q={marker}"))
        await page.get_by_test_id(f"customer-link-{customer['id']}").click()

        # then the page shows the profile and the customer's own address
        await expect(page.get_by_test_id("customer-name")).to_have_text(f"Sun {marker}")
        await expect(page.get_by_test_id("customer-addresses")).to_contain_text("建国路 88 号")

        # when they tag the customer, keep a note and blacklist them with a reason
        tag = f"vip{marker[:4]}"
        await page.get_by_test_id("new-tag").fill(tag)
        await page.get_by_test_id("add-tag").click()
        await expect(page.get_by_test_id(f"customer-tag-{tag}")).to_be_visible()
        await page.get_by_test_id("new-note").fill("Asked for a paper invoice.")
        await page.get_by_test_id("add-note").click()
        await expect(page.get_by_test_id("customer-notes")).to_contain_text("Asked for a paper invoice.")
        await expect(page.get_by_test_id("customer-notes")).to_contain_text(ADMIN_LOGIN)
        await page.get_by_test_id("add-blacklist").click()
        await page.locator(".blacklist-dialog input").fill("Chargeback fraud")
        await page.locator(".blacklist-dialog .el-button--primary").click()

        # then the page flags the customer with the reason
        await expect(page.get_by_test_id("blacklist-reason")).to_have_text("Chargeback fraud")
        await expect(page.get_by_test_id("clear-blacklist")).to_be_visible()

        # and the customer's audit trail is one click away
        await page.get_by_test_id("customer-audit-link").click()
        await expect(page).to_have_url(re.compile(rf"/admin/audit-log\?.*target_id={customer['id']}"))

        # and the list, filtered by the tag and the blacklist, shows them flagged
        await page.goto(f"{base_url}/admin/customers?tag={tag}&blacklisted=true")
        row = page.get_by_test_id("customers-table").locator("tr", has_text=customer["email"])
        await expect(row.get_by_test_id("customer-blacklisted")).to_be_visible()
        await expect(row).to_contain_text(tag)

        # and user management lists staff only
        await page.goto(f"{base_url}/admin/users?q={marker}")
        await expect(page.get_by_test_id("users-table")).not_to_contain_text(customer["email"])
    finally:
        await context.close()


async def test_the_header_search_finds_products_and_customers_and_opens_one_by_keyboard(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    base_url = live_server.rstrip("/")
    client = shop.client()
    admin = await admin_headers(client)
    marker = uuid.uuid4().hex[:8]
    product = await create_product(client, admin, name=f"Teapot {marker}", skus=[sku_body(f"TEA-{marker.upper()}")])
    await a_customer_with_an_address(client, f"Tea lover {marker}")
    context = await browser.new_context(viewport=DESKTOP, locale="en-US")
    page = await context.new_page()
    try:
        # given the administrator anywhere in the back office
        await sign_in(page, base_url)

        # when they press "/" and type a word
        await page.keyboard.press("/")
        await expect(page.get_by_test_id("global-search")).to_be_focused()
        await page.keyboard.type(marker)

        # then the hits come in groups: products, SKUs and customers
        results = page.get_by_test_id("global-search-results")
        await expect(results.get_by_test_id("global-search-group-products")).to_contain_text(f"Teapot {marker}")
        await expect(results.get_by_test_id("global-search-group-skus")).to_contain_text(f"TEA-{marker.upper()}")
        await expect(results.get_by_test_id("global-search-group-customers")).to_contain_text(f"Tea lover {marker}")

        # when they move to the SKU with the arrow key and press Enter, its product opens
        await page.keyboard.press("ArrowDown")
        await expect(results.locator("[aria-selected=true]")).to_contain_text(f"TEA-{marker.upper()}")
        await page.keyboard.press("Enter")
        await expect(page).to_have_url(re.compile(rf"/admin/catalog/products/{product['id']}$"))
        await expect(results).to_have_count(0)
    finally:
        await context.close()
