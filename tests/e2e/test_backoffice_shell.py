"""The back-office shell as a person sees it: signing in, the permission-filtered menu, signing out.

Uses the fixtures of tests/e2e/conftest.py: `live_server` (base URL of the app with the demo seed) and
`browser` (a playwright.async_api.Browser running Debian's Chromium).
"""

import re
import uuid

import pytest
from playwright.async_api import Browser, Page, expect

pytestmark = pytest.mark.e2e

ADMIN_LOGIN = "admin@allorder.local"
ADMIN_PASSWORD = "Admin#2026!"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


async def sign_in(page: Page, base_url: str, login: str, password: str) -> None:
    await page.goto(f"{base_url}/login")
    await page.get_by_test_id("login-input").fill(login)
    await page.get_by_test_id("password-input").fill(password)
    await page.get_by_test_id("login-submit").click()


async def sign_out(page: Page) -> None:
    await page.get_by_test_id("user-menu").click()
    await page.get_by_test_id("logout").click()
    await expect(page).to_have_url(re.compile(r"/login"))


async def test_a_new_warehouse_clerk_sees_the_dashboard_but_no_admin_pages(browser: Browser, live_server: str) -> None:
    base_url = live_server.rstrip("/")
    context = await browser.new_context(viewport=DESKTOP)
    page = await context.new_page()
    email = f"clerk-{uuid.uuid4().hex[:12]}@example.com"
    password = f"Clerk#{uuid.uuid4().hex[:8]}"
    try:
        # given the administrator signed in to the back office
        await sign_in(page, base_url, ADMIN_LOGIN, ADMIN_PASSWORD)
        await expect(page).to_have_url(re.compile(r"/admin/?$"))

        # when they create a staff user with the warehouse role
        await page.get_by_test_id("menu-users").click()
        await expect(page).to_have_url(re.compile(r"/admin/users$"))
        await page.get_by_test_id("create-user-button").click()
        dialog = page.get_by_test_id("create-user-dialog")
        await expect(dialog).to_be_visible()
        await page.get_by_test_id("create-user-display-name").fill("Warehouse Clerk")
        await page.get_by_test_id("create-user-email").fill(email)
        await page.get_by_test_id("create-user-password").fill(password)
        await page.get_by_test_id("create-user-roles").click()
        await page.get_by_test_id("role-option-warehouse").click()
        # A multiple select keeps its list open; clicking another field closes it so it covers nothing.
        await page.get_by_test_id("create-user-display-name").click()
        # built-in roles are named in the UI language (the admin profile's, English or Chinese)
        await expect(page.get_by_test_id("create-user-roles")).to_contain_text(re.compile("Warehouse|仓库管理员"))
        await page.get_by_test_id("create-user-submit").click()
        await expect(dialog).to_be_hidden()
        await expect(page.get_by_test_id("users-table")).to_contain_text(email)

        # and sign out, and the new user signs in
        await sign_out(page)
        await sign_in(page, base_url, email, password)

        # then the menu offers the dashboard and none of the administration pages
        await expect(page).to_have_url(re.compile(r"/admin/?$"))
        await expect(page.get_by_test_id("menu-dashboard")).to_be_visible()
        for entry in ("menu-users", "menu-roles", "menu-audit"):
            await expect(page.get_by_test_id(entry)).to_have_count(0)

        # and typing an administration address shows the 403 page instead
        await page.goto(f"{base_url}/admin/users")
        await expect(page.get_by_test_id("forbidden")).to_be_visible()
    finally:
        await context.close()


async def test_the_login_page_fits_a_phone_screen_without_sideways_scrolling(
    browser: Browser, live_server: str
) -> None:
    context = await browser.new_context(viewport=PHONE)
    page = await context.new_page()
    try:
        await page.goto(f"{live_server.rstrip('/')}/login")
        await expect(page.get_by_test_id("login-submit")).to_be_visible()

        scroll_width = await page.evaluate("document.documentElement.scrollWidth")

        assert scroll_width <= PHONE["width"]
    finally:
        await context.close()
