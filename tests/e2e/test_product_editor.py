"""The product editor saves an existing product in one request: a price edit, a new SKU and a removed SKU land
together, and a refused save names the row at fault and changes nothing. Staff build the SKU rows from options,
add pictures before the first save, are warned before leaving unsaved changes and switch off a SKU with stock
rather than delete it.

Uses the fixtures of tests/e2e/conftest.py: `live_server` (base URL of the app with the demo seed) and `browser`.
"""

import io
import re
import uuid
from typing import Any

import pytest
from PIL import Image
from playwright.async_api import Browser, Dialog, Page, expect

from tests.conftest import Shop, new_ip
from tests.e2e.test_catalog_search import DESKTOP, create_category, create_product_on_sale, sign_in
from tests.factories import ADMIN, PASSWORD, admin_headers, create_staff
from tests.integration.test_catalog_products import stock_up

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
            skus=[(f"{code}-R", "Colour=Red", "19.90"), (f"{code}-B", "Colour=Blue", "25.00")],
        )
        editor = page.url

        # when staff reprice red, remove blue and add green, then save once
        await page.get_by_test_id("sku-retail-0").fill("21.00")
        await page.get_by_test_id("sku-remove-1").click()
        await page.get_by_test_id("sku-add").click()
        await page.get_by_test_id("sku-code-1").fill(f"{code}-G")
        await page.get_by_test_id("sku-attributes-1").fill("Colour=Green")
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


async def in_language(page: Page, base_url: str, locale: str) -> None:
    """The UI language as a visitor's earlier choice (the language switch stores it)."""
    await page.goto(f"{base_url}/")
    await page.evaluate(f"localStorage.setItem('allorder.locale', '{locale}')")


async def product_by_code(shop: Shop, code: str) -> dict[str, Any]:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    (summary,) = (await client.get("/products", params={"q": code}, headers=admin)).json()["items"]
    return dict((await client.get(f"/products/{summary['id']}", headers=admin)).json())


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 40, 40)).save(buffer, "PNG")
    return buffer.getvalue()


async def test_staff_build_skus_from_options_and_the_english_shop_shows_the_english_words(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    base_url = live_server.rstrip("/")
    code = f"VB{uuid.uuid4().hex[:8].upper()}"
    # an administrator of its own: switching this browser to English makes English their profile's language
    client = shop.client(new_ip())
    admin = await create_staff(client, await admin_headers(client), "admin")
    context = await browser.new_context(viewport=DESKTOP)
    page = await context.new_page()
    try:
        # given a new product with a price typed in its first row
        await sign_in(page, base_url, admin["email"], PASSWORD)
        await create_category(page, f"Shirts {code}")
        await page.get_by_test_id("menu-products").click()
        await page.get_by_test_id("product-create-button").click()
        await page.get_by_test_id("product-code").fill(code)
        await page.get_by_test_id("product-name").fill(f"纯棉T恤 {code}")
        await page.get_by_test_id("product-name-en").fill(f"Cotton T-shirt {code}")
        await page.get_by_test_id("product-category").click()
        await page.get_by_test_id(f"category-option-Shirts {code}").click()
        await page.get_by_test_id("sku-retail-0").fill("59.00")

        # when staff give two options, with English words, and generate the SKUs
        await page.get_by_test_id("variant-option-name-0").fill("颜色|Colour")
        await page.get_by_test_id("variant-option-values-0").fill("红|Red; 蓝|Blue")
        await page.get_by_test_id("variant-add-option").click()
        await page.get_by_test_id("variant-option-name-1").fill("尺码|Size")
        await page.get_by_test_id("variant-option-values-1").fill("S; M")
        await page.get_by_test_id("variant-generate").click()

        # then colour × size makes four rows with proposed codes and the typed price
        await expect(page.get_by_test_id("sku-code-3")).to_have_value(f"{code}-BLUE-M")
        await expect(page.get_by_test_id("sku-code-0")).to_have_value(f"{code}-RED-S")
        await expect(page.get_by_test_id("sku-attributes-1")).to_have_value("颜色|Colour=红|Red; 尺码|Size=M")
        await expect(page.get_by_test_id("sku-retail-3")).to_have_value("59.00")
        await page.get_by_test_id("sku-retail-3").fill("65.00")
        await page.get_by_test_id("product-save").click()
        await expect(page).to_have_url(re.compile(r"/admin/catalog/products/[0-9a-f-]{36}$"))
        await expect(page.get_by_test_id("product-status-tag")).to_be_visible()  # loaded back: options from its rows

        # when a white colour is added and the rows generated again, saved rows keep their codes and prices
        await page.get_by_test_id("variant-option-values-0").fill("红|Red; 蓝|Blue; 白")
        await page.get_by_test_id("variant-generate").click()
        await expect(page.get_by_test_id("sku-code-5")).to_have_value(f"{code}-3-M")
        await expect(page.get_by_test_id("sku-code-3")).to_have_value(f"{code}-BLUE-M")
        await expect(page.get_by_test_id("sku-retail-3")).to_have_value("65.00")
        await page.get_by_test_id("product-save").click()
        await expect(page.locator(".el-message--success").filter(has_text=re.compile("已保存|Saved"))).to_be_visible()
        await page.get_by_test_id("product-put-on-sale").click()
        await expect(page.get_by_test_id("product-take-off-sale")).to_be_visible()
        saved = await product_by_code(shop, code)
        assert [s["code"] for s in saved["skus"]] == [
            f"{code}-RED-S",
            f"{code}-RED-M",
            f"{code}-BLUE-S",
            f"{code}-BLUE-M",
            f"{code}-3-S",
            f"{code}-3-M",
        ]
        for sku in saved["skus"]:
            await stock_up(shop, sku["id"], 5)

        # then the English shop shows the English name and option words, and asks in English
        await in_language(page, base_url, "en")
        await page.goto(f"{base_url}/products/{saved['id']}")
        await expect(page.get_by_test_id("store-product-name")).to_have_text(f"Cotton T-shirt {code}")
        await expect(page.get_by_test_id("choose-hint")).to_have_text("Choose Colour / Size")
        await expect(page.get_by_test_id("store-sku-颜色-红")).to_have_text("Red")
        await expect(page.get_by_test_id("store-sku-颜色-白")).to_have_text("白")  # no English given: its own word
        await page.get_by_test_id("store-sku-颜色-蓝").click()
        await expect(page.get_by_test_id("choose-hint")).to_have_text("Choose Size")

        # and the Chinese shop the shop's own words, joined the Chinese way
        await in_language(page, base_url, "zh-CN")
        await page.goto(f"{base_url}/products/{saved['id']}")
        await expect(page.get_by_test_id("store-product-name")).to_have_text(f"纯棉T恤 {code}")
        await expect(page.get_by_test_id("choose-hint")).to_have_text("请选择 颜色、尺码")
        await expect(page.get_by_test_id("store-sku-颜色-红")).to_have_text("红")
    finally:
        await context.close()


async def test_pictures_chosen_before_the_first_save_are_uploaded_with_it(browser: Browser, live_server: str) -> None:
    base_url = live_server.rstrip("/")
    code = f"PI{uuid.uuid4().hex[:8].upper()}"
    context = await browser.new_context(viewport=DESKTOP)
    page = await context.new_page()
    try:
        # given a new, unsaved product
        await sign_in(page, base_url, *ADMIN)
        await page.goto(f"{base_url}/admin/catalog/products/new")
        await page.get_by_test_id("product-code").fill(code)
        await page.get_by_test_id("product-name").fill(f"Vase {code}")
        await page.get_by_test_id("sku-code-0").fill(f"{code}-1")
        await page.get_by_test_id("sku-retail-0").fill("12.00")

        # when staff add a picture before saving, it waits in the gallery
        await (
            page.get_by_test_id("image-upload")
            .locator("input[type=file]")
            .set_input_files({"name": "vase.png", "mimeType": "image/png", "buffer": png()})
        )
        await expect(page.get_by_test_id("staged-image-0")).to_be_visible()
        await expect(page.get_by_test_id("image-0")).to_have_count(0)

        # then the save creates the product and uploads the picture as its cover
        await page.get_by_test_id("product-save").click()
        await expect(page).to_have_url(re.compile(r"/admin/catalog/products/[0-9a-f-]{36}$"))
        await expect(page.get_by_test_id("image-0")).to_be_visible()
        await expect(page.get_by_test_id("staged-image-0")).to_have_count(0)
        await page.reload()
        await expect(page.get_by_test_id("image-0")).to_be_visible()
    finally:
        await context.close()


async def test_leaving_the_editor_with_unsaved_changes_asks_first(browser: Browser, live_server: str) -> None:
    base_url = live_server.rstrip("/")
    code = f"LV{uuid.uuid4().hex[:8].upper()}"
    context = await browser.new_context(viewport=DESKTOP)
    page = await context.new_page()
    try:
        # given a saved product, opened and left unchanged: leaving asks nothing
        await sign_in(page, base_url, *ADMIN)
        await create_category(page, f"Lamps {code}")
        await create_product_on_sale(
            page, code=code, name=f"Lamp {code}", category=f"Lamps {code}", skus=[(f"{code}-1", "", "80.00")]
        )
        editor = page.url
        await page.get_by_test_id("menu-products").click()
        await expect(page).to_have_url(re.compile(r"/admin/catalog/products$"))

        # when staff change its name and try to leave, they are asked, and may stay with their change
        await page.goto(editor)
        await expect(page.get_by_test_id("product-name")).to_have_value(f"Lamp {code}")  # loaded
        await page.get_by_test_id("product-name").fill(f"Desk lamp {code}")
        await page.get_by_test_id("menu-products").click()
        dialog = page.locator(".el-message-box").filter(has_text=re.compile("未保存|unsaved"))
        await expect(dialog).to_be_visible()
        await dialog.get_by_role("button", name=re.compile("留下|Stay")).click()
        await expect(page).to_have_url(editor)
        await expect(page.get_by_test_id("product-name")).to_have_value(f"Desk lamp {code}")

        # and closing the tab asks the browser's own question
        asked: list[str] = []

        async def answer(dialog: Dialog) -> None:
            asked.append(dialog.type)
            await dialog.dismiss()

        page.on("dialog", answer)
        async with page.expect_event("dialog"):
            await page.close(run_before_unload=True)
        assert asked == ["beforeunload"]
        page = await context.new_page()

        # and once they leave anyway, the change is gone
        await page.goto(editor)
        await expect(page.get_by_test_id("product-name")).to_have_value(f"Lamp {code}")
        await page.get_by_test_id("product-name").fill(f"Desk lamp {code}")
        await page.get_by_test_id("menu-products").click()
        await page.locator(".el-message-box").get_by_role("button", name=re.compile("离开|Leave")).click()
        await expect(page).to_have_url(re.compile(r"/admin/catalog/products$"))
    finally:
        await context.close()


async def test_a_sku_with_stock_left_out_of_a_save_is_switched_off_instead(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    base_url = live_server.rstrip("/")
    code = f"DI{uuid.uuid4().hex[:8].upper()}"
    context = await browser.new_context(viewport=DESKTOP)
    page = await context.new_page()
    try:
        # given a product whose blue SKU has stock
        await sign_in(page, base_url, *ADMIN)
        await create_category(page, f"Caps {code}")
        await create_product_on_sale(
            page,
            code=code,
            name=f"Cap {code}",
            category=f"Caps {code}",
            skus=[(f"{code}-R", "Colour=Red", "15.00"), (f"{code}-B", "Colour=Blue", "15.00")],
        )
        blue = (await product_by_code(shop, code))["skus"][1]
        await stock_up(shop, blue["id"], 4)
        await page.reload()
        await expect(page.get_by_test_id("sku-code-1")).to_have_value(f"{code}-B")  # loaded

        # when staff remove the blue SKU and save
        await page.get_by_test_id("sku-remove-1").click()
        await page.get_by_test_id("product-save").click()

        # then they are offered to switch it off instead, and doing so saves it inactive
        offer = page.locator(".el-message-box").filter(has_text=f"{code}-B")
        await expect(offer).to_be_visible()
        await offer.get_by_role("button", name=re.compile("改为停用|Deactivate instead")).click()
        await expect(page.locator(".el-message--success").filter(has_text=re.compile("已保存|Saved"))).to_be_visible()
        await expect(page.get_by_test_id("sku-code-1")).to_have_value(f"{code}-B")
        row = page.get_by_test_id("sku-table").locator(".el-table__body tr").nth(1)
        await expect(row.locator(".el-switch")).not_to_have_class(re.compile("is-checked"))
        saved = await product_by_code(shop, code)
        assert [(s["code"], s["active"]) for s in saved["skus"]] == [(f"{code}-R", True), (f"{code}-B", False)]
    finally:
        await context.close()
