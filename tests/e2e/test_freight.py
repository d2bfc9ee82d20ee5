"""Freight templates in the back office on a phone (390 px): staff edit a template in its dialog, give Xinjiang its
own fee, and a trial parcel to Xinjiang is charged by it; the change is saved and audited.

Uses the fixtures of tests/e2e/conftest.py: `live_server` (base URL of the app with the demo seed) and `browser`.
"""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Browser, Page, ViewportSize, expect

from tests import factories as f
from tests.conftest import Shop, new_ip
from tests.e2e.test_catalog_search import sign_in
from tests.factories import ADMIN

pytestmark = pytest.mark.e2e

PHONE: ViewportSize = {"width": 390, "height": 844}


async def pick(page: Page, select_test_id: str, typed: str, option: str | None = None) -> None:
    """Choose an option of an Element Plus select by typing part of its name (the region pickers also offer what
    was typed as a code of its own, hence the option's full name)."""
    await page.get_by_test_id(select_test_id).click()
    await page.keyboard.type(typed)
    await page.get_by_role("option", name=re.compile(option or typed)).locator("visible=true").first.click()
    await page.keyboard.press("Escape")


async def test_staff_give_a_region_its_own_fee_and_a_trial_parcel_is_charged_by_it(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    # given a template by weight: 10 CNY the first kilo, 5 CNY each further kilo, no free shipping
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    name = f"E2E运费{f.unique_code('')}"
    body = {
        "name": name,
        "basis": "by_weight",
        "default_rule": {"first": 1000, "first_fee": "10", "additional": 1000, "additional_fee": "5"},
    }
    created = await client.post("/freight/templates", json=body, headers=admin)
    assert created.status_code == 201, created.text
    template_id = created.json()["id"]
    base_url = live_server.rstrip("/")
    context = await browser.new_context(viewport=PHONE, locale="zh-CN")
    page = await context.new_page()
    try:
        await sign_in(page, base_url, *ADMIN)
        await page.goto(f"{base_url}/admin/freight")
        row = page.locator(".el-table__row", has=page.get_by_test_id(f"freight-row-{name}")).first
        await expect(row).to_contain_text("首重 1 千克 ¥10.00")
        assert await page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

        # when they open the editor from the row's menu and give Xinjiang 20 CNY + 8 CNY a kilo
        await row.get_by_test_id("row-actions").first.click()
        await page.get_by_test_id("row-actions-menu").locator("button", has_text="编辑").first.click()
        dialog = page.get_by_test_id("freight-dialog")
        await expect(dialog).to_be_visible()
        await dialog.get_by_test_id("freight-add-rule").click()
        await pick(page, "freight-rule-0-regions", "新疆", "新疆维吾尔自治区")
        await dialog.get_by_test_id("freight-rule-0-first-fee").fill("20")
        await dialog.get_by_test_id("freight-rule-0-additional-fee").fill("8")
        await dialog.get_by_test_id("freight-free-over").fill("199")
        await dialog.get_by_test_id("freight-submit").click()

        # then the dialog closes and the list shows Xinjiang's own fee and the free-shipping threshold
        await expect(dialog).to_be_hidden()
        await expect(row).to_contain_text("新疆维吾尔自治区: ¥20.00 + ¥8.00")
        await expect(row).to_contain_text("满 ¥199.00 包邮")

        # when they try 2 items of 800 g to Xinjiang with this template
        await pick(page, "freight-quote-template", name)
        await pick(page, "freight-quote-region", "新疆", "新疆维吾尔自治区")
        await page.get_by_test_id("freight-quote-quantity").locator("input").fill("2")
        await page.get_by_test_id("freight-quote-weight").locator("input").fill("800")
        await page.get_by_test_id("freight-quote-subtotal").fill("50")
        await page.get_by_test_id("freight-quote-submit").click()

        # then 1.6 kg is charged the first kilo and one further kilo at Xinjiang's fees
        result = page.get_by_test_id("freight-quote-result")
        await expect(result.get_by_test_id("freight-quote-fee")).to_have_text("¥28.00")
        await expect(result).to_contain_text("按指定地区运费：新疆维吾尔自治区")
        await expect(result).to_contain_text("计费重量 1600 克")
    finally:
        await context.close()

    # and the template is saved as edited, with the edit in the audit log
    saved = (await client.get(f"/freight/templates/{template_id}", headers=admin)).json()
    assert saved["region_rules"][0]["region_codes"] == ["650000"]
    assert saved["region_rules"][0]["additional_fee"] == {"amount": "8.00", "currency": "CNY"}
    log = await client.get(
        "/audit-log", params={"target_type": "freight_template", "target_id": template_id}, headers=admin
    )
    assert "freight_template.update" in [entry["action"] for entry in log.json()["items"]]
    # the live shop is shared: later browser tests expect checkout to ship free, as it did before
    await f.remove_freight_templates(client, admin)
