"""The product editor saves an existing product in one request: a price edit, a new SKU and a removed SKU land
together, and a refused save names the row at fault and changes nothing.

Uses the fixtures of tests/e2e/conftest.py: `live_server` (base URL of the app with the demo seed) and `browser`.
"""

import re
import uuid

import pytest
from playwright.async_api import Browser, expect

from tests.e2e.test_catalog_search import DESKTOP, create_category, create_product_on_sale, sign_in
from tests.factories import ADMIN

pytestmark = pytest.mark.e2e


async def test_staff_edit_add_and_remove_skus_in_one_save_and_see_a_refused_row_in_place(
    browser: Browser, live_server: str
) -> None:
    base_url = live_server.rstrip("/")
    code = f"ED{uuid.uuid4().hex[:8].upper()}"
    context = await browser.new_context(viewport=DESKTOP)
    page = await context.new_page()
    try:
        # given a product on sale in red and blue, open in the editor
        await sign_in(page, base_url, *ADMIN)
        await create_category(page, f"Mugs {code}")
        await create_product_on_sale(
            page,
            code=code,
            name=f"Mug {code}",
            category=f"Mugs {code}",
            skus=[(f"{code}-R", "Colour:Red", "19.90"), (f"{code}-B", "Colour:Blue", "25.00")],
        )
        editor = page.url

        # when staff reprice red, remove blue and add green, then save once
        await page.get_by_test_id("sku-retail-0").fill("21.00")
        await page.get_by_test_id("sku-remove-1").click()
        await page.get_by_test_id("sku-add").click()
        await page.get_by_test_id("sku-code-1").fill(f"{code}-G")
        await page.get_by_test_id("sku-attributes-1").fill("Colour:Green")
        await page.get_by_test_id("sku-retail-1").fill("30.00")
        await page.get_by_test_id("product-save").click()
        await expect(page.locator(".el-message--success").filter(has_text=re.compile("已保存|Saved"))).to_be_visible()

        # then, read back from the server, red and green are there and blue is gone
        await page.goto(editor)
        await expect(page.get_by_test_id("sku-code-1")).to_have_value(f"{code}-G")
        await expect(page.get_by_test_id("sku-retail-0")).to_have_value("21.00")
        await expect(page.get_by_test_id("sku-code-2")).to_have_count(0)
        await expect(page.get_by_test_id("product-status-tag")).to_be_visible()

        # when both SKUs are given the same barcode, the save is refused under the second row
        barcode = f"69{uuid.uuid4().int % 10**11:011d}"
        await page.get_by_test_id("sku-barcode-0").fill(barcode)
        await page.get_by_test_id("sku-barcode-1").fill(barcode)
        await page.get_by_test_id("product-name").fill(f"Never saved {code}")
        await page.get_by_test_id("product-save").click()
        await expect(page.get_by_test_id("sku-row-error-1")).to_contain_text(barcode)
        await expect(page.get_by_test_id("sku-row-error-0")).to_have_count(0)

        # and nothing of it was saved
        await page.goto(editor)
        await expect(page.get_by_test_id("sku-barcode-0")).not_to_have_value(barcode)
        await expect(page.get_by_test_id("product-name")).to_have_value(f"Mug {code}")
        await expect(page).to_have_url(re.compile(r"/admin/catalog/products/[0-9a-f-]{36}$"))
    finally:
        await context.close()
