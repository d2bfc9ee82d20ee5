"""Payment records in the browser: finance filters the payments list, opens a payment whose log reads in words and
exports what the list shows, and a refund in the refunds list opens the payment it refunds; the order page lists the
order's payments; a customer sees their own payments; and the result page a provider sends the customer back to turns
to "paid" by itself while the payment is confirmed.

Payments are written through the repository (tests/payment_lists_support.py): the flow that makes them for real is
tested with it. Uses the fixtures of tests/e2e/conftest.py: `live_server`, `browser`.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, Page, Route, expect

from domain.orders.entities import PaymentMethod
from domain.payments.entities import EventKind, PaymentStatus, RefundStatus
from tests import factories as f
from tests.conftest import Shop, new_ip
from tests.e2e.test_catalog_search import sign_in
from tests.e2e.test_order_office import DESKTOP, PHONE, a_customer, a_stocked_sku, place
from tests.factories import ADMIN
from tests.payment_lists_support import add_payment, window

pytestmark = pytest.mark.e2e


async def sign_in_customer(page: Page, base_url: str, email: str) -> None:
    await page.goto(f"{base_url}/login")
    await page.get_by_test_id("login-input").fill(email)
    await page.get_by_test_id("password-input").fill(f.PASSWORD)
    await page.get_by_test_id("login-submit").click()
    await expect(page).not_to_have_url(re.compile(r"/login"))


async def test_finance_filter_the_payments_open_one_with_its_log_in_words_and_export_the_list(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    # given: two paid orders of one customer, one of them refunded in part and once refused a forged callback
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    customer = await a_customer(client, "Finance Browser")
    sku = await a_stocked_sku(client, admin, "30.00", 10)
    orders = [await place(client, customer, sku["id"], quantity) for quantity in (1, 2)]
    start = window()
    card = await add_payment(
        shop.container.uow, orders[0], at=start, amount_minor=3000, method=PaymentMethod.CARD,
        refunds=((1000, RefundStatus.SUCCEEDED),), notes=((EventKind.CALLBACK_REJECTED, "signature"),),
    )  # fmt: skip
    alipay = await add_payment(shop.container.uow, orders[1], at=start + timedelta(hours=1), amount_minor=3000)
    base_url = live_server.rstrip("/")
    context = await browser.new_context(viewport=DESKTOP, locale="zh-CN", accept_downloads=True)
    page = await context.new_page()
    try:
        await sign_in(page, base_url, *ADMIN)

        # when finance opens Payments from the menu and filters the day's card payments
        await page.get_by_test_id("menu-payments").click()
        await expect(page).to_have_url(re.compile(r"/admin/payments"))
        day = f"created_from={start.isoformat()}&created_to={(start + timedelta(days=1)).isoformat()}"
        await page.goto(f"{base_url}/admin/payments?{day.replace('+', '%2B')}")
        rows = page.get_by_test_id("payments-table").locator("tbody tr")
        await expect(rows).to_have_count(2)
        await page.get_by_test_id("payments-filter-method").click()
        await page.get_by_role("option", name="银行卡").click()
        await page.keyboard.press("Escape")

        # then only the card payment is listed, with its amount and state in words
        await expect(rows).to_have_count(1)
        number = card.payment.payment_no
        await expect(page.get_by_test_id(f"payment-amount-{number}")).to_have_text("¥30.00")
        await expect(page.get_by_test_id(f"payment-status-{number}")).to_have_text("已支付")
        assert "method=card" in page.url

        # and an amount range above it leaves it out, one from its amount keeps it
        await page.get_by_test_id("payments-filter-amount-min").fill("30.01")
        await page.get_by_test_id("payments-search").click()
        await expect(rows).to_have_count(0)
        await page.get_by_test_id("payments-filter-amount-min").fill("30")
        await page.get_by_test_id("payments-search").click()
        await expect(rows).to_have_count(1)

        # when they open it
        await page.get_by_test_id(f"payment-row-{number}").click()

        # then the drawer shows its amounts, its refund and its log, the rejected callback's code in words
        drawer = page.get_by_test_id("payment-drawer")
        await expect(drawer.get_by_test_id("payment-detail-refunded")).to_have_text("¥10.00")
        await expect(drawer.get_by_test_id("payment-detail-refundable")).to_have_text("¥20.00")
        await expect(drawer.get_by_test_id("payment-log-note")).to_have_text("签名校验未通过")
        await expect(drawer.get_by_test_id("payment-refund")).to_have_count(1)
        await page.keyboard.press("Escape")

        # and the export holds what the list shows
        await page.get_by_test_id("payments-export").click()
        async with page.expect_download() as download:
            await page.get_by_test_id("payments-export-csv").click()
        text = (await asyncio.to_thread(Path(await (await download.value).path()).read_bytes)).decode("utf-8-sig")
        header, *lines = list(csv.reader(io.StringIO(text)))
        assert header[0] == "支付单号"
        assert [line[0] for line in lines] == [number]
        assert alipay.payment.payment_no not in text

        # and the order's page lists its payment with the refund
        await page.goto(f"{base_url}/admin/orders/{orders[0]['id']}")
        panel = page.get_by_test_id("order-payments")
        await expect(panel.get_by_test_id("order-payment-row")).to_have_attribute("data-payment-no", number)
        await expect(panel.get_by_test_id("order-refund-row")).to_have_count(1)
        await expect(panel.get_by_test_id("order-refund")).to_be_visible()  # the administrator may refund

        # and the refunds list shows that refund, its amount and state in words, and opens the payment it refunds
        refund = card.refunds[0].refund_no
        await page.goto(f"{base_url}/admin/refunds?refund_no={refund}")
        await expect(page.get_by_test_id("refunds-table").locator("tbody tr")).to_have_count(1)
        await expect(page.get_by_test_id(f"refund-amount-{refund}")).to_have_text("¥10.00")
        await expect(page.get_by_test_id(f"refund-status-{refund}")).to_have_text("已退款")
        await page.get_by_test_id(f"refund-row-{refund}").click()
        await expect(drawer.get_by_test_id("payment-detail-refunded")).to_have_text("¥10.00")
    finally:
        await context.close()


async def test_a_customer_sees_their_own_payments_on_a_phone(browser: Browser, live_server: str, shop: Shop) -> None:
    # given: a customer's payment, and another customer's
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    customer = await a_customer(client, "Phone Payer")
    other = await a_customer(client, "Someone Else")
    sku = await a_stocked_sku(client, admin, "12.50", 10)
    order = await place(client, customer, sku["id"], 2)
    mine = await add_payment(
        shop.container.uow, order, at=window(), amount_minor=2500, refunds=((500, RefundStatus.SUCCEEDED),)
    )
    theirs = await add_payment(shop.container.uow, await place(client, other, sku["id"], 1), at=window())
    base_url = live_server.rstrip("/")
    context = await browser.new_context(viewport=PHONE, locale="en-US")
    await context.add_init_script("localStorage.setItem('allorder.locale', 'en')")
    page = await context.new_page()
    try:
        await sign_in_customer(page, base_url, customer["email"])

        # when they open "My payments" from their menu
        await page.get_by_test_id("user-menu").click()
        await page.get_by_test_id("user-menu-payments").click()

        # then their payment is there, paid, with the refund, and nobody else's
        card = page.get_by_test_id("my-payment")
        await expect(card).to_have_count(1)
        await expect(card).to_have_attribute("data-payment-no", mine.payment.payment_no)
        await expect(card.get_by_test_id("my-payment-status")).to_have_text("Paid")
        await expect(card.get_by_test_id("my-payment-amount")).to_have_text("CN¥25.00")
        await expect(card).to_contain_text("Refunded CN¥5.00")
        await expect(page.get_by_text(theirs.payment.payment_no)).to_have_count(0)
        width = await page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page is {width}px wide on a 390px phone"
    finally:
        await context.close()


async def test_the_result_page_turns_to_paid_by_itself_while_the_payment_is_confirmed(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    # given: a customer back from the provider, whose payment the server reports processing twice, then paid (the
    # answers are the browser's: this checks the page's waiting, whatever the flow behind it)
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    customer = await a_customer(client, "Result Waiter")
    sku = await a_stocked_sku(client, admin, "8.00", 10)
    order = await place(client, customer, sku["id"], 1)
    stored = await add_payment(
        shop.container.uow, order, at=window(), amount_minor=800, status=PaymentStatus.PROCESSING
    )
    answers = ["processing", "processing", "succeeded"]
    asked: list[str] = []

    async def answer(route: Route) -> None:
        status = answers[min(len(asked), len(answers) - 1)]
        asked.append(status)
        body: dict[str, Any] = {
            "id": str(stored.payment.id),
            "payment_no": stored.payment.payment_no,
            "order_id": order["id"],
            "order_number": order["number"],
            "method": "alipay",
            "status": status,
            "amount": {"amount": "8.00", "currency": "CNY"},
            "refunded": {"amount": "0.00", "currency": "CNY"},
            "fee": None,
            "start": None,
            "failure_code": None,
            "expires_at": stored.payment.expires_at.isoformat(),
            "created_at": stored.payment.created_at.isoformat(),
            "paid_at": stored.payment.created_at.isoformat() if status == "succeeded" else None,
        }
        await route.fulfill(status=200, content_type="application/json", body=json.dumps(body))

    base_url = live_server.rstrip("/")
    context = await browser.new_context(viewport=PHONE, locale="zh-CN")
    page = await context.new_page()
    try:
        await sign_in_customer(page, base_url, customer["email"])
        await page.route(f"**/api/v1/me/payments/{stored.payment.id}", answer)

        # when they land on the result page
        await page.goto(f"{base_url}/pay/result/{stored.payment.id}")

        # then it says it is confirming, and turns to paid without a reload, asking a few times only
        await expect(page.get_by_test_id("pay-result-checking")).to_be_visible()
        await expect(page.get_by_test_id("pay-result-succeeded")).to_be_visible(timeout=15_000)
        await expect(page.get_by_test_id("pay-result-amount")).to_have_text("¥8.00")
        assert asked == ["processing", "processing", "succeeded"]
        await page.get_by_test_id("pay-result-order").click()
        await expect(page).to_have_url(re.compile(rf"/account/orders/{order['id']}$"))
    finally:
        await context.close()
