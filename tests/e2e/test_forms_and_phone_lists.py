"""Forms explain a refusal under the field it concerns, in the UI language; back-office lists work on a phone.

Uses the fixtures of tests/e2e/conftest.py: `live_server` (the app with the demo seed) and `browser`.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.async_api import Browser, Locator, Page, expect

from tests import factories as f
from tests.conftest import Shop, new_ip
from tests.e2e.test_backoffice_shell import ADMIN_LOGIN, ADMIN_PASSWORD, DESKTOP, PHONE, sign_in

pytestmark = pytest.mark.e2e

ADMIN_PHONE = "13800000000"  # the seeded admin's
# every back-office list: its address and the test id of its table
LISTS = [
    ("catalog/products", "products-table"),
    ("inventory/stock", "stock-table"),
    ("inventory/movements", "movements-table"),
    ("inventory/stocktakes", "stocktakes-table"),
    ("inventory/warehouses", "warehouses-table"),
    ("users", "users-table"),
    ("roles", "roles-table"),
    ("audit-log", "audit-table"),
    ("customers", "customers-table"),
]


def form_item(page: Page, field_test_id: str) -> Locator:
    return page.locator(".el-form-item", has=page.get_by_test_id(field_test_id))


async def test_a_staff_user_at_the_shops_domain_is_created_after_phone_errors_shown_under_the_phone_field(
    browser: Browser, live_server: str
) -> None:
    context = await browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = await context.new_page()
    email = f"clerk-{uuid.uuid4().hex[:10]}@allorder.local"
    try:
        # given the administrator filling in a new staff user at the demo accounts' own domain
        await sign_in(page, live_server.rstrip("/"), ADMIN_LOGIN, ADMIN_PASSWORD)
        await expect(page).to_have_url(re.compile(r"/admin/?$"))
        await page.get_by_test_id("menu-users").click()
        await page.get_by_test_id("create-user-button").click()
        await page.get_by_test_id("create-user-display-name").fill("仓库新人")
        await page.get_by_test_id("create-user-email").fill(email)
        await page.get_by_test_id("create-user-password").fill("Clerk#2026x")
        await page.get_by_test_id("create-user-roles").click()
        await page.get_by_test_id("role-option-warehouse").click()
        await page.get_by_test_id("create-user-display-name").click()
        phone_error = form_item(page, "create-user-phone").locator(".el-form-item__error")

        # when the phone number is malformed, the form says so under the phone field, in Chinese
        await page.get_by_test_id("create-user-phone").fill("12345")
        await page.get_by_test_id("create-user-submit").click()
        await expect(phone_error).to_have_text("手机号格式不正确")

        # when it is well-formed but the server refuses it (another account has it), its reason shows there too
        await page.get_by_test_id("create-user-phone").fill(ADMIN_PHONE)
        await page.get_by_test_id("create-user-submit").click()
        await expect(phone_error).to_have_text("该手机号已注册")
        await expect(page.locator(".el-message")).to_contain_text("请检查标出的字段")
        # and the message stays under its field: it does not run over the next field's label
        error_box = await phone_error.bounding_box()
        next_label = await form_item(page, "create-user-password").locator("label").bounding_box()
        assert error_box and next_label and error_box["y"] + error_box["height"] <= next_label["y"] + 1

        # then without the phone the user at @allorder.local is created
        await page.get_by_test_id("create-user-phone").fill("")
        await page.get_by_test_id("create-user-submit").click()
        await expect(page.get_by_test_id("create-user-dialog")).to_be_hidden()
        await expect(page.get_by_test_id("users-table")).to_contain_text(email)
    finally:
        await context.close()


async def expect_uncovered(page: Page, target: Locator) -> None:
    """Waits until the middle of `target` is on screen and not covered by another element (a pinned column)."""
    await page.wait_for_function(
        """el => {
            const box = el.getBoundingClientRect()
            const x = box.left + Math.min(box.width, 60) / 2, y = box.top + box.height / 2
            return x >= 0 && y >= 0 && x <= innerWidth && y <= innerHeight && el.contains(document.elementFromPoint(x, y))
        }""",
        arg=await target.element_handle(),
        timeout=5000,
    )


async def test_on_a_phone_the_product_list_keeps_names_in_view_actions_in_a_menu_and_filters_folded(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    base_url = live_server.rstrip("/")
    batch = uuid.uuid4().hex[:6]
    async with shop.client(new_ip()) as client:
        admin = await f.admin_headers(client)
        tee = await f.create_product(client, admin, name=f"纯棉圆领T恤 Cotton Crew Tee {batch}")
        jacket = await f.create_product(client, admin, name=f"轻薄羽绒服 Light Down Jacket {batch}")
    context = await browser.new_context(viewport=PHONE, locale="zh-CN")
    page = await context.new_page()
    try:
        # given the administrator on a phone
        await sign_in(page, base_url, ADMIN_LOGIN, ADMIN_PASSWORD)
        await expect(page).to_have_url(re.compile(r"/admin/?$"))

        # when they open the product list
        await page.goto(f"{base_url}/admin/catalog/products?sort=-created_at")
        name = page.get_by_test_id(f"product-open-{tee['code']}")
        await expect(name).to_be_visible()

        # then the filters are folded behind one button
        await expect(page.get_by_test_id("filters-toggle")).to_be_visible()
        await expect(page.get_by_test_id("product-filter-q")).to_have_count(0)
        # and the product name is in view, not under a pinned actions column, even with the table scrolled
        await expect_uncovered(page, name)
        await page.locator(".el-table__body-wrapper .el-scrollbar__wrap").first.evaluate("el => el.scrollLeft = 400")
        await expect_uncovered(page, name)

        # when they filter in the drawer
        await page.get_by_test_id("filters-toggle").click()
        await expect(page.get_by_test_id("filters-drawer")).to_be_visible()
        await page.get_by_test_id("product-filter-q").fill(f"Tee {batch}")
        await page.get_by_test_id("filters-done").click()
        # then the drawer closes, the button counts one active filter, and the list is filtered
        await expect(page.get_by_test_id("filters-drawer")).to_be_hidden()
        await expect(page.get_by_test_id("filters-toggle").locator("xpath=..")).to_contain_text("1")
        await expect(page).to_have_url(re.compile(r"q=Tee"))
        await expect(page.get_by_test_id(f"product-open-{jacket['code']}")).to_have_count(0)
        await expect(name).to_be_visible()

        # and a row's actions open from its menu
        row = page.locator(".el-table__row", has=page.get_by_test_id(f"product-open-{tee['code']}")).first
        await row.get_by_test_id("row-actions").first.click()
        await page.get_by_test_id("row-actions-menu").locator("button", has_text="编辑").first.click()
        await expect(page).to_have_url(re.compile(rf"/admin/catalog/products/{tee['id']}$"))
    finally:
        await context.close()


async def test_every_back_office_list_fits_a_phone_with_its_filters_folded(browser: Browser, live_server: str) -> None:
    base_url = live_server.rstrip("/")
    context = await browser.new_context(viewport=PHONE, locale="zh-CN")
    page = await context.new_page()
    try:
        await sign_in(page, base_url, ADMIN_LOGIN, ADMIN_PASSWORD)
        await expect(page).to_have_url(re.compile(r"/admin/?$"))
        for path, table in LISTS:
            await page.goto(f"{base_url}/admin/{path}")
            await expect(page.get_by_test_id(table)).to_be_visible()
            # the page itself never scrolls sideways; only a table's own body does
            assert await page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
            if path != "roles":  # roles have no filters
                await expect(page.get_by_test_id("filters-toggle")).to_be_visible()
                await expect(page.locator(".filters")).to_have_count(0)
            # the first cell a reader sees is the row's name, pinned
            pinned = page.get_by_test_id(table).locator(".el-table__body .el-table-fixed-column--left").first
            if await page.get_by_test_id(table).locator(".el-table__body tr").count():
                await expect(pinned).to_be_visible()
    finally:
        await context.close()
