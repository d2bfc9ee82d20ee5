"""The warehouse's and the auditor's back office in the browser: a scan in stocktake scan mode adds one unless
the clerk types another number, an adjustment batch names what a line lacks and books the lines, which the movements
filtered to their warehouse list, and the audit log is filtered with pickers and reads in words.

Uses the fixtures of tests/e2e/conftest.py: `live_server` (base URL of the app with the demo seed) and `browser`.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from httpx import AsyncClient
from playwright.async_api import Browser, Page, ViewportSize, expect

from tests import factories as f
from tests.conftest import Shop, new_ip
from tests.e2e.test_catalog_search import sign_in
from tests.factories import ADMIN

pytestmark = pytest.mark.e2e

DESKTOP: ViewportSize = {"width": 1280, "height": 800}


async def scan(page: Page, code: str) -> None:
    await page.get_by_test_id("stocktake-scan").fill(code)  # el-input puts the test id on its <input>
    await page.get_by_test_id("stocktake-scan").press("Enter")


async def a_warehouse_holding(client: AsyncClient, admin: dict[str, str], quantity: int) -> tuple[dict[str, Any], ...]:
    """A new product whose SKU has `quantity` on hand in a new warehouse: (product, its SKU, the warehouse)."""
    product = await f.create_product(client, admin)
    sku: dict[str, Any] = product["skus"][0]
    warehouse = await f.create_warehouse(client, admin)
    await f.receive_stock(client, admin, warehouse["id"], {sku["id"]: quantity})
    return product, sku, warehouse


async def test_each_scan_adds_one_after_a_typed_quantity_was_recorded(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    # given an open stocktake of a warehouse holding a SKU with a barcode
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    _, sku, warehouse = await a_warehouse_holding(client, admin, 30)
    opened = await client.post("/stocktakes", json={"warehouse_id": warehouse["id"]}, headers=admin)
    assert opened.status_code == 201, opened.text
    base_url = live_server.rstrip("/")
    context = await browser.new_context(viewport=DESKTOP)
    page = await context.new_page()
    try:
        await sign_in(page, base_url, *ADMIN)
        await page.goto(f"{base_url}/admin/inventory/stocktakes/{opened.json()['id']}")
        counted = page.get_by_test_id(f"stocktake-counted-{sku['code']}").locator("input")
        quantity = page.get_by_test_id("stocktake-scan-quantity").locator("input")

        # when the clerk types 19 for a box of nineteen and scans it
        await quantity.fill("19")
        await scan(page, sku["barcode"])

        # then 19 are counted and the quantity box is back at one
        await expect(counted).to_have_value("19")
        await expect(quantity).to_have_value("1")

        # when the next single item is scanned, and another
        await scan(page, sku["barcode"])
        await expect(counted).to_have_value("20")
        await scan(page, sku["barcode"])

        # then each scan added one, not nineteen
        await expect(counted).to_have_value("21")
    finally:
        await context.close()


async def test_an_adjustment_names_what_a_line_lacks_starts_new_lines_in_the_last_warehouse_and_is_listed_there(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    # given a SKU with 10 on hand in a warehouse
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    product, sku, warehouse = await a_warehouse_holding(client, admin, 10)
    base_url = live_server.rstrip("/")
    context = await browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = await context.new_page()
    try:
        await sign_in(page, base_url, *ADMIN)
        await page.goto(f"{base_url}/admin/inventory/adjustments")

        # when the clerk gives a reason, takes 3 of the SKU off in that warehouse, and adds a line
        await page.get_by_test_id("adjust-reason").fill("Damaged in transit")
        picker = page.get_by_test_id("adjust-sku-0")
        await picker.click()
        await page.keyboard.insert_text(product["code"])
        listbox = await picker.get_by_role("combobox").get_attribute("aria-controls")
        await page.locator(f'[id="{listbox}"]').get_by_test_id(f"sku-option-{sku['code']}").click()
        await page.get_by_test_id("adjust-warehouse-0").click()
        await page.get_by_test_id(f"warehouse-option-{warehouse['code']}").click()
        delta = page.get_by_test_id("adjust-delta-0").locator("input")
        await delta.fill("-3")
        await delta.press("Tab")
        await page.get_by_test_id("adjust-add-line").click()

        # then the new line starts in the same warehouse
        await expect(page.get_by_test_id("adjust-warehouse-1")).to_contain_text(warehouse["code"])

        # when they submit with that line empty, then it says what it lacks
        await page.get_by_test_id("adjust-submit").click()
        await expect(page.get_by_test_id("adjust-line-1")).to_contain_text("请选择 SKU")

        # when they remove it and book the batch
        await page.get_by_test_id("adjust-line-1").get_by_role("button", name="删除").click()
        await page.get_by_test_id("adjust-submit").click()
        await page.get_by_role("dialog").get_by_role("button", name="确定").click()

        # then the SKU went from 10 to 7, and a new batch begins
        await expect(page.get_by_test_id("movement-result")).to_contain_text("10 → 7")
        await expect(page.get_by_test_id("adjust-reason")).to_have_value("")
        await expect(page.get_by_test_id("adjust-line-1")).to_have_count(0)

        # and the stock movements filtered to that warehouse are its receipt and this adjustment
        await page.goto(f"{base_url}/admin/inventory/movements")
        await page.get_by_test_id("movements-filter-warehouse").click()
        await page.get_by_role("option", name=f"{warehouse['code']} · {warehouse['name']}").click()
        await expect(page).to_have_url(re.compile(f"warehouse_id={warehouse['id']}"))
        await expect(page.get_by_test_id("movements-table").locator("tbody tr")).to_have_count(2)
    finally:
        await context.close()


async def test_the_audit_log_is_filtered_with_pickers_and_reads_in_words(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    # given a changed low-stock threshold
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    product = await f.create_product(client, admin)
    sku = product["skus"][0]
    warehouse = await f.create_warehouse(client, admin)
    await f.receive_stock(client, admin, warehouse["id"], {sku["id"]: 5})
    level = (await client.get("/stock", params={"sku_id": sku["id"]}, headers=admin)).json()["items"][0]
    changed = await client.patch(f"/stock/levels/{level['id']}", json={"low_stock_threshold": 3}, headers=admin)
    assert changed.status_code == 200, changed.text
    base_url = live_server.rstrip("/")
    context = await browser.new_context(viewport=DESKTOP)
    page = await context.new_page()
    try:
        await sign_in(page, base_url, *ADMIN)
        await page.goto(f"{base_url}/admin/audit-log")

        # when the auditor picks the action by its name, in Chinese
        await page.get_by_test_id("audit-filter-action").click()
        await page.locator(".el-select-dropdown__item:visible", has_text="改库存阈值").click()

        # then the address holds the action and every row says it in words, naming the SKU and warehouse
        await expect(page).to_have_url(re.compile(r"action=stock_level\.update"))
        table = page.get_by_test_id("audit-table")
        await expect(table.get_by_test_id("audit-action").first).to_have_text("改库存阈值")
        await expect(table.get_by_text("stock_level.update", exact=True)).to_have_count(0)
        named = table.get_by_test_id("audit-target").filter(has_text=f"{sku['code']} · {warehouse['name']}")
        await expect(named).to_have_count(1)

        # when they pick the actor by typing part of a name
        await page.get_by_test_id("audit-filter-actor").click()
        await page.keyboard.type("admin@")
        await page.locator(".el-select-dropdown__item:visible", has_text="admin@allorder.local").click()

        # then the list is narrowed to that person, kept in the address, and the object links to its stock
        await expect(page).to_have_url(re.compile(r"actor_id=[0-9a-f-]{36}"))
        await expect(named).to_have_count(1)
        await named.click()
        await expect(page).to_have_url(re.compile(rf"/admin/inventory/stock\?q={re.escape(sku['code'])}"))
    finally:
        await context.close()


async def test_a_count_sheet_shows_what_is_left_to_count_and_waits_for_it(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    # given a count sheet for a category of two SKUs
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    category = await f.create_category(client, admin)
    product = await f.create_product(client, admin, category_id=category["id"], skus=2)
    first, second = product["skus"]
    warehouse = await f.create_warehouse(client, admin)
    await f.receive_stock(client, admin, warehouse["id"], {first["id"]: 3, second["id"]: 6})
    opened = await client.post(
        "/stocktakes", json={"warehouse_id": warehouse["id"], "category_id": category["id"]}, headers=admin
    )
    assert opened.status_code == 201, opened.text
    base_url = live_server.rstrip("/")
    context = await browser.new_context(viewport=DESKTOP)
    page = await context.new_page()
    try:
        await sign_in(page, base_url, *ADMIN)
        await page.goto(f"{base_url}/admin/inventory/stocktakes/{opened.json()['id']}")
        rows = page.get_by_test_id("stocktake-lines").locator("tbody tr")
        uncounted = page.get_by_test_id("stocktake-uncounted")

        # then both lines are waiting to be counted and the stocktake cannot be applied yet
        await expect(rows).to_have_count(2)
        await expect(uncounted).to_contain_text("2")
        await expect(page.get_by_test_id("stocktake-apply")).to_be_disabled()

        # when one is scanned and only what is left is shown
        await scan(page, first["barcode"])
        await expect(page.get_by_test_id(f"stocktake-counted-{first['code']}").locator("input")).to_have_value("1")
        await uncounted.click()

        # then the other one is left
        await expect(uncounted).to_contain_text("1")
        await expect(rows).to_have_count(1)
        await expect(rows.first).to_contain_text(second["code"])
    finally:
        await context.close()
