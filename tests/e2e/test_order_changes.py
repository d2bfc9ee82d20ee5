"""Order changes in the browser: staff edit an unpaid order's quantity and see it re-priced with its stock held,
split a unit off to a new order, then tick the two orders in the list and merge them back into one.

Uses the fixtures of tests/e2e/conftest.py: `live_server` and `browser`; data is made through the API first.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.async_api import Browser, expect

from tests import factories as f
from tests.conftest import Shop, new_ip
from tests.e2e.test_catalog_search import sign_in
from tests.e2e.test_order_office import DESKTOP, a_customer, a_stocked_sku, available, place
from tests.factories import ADMIN

pytestmark = pytest.mark.e2e


async def test_staff_edit_split_and_merge_an_order_from_the_back_office(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    # given an unpaid order of 1 unit at 12.50
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    customer = await a_customer(client, f"Wu {uuid.uuid4().hex[:8]}")
    sku = await a_stocked_sku(client, admin, "12.50", 10)
    order = await place(client, customer, sku["id"], 1)
    base_url = live_server.rstrip("/")
    context = await browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = await context.new_page()
    try:
        await sign_in(page, base_url, *ADMIN)
        await page.goto(f"{base_url}/admin/orders/{order['id']}")

        # when staff raise the quantity to 3 in the edit dialog
        await page.get_by_test_id("order-edit").click()
        dialog = page.get_by_test_id("order-edit-dialog")
        quantity = dialog.get_by_test_id(f"order-edit-quantity-{sku['code']}").locator("input")
        await quantity.fill("3")
        await quantity.press("Tab")
        await dialog.get_by_test_id("order-edit-address").click()  # the customer's address book
        await page.get_by_test_id(f"order-edit-address-{customer['address_id']}").click()
        await dialog.get_by_test_id("order-edit-save").click()

        # then the order is re-priced, its timeline says it was edited and what changed, and 3 units are held
        await expect(page.get_by_test_id("order-amount-total")).to_contain_text("37.50")
        await expect(page.get_by_test_id("order-timeline")).to_contain_text("已修改")
        await expect(page.get_by_test_id("order-timeline")).to_contain_text(
            f"修改了：收货地址；{sku['code']} 数量 1 → 3；应付金额 ¥12.50 → ¥37.50"
        )
        await expect(page.get_by_test_id("order-address")).to_contain_text("南京东路 100 号")
        assert await available(client, admin, sku["id"]) == 7

        # when they split one unit off to a new order
        await page.get_by_test_id("order-split").click()
        split = page.get_by_test_id("order-split-dialog")
        await split.get_by_test_id("order-split-by-lines").click()
        moving = split.get_by_test_id(f"order-split-quantity-{sku['code']}").locator("input")
        await moving.fill("1")
        await moving.press("Tab")
        await split.get_by_test_id("order-split-submit").click()

        # then the original keeps 2 units and the timeline says it was split
        await expect(page.get_by_test_id(f"order-line-qty-{sku['code']}")).to_have_text("2")
        await expect(page.get_by_test_id("order-timeline")).to_contain_text("已拆分")
        listed = (await client.get("/orders", params={"customer": customer["email"]}, headers=admin)).json()
        assert listed["total"] == 2
        part = next(o for o in listed["items"] if o["id"] != order["id"])
        await expect(page.get_by_test_id("order-timeline")).to_contain_text(f"已拆分出 {part['number']}")

        # when they tick both orders in the list and merge them
        await page.goto(f"{base_url}/admin/orders?customer={customer['email']}")
        table = page.get_by_test_id("orders-table")
        await expect(table.locator("tbody tr")).to_have_count(2)
        for box in await table.locator("tbody .el-checkbox").all():
            await box.click()
        await page.get_by_test_id("orders-merge").click()
        await page.locator(".el-message-box__btns .el-button--primary").click()

        # then the merged order opens with all 3 units, and the stock held is unchanged
        await expect(page).to_have_url(re.compile(rf"/admin/orders/{order['id']}$"))
        await expect(page.get_by_test_id(f"order-line-qty-{sku['code']}")).to_have_text("3")
        await expect(page.get_by_test_id("order-amount-total")).to_contain_text("37.50")
        assert await available(client, admin, sku["id"]) == 7
        await expect(page.get_by_test_id("order-timeline")).to_contain_text(f"订单 {part['number']} 已并入本单")

        # and the order merged away says where its goods went
        await page.goto(f"{base_url}/admin/orders/{part['id']}")
        await expect(page.get_by_test_id("order-cancel-reason")).to_contain_text(f"已合并到订单 {order['number']}")
    finally:
        await context.close()
