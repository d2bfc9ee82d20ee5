"""The Content-Security-Policy of issue 7 (item 7) as a browser applies it: the back office and the API docs work
under `script-src 'self'`, and the browser reports no blocked script, style or image."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Browser, ConsoleMessage, expect

pytestmark = pytest.mark.e2e

BLOCKED = re.compile(r"Content Security Policy|Refused to (load|execute|apply|connect)", re.IGNORECASE)


async def test_the_back_office_and_the_api_docs_run_under_the_policy(browser: Browser, live_server: str) -> None:
    # given
    base_url = live_server.rstrip("/")
    context = await browser.new_context(viewport={"width": 1280, "height": 800})
    page = await context.new_page()
    blocked: list[str] = []

    def watch(message: ConsoleMessage) -> None:
        if BLOCKED.search(message.text):
            blocked.append(message.text)

    page.on("console", watch)

    # when: an admin signs in and opens the products page, then the API docs
    await page.goto(f"{base_url}/login")
    await page.get_by_test_id("login-input").fill("admin@allorder.local")
    await page.get_by_test_id("password-input").fill("Admin#2026!")
    await page.get_by_test_id("login-submit").click()
    await expect(page).not_to_have_url(re.compile(r"/login"))
    await page.goto(f"{base_url}/admin/products")
    await page.wait_for_load_state("networkidle")
    await page.goto(f"{base_url}/api/v1/docs")

    # then
    await expect(page.locator("#swagger-ui .title").first).to_contain_text("AllOrder API")
    assert blocked == []
    await context.close()
