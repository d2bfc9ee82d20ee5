"""Reconciliation in the back office: finance uploads a WeChat Pay bill that charges one of our payments a different
amount, sees the difference on the run's page, settles it with a note, and the run counts it settled; on a phone
the page fits the screen.

Uses the fixtures of tests/e2e/conftest.py: `live_server` (base URL of the app with the demo seed) and `browser`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.async_api import Browser, ViewportSize, expect

from domain.orders.entities import PaymentMethod
from tests import factories as f
from tests import reconciliation_data as data
from tests.conftest import Shop, new_ip
from tests.e2e.test_catalog_search import sign_in

pytestmark = pytest.mark.e2e

DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}


async def test_finance_uploads_a_wechat_bill_and_settles_the_difference_it_shows(
    browser: Browser, live_server: str, shop: Shop, tmp_path: Path
) -> None:
    # given a finance clerk, and a WeChat payment of ours of 12.00 that the provider's bill says was 12.50
    client = shop.client(new_ip())
    staff = await f.create_staff(client, await f.admin_headers(client), "finance")
    customer = await data.an_order(client)
    day = data.a_quiet_day()
    paid = await data.insert_payment(
        shop.container, customer, method=PaymentMethod.WECHAT_PAY, amount_minor=1200, paid_at=data.beijing(day, 11)
    )
    bill = tmp_path / f"wechat-{day:%Y%m%d}.csv"
    bill.write_bytes(data.wechat_bill(data.wechat_paid(data.beijing(day, 11), paid.payment_no, "12.50")))
    base_url = live_server.rstrip("/")
    context = await browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = await context.new_page()
    try:
        await sign_in(page, base_url, staff["email"], f.PASSWORD)

        # when they open Reconciliation from the menu, choose WeChat Pay and upload the bill
        await page.get_by_test_id("menu-reconciliation").click()
        await expect(page).to_have_url(re.compile(r"/admin/reconciliation$"))
        await page.get_by_test_id("reconciliation-provider-wechat_pay").click()
        await page.get_by_test_id("reconciliation-file").locator("input[type=file]").set_input_files(str(bill))
        await expect(page.get_by_test_id("reconciliation-file-name")).to_contain_text(bill.name)
        await page.get_by_test_id("reconciliation-submit").click()

        # then the run's page shows the payment's difference: ours 12.00, the bill's 12.50, not settled
        await expect(page).to_have_url(re.compile(r"/admin/reconciliation/[0-9a-f-]{36}$"))
        await expect(page.get_by_test_id("reconciliation-summary-open")).to_have_text("1 / 1")
        row = page.locator(".el-table__row", has=page.get_by_test_id(f"mismatch-{paid.payment_no}")).first
        await expect(row).to_contain_text("金额不一致")
        await expect(row).to_contain_text("¥12.00")
        await expect(row).to_contain_text("¥12.50")
        await expect(row).to_contain_text("未处理")

        # when they settle it with a note
        await page.get_by_test_id(f"mismatch-resolve-{paid.payment_no}").first.click()
        dialog = page.get_by_test_id("reconciliation-resolve-dialog")
        await expect(dialog).to_be_visible()
        await page.get_by_test_id("reconciliation-resolve-submit").click()
        await expect(dialog).to_contain_text("请填写处理说明")  # nothing said yet: not sent
        await page.get_by_test_id("reconciliation-resolve-note").fill("渠道多收 0.50 元，已联系微信支付退回")
        await page.get_by_test_id("reconciliation-resolve-submit").click()

        # then the row keeps the note and who settled it, and the run counts nothing open
        await expect(dialog).to_be_hidden()
        await expect(page.get_by_test_id(f"mismatch-note-{paid.payment_no}")).to_have_text(
            "渠道多收 0.50 元，已联系微信支付退回"
        )
        await expect(row).to_contain_text(staff["email"])
        await expect(page.get_by_test_id("reconciliation-summary-open")).to_have_text("0 / 1")

        # and the "open" filter no longer lists it, the "settled" one does
        await page.get_by_test_id("reconciliation-filter-open").click()
        await expect(page).to_have_url(re.compile(r"resolved=false"))
        await expect(page.get_by_test_id(f"mismatch-{paid.payment_no}")).to_have_count(0)
        await page.get_by_test_id("reconciliation-filter-done").click()
        await expect(page.get_by_test_id(f"mismatch-{paid.payment_no}")).to_have_count(1)

        # and on a phone the run's page fits the screen
        await page.set_viewport_size(PHONE)
        await page.reload()
        await expect(page.get_by_test_id(f"mismatch-{paid.payment_no}")).to_have_count(1)
        assert await page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        await context.close()
