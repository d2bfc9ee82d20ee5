"""Choosing where an address is by province, city and district, on a phone: the cascader loads each level from
the server, the saved address shows the tree's names, and editing opens on the stored path.

Uses the fixtures of tests/e2e/conftest.py: `live_server` (base URL of the app with the demo seed) and `browser`.
"""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Browser, Page, ViewportSize, expect

from tests.conftest import Shop
from tests.e2e.test_catalog_search import sign_in
from tests.factories import ADMIN, PASSWORD, register_customer, unique_code, unique_email

pytestmark = pytest.mark.e2e

PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 800}


async def choose(page: Page, *names: str) -> None:
    """Click through the open cascader, one column per name."""
    for depth, name in enumerate(names):
        column = page.locator(".region-cascader-popper .el-cascader-menu").nth(depth)
        await column.locator(".el-cascader-node", has_text=re.compile(f"^{name}$")).click()


async def test_a_customer_picks_the_district_of_an_address_on_a_phone_and_edits_it_later(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    base_url = live_server.rstrip("/")
    email = unique_email("picker")
    await register_customer(shop.client(), email=email)
    context = await browser.new_context(viewport=PHONE, locale="zh-CN")
    page = await context.new_page()
    try:
        # given the customer on their address book
        await page.goto(f"{base_url}/login")
        await page.get_by_test_id("login-input").fill(email)
        await page.get_by_test_id("password-input").fill(PASSWORD)
        await page.get_by_test_id("login-submit").click()
        await expect(page).not_to_have_url(re.compile(r"/login"))
        await page.goto(f"{base_url}/account/addresses")

        # when they add an address and choose 广东省 → 广州市 → 天河区
        await page.get_by_test_id("address-create").click()
        dialog = page.get_by_test_id("address-dialog")
        await dialog.get_by_test_id("address-recipient").fill("李四")
        await dialog.get_by_test_id("address-phone").fill("13900000201")
        await dialog.get_by_test_id("address-region").click()
        await choose(page, "广东省", "广州市")
        # then the three columns fit the phone's screen
        popper = page.locator(".region-cascader-popper").filter(has=page.locator(".el-cascader-menu"))
        await expect(popper.locator(".el-cascader-menu")).to_have_count(3)
        box = await popper.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        await choose(page, "广东省", "广州市", "天河区")
        await expect(dialog.get_by_test_id("address-region").locator("input")).to_have_value("广东省 / 广州市 / 天河区")
        await dialog.get_by_test_id("address-detail").fill("天河路 385 号")
        await dialog.get_by_test_id("address-submit").click()

        # then the saved address reads with the tree's names
        card = page.get_by_test_id("address-card")
        await expect(card).to_contain_text("广东省 广州市 天河区 天河路 385 号")

        # when they edit it: the cascader opens on the stored path, and they move it to 北京市 朝阳区
        await card.get_by_test_id("address-edit").click()
        await expect(dialog.get_by_test_id("address-region").locator("input")).to_have_value("广东省 / 广州市 / 天河区")
        await dialog.get_by_test_id("address-region").click()
        await choose(page, "北京市", "北京市", "朝阳区")
        await dialog.get_by_test_id("address-submit").click()

        # then the municipality reads as itself at the city level
        await expect(card).to_contain_text("北京市 北京市 朝阳区 天河路 385 号")
    finally:
        await context.close()


async def test_staff_give_a_warehouse_a_province_and_the_list_shows_its_name(
    browser: Browser, live_server: str
) -> None:
    base_url = live_server.rstrip("/")
    code = unique_code("ZJ")
    context = await browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = await context.new_page()
    try:
        # given the administrator on the warehouse list
        await sign_in(page, base_url, *ADMIN)
        await page.goto(f"{base_url}/admin/inventory/warehouses")

        # when they add a warehouse whose region is only a province (any level is allowed for a warehouse)
        await page.get_by_test_id("warehouse-create-button").click()
        dialog = page.get_by_test_id("warehouse-dialog")
        await dialog.get_by_test_id("warehouse-code").fill(code)
        await dialog.get_by_test_id("warehouse-name").fill("浙江仓")
        await dialog.get_by_test_id("warehouse-region").click()
        province = page.locator(".region-cascader-popper .el-cascader-node", has_text=re.compile("^浙江省$"))
        await province.locator(".el-radio").click()
        await expect(dialog.get_by_test_id("warehouse-region").locator("input")).to_have_value("浙江省")
        await dialog.get_by_test_id("warehouse-submit").click()

        # then the list names its region
        row = page.get_by_test_id("warehouses-table").locator("tr", has_text=code)
        await expect(row).to_contain_text("浙江省")
    finally:
        await context.close()


async def test_an_english_speaker_picks_by_english_names_and_the_address_keeps_the_chinese_ones(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    base_url = live_server.rstrip("/")
    email = unique_email("picker-en")
    await register_customer(shop.client(), email=email, locale="en")
    context = await browser.new_context(viewport=DESKTOP, locale="en-US")
    page = await context.new_page()
    try:
        # given an English-speaking customer on their address book
        await page.goto(f"{base_url}/login")
        await page.get_by_test_id("login-input").fill(email)
        await page.get_by_test_id("password-input").fill(PASSWORD)
        await page.get_by_test_id("login-submit").click()
        await expect(page).not_to_have_url(re.compile(r"/login"))
        await page.goto(f"{base_url}/account/addresses")

        # when they add an address and choose Guangdong → Shenzhen → Nanshan District
        await page.get_by_test_id("address-create").click()
        dialog = page.get_by_test_id("address-dialog")
        await dialog.get_by_test_id("address-recipient").fill("Li Si")
        await dialog.get_by_test_id("address-phone").fill("13900000202")
        await dialog.get_by_test_id("address-region").click()
        await expect(
            page.locator(".region-cascader-popper .el-cascader-node", has_text="Inner Mongolia")
        ).to_be_visible()
        await choose(page, "Guangdong", "Shenzhen", "Nanshan District")
        region = dialog.get_by_test_id("address-region").locator("input")
        await expect(region).to_have_value("Guangdong / Shenzhen / Nanshan District")
        await dialog.get_by_test_id("address-detail").fill("100 Keyuan Road")
        await dialog.get_by_test_id("address-submit").click()

        # then the saved address keeps the Chinese names, which the courier reads
        card = page.get_by_test_id("address-card")
        await expect(card).to_contain_text("广东省 深圳市 南山区 100 Keyuan Road")

        # and editing it opens the picker on the stored path, in English
        await card.get_by_test_id("address-edit").click()
        await expect(region).to_have_value("Guangdong / Shenzhen / Nanshan District")
    finally:
        await context.close()
