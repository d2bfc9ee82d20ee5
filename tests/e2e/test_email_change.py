"""Changing one's e-mail in the browser: the profile page keeps the new address pending with "resend" and "cancel"
until the link mailed to it is opened; the link's page switches the account to it.

Uses the fixtures of tests/e2e/conftest.py: `live_server` (base URL of the app with the demo seed) and `browser`.
"""

import pytest
from playwright.async_api import Browser, expect

from tests import factories as f
from tests.conftest import Shop

pytestmark = pytest.mark.e2e


async def test_a_customer_changes_their_e_mail_from_the_profile_page_and_the_mailed_link(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    base_url = live_server.rstrip("/")
    context = await browser.new_context(locale="en-US")
    page = await context.new_page()
    try:
        # given a signed-in customer on their profile page
        old, new = f.unique_email("before"), f.unique_email("after")
        await f.register_customer(shop.client(), email=old, locale="en")
        await page.goto(f"{base_url}/login?next=/account/profile")
        await page.get_by_test_id("login-input").fill(old)
        await page.get_by_test_id("password-input").fill(f.PASSWORD)
        await page.get_by_test_id("login-submit").click()

        # when they ask for a new address
        await page.get_by_test_id("email-change-start").click()
        await page.get_by_test_id("email-change-input").fill(new)
        await page.get_by_test_id("email-change-send").click()

        # then the page shows it pending, explains the link, and still signs them in with the old one
        pending = page.get_by_test_id("email-change-pending")
        await expect(pending).to_contain_text(f"Waiting for confirmation: {new}")
        await expect(pending).to_contain_text(f"We sent a link to {new}")
        await expect(page.get_by_test_id("email-change-resend")).to_be_visible()
        await page.reload()  # the pending state comes from the server
        await expect(pending).to_contain_text(new)
        await expect(page.locator(".contact")).to_contain_text(old)

        # when the mailed link is opened
        token = await f.mailed_link_token(shop.client(), new, "auth.email_change_confirm")
        await page.goto(f"{base_url}/confirm-email-change?token={token}")

        # then the account signs in with the new address from now on
        await expect(page.get_by_test_id("email-change-done")).to_contain_text(f"Your e-mail is now {new}")
        await page.goto(f"{base_url}/account/profile")
        await expect(page.locator(".contact")).to_contain_text(new)
        await expect(page.get_by_test_id("email-change-pending")).to_have_count(0)
    finally:
        await context.close()
