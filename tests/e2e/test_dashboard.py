"""The back-office home in the browser: each to-do card's count is the total of the list it opens, and the page
works on a phone.

Uses the fixtures of tests/e2e/conftest.py: `live_server`, `browser`, and `shop` (tests/conftest.py) to make data.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from playwright.async_api import Browser, Page, ViewportSize, expect

from infra.db.tables import orders as order_tables
from tests import factories as f
from tests.conftest import Shop, new_ip
from tests.e2e.test_catalog_search import sign_in
from tests.factories import ADMIN
from tests.integration.test_dashboard import _customer, _goods, _order, _pay

pytestmark = pytest.mark.e2e

DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}
CARDS = ("awaiting_review", "awaiting_shipment", "unpaid_expiring", "low_stock")


async def _orders_in_every_to_do(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    customer = await _customer(client)
    cheap, dear = await _goods(client, admin), await _goods(client, admin, price="6000.00")
    expiring = await _order(client, customer, cheap)
    so = order_tables.sales_order
    async with shop.container.engine.begin() as conn:  # placed 25 minutes ago: five minutes left to pay
        await conn.execute(
            sa.update(so)
            .where(so.c.id == uuid.UUID(expiring["id"]))
            .values(expires_at=datetime.fromisoformat(expiring["created_at"]) + timedelta(minutes=5))
        )
    await _pay(client, admin, (await _order(client, customer, cheap, 2))["id"])
    await _pay(client, admin, (await _order(client, customer, dear))["id"])
    level = (await client.get("/stock", params={"sku_id": cheap}, headers=admin)).json()["items"][0]
    await client.patch(f"/stock/levels/{level['id']}", json={"low_stock_threshold": 1000}, headers=admin)


async def _expect_list_total(page: Page, count: int) -> None:
    """The list's pager comes to show `count` ("共 12 条" / "Total 12"); it shows 0 until the list has loaded."""
    await expect(page.locator(".el-pagination__total").first).to_have_text(re.compile(rf"(^|\D){count}(\D|$)"))


async def test_each_to_do_card_opens_the_list_with_as_many_rows_as_it_counts(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    # given orders waiting for review, for shipment and about to expire, and a low SKU
    await _orders_in_every_to_do(shop)
    base_url = live_server.rstrip("/")
    context = await browser.new_context(viewport=DESKTOP)
    page = await context.new_page()
    try:
        await sign_in(page, base_url, *ADMIN)
        for card in CARDS:
            # when the administrator opens the home page and a to-do card
            await page.goto(f"{base_url}/admin")
            todo = page.get_by_test_id(f"home-todo-{card}")
            await expect(todo).to_be_visible()
            count = int(await todo.get_by_test_id("home-todo-count").inner_text())
            assert count >= 1, card
            await todo.click()

            # then the list it opens shows that many
            await expect(page).not_to_have_url(re.compile(r"/admin/?$"))
            await _expect_list_total(page, count)
    finally:
        await context.close()


async def test_the_home_page_fits_a_phone_with_its_chart_and_latest_orders(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    base_url = live_server.rstrip("/")
    context = await browser.new_context(viewport=PHONE)
    page = await context.new_page()
    try:
        await sign_in(page, base_url, *ADMIN)

        await expect(page.get_by_test_id("home-todos")).to_be_visible()
        await expect(page.get_by_test_id("home-today")).to_be_visible()
        await expect(page.get_by_test_id("home-trend-chart").locator("canvas")).to_have_count(1)
        await expect(page.get_by_test_id("home-latest")).to_be_visible()
        # nothing wider than the screen: the page does not scroll sideways
        width = await page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"]
    finally:
        await context.close()
