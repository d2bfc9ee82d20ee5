"""The order back office in the browser: staff find orders with the list's filters, review one in the queue,
cancel another and see its stock return; the list on a phone; a manual order sent twice by a double click is one
order.

Uses the fixtures of tests/e2e/conftest.py: `live_server` and `browser`; data is made through the API first.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, ViewportSize, expect

from tests import factories as f
from tests.conftest import Shop, new_ip
from tests.e2e.test_catalog_search import sign_in
from tests.factories import ADMIN

pytestmark = pytest.mark.e2e

DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}
ADDRESS = {
    "recipient": "周九",
    "phone": "13900000009",
    "region_code": "310101",
    "province": "上海市",
    "city": "上海市",
    "district": "黄浦区",
    "detail": "南京东路 100 号",
    "is_default": True,
}


async def a_customer(client: httpx.AsyncClient, name: str) -> dict[str, Any]:
    """A signed-up customer with one default address: their `/me`, `headers` and `address_id`."""
    email = f.unique_email("buyer")
    headers = f.bearer(await f.register_customer(client, email=email))
    assert (await client.patch("/me", json={"display_name": name}, headers=headers)).status_code == 200
    address = await client.post("/me/addresses", json=ADDRESS, headers=headers)
    assert address.status_code == 201, address.text
    me = (await client.get("/me", headers=headers)).json()
    return {**me, "headers": headers, "address_id": address.json()["id"]}


async def a_stocked_sku(client: httpx.AsyncClient, admin: dict[str, str], price: str, units: int) -> dict[str, Any]:
    product = await f.create_product(client, admin, skus=[f.sku_body(retail_price=price)])
    sku: dict[str, Any] = product["skus"][0]
    warehouse = await f.create_warehouse(client, admin)
    await f.receive_stock(client, admin, warehouse["id"], {sku["id"]: units})
    return sku


async def place(client: httpx.AsyncClient, customer: dict[str, Any], sku_id: str, quantity: int) -> dict[str, Any]:
    body = {"lines": [{"sku_id": sku_id, "quantity": quantity}], "address_id": customer["address_id"]}
    headers = {**customer["headers"], "Idempotency-Key": str(uuid.uuid4())}
    response = await client.post("/me/orders", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def available(client: httpx.AsyncClient, admin: dict[str, str], sku_id: str) -> int:
    levels = (await client.get("/stock", params={"sku_id": sku_id}, headers=admin)).json()["items"]
    return sum(level["available"] for level in levels)


async def test_staff_filter_the_list_review_one_order_and_cancel_another_whose_stock_returns(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    # given a customer with a paid order over the automatic approval limit, and an unpaid one
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    marker = uuid.uuid4().hex[:8]
    customer = await a_customer(client, f"Zhou {marker}")
    dear = await a_stocked_sku(client, admin, "6000.00", 5)
    cheap = await a_stocked_sku(client, admin, "12.50", 10)
    big = await place(client, customer, dear["id"], 1)
    paid = await client.post(f"/orders/{big['id']}/pay", json={"method": "bank_transfer"}, headers=admin)
    assert paid.status_code == 200, paid.text
    assert paid.json()["needs_review"] is True, paid.json()
    small = await place(client, customer, cheap["id"], 3)
    assert await available(client, admin, cheap["id"]) == 7
    base_url = live_server.rstrip("/")
    context = await browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = await context.new_page()
    try:
        await sign_in(page, base_url, *ADMIN)

        # when staff look for the customer's orders in the list
        await page.goto(f"{base_url}/admin/orders")
        await page.get_by_test_id("orders-filter-customer").fill(customer["email"])
        await page.get_by_test_id("orders-search").click()

        # then the address holds the filter and both orders show, in their states' words
        await expect(page).to_have_url(re.compile(r"customer=buyer-"))
        table = page.get_by_test_id("orders-table")
        await expect(table.locator("tbody tr")).to_have_count(2)
        await expect(page.get_by_test_id(f"order-status-{small['number']}")).to_have_text("待付款")
        await expect(page.get_by_test_id(f"order-status-{big['number']}")).to_have_text("已付款")

        # when they narrow it to unpaid orders with the status filter
        await page.get_by_test_id("orders-filter-status").click()
        await page.locator(".el-select-dropdown__item:visible", has_text="待付款").click()
        await page.keyboard.press("Escape")

        # then only the unpaid one is left, the filter is in the address, and Back shows both again
        await expect(page).to_have_url(re.compile(r"status=pending_payment"))
        await expect(table.locator("tbody tr")).to_have_count(1)
        await expect(page.get_by_test_id(f"order-link-{small['number']}")).to_be_visible()
        await page.go_back()
        await expect(table.locator("tbody tr")).to_have_count(2)

        # when they open the review queue
        await page.goto(f"{base_url}/admin/orders/review")
        flags = page.get_by_test_id(f"review-flags-{big['number']}")

        # then the paid order waits there, saying in words why the automatic review stopped it
        await expect(flags).to_contain_text("金额超过自动审核上限")
        await expect(page.get_by_test_id(f"review-link-{small['number']}")).to_have_count(0)

        # when they approve it
        await page.get_by_test_id(f"review-approve-{big['number']}").click()
        await page.locator(".order-approve-dialog").get_by_role("button", name="审核通过").click()

        # then it leaves the queue and waits for shipment
        await expect(page.locator(".el-message--success")).to_contain_text("订单已审核通过")
        await expect(flags).to_have_count(0)
        approved = await client.get(f"/orders/{big['id']}", headers=admin)
        assert approved.json()["status"] == "awaiting_shipment"

        # when they open the unpaid order from the list and cancel it with a reason
        await page.goto(f"{base_url}/admin/orders?customer={customer['email']}")
        await page.get_by_test_id(f"order-link-{small['number']}").click()
        await expect(page.get_by_test_id("order-status")).to_have_text("待付款")
        await page.get_by_test_id("order-action-cancel").click()
        await page.get_by_test_id("order-action-reason").fill("客户电话要求取消")
        await page.get_by_test_id("order-action-submit").click()

        # then the order says cancelled, its timeline has the reason, and no cancel button is left
        await expect(page.get_by_test_id("order-status")).to_have_text("已取消")
        await expect(page.get_by_test_id("order-timeline")).to_contain_text("客户电话要求取消")
        await expect(page.get_by_test_id("order-action-cancel")).to_have_count(0)

        # and its three units are back on sale on the stock page
        await page.goto(f"{base_url}/admin/inventory/stock?q={cheap['code']}")
        await expect(page.get_by_test_id(f"stock-available-{cheap['code']}")).to_have_text("10")
    finally:
        await context.close()


async def test_on_a_phone_the_order_list_folds_its_filters_pins_the_number_and_opens_actions_from_a_menu(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    # given a customer's two orders
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    customer = await a_customer(client, f"Qian {uuid.uuid4().hex[:8]}")
    sku = await a_stocked_sku(client, admin, "30.00", 10)
    first = await place(client, customer, sku["id"], 1)
    second = await place(client, customer, sku["id"], 2)
    base_url = live_server.rstrip("/")
    context = await browser.new_context(viewport=PHONE, locale="zh-CN")
    page = await context.new_page()
    try:
        await sign_in(page, base_url, *ADMIN)

        # when staff open the order list on a phone
        await page.goto(f"{base_url}/admin/orders")
        await expect(page.get_by_test_id("orders-table")).to_be_visible()

        # then the page does not scroll sideways and the filters are folded behind one button
        assert await page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        await expect(page.get_by_test_id("filters-toggle")).to_be_visible()
        await expect(page.get_by_test_id("orders-filter-number")).to_have_count(0)

        # when they filter by an order number in the drawer
        await page.get_by_test_id("filters-toggle").click()
        await page.get_by_test_id("orders-filter-number").fill(second["number"])
        await page.get_by_test_id("filters-done").click()

        # then the list holds that order alone, its number pinned at the left
        await expect(page).to_have_url(re.compile(rf"number={second['number']}"))
        table = page.get_by_test_id("orders-table")
        await expect(table.locator(".el-table__body tbody tr")).to_have_count(1)
        pinned = table.locator(".el-table__body .el-table-fixed-column--left").first
        await expect(pinned).to_contain_text(second["number"])
        await expect(page.get_by_test_id(f"order-link-{first['number']}")).to_have_count(0)

        # and its actions open from a menu and lead to the order
        await table.get_by_test_id("row-actions").first.click()
        await page.get_by_test_id("row-actions-menu").get_by_role("button", name="查看").first.click()
        await expect(page).to_have_url(re.compile(rf"/admin/orders/{second['id']}$"))
        await expect(page.get_by_test_id("order-number")).to_have_text(second["number"])
        assert await page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        await context.close()


async def test_a_manual_order_sent_by_a_double_click_is_placed_once(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    # given a customer with an address and a SKU in stock
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    marker = uuid.uuid4().hex[:8]
    customer = await a_customer(client, f"Sun {marker}")
    sku = await a_stocked_sku(client, admin, "45.00", 10)
    base_url = live_server.rstrip("/")
    context = await browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = await context.new_page()
    try:
        await sign_in(page, base_url, *ADMIN)
        await page.goto(f"{base_url}/admin/orders/new")

        # when the clerk picks the customer, who comes with their default address
        await page.get_by_test_id("order-new-customer").click()
        await page.keyboard.type(customer["email"])
        await page.get_by_test_id(f"order-customer-option-{customer['id']}").click()
        await expect(page.get_by_test_id(f"order-address-{customer['address_id']}")).to_have_class(
            re.compile("is-checked")
        )

        # and adds the SKU by its code, two of them at an agreed price
        await page.get_by_test_id("order-new-sku").click()
        await page.keyboard.type(sku["code"])
        await page.get_by_test_id(f"order-sku-option-{sku['code']}").click()
        await page.get_by_test_id(f"order-line-qty-input-{sku['code']}").locator("input").fill("2")
        await page.get_by_test_id(f"order-line-price-{sku['code']}").fill("40")
        await expect(page.get_by_test_id("order-new-subtotal")).to_have_text("¥80.00")
        # the server's breakdown follows: shipping to the chosen address and the total to ask for
        await expect(page.get_by_test_id("order-new-shipping")).to_have_text(re.compile(r"^¥\d+\.\d\d$"))
        await expect(page.get_by_test_id("order-new-total")).to_have_text(re.compile(r"^¥\d+\.\d\d$"))

        # and sends the form with a double click
        await page.get_by_test_id("order-new-submit").dblclick()

        # then they land on the new order, priced as agreed
        await expect(page).to_have_url(re.compile(r"/admin/orders/[0-9a-f-]{36}$"))
        await expect(page.get_by_test_id("order-status")).to_have_text("待付款")
        await expect(page.get_by_test_id(f"order-line-qty-{sku['code']}")).to_have_text("2")

        # and the customer has that one order
        found = await client.get("/orders", params={"customer": customer["email"]}, headers=admin)
        assert found.json()["total"] == 1, found.json()
        assert await available(client, admin, sku["id"]) == 8
    finally:
        await context.close()


async def test_staff_take_an_order_from_payment_to_receipt_and_see_a_refusal_in_their_language(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    # given an unpaid order of two units, and another that a colleague is about to cancel
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    customer = await a_customer(client, f"Li {uuid.uuid4().hex[:8]}")
    sku = await a_stocked_sku(client, admin, "20.00", 10)
    order = await place(client, customer, sku["id"], 2)
    other = await place(client, customer, (await a_stocked_sku(client, admin, "8.00", 5))["id"], 1)
    base_url = live_server.rstrip("/")
    context = await browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = await context.new_page()
    status = page.get_by_test_id("order-status")
    dialog = page.get_by_test_id("order-action-dialog")
    try:
        await sign_in(page, base_url, *ADMIN)
        await page.goto(f"{base_url}/admin/orders/{order['id']}")
        await expect(status).to_have_text("待付款")

        # when staff record a cash payment with its receipt number
        await page.get_by_test_id("order-action-pay").click()
        await page.get_by_test_id("order-pay-method-cash").click()
        await page.get_by_test_id("order-pay-reference").fill("R-2026-001")
        await page.get_by_test_id("order-action-submit").click()

        # then it passes the automatic review and waits for shipment, paid in cash
        await expect(status).to_have_text("待发货")
        await expect(page.get_by_test_id("order-payment")).to_contain_text("现金")
        await expect(page.get_by_test_id("order-timeline")).to_contain_text("自动审核通过")

        # when they ship one of the two units
        await page.get_by_test_id("order-action-ship").click()
        await page.get_by_test_id("order-ship-carrier").fill("顺丰")
        await page.get_by_test_id("order-ship-tracking").fill("SF1001")
        await page.get_by_test_id("order-ship-partial").click()
        await page.get_by_test_id(f"order-ship-qty-{sku['code']}").locator("input").fill("1")
        await dialog.get_by_text("本次发货数量").click()  # leave the number box so it takes the value
        await page.get_by_test_id("order-action-submit").click()

        # then the order is partly shipped and the parcel is listed; the rest ships with a second parcel
        await expect(status).to_have_text("部分发货")
        await expect(page.get_by_test_id("order-shipments")).to_contain_text("SF1001")
        await page.get_by_test_id("order-action-ship").click()
        await page.get_by_test_id("order-ship-carrier").fill("顺丰")
        await page.get_by_test_id("order-ship-tracking").fill("SF1002")
        await page.get_by_test_id("order-action-submit").click()
        await expect(status).to_have_text("已发货")
        await expect(page.get_by_test_id("order-shipments").locator("li")).to_have_count(2)

        # when they confirm receipt for the customer and leave a remark
        await page.get_by_test_id("order-action-confirm").click()
        await page.get_by_test_id("order-action-submit").click()
        await expect(status).to_have_text("已完成")
        await page.get_by_test_id("order-remark-input").fill("客户电话确认已收到")
        await page.get_by_test_id("order-remark-add").click()

        # then the remark is on the timeline and no action is left to take
        await expect(page.get_by_test_id("timeline-remark")).to_contain_text("客户电话确认已收到")
        await expect(page.get_by_test_id("order-actions").locator("button", has_text="取消订单")).to_have_count(0)

        # when a colleague cancels the other order while this clerk has it open, and the clerk cancels it too
        await page.goto(f"{base_url}/admin/orders/{other['id']}")
        await expect(status).to_have_text("待付款")
        cancelled = await client.post(f"/orders/{other['id']}/cancel", json={"reason": "重复下单"}, headers=admin)
        assert cancelled.status_code == 200, cancelled.text
        await page.get_by_test_id("order-action-cancel").click()
        await page.get_by_test_id("order-action-reason").fill("客户不要了")
        await page.get_by_test_id("order-action-submit").click()

        # then the refusal is shown in Chinese in the dialog, and the page shows the order as it now is
        await expect(page.get_by_test_id("order-action-problem")).to_contain_text(re.compile(r"[\u4e00-\u9fff]"))
        await expect(status).to_have_text("已取消")
    finally:
        await context.close()
