"""Browser fixtures: Debian's Chromium driven by Playwright against the app served on a real port."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator

import pytest
from playwright.async_api import Browser, async_playwright

from infra.settings import ROOT
from tests.conftest import Shop

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def live_server(shop: Shop) -> str:
    if not (ROOT / "frontend" / "dist" / "index.html").exists():
        pytest.fail("frontend/dist is missing: run `make frontend` (make test does)")
    return shop.url


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    if not shutil.which("chromium") and not (ROOT / CHROMIUM).exists():
        pytest.skip("Chromium is not installed (apt-get install chromium; .ci/run does)")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        await browser.close()
