"""Signing up by e-mail in the browser (issue 7, item 12): the register page asks only for the address and says to
check the inbox, whether or not the address has an account; the mailed link opens the page that finishes the
account with a password, and the new customer is signed in.

Uses the fixtures of tests/e2e/conftest.py: `live_server` (base URL of the app with the demo seed) and `browser`.
"""

import re

import pytest
from playwright.async_api import Browser, expect

from tests import factories as f
from tests.conftest import Shop

pytestmark = pytest.mark.e2e


async def test_a_new_customer_signs_up_from_the_mailed_link_and_a_taken_address_sees_the_same_page(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    base_url = live_server.rstrip("/")
    context = await browser.new_context()
    page = await context.new_page()
    try:
        # given the register page, by e-mail, and a customer who has an account
        email, taken = f.unique_email("browser"), f.unique_email("taken")
        await f.register_customer(shop.client(), email=taken)
        await page.goto(f"{base_url}/register")
        await expect(page.get_by_test_id("register-password")).to_have_count(0)  # chosen from the link

        # when a new address is submitted
        await page.get_by_test_id("register-email").fill(email)
        await page.get_by_test_id("register-submit").click()

        # then the page says to check the inbox
        sent = page.get_by_test_id("register-check-mail")
        await expect(sent).to_contain_text(email)
        new_address_text = await sent.inner_text()

        # and a taken address gets the very same page, apart from the address itself
        await page.get_by_test_id("register-use-another").click()
        await page.get_by_test_id("register-email").fill(taken)
        await page.get_by_test_id("register-submit").click()
        await expect(sent).to_contain_text(taken)
        assert (await sent.inner_text()).replace(taken, email) == new_address_text

        # when the link of the mail is opened and a password chosen
        token = await f.mailed_link_token(shop.client(), email, "auth.sign_up")
        await page.goto(f"{base_url}/verify-email?token={token}&sign_up=1")
        await page.get_by_test_id("signup-display-name").fill("Ada")
        await page.get_by_test_id("signup-password").fill(f.PASSWORD)
        await page.get_by_test_id("signup-confirm").fill(f.PASSWORD)
        await page.get_by_test_id("signup-submit").click()

        # then the customer lands on the shop, signed in, and stays so after a reload
        await expect(page).to_have_url(re.compile(r"^[^?]+/$"))
        await expect(page.get_by_test_id("user-menu")).to_contain_text("Ada")
        await page.reload()
        await expect(page.get_by_test_id("user-menu")).to_contain_text("Ada")
    finally:
        await context.close()
