"""A shopper's orders in the browser: checkout of two SKUs, the order pending payment in "My orders", cancelling
it, and the order messages in the storefront inbox.

Uses the fixtures of tests/e2e/conftest.py: `live_server` and `browser`; products, stock and the shopper are made
through the API first.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, BrowserContext, Page, ViewportSize, expect

from tests.conftest import Shop, new_ip
from tests.e2e.test_language_of_every_page import VISIBLE_TEXT, settle, wrong_script
from tests.factories import (
    PASSWORD,
    admin_headers,
    bearer,
    create_product,
    create_staff,
    create_warehouse,
    receive_stock,
    register_customer,
    sku_body,
    unique_email,
)

pytestmark = pytest.mark.e2e

DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}
LOCALE_KEY = "allorder.locale"  # frontend/src/i18n/index.ts LOCALE_STORAGE_KEY


@dataclass
class Shopper:
    email: str
    headers: dict[str, str]
    address_id: str


@dataclass
class Goods:
    product: dict[str, Any]
    sku_ids: list[str]


async def goods_in_stock(client: httpx.AsyncClient, *prices_and_stock: tuple[str, int], name: str = "Tee") -> Goods:
    """One product with a SKU per (price, units in stock)."""
    admin = await admin_headers(client)
    tag = uuid.uuid4().hex[:6]
    skus = [
        sku_body(f"TEE-{tag}-{n}".upper(), retail_price=price, attributes={"colour": f"c{n}", "size": f"s{n}"})
        for n, (price, _) in enumerate(prices_and_stock)
    ]
    product = await create_product(client, admin, name=f"{name} {tag}", skus=skus)
    warehouse = await create_warehouse(client, admin)
    sku_ids = [sku["id"] for sku in product["skus"]]
    await receive_stock(
        client, admin, warehouse["id"], dict(zip(sku_ids, [n for _, n in prices_and_stock], strict=True))
    )
    return Goods(product=product, sku_ids=sku_ids)


async def a_shopper(client: httpx.AsyncClient) -> Shopper:
    """A signed-up customer with one (default) delivery address."""
    email = unique_email("buyer")
    headers = bearer(await register_customer(client, email=email, locale="en"))
    address = {
        "recipient": "Li Lei",
        "phone": "13900000009",
        "region_code": "110105",
        "province": "北京市",
        "city": "北京市",
        "district": "朝阳区",
        "detail": "Jianguo Road 88",
        "is_default": True,
    }
    created = await client.post("/me/addresses", json=address, headers=headers)
    assert created.status_code == 201, created.text
    return Shopper(email=email, headers=headers, address_id=created.json()["id"])


async def open_browser(browser: Browser, viewport: ViewportSize = DESKTOP) -> BrowserContext:
    context = await browser.new_context(viewport=viewport, locale="en-US")
    await context.add_init_script(f"localStorage.setItem('{LOCALE_KEY}', 'en')")
    return context


async def sign_in(page: Page, email: str) -> None:
    """On the sign-in page (where a guest was sent), as the shopper."""
    await page.get_by_test_id("login-input").fill(email)
    await page.get_by_test_id("password-input").fill(PASSWORD)
    await page.get_by_test_id("login-submit").click()


async def available(client: httpx.AsyncClient, product_id: str, sku_id: str) -> int:
    product = (await client.get(f"/store/products/{product_id}")).json()
    return int(next(sku["available"] for sku in product["skus"] if sku["id"] == sku_id))


async def test_a_guest_signs_in_at_checkout_buys_two_skus_and_sees_the_order_pending_payment(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    # given two SKUs in stock and a shopper with an address, not signed in on this browser
    base_url = live_server.rstrip("/")
    client = shop.client(new_ip())
    goods = await goods_in_stock(client, ("59.00", 10), ("79.50", 10))
    shopper = await a_shopper(client)
    first, second = goods.sku_ids
    context = await open_browser(browser)
    page = await context.new_page()
    try:
        # when they open checkout for 2 of the first and 1 of the second, and are asked to sign in first
        await page.goto(f"{base_url}/checkout?items={first}:2,{second}:1")
        await expect(page).to_have_url(re.compile(r"/login\?next="))
        await sign_in(page, shopper.email)

        # then they are back at checkout with both lines, their address chosen and the full price
        await expect(page).to_have_url(re.compile(r"/checkout\?items="))
        await expect(page.get_by_test_id("order-line")).to_have_count(2)
        await expect(page.get_by_test_id("checkout-address").locator("input[type=radio]")).to_be_checked()
        await expect(page.get_by_test_id("amount-subtotal")).to_contain_text("197.50")
        await expect(page.get_by_test_id("amount-total")).to_contain_text("197.50")

        # when they leave a note and place the order, twice in a hurry
        await page.get_by_test_id("checkout-note").fill("Please ring twice")
        submit = page.get_by_test_id("checkout-submit")
        await submit.dblclick()

        # then the order page says it waits for payment, with the time left and a way to pay
        await expect(page).to_have_url(re.compile(r"/account/orders/[0-9a-f-]{36}\?placed=1$"))
        await expect(page.get_by_test_id("order-placed")).to_be_visible()
        await expect(page.get_by_test_id("order-status")).to_have_text("Awaiting payment")
        await expect(page.get_by_test_id("payment-countdown")).to_have_text(re.compile(r"^\d\d:\d\d$"))
        await expect(page.get_by_test_id("order-pay")).to_be_visible()
        await expect(page.get_by_test_id("order-line")).to_have_count(2)
        await expect(page.get_by_test_id("order-note")).to_have_text("Please ring twice")
        number = (await page.get_by_test_id("order-number").inner_text()).strip()

        # and "My orders" lists it once, under "To pay", with its count on the tab
        await page.get_by_test_id("user-menu").click()
        await page.get_by_test_id("user-menu-orders").click()
        await expect(page).to_have_url(re.compile(r"/account/orders$"))
        await page.get_by_test_id("order-tab-unpaid").click()
        await expect(page).to_have_url(re.compile(r"/account/orders\?tab=unpaid$"))
        await expect(page.get_by_test_id("order-tab-count-unpaid")).to_have_text("1")
        card = page.get_by_test_id("order-card")
        await expect(card).to_have_count(1)
        await expect(card.get_by_test_id("order-card-number")).to_contain_text(number)
        await expect(card.get_by_test_id("order-status")).to_have_text("Awaiting payment")
        await expect(card.get_by_test_id("order-card-count")).to_have_text("3 items")
        await expect(card.get_by_test_id("order-card-total")).to_contain_text("197.50")

        # and the stock is held for it
        assert await available(client, goods.product["id"], first) == 8
        orders = (await client.get("/me/orders", headers=shopper.headers)).json()
        assert orders["total"] == 1, orders
    finally:
        await context.close()


async def test_a_shopper_cancels_an_unpaid_order_and_finds_it_under_cancelled_with_the_stock_back(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    # given an unpaid order of the shopper's, placed through the API, opened on a phone
    base_url = live_server.rstrip("/")
    client = shop.client(new_ip())
    goods = await goods_in_stock(client, ("25.00", 5))
    shopper = await a_shopper(client)
    (sku,) = goods.sku_ids
    placed = await client.post(
        "/me/orders",
        json={"lines": [{"sku_id": sku, "quantity": 2}], "address_id": shopper.address_id},
        headers={**shopper.headers, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert placed.status_code == 201, placed.text
    order = placed.json()
    assert await available(client, goods.product["id"], sku) == 3
    context = await open_browser(browser, PHONE)
    page = await context.new_page()
    try:
        await page.goto(f"{base_url}/account/orders?tab=unpaid")
        await sign_in(page, shopper.email)
        await expect(page).to_have_url(re.compile(r"/account/orders\?tab=unpaid$"))
        card = page.locator(f"[data-testid=order-card][data-order-number='{order['number']}']")
        await expect(card).to_be_visible()
        # the cards fit the phone's width
        assert await page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

        # when they cancel it from its page, giving a reason
        await card.get_by_test_id("order-card-view").click()
        await expect(page).to_have_url(re.compile(rf"/account/orders/{order['id']}$"))
        await page.get_by_test_id("order-cancel").click()
        dialog = page.get_by_test_id("cancel-dialog")
        await dialog.get_by_test_id("cancel-reason-wrong_items").click()
        await dialog.get_by_test_id("cancel-submit").click()

        # then the order says it is cancelled, why, and the timeline has the step
        await expect(page.get_by_test_id("order-status")).to_have_text("Cancelled")
        await expect(page.get_by_test_id("order-cancel-reason")).to_have_text("Wrong items or quantity")
        await expect(page.get_by_test_id("order-cancel")).to_have_count(0)
        await expect(page.locator("[data-testid=order-event][data-action=cancel]")).to_have_count(1)

        # and it is under "Cancelled", no longer under "To pay", and its goods are on sale again
        await page.goto(f"{base_url}/account/orders?tab=cancelled")
        await expect(page.locator(f"[data-testid=order-card][data-order-number='{order['number']}']")).to_be_visible()
        await page.get_by_test_id("order-tab-unpaid").click()
        await expect(page).to_have_url(re.compile(r"\?tab=unpaid$"))
        await expect(page.get_by_test_id("orders-empty")).to_be_visible()
        assert await available(client, goods.product["id"], sku) == 5

        # and another shopper's order is not there for them
        other = await a_shopper(client)
        theirs = await client.post(
            "/me/orders",
            json={"lines": [{"sku_id": sku, "quantity": 1}], "address_id": other.address_id},
            headers={**other.headers, "Idempotency-Key": str(uuid.uuid4())},
        )
        assert theirs.status_code == 201, theirs.text
        await page.goto(f"{base_url}/account/orders/{theirs.json()['id']}")
        await expect(page.get_by_test_id("not-found")).to_be_visible()
        await expect(page.get_by_test_id("order-number")).to_have_count(0)
    finally:
        await context.close()


async def test_a_shopper_confirms_receipt_of_a_shipped_order_and_finds_it_completed(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    # given an order of the shopper's that staff marked paid and shipped
    base_url = live_server.rstrip("/")
    client = shop.client(new_ip())
    goods = await goods_in_stock(client, ("88.00", 5))
    shopper = await a_shopper(client)
    placed = await client.post(
        "/me/orders",
        json={"lines": [{"sku_id": goods.sku_ids[0], "quantity": 1}], "address_id": shopper.address_id},
        headers={**shopper.headers, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert placed.status_code == 201, placed.text
    order = placed.json()
    admin = await admin_headers(client)
    paid = await client.post(f"/orders/{order['id']}/pay", json={"method": "bank_transfer"}, headers=admin)
    assert paid.status_code == 200, paid.text
    if paid.json()["status"] != "awaiting_shipment":  # held for review: the reviewer lets it through
        approved = await client.post(f"/orders/{order['id']}/approve", json={}, headers=admin)
        assert approved.status_code == 200, approved.text
    shipped = await client.post(
        f"/orders/{order['id']}/ship", json={"carrier": "SF", "tracking_number": "SF123456789"}, headers=admin
    )
    assert shipped.status_code == 200, shipped.text
    context = await open_browser(browser, PHONE)
    page = await context.new_page()
    try:
        # when they find it under "To receive" and confirm receipt from its card
        await page.goto(f"{base_url}/account/orders?tab=shipped")
        await sign_in(page, shopper.email)
        card = page.locator(f"[data-testid=order-card][data-order-number='{order['number']}']")
        await expect(card.get_by_test_id("order-status")).to_have_text("Shipped")
        await expect(card.get_by_test_id("order-card-cancel")).to_have_count(0)
        await card.get_by_test_id("order-card-confirm").click()
        await page.get_by_role("button", name="Yes, received").click()

        # then it leaves "To receive" and is under "Completed", where its page tells the whole story
        await expect(page.get_by_test_id("orders-empty")).to_be_visible()
        await page.get_by_test_id("order-tab-completed").click()
        await expect(page).to_have_url(re.compile(r"\?tab=completed$"))
        await card.get_by_test_id("order-card-view").click()
        await expect(page).to_have_url(re.compile(rf"/account/orders/{order['id']}$"))
        await expect(page.get_by_test_id("order-explain")).to_contain_text("You received this order")
        await expect(page.get_by_test_id("order-confirm")).to_have_count(0)
        await expect(page.get_by_test_id("order-event")).to_have_count(5)  # place, pay, approve, ship_rest, confirm
        actions = await page.get_by_test_id("order-event").evaluate_all("els => els.map(e => e.dataset.action)")
        assert actions[0] == "confirm" and actions[-1] == "place", actions
        await expect(page.get_by_test_id("amount-paid")).to_contain_text("88.00")
    finally:
        await context.close()


async def test_the_inbox_shows_the_order_messages_and_leads_to_the_order(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    # given a shopper whose order was placed and then cancelled
    base_url = live_server.rstrip("/")
    client = shop.client(new_ip())
    goods = await goods_in_stock(client, ("12.00", 5))
    shopper = await a_shopper(client)
    placed = await client.post(
        "/me/orders",
        json={"lines": [{"sku_id": goods.sku_ids[0], "quantity": 1}], "address_id": shopper.address_id},
        headers={**shopper.headers, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert placed.status_code == 201, placed.text
    order = placed.json()
    cancelled = await client.post(f"/me/orders/{order['id']}/cancel", json={"reason": "test"}, headers=shopper.headers)
    assert cancelled.status_code == 200, cancelled.text
    await shop.run_jobs()
    context = await open_browser(browser)
    page = await context.new_page()
    try:
        # when they sign in, the bell counts the unread messages and opens the inbox
        await page.goto(f"{base_url}/account/profile")
        await sign_in(page, shopper.email)
        await expect(page).to_have_url(re.compile(r"/account/profile$"))
        badge = page.locator(".bell-badge .el-badge__content")
        await expect(badge).to_be_visible()
        unread_before = int(await badge.inner_text())
        await page.get_by_test_id("notification-bell").click()
        await expect(page).to_have_url(re.compile(r"/account/notifications$"))

        # then the order's messages are there, unread, naming the order
        messages = page.locator("[data-testid=inbox-item][data-event^='order.']")
        await expect(messages).to_have_count(2)
        await expect(messages.first).to_have_attribute("data-read", "0")
        await expect(messages.first).to_contain_text(order["number"])

        # when the newest (the cancellation) is opened it is read, the bell counts one less, and it opens the
        # order it is about (the message carries the order's id as its subject)
        await messages.first.get_by_test_id("inbox-item-open").click()
        await expect(page).to_have_url(re.compile(rf"/account/orders/{order['id']}$"))
        await expect(page.get_by_test_id("order-explain")).to_be_visible()
        await expect(badge).to_have_text(str(unread_before - 1))

        # and "mark all as read" empties the badge
        await page.get_by_test_id("notification-bell").click()
        await page.get_by_test_id("inbox-read-all").click()
        await expect(badge).to_be_hidden()
        await expect(page.locator("[data-testid=inbox-item][data-read='0']")).to_have_count(0)
    finally:
        await context.close()


async def test_a_checkout_of_more_than_is_in_stock_says_what_is_left_and_waits_for_a_change(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    # given a SKU with 3 units and a shopper signed in
    base_url = live_server.rstrip("/")
    client = shop.client(new_ip())
    goods = await goods_in_stock(client, ("30.00", 3))
    shopper = await a_shopper(client)
    (sku,) = goods.sku_ids
    context = await open_browser(browser, PHONE)
    page = await context.new_page()
    try:
        # when they open checkout for 5
        await page.goto(f"{base_url}/checkout?items={sku}:5")
        await sign_in(page, shopper.email)

        # then the line says there is not enough, how many are left, and the order cannot be placed
        problem = page.get_by_test_id("checkout-line-problem")
        await expect(problem).to_have_attribute("data-problem", "stock.insufficient")
        await expect(problem).to_contain_text("Not enough in stock")
        await expect(page.get_by_test_id("checkout-line-available")).to_have_text("Only 3 left in stock")
        await expect(page.get_by_test_id("checkout-submit")).to_be_disabled()
        assert await page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

        # when they take the 3 that are left, the order can be placed
        await page.get_by_test_id("checkout-line-buy-available").click()
        await expect(page).to_have_url(re.compile(rf"items={sku}(:|%3A)3$"))
        await expect(problem).to_have_count(0)
        await expect(page.get_by_test_id("amount-total")).to_contain_text("90.00")
        await page.get_by_test_id("checkout-submit").click()
        await expect(page.get_by_test_id("order-status")).to_have_text("Awaiting payment")
    finally:
        await context.close()


@pytest.mark.parametrize("locale", ["en", "zh-CN"])
async def test_the_order_pages_speak_the_chosen_language_only(
    browser: Browser, live_server: str, shop: Shop, locale: str
) -> None:
    # given a shopper with an unpaid and a cancelled order of goods named in both scripts
    base_url = live_server.rstrip("/")
    client = shop.client(new_ip())
    goods = await goods_in_stock(client, ("19.90", 5), ("29.90", 1), name="亚麻衬衫 Linen shirt")
    shopper = await a_shopper(client)
    first, second = goods.sku_ids
    orders = []
    for quantity in (1, 2):  # not the same order twice, which the shop takes for a double submit
        placed = await client.post(
            "/me/orders",
            json={
                "lines": [{"sku_id": first, "quantity": quantity}],
                "address_id": shopper.address_id,
                "note": "门口 door",
            },
            headers={**shopper.headers, "Idempotency-Key": str(uuid.uuid4())},
        )
        assert placed.status_code == 201, placed.text
        orders.append(placed.json())
    cancelled = await client.post(
        f"/me/orders/{orders[1]['id']}/cancel", json={"reason": "不要了 changed my mind"}, headers=shopper.headers
    )
    assert cancelled.status_code == 200, cancelled.text
    await shop.run_jobs()
    context = await browser.new_context(viewport=DESKTOP, locale="zh-CN" if locale == "zh-CN" else "en-US")
    await context.add_init_script(f"localStorage.setItem('{LOCALE_KEY}', '{locale}')")
    page = await context.new_page()
    try:
        await page.goto(f"{base_url}/account/orders")
        await sign_in(page, shopper.email)
        await expect(page.get_by_test_id("order-card")).to_have_count(2)

        # when they visit checkout (one line short of stock), their orders, an order and the inbox
        problems: dict[str, list[str]] = {}
        for path in (
            f"/checkout?items={first}:1,{second}:3",
            "/account/orders",
            "/account/orders?tab=cancelled",
            f"/account/orders/{orders[0]['id']}",
            f"/account/orders/{orders[1]['id']}",
            "/account/notifications",
        ):
            await page.goto(f"{base_url}{path}")
            await settle(page)
            wrong = wrong_script([*await page.evaluate(VISIBLE_TEXT), await page.title()], locale)
            if wrong:
                problems[path] = sorted(set(wrong))

        # then no page shows UI text in the other language
        report = "\n".join(f"{where}: {texts}" for where, texts in problems.items())
        assert not problems, f"text in the wrong language ({locale}):\n{report}"
    finally:
        await context.close()


async def test_the_back_office_bell_still_opens_its_drawer_while_the_storefront_bell_opens_the_inbox(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    # given a member of staff (the bell is shared by both headers)
    base_url = live_server.rstrip("/")
    client = shop.client(new_ip())
    staff = await create_staff(client, await admin_headers(client), "admin")
    context = await open_browser(browser)
    page = await context.new_page()
    try:
        # when they click the bell in the back office, the messages open in a drawer on the same page
        await page.goto(f"{base_url}/admin")
        await sign_in(page, staff["email"])
        await expect(page).to_have_url(re.compile(r"/admin/?$"))
        await page.get_by_test_id("notification-bell").click()
        await expect(page.get_by_test_id("notification-drawer")).to_be_visible()
        await expect(page).to_have_url(re.compile(r"/admin/?$"))

        # and in the storefront the same bell opens the inbox page
        await page.goto(f"{base_url}/account/profile")
        await page.get_by_test_id("notification-bell").click()
        await expect(page).to_have_url(re.compile(r"/account/notifications$"))
        await expect(page.get_by_test_id("notification-drawer")).to_have_count(0)
    finally:
        await context.close()
