"""Deleting asks first, as every list with a delete button does (frontend/src/api/feedback.ts confirmDeletion): a
customer who cancels keeps the address, one who confirms sees it gone.

Uses the fixtures of tests/e2e/conftest.py: `live_server` and `browser`.
"""

import re

import pytest
from playwright.async_api import Browser, expect

from tests.conftest import Shop, new_ip
from tests.e2e.test_store_orders import a_shopper, open_browser, sign_in

pytestmark = pytest.mark.e2e


async def test_a_customer_is_asked_before_an_address_is_deleted_and_cancelling_keeps_it(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    # given a customer with one address, on their address book
    base_url = live_server.rstrip("/")
    shopper = await a_shopper(shop.client(new_ip()))
    context = await open_browser(browser)
    page = await context.new_page()
    try:
        await page.goto(f"{base_url}/account/addresses")
        await sign_in(page, shopper.email)
        await expect(page).to_have_url(re.compile(r"/account/addresses$"))
        cards = page.get_by_test_id("address-card")
        await expect(cards).to_have_count(1)

        # when they press delete, the shop asks first; cancelling keeps the address
        await cards.first.get_by_test_id("address-delete").click()
        question = page.get_by_role("dialog").filter(has_text="Delete this address?")
        await expect(question).to_be_visible()
        await question.get_by_role("button", name="Cancel").click()
        await expect(question).to_be_hidden()
        await expect(cards).to_have_count(1)

        # when they confirm, the address is gone
        await cards.first.get_by_test_id("address-delete").click()
        await question.get_by_role("button", name="Delete").click()
        await expect(page.get_by_text("Address deleted")).to_be_visible()
        await expect(cards).to_have_count(0)
    finally:
        await context.close()
