"""Categories in the UI language: staff give a category an English name in the category form, and the English UI
(back office and storefront) shows it, falling back to the Chinese name where there is none.

Uses the fixtures of tests/e2e/conftest.py: `live_server` and `browser`.
"""

import uuid

import pytest
from playwright.async_api import Browser, BrowserContext, expect

from tests.conftest import Shop, new_ip
from tests.e2e.test_catalog_search import DESKTOP, create_category, sign_in
from tests.factories import PASSWORD, admin_headers, create_staff

pytestmark = pytest.mark.e2e

LOCALE_KEY = "allorder.locale"  # frontend/src/i18n/index.ts LOCALE_STORAGE_KEY


async def in_language(browser: Browser, locale: str) -> BrowserContext:
    context = await browser.new_context(viewport=DESKTOP, locale="en-US" if locale == "en" else "zh-CN")
    await context.add_init_script(f"localStorage.setItem('{LOCALE_KEY}', '{locale}')")
    return context


async def test_staff_name_a_category_in_english_and_the_english_ui_shows_it(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    base_url = live_server.rstrip("/")
    tag = uuid.uuid4().hex[:6].upper()
    # an administrator of this test's own: signing in keeps the browser's language (English) on the profile, which
    # must not change the shop's admin for the tests that follow
    client = shop.client(new_ip())
    admin = await create_staff(client, await admin_headers(client), "admin")
    context = await in_language(browser, "en")
    page = await context.new_page()
    try:
        # when an administrator adds a category with an English name, and one without
        await sign_in(page, base_url, admin["email"], PASSWORD)
        await create_category(page, f"水壶 {tag}", f"Flasks {tag}")
        await create_category(page, f"杯子 {tag}")

        # then the English tree shows the English name, and the Chinese one where there is none
        await expect(page.get_by_test_id(f"category-node-水壶 {tag}")).to_contain_text(f"Flasks {tag}")
        await expect(page.get_by_test_id(f"category-node-水壶 {tag}")).not_to_contain_text("水壶")
        await expect(page.get_by_test_id(f"category-node-杯子 {tag}")).to_contain_text(f"杯子 {tag}")

        # and the English shop's category menu shows the same names
        await page.goto(f"{base_url}/")
        nav = page.get_by_test_id("category-nav")
        await expect(nav).to_contain_text(f"Flasks {tag}")
        await expect(nav).to_contain_text(f"杯子 {tag}")
        await expect(nav).not_to_contain_text(f"水壶 {tag}")
    finally:
        await context.close()

    # while the Chinese shop keeps the Chinese name
    context = await in_language(browser, "zh-CN")
    page = await context.new_page()
    try:
        await page.goto(f"{base_url}/")
        nav = page.get_by_test_id("category-nav")
        await expect(nav).to_contain_text(f"水壶 {tag}")
        await expect(nav).not_to_contain_text(f"Flasks {tag}")
    finally:
        await context.close()
