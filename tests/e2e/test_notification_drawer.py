"""The back office's bell drawer in the browser: staff read a low-stock alert there and follow it to the list."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Browser, expect

from domain.inventory import use_cases as inventory
from tests import factories as f
from tests.conftest import Shop, new_ip
from tests.e2e.test_store_orders import open_browser, sign_in

pytestmark = pytest.mark.e2e


async def test_staff_read_a_low_stock_alert_in_the_drawer_and_follow_it_to_the_low_stock_list(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    # given a warehouse keeper and a SKU that fell to its low-stock threshold
    base_url = live_server.rstrip("/")
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    # Low levels earlier tests left unalerted are alerted now, to the staff of then: our raised threshold's sweep
    # would otherwise alert every one of them to our keeper too, and a page of them could push ours out of the drawer.
    await shop.run_jobs()
    await inventory.alert_unalerted_low_levels(shop.container.uow(), shop.container.clock, batch=100_000)
    await shop.run_jobs()
    keeper = await f.create_staff(client, admin, "warehouse")
    sku = (await f.create_product(client, admin))["skus"][0]
    warehouse = await f.create_warehouse(client, admin)
    await f.receive_stock(client, admin, warehouse["id"], {sku["id"]: 5})
    level = (await client.get("/stock", params={"sku_id": sku["id"]}, headers=admin)).json()["items"][0]
    lowered = await client.patch(f"/stock/levels/{level['id']}", json={"low_stock_threshold": 5}, headers=admin)
    assert lowered.status_code == 200, lowered.text
    await shop.run_jobs()
    context = await open_browser(browser)
    page = await context.new_page()
    try:
        # when they open the bell's drawer in the back office
        await page.goto(f"{base_url}/admin")
        await sign_in(page, keeper["email"])
        await expect(page).to_have_url(re.compile(r"/admin/?$"))
        await page.get_by_test_id("notification-bell").click()
        drawer = page.get_by_test_id("notification-drawer")

        # then the alert is there, unread, naming the SKU and the warehouse
        alerts = drawer.locator("[data-testid=notification-item][data-event='inventory.low_stock']")
        alert = alerts.filter(has_text=sku["code"])  # the shop's other low stock may have alerted them too
        await expect(alert).to_have_count(1)
        await expect(alert).to_have_attribute("data-read", "0")
        await expect(alert.get_by_test_id("notification-item-title")).to_contain_text(sku["code"])
        await expect(alert.get_by_test_id("notification-item-body")).to_contain_text(warehouse["name"])

        # when they follow it, the drawer closes on the low-stock list, and the alert is read
        await expect(alert.get_by_test_id("notification-item-open")).to_have_text("Open the low-stock list")
        await alert.get_by_test_id("notification-item-open").click()
        await expect(page).to_have_url(re.compile(r"/admin/inventory/alerts$"))
        await expect(drawer).to_be_hidden()
        await page.get_by_test_id("notification-bell").click()
        await expect(alert).to_have_attribute("data-read", "1")
    finally:
        await context.close()
