"""Payment methods and bank transfers in the back office: an administrator sees which keys are configured, turns
a method off and moves another up (the storefront's list follows), and finance confirms a customer's bank
transfer from its receipt (the order is paid).

Uses the fixtures of tests/e2e/conftest.py: `live_server` and `browser`; `shop` to make data."""

from __future__ import annotations

import pytest
from playwright.async_api import Browser, ViewportSize, expect

from tests import factories as f
from tests.conftest import Shop, new_ip
from tests.e2e.test_catalog_search import sign_in
from tests.integration.test_bank_transfer import picture, start, unpaid_order, upload

pytestmark = pytest.mark.e2e

DESKTOP: ViewportSize = {"width": 1280, "height": 900}


async def test_an_admin_configures_methods_and_confirms_a_bank_transfer_from_its_receipt(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    # given: an administrator of their own, and a customer's transfer waiting with its receipt
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    staff = await f.create_staff(client, admin, "admin")
    before = [m["method"] for m in (await client.get("/payment-methods/settings", headers=admin)).json()]
    buyer, order = await unpaid_order(client, admin)
    payment = await start(shop, buyer, order["id"])
    assert (await upload(client, buyer, payment.id, picture())).status_code == 200
    base_url = live_server.rstrip("/")
    context = await browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = await context.new_page()
    try:
        await sign_in(page, base_url, staff["email"], f.PASSWORD)
        await page.get_by_test_id("menu-payment-methods").click()
        await expect(page.get_by_test_id("payment-method-key-alipay-app_private_key")).to_contain_text("已配置")

        # when: WeChat Pay is switched off and card moved above it
        await page.get_by_test_id("payment-method-enabled-wechat_pay").click()
        await expect(page.locator(".el-message--success", has_text="已停用微信支付")).to_be_visible()
        await page.get_by_test_id("payment-method-up-card").click()

        # then: the list and the storefront follow
        names = page.locator('[data-testid^="payment-method-name-"]')
        await expect(names).to_have_text(["支付宝", "银行卡支付", "微信支付", "银行转账", "货到付款", "现金"])
        offered = (await client.get("/payment-methods")).json()
        assert [m["method"] for m in offered] == ["alipay", "card", "bank_transfer"]

        # when: finance opens the transfers waiting for them and confirms this one
        await page.get_by_test_id("menu-bank-transfers").click()
        row = page.locator(".el-table__row", has=page.get_by_test_id(f"bank-transfer-order-{payment.payment_no}"))
        await expect(row).to_contain_text(order["number"])
        await expect(row.get_by_test_id(f"bank-transfer-proof-{payment.payment_no}").locator("img")).to_be_visible()
        await row.get_by_test_id(f"bank-transfer-confirm-{payment.payment_no}").click()
        dialog = page.get_by_test_id("bank-transfer-dialog")
        await dialog.get_by_test_id("bank-transfer-reference").fill("CMB-E2E-0001")
        await dialog.get_by_test_id("bank-transfer-submit").click()

        # then: it leaves the list and the order is paid
        await expect(page.locator(".el-message--success", has_text="已确认到账")).to_be_visible()
        await expect(row).to_have_count(0)
        paid = (await client.get(f"/orders/{order['id']}", headers=admin)).json()
        assert (paid["status"], paid["payment_method"]) == ("awaiting_shipment", "bank_transfer")
    finally:
        await context.close()
        await client.put("/payment-methods/settings/wechat_pay", json={"enabled": True}, headers=admin)
        await client.put("/payment-methods/order", json={"methods": before}, headers=admin)
