"""Choosing a new password from the mailed reset link in the browser: the page checks the password against the
policy and against its confirmation before it sends it, then the customer signs in with the new one.

Uses the fixtures of tests/e2e/conftest.py: `live_server` and `browser`.
"""

import re

import pytest
from playwright.async_api import Browser, expect

from tests import factories as f
from tests.conftest import Shop, new_ip
from tests.e2e.test_store_orders import open_browser

pytestmark = pytest.mark.e2e
NEW_PASSWORD = "Brand#New99"


async def test_a_customer_chooses_a_new_password_from_the_link_and_signs_in_with_it(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    # given a customer who asked for a reset link
    base_url = live_server.rstrip("/")
    client = shop.client(new_ip())
    email = f.unique_email("reset")
    await f.register_customer(client, email=email)
    assert (await client.post("/auth/password/forgot", json={"login": email})).status_code == 202
    token = await f.mailed_link_token(client, email, "auth.password_reset")
    context = await open_browser(browser)
    page = await context.new_page()
    try:
        # when they open the link and type a short password, then two that differ
        await page.goto(f"{base_url}/reset-password?token={token}")
        form = page.locator("form")
        await page.get_by_test_id("reset-password").fill("short")
        await page.get_by_test_id("reset-submit").click()
        await expect(form).to_contain_text("At least 8 characters")
        await page.get_by_test_id("reset-password").fill(NEW_PASSWORD)
        await page.get_by_test_id("reset-confirm").fill(NEW_PASSWORD + "x")
        await page.get_by_test_id("reset-submit").click()

        # then the page says what is wrong and sends nothing
        await expect(form).to_contain_text("The passwords do not match")
        await expect(form).not_to_contain_text("At least 8 characters")
        await expect(page.get_by_test_id("reset-done")).to_have_count(0)

        # when the confirmation matches
        await page.get_by_test_id("reset-confirm").fill(NEW_PASSWORD)
        await page.get_by_test_id("reset-submit").click()

        # then the password is reset, and signing in with the new one works
        await expect(page.get_by_test_id("reset-done")).to_be_visible()
        await page.get_by_test_id("reset-done").get_by_role("button").click()
        await expect(page).to_have_url(re.compile(r"/login"))
        await page.get_by_test_id("login-input").fill(email)
        await page.get_by_test_id("password-input").fill(NEW_PASSWORD)
        await page.get_by_test_id("login-submit").click()
        await expect(page.get_by_test_id("user-menu")).to_be_visible()
    finally:
        await context.close()
