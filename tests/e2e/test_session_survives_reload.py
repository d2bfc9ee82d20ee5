"""The browser's session (issue 7, item 7): a reload keeps the user signed in through the HttpOnly session cookie,
while no token is ever in localStorage, sessionStorage or script-readable cookies; signing out ends it.

Uses the fixtures of tests/e2e/conftest.py: `live_server` (base URL of the app with the demo seed) and `browser`.
"""

import asyncio
import re

import pytest
from playwright.async_api import Browser, Page, expect

from tests.e2e.test_catalog_search import sign_in, sign_out
from tests.factories import ADMIN

pytestmark = pytest.mark.e2e

STORAGE = "() => JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage), document.cookie])"


async def readable_by_script(page: Page) -> str:
    """Everything a script on the page can read of storage and cookies."""
    return str(await page.evaluate(STORAGE))


async def test_a_signed_in_user_stays_signed_in_after_a_reload_with_no_token_in_storage(
    browser: Browser, live_server: str
) -> None:
    base_url = live_server.rstrip("/")
    context = await browser.new_context()
    page = await context.new_page()
    try:
        # given the administrator signed in
        await sign_in(page, base_url, *ADMIN)

        # when the page is reloaded
        await page.reload()

        # then they are still in the back office, signed in
        await expect(page).to_have_url(re.compile(r"/admin/?$"))
        await expect(page.get_by_test_id("user-menu")).to_be_visible()
        # and no token is where a script could read it: only the CSRF twin of the HttpOnly session cookie
        readable = await readable_by_script(page)
        assert "eyJ" not in readable  # no JWT
        assert "token" not in readable.lower()
        assert "allorder_refresh" not in readable
        cookies = {c["name"]: c for c in await context.cookies()}
        assert cookies["allorder_refresh"]["httpOnly"] is True
        assert cookies["allorder_refresh"]["sameSite"] == "Strict"

        # and signing out ends the session: a reload of the back office asks to sign in
        await sign_out(page)
        assert "allorder_refresh" not in {c["name"] for c in await context.cookies()}
        await page.goto(f"{base_url}/admin")
        await expect(page).to_have_url(re.compile(r"/login\?next="))
    finally:
        await context.close()


async def test_two_tabs_loading_at_once_both_stay_signed_in(browser: Browser, live_server: str) -> None:
    # given two tabs of one signed-in browser (they share the session cookie, whose token works once)
    base_url = live_server.rstrip("/")
    context = await browser.new_context()
    first = await context.new_page()
    try:
        await sign_in(first, base_url, *ADMIN)
        second = await context.new_page()
        await second.goto(f"{base_url}/admin")
        await expect(second.get_by_test_id("user-menu")).to_be_visible()

        # when both reload at the same moment, several times
        for _ in range(3):
            await asyncio.gather(first.reload(), second.reload())
            await expect(first.get_by_test_id("user-menu")).to_be_visible()
            await expect(second.get_by_test_id("user-menu")).to_be_visible()

        # then neither was taken for a thief: a third tab still gets in
        third = await context.new_page()
        await third.goto(f"{base_url}/admin")
        await expect(third).to_have_url(re.compile(r"/admin/?$"))
        await expect(third.get_by_test_id("user-menu")).to_be_visible()
    finally:
        await context.close()
