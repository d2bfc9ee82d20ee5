"""The pay page and the refund dialog in the browser, with the payment flow's and the refunds' answers given by the
browser (page.route): what the pages do with each answer, whatever the backend behind them. The whole flow against
the sandbox provider is tests/e2e/test_storefront_pay.py.

Uses the fixtures of tests/e2e/conftest.py: `live_server`, `browser`.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

import pytest
from playwright.async_api import Browser, Route, expect

from domain.payments.entities import RefundStatus
from tests import factories as f
from tests.conftest import Shop, new_ip
from tests.e2e.test_catalog_search import sign_in
from tests.e2e.test_order_office import DESKTOP, PHONE, a_customer, a_stocked_sku, place
from tests.e2e.test_payment_office import sign_in_customer
from tests.factories import ADMIN
from tests.payment_lists_support import add_payment, window

pytestmark = pytest.mark.e2e


def _payment(order: dict[str, Any], payment_id: str, status: str, start: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "id": payment_id,
        "payment_no": "P261130000000" + payment_id[:10].replace("-", "0"),
        "order_id": order["id"],
        "order_number": order["number"],
        "method": "wechat_pay",
        "status": status,
        "amount": order["amounts"]["total"],
        "refunded": {"amount": "0.00", "currency": "CNY"},
        "fee": None,
        "start": start,
        "failure_code": None,
        "expires_at": order["expires_at"],
        "created_at": order["created_at"],
        "paid_at": order["created_at"] if status == "succeeded" else None,
    }


async def test_paying_by_qr_code_draws_the_code_and_turns_to_paid_without_a_reload_on_a_phone(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    # given: an unpaid order; the shop offers WeChat Pay (a QR code) and Alipay; the payment is confirmed on the
    # third ask
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    customer = await a_customer(client, "QR Payer")
    sku = await a_stocked_sku(client, admin, "15.00", 5)
    order = await place(client, customer, sku["id"], 2)
    payment_id = str(uuid.uuid4())
    code = "weixin://wxpay/bizpayurl?pr=AbCdEf1"
    asked: list[str] = []
    started: list[dict[str, Any]] = []

    async def methods(route: Route) -> None:
        body = [
            {"method": "wechat_pay", "name": "微信支付", "start_kind": "qr"},
            {"method": "alipay", "name": "支付宝", "start_kind": "redirect"},
        ]
        await route.fulfill(status=200, content_type="application/json", body=json.dumps(body))

    async def start(route: Route) -> None:
        started.append(json.loads(route.request.post_data or "{}"))
        body = _payment(order, payment_id, "processing", {"kind": "qr", "url": None, "qr_code": code})
        await route.fulfill(status=201, content_type="application/json", body=json.dumps(body))

    async def status(route: Route) -> None:
        asked.append(route.request.method)
        now = "succeeded" if len(asked) >= 3 else "processing"
        await route.fulfill(
            status=200, content_type="application/json", body=json.dumps(_payment(order, payment_id, now, None))
        )

    base_url = live_server.rstrip("/")
    context = await browser.new_context(viewport=PHONE, locale="zh-CN")
    page = await context.new_page()
    try:
        await sign_in_customer(page, base_url, customer["email"])
        await page.route("**/api/v1/payment-methods", methods)
        await page.route(f"**/api/v1/me/orders/{order['id']}/payments", start)
        await page.route(f"**/api/v1/me/payments/{payment_id}", status)

        # when they press Pay on the order card in "My orders"
        await page.goto(f"{base_url}/account/orders")
        await page.locator(f"[data-order-number='{order['number']}']").get_by_test_id("order-card-pay").click()

        # then the pay page shows the amount, the time left and the shop's methods in its words
        await expect(page).to_have_url(re.compile(rf"/orders/{order['id']}/pay$"))
        await expect(page.get_by_test_id("pay-amount")).to_have_text("¥30.00")
        await expect(page.get_by_test_id("payment-countdown")).to_have_text(re.compile(r"^\d\d:\d\d$"))
        await expect(page.get_by_test_id("pay-method-wechat_pay")).to_contain_text("微信支付")
        width = await page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the pay page is {width}px wide on a 390px phone"

        # when they pay with WeChat Pay
        await page.get_by_test_id("pay-method-wechat_pay").click()
        await page.get_by_test_id("pay-submit").click()

        # then the QR code of the payment is drawn, and the page turns to paid by itself
        await expect(page.get_by_test_id("pay-qr")).to_have_attribute("data-qr-value", code)
        drawn = await page.get_by_test_id("pay-qr").evaluate("c => c.width > 0 && c.toDataURL().length > 1000")
        assert drawn
        await expect(page.get_by_test_id("pay-paid")).to_be_visible(timeout=15_000)
        assert started == [{"method": "wechat_pay"}]
        assert len(asked) == 3  # it stopped asking once the payment was final
    finally:
        await context.close()


async def test_a_redirect_method_sends_the_customer_to_the_providers_page(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    # given: the methods cannot be loaded (the page offers the usual ones) and Alipay answers with its page
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    customer = await a_customer(client, "Redirect Payer")
    sku = await a_stocked_sku(client, admin, "9.00", 5)
    order = await place(client, customer, sku["id"], 1)
    base_url = live_server.rstrip("/")
    provider = f"{base_url}/provider-page-for-test?trade=1"

    async def start(route: Route) -> None:
        body = _payment(order, str(uuid.uuid4()), "processing", {"kind": "redirect", "url": provider, "qr_code": None})
        await route.fulfill(status=201, content_type="application/json", body=json.dumps(body))

    async def methods_down(route: Route) -> None:
        await route.fulfill(status=503, content_type="application/problem+json", body=json.dumps({"status": 503}))

    context = await browser.new_context(viewport=DESKTOP, locale="en-US")
    await context.add_init_script("localStorage.setItem('allorder.locale', 'en')")
    page = await context.new_page()
    try:
        await sign_in_customer(page, base_url, customer["email"])
        await page.route("**/api/v1/payment-methods", methods_down)
        await page.route(f"**/api/v1/me/orders/{order['id']}/payments", start)
        await page.goto(f"{base_url}/orders/{order['id']}/pay")

        # when they choose Alipay among the usual methods and pay
        await expect(page.get_by_test_id("pay-methods").locator("label")).to_have_count(3)
        await page.get_by_test_id("pay-method-alipay").click()
        await page.get_by_test_id("pay-submit").click()

        # then the browser goes to the provider's page
        await expect(page).to_have_url(provider)
    finally:
        await context.close()


async def test_finance_refund_in_words_when_the_amount_is_more_than_is_left(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    # given: a paid order with 20.00 left to refund
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    customer = await a_customer(client, "Refund Asker")
    sku = await a_stocked_sku(client, admin, "30.00", 5)
    order = await place(client, customer, sku["id"], 1)
    stored = await add_payment(
        shop.container.uow, order, at=window(), amount_minor=3000, refunds=((1000, RefundStatus.SUCCEEDED),)
    )
    sent: list[dict[str, Any]] = []

    async def refuse(route: Route) -> None:
        # someone refunded meanwhile: the server refuses, in the reader's language
        sent.append(json.loads(route.request.post_data or "{}"))
        problem = {
            "type": "https://allorder.dev/problems/refund.exceeds_paid",
            "title": "Unprocessable",
            "status": 422,
            "detail": "退款金额超过了该笔支付尚可退的金额",
            "code": "refund.exceeds_paid",
        }
        await route.fulfill(status=422, content_type="application/problem+json", body=json.dumps(problem))

    base_url = live_server.rstrip("/")
    context = await browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = await context.new_page()
    try:
        await sign_in(page, base_url, *ADMIN)
        await page.route(f"**/api/v1/orders/{order['id']}/refunds", refuse)
        await page.goto(f"{base_url}/admin/orders/{order['id']}")
        await page.get_by_test_id("order-refund").click()
        dialog = page.get_by_test_id("refund-dialog")

        # when they ask for more than is left, the dialog says so before sending
        await dialog.get_by_test_id("refund-amount").fill("25.00")
        await dialog.get_by_test_id("refund-reason").fill("客户退货")
        await dialog.get_by_test_id("refund-submit").click()
        await expect(dialog).to_contain_text("超过可退金额（¥20.00）")
        assert sent == []

        # when they ask for what is left but the server finds less
        await dialog.get_by_test_id("refund-amount").fill("20.00")
        await dialog.get_by_test_id("refund-submit").click()

        # then the server's refusal is shown at the amount, in words
        await expect(dialog).to_contain_text("退款金额超过了该笔支付尚可退的金额")
        assert sent == [{"amount": "20.00", "reason": "客户退货", "payment_id": str(stored.payment.id)}]
    finally:
        await context.close()
