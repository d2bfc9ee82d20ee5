"""Exporting the order list in the browser: a small result downloads at once with the list's filters; a large one
opens a dialog that follows the export job to the end, then downloads the file."""

from __future__ import annotations

import asyncio
import csv
import io
import uuid
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.async_api import Browser, expect

from tests import factories as f
from tests.conftest import Shop, new_ip
from tests.e2e.test_catalog_search import sign_in
from tests.e2e.test_order_office import DESKTOP, a_customer, a_stocked_sku, place
from tests.factories import ADMIN

pytestmark = pytest.mark.e2e


async def test_staff_export_the_filtered_list_at_once_and_a_large_one_through_its_progress_dialog(
    browser: Browser, live_server: str, shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given three orders of a SKU of their own, and one of another
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    customer = await a_customer(client, f"Export {uuid.uuid4().hex[:6]}")
    sku = await a_stocked_sku(client, admin, "25.00", 20)
    other = await a_stocked_sku(client, admin, "9.90", 20)
    orders = [await place(client, customer, sku["id"], quantity) for quantity in (1, 2)]
    await place(client, customer, other["id"], 1)
    base_url = live_server.rstrip("/")
    context = await browser.new_context(viewport=DESKTOP, locale="zh-CN", accept_downloads=True)
    page = await context.new_page()
    try:
        await sign_in(page, base_url, *ADMIN)
        await page.goto(f"{base_url}/admin/orders?product={sku['code']}")
        await expect(page.get_by_test_id("orders-table").locator("tbody tr")).to_have_count(2)

        # when they export the list as CSV
        await page.get_by_test_id("orders-export").click()
        async with page.expect_download() as small:
            await page.get_by_test_id("orders-export-csv").click()

        # then the file holds the listed orders, in Chinese, with their totals
        text = (await asyncio.to_thread(Path(await (await small.value).path()).read_bytes)).decode("utf-8-sig")
        header, *rows = list(csv.reader(io.StringIO(text)))
        assert header[0] == "订单号"
        totals = {row[0]: row[header.index("应付金额")] for row in rows}
        assert totals == {orders[0]["number"]: "25.00", orders[1]["number"]: "50.00"}

        # when the same export is more than may be answered at once
        monkeypatch.setattr(shop.container.settings.order_export, "inline_limit", 1)
        await page.get_by_test_id("orders-export").click()
        await page.get_by_test_id("orders-export-xlsx").click()

        # then a dialog follows the job until the file is ready, and downloads it
        dialog = page.get_by_test_id("orders-export-dialog")
        await expect(dialog.get_by_test_id("orders-export-status")).to_have_text("文件已生成：共 2 个订单。")
        async with page.expect_download() as large:
            await dialog.get_by_test_id("orders-export-download").click()
        data = await asyncio.to_thread(Path(await (await large.value).path()).read_bytes)
        book = load_workbook(io.BytesIO(data))
        numbers = sorted(row[0].value for row in book.worksheets[0].iter_rows(min_row=2))
        assert numbers == sorted(o["number"] for o in orders)
        assert [c.value for c in book.worksheets[1][1]][:2] == ["订单号", "SKU 编码"]
    finally:
        await context.close()
