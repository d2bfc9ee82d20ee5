"""A customer pays through the sandbox gateway and the order shows paid without reloading by hand (issue 10's
browser test), against the real payment flow: Alipay (the sandbox's hosted pay page, then back on our result
page), WeChat Pay (a QR code whose link the customer's phone opens; the pay page turns to paid by itself) and bank
transfer (the payee's details, a receipt uploaded, finance confirms it in the back office's list).

The app under test serves on a real port with PUBLIC_BASE_URL = that address (tests/conftest.py `shop`), so the
providers' return_url and notify_url point at it; the sandbox is mounted in the same process and its callbacks
reach our webhook through the in-process loopback (infra/payments/gateways.py). A callback is applied by a job:
the tests run the queued jobs while they wait for the page to show the outcome.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.async_api import Browser, Locator, expect

from tests import factories as f
from tests.conftest import Shop, new_ip
from tests.e2e.test_catalog_search import sign_in
from tests.e2e.test_order_office import DESKTOP, PHONE, a_customer, a_stocked_sku, place
from tests.e2e.test_payment_office import sign_in_customer
from tests.integration.test_bank_transfer import picture

pytestmark = pytest.mark.e2e

PAID_STATES = re.compile(r"^(paid|awaiting_shipment|on_hold)$")  # paid, then reviewed automatically (or held)


async def shown_once_jobs_ran(shop: Shop, locator: Locator) -> None:
    """Run the queued jobs (the callback's) until the page, which follows the payment by itself, shows `locator`."""
    for _ in range(20):
        await shop.run_jobs()
        try:
            await expect(locator).to_be_visible(timeout=1_000)
            return
        except AssertionError:
            continue
    await expect(locator).to_be_visible()


async def unpaid_order(shop: Shop, name: str, price: str) -> tuple[dict[str, Any], dict[str, Any]]:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    customer = await a_customer(client, name)
    sku = await a_stocked_sku(client, admin, price, 5)
    return customer, await place(client, customer, sku["id"], 1)


async def test_a_customer_pays_through_the_sandbox_and_sees_the_order_paid_without_reloading(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    # given: an unpaid order, and the sandbox provider mounted in this development app
    mounts = [getattr(route, "path", "") for route in shop.app.routes]
    assert any(path.startswith("/sandbox/payments") for path in mounts), mounts
    customer, order = await unpaid_order(shop, "Sandbox Payer", "19.90")
    base_url = live_server.rstrip("/")
    context = await browser.new_context(viewport=PHONE, locale="en-US")
    await context.add_init_script("localStorage.setItem('allorder.locale', 'en')")
    page = await context.new_page()
    try:
        await sign_in_customer(page, base_url, customer["email"])

        # when they open the order, press Pay, choose Alipay and pay
        await page.goto(f"{base_url}/account/orders/{order['id']}")
        await page.get_by_test_id("order-pay").click()
        await expect(page).to_have_url(re.compile(rf"/orders/{order['id']}/pay$"))
        await expect(page.get_by_test_id("pay-amount")).to_have_text("CN¥19.90")
        await page.get_by_test_id("pay-method-alipay").click()
        await page.get_by_test_id("pay-submit").click()

        # then the sandbox's pay page takes the payment
        await expect(page).to_have_url(re.compile(r"/sandbox/payments/alipay/"))
        await expect(page.locator("body")).to_contain_text("19.90")
        await page.locator("#pay").click()

        # and back on our result page (Alipay's return parameters in the address), the payment turns to paid
        # without a reload
        await expect(page).to_have_url(re.compile(r"/pay/result/[0-9a-f-]{36}(\?|$)"))
        await shown_once_jobs_ran(shop, page.get_by_test_id("pay-result-succeeded"))
        await page.get_by_test_id("pay-result-order").click()
        await expect(page.get_by_test_id("order-status")).to_have_attribute("data-status", PAID_STATES)
    finally:
        await context.close()


async def test_a_customer_scans_the_wechat_pay_code_and_the_pay_page_turns_to_paid_by_itself(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    # given: an unpaid order
    customer, order = await unpaid_order(shop, "WeChat Payer", "8.80")
    base_url = live_server.rstrip("/")
    context = await browser.new_context(viewport=PHONE, locale="zh-CN")
    page = await context.new_page()
    try:
        await sign_in_customer(page, base_url, customer["email"])
        await page.goto(f"{base_url}/orders/{order['id']}/pay")

        # when they choose WeChat Pay
        await page.get_by_test_id("pay-method-wechat_pay").click()
        await page.get_by_test_id("pay-submit").click()

        # then a QR code of the sandbox's payment is drawn, and the page waits
        qr = page.get_by_test_id("pay-qr")
        await expect(qr).to_have_attribute("data-qr-value", re.compile(r"/sandbox/payments/wechat/scan/"))
        await expect(page.get_by_test_id("pay-qr-waiting")).to_be_visible()
        code_url = await qr.get_attribute("data-qr-value")
        assert code_url is not None

        # when their phone opens the code's link and they pay there
        phone = await context.new_page()
        await phone.goto(code_url)
        await expect(phone.locator("body")).to_contain_text("8.80")
        await phone.locator("#pay").click()
        await expect(phone.locator("#result")).to_have_attribute("data-state", "SUCCESS")
        await phone.close()

        # then the pay page turns to paid by itself, and so does the order
        await shown_once_jobs_ran(shop, page.get_by_test_id("pay-paid"))
        await page.get_by_test_id("pay-view-order").click()
        await expect(page.get_by_test_id("order-status")).to_have_attribute("data-status", PAID_STATES)
    finally:
        await context.close()


async def test_a_customer_pays_by_bank_transfer_and_sees_the_order_paid_once_finance_confirms(
    browser: Browser, live_server: str, shop: Shop, tmp_path: Any
) -> None:
    # given: an unpaid order, the shop's payee as the back office configured it, and a finance clerk
    client = shop.client(new_ip())
    customer, order = await unpaid_order(shop, "Transfer Payer", "120.00")
    offered = {m["method"]: m for m in (await client.get("/payment-methods")).json()}
    payee = offered["bank_transfer"]["bank_transfer"]
    finance = await f.create_staff(client, await f.admin_headers(client), "finance")
    receipt = tmp_path / "receipt.png"
    receipt.write_bytes(picture())
    base_url = live_server.rstrip("/")
    context = await browser.new_context(viewport=PHONE, locale="en-US")
    await context.add_init_script("localStorage.setItem('allorder.locale', 'en')")
    page = await context.new_page()
    office = await browser.new_context(viewport=DESKTOP, locale="zh-CN")
    clerk = await office.new_page()
    try:
        await sign_in_customer(page, base_url, customer["email"])
        await page.goto(f"{base_url}/orders/{order['id']}/pay")
        await expect(page.get_by_test_id("payment-countdown")).to_be_visible()

        # when they choose bank transfer
        await page.get_by_test_id("pay-method-bank_transfer").click()
        await page.get_by_test_id("pay-submit").click()

        # then the payee's account, the amount and the payment number for the transfer's remark are shown
        transfer = page.get_by_test_id("pay-transfer")
        await expect(transfer.get_by_test_id("pay-transfer-account-number")).to_have_text(payee["account_number"])
        await expect(transfer.get_by_test_id("pay-transfer-account-name")).to_have_text(payee["account_name"])
        await expect(transfer.get_by_test_id("pay-transfer-amount")).to_have_text("CN¥120.00")
        payment_no = (await transfer.get_by_test_id("pay-transfer-number").inner_text()).strip()
        assert re.fullmatch(r"P\d+", payment_no), payment_no

        # when they upload the receipt
        await transfer.get_by_test_id("pay-proof").locator("input[type=file]").set_input_files(receipt)

        # then the order waits for finance instead of a countdown
        await expect(page.get_by_test_id("pay-proof-sent")).to_contain_text("Waiting for finance")
        await expect(page.get_by_test_id("payment-awaiting-confirmation")).to_be_visible()
        await expect(page.get_by_test_id("payment-countdown")).to_have_count(0)

        # when finance finds the transfer in the back office's list and confirms it
        await sign_in(clerk, base_url, finance["email"], f.PASSWORD)
        await clerk.goto(f"{base_url}/admin/bank-transfers")
        row = clerk.locator(".el-table__row", has=clerk.get_by_test_id(f"bank-transfer-order-{payment_no}"))
        await expect(row).to_contain_text(order["number"])
        await row.get_by_test_id(f"bank-transfer-confirm-{payment_no}").click()
        dialog = clerk.get_by_test_id("bank-transfer-dialog")
        await dialog.get_by_test_id("bank-transfer-reference").fill("CMB-E2E-PAY-UI")
        await dialog.get_by_test_id("bank-transfer-submit").click()
        await expect(row).to_have_count(0)

        # then the customer's order shows paid
        await page.goto(f"{base_url}/account/orders/{order['id']}")
        await expect(page.get_by_test_id("order-status")).to_have_attribute("data-status", PAID_STATES)
    finally:
        await office.close()
        await context.close()
