"""Every page of the SPA speaks one language: no Chinese UI chrome in the English UI and no English words in the
Chinese one, on every route the router knows (storefront, account, sign-in pages and the whole back office, seen
by the administrator so that every menu is there).

The route list is read from the running SPA's own router, so a page another change adds is checked without
editing this file. Detail routes get the id of data made here (see `_detail_ids`), or else of a link to them
found on a page already visited; a new detail route that neither covers fails with its name.

Text inside `[data-i18n-skip]` (or `.i18n-skip`, for table columns, where Element Plus only passes a class to
the cells) is data: product names, user names, notes as people typed them. Everything else is checked.

Uses the fixtures of tests/e2e/conftest.py: `live_server`, `browser`, and `shop` (tests/conftest.py) to make data.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, BrowserContext, Page, ViewportSize, expect

from tests import reconciliation_data
from tests.conftest import Shop, new_ip
from tests.factories import (
    PASSWORD,
    admin_headers,
    bearer,
    create_category,
    create_product,
    create_staff,
    create_warehouse,
    login,
    receive_stock,
    register_customer,
)

pytestmark = pytest.mark.e2e

DESKTOP: ViewportSize = {"width": 1280, "height": 900}
LOCALE_KEY = "allorder.locale"  # frontend/src/i18n/index.ts LOCALE_STORAGE_KEY

CJK = re.compile(r"[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")  # two letters up: a lone letter is a size or a mark
# Words the Chinese UI may show as they are: the brand, codes and units Chinese staff use in Latin letters.
ALLOWED_IN_CHINESE = {
    "AllOrder",
    "SKU",
    "SKUs",
    "ID",
    "IP",
    "CSV",
    "XLSX",
    "Excel",
    "PNG",
    "JPEG",
    "JPG",
    "WebP",
    "MB",
    "KB",
    "English",  # the language switch names each language in itself
}
# Text that is data whatever the element says: e-mail addresses, links, SKU-like codes (letters, digits, dashes).
DATA_PATTERNS = [
    re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"),
    re.compile(r"https?://\S+"),
    re.compile(r"\b(?=[A-Z0-9-]*\d)[A-Z0-9]+(?:-[A-Z0-9]+)*\b"),  # capitals and digits: a product or SKU code
]

# The visible text of the page a person reads: text nodes, placeholders, tooltips and labels for screen
# readers, and the document title; data regions and decorative icons are left out.
VISIBLE_TEXT = """
() => {
  const skip = '[data-i18n-skip], .i18n-skip, script, style, noscript, svg, [aria-hidden="true"]'
  const shown = (el) => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })
  const texts = []
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim()
    const el = node.parentElement
    if (!text || !el || el.closest(skip) || !shown(el)) continue
    texts.push(text)
  }
  for (const el of document.querySelectorAll('[placeholder], [title], [aria-label]')) {
    if (el.closest(skip) || !shown(el)) continue
    for (const name of ['placeholder', 'title', 'aria-label']) {
      const value = el.getAttribute(name)
      if (value && value.trim()) texts.push(value.trim())
    }
  }
  return texts
}
"""

# Every route the SPA's router has, as {name, path, parent}: the router itself is the list.
ROUTES = """
() => {
  const router = document.querySelector('#app').__vue_app__.config.globalProperties.$router
  return router.getRoutes().map((r) => ({ name: String(r.name ?? ''), path: r.path, guestOnly: !!r.meta.guestOnly }))
}
"""


@dataclass
class Seeded:
    product_id: str
    stocktake_id: str
    names: list[str]  # of the data made here, which page titles may quote
    order_id: str = ""


def title_chrome(title: str, seeded: Seeded) -> str:
    """The document title without the data it names (a product page is titled by the product)."""
    for name in seeded.names:
        title = title.replace(name, " ")
    return title


def wrong_script(texts: list[str], locale: str) -> list[str]:
    """The pieces of UI text that are in the other language."""
    found: list[str] = []
    for text in texts:
        if locale == "en":
            if CJK.search(text):
                found.append(text)
            continue
        cleaned = text
        for pattern in DATA_PATTERNS:
            cleaned = pattern.sub(" ", cleaned)
        words = [w for w in LATIN_WORD.findall(cleaned) if w not in ALLOWED_IN_CHINESE]
        if words:
            found.append(text)
    return found


def concrete_path(path: str, name: str, seeded: Seeded, links: set[str]) -> str | None:
    """A visitable URL for a route pattern: a seeded id for known detail pages, else a link seen on the way."""
    if ":" not in path:
        return path
    if path.startswith("/:pathMatch"):
        return "/no-such-page-here"
    known = _detail_ids(seeded)
    if name in known:
        return re.sub(r":\w+(\([^)]*\))?", known[name], path)
    pattern = re.compile("^" + re.sub(r":\w+(\([^)]*\))?", "[^/?#]+", path) + "$")
    return next((link for link in sorted(links) if pattern.match(link)), None)


def _detail_ids(seeded: Seeded) -> dict[str, str]:
    return {
        "store-product": seeded.product_id,
        "admin-product": seeded.product_id,
        "admin-stocktake": seeded.stocktake_id,
        "admin-order": seeded.order_id,
        "admin-order-print": seeded.order_id,
        "oauth-callback": "wechat",
        # staff have no orders of their own: nobody's order shows the not-found page (test_store_orders.py checks a
        # customer's order pages in both languages)
        "store-order": "00000000-0000-4000-8000-000000000000",
        "store-pay": "00000000-0000-4000-8000-000000000000",
        "store-pay-result": "00000000-0000-4000-8000-000000000000",
    }


async def seed_pages(shop: Shop) -> Seeded:
    """Data on every list: names in both scripts, so data regions must be marked in either language."""
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    tag = uuid.uuid4().hex[:6].upper()
    category = await create_category(client, admin, name=f"男装 Menswear {tag}")
    sku = {
        "code": f"LN-{tag}-M",
        "barcode": f"69{uuid.uuid4().int % 10**11:011d}",
        "attributes": {"颜色": "白色", "size": "M"},
        "retail_price": "129.00",
    }
    product = await create_product(
        client,
        admin,
        category_id=category["id"],
        name=f"亚麻衬衫 Linen shirt {tag}",
        brand="棉麻 Cotton&Co",
        description="夏季透气 Breathable for summer",
        tags=["新品", "summer"],
        skus=[sku],
    )
    warehouse = await create_warehouse(client, admin, name=f"上海仓 Shanghai {tag}")
    await receive_stock(client, admin, warehouse["id"], {product["skus"][0]["id"]: 12})
    stocktake = await client.post("/stocktakes", json={"warehouse_id": warehouse["id"]}, headers=admin)
    assert stocktake.status_code == 201, stocktake.text
    names = [product["name"], category["name"], warehouse["name"]]
    order = await _an_order(client, product["skus"][0]["id"])
    await _a_reconciliation(client, admin)
    return Seeded(product_id=product["id"], stocktake_id=stocktake.json()["id"], names=names, order_id=order)


async def _an_order(client: httpx.AsyncClient, sku_id: str) -> str:
    """An order of a customer named in both scripts, for the order pages."""
    customer = bearer(await register_customer(client))
    assert (await client.patch("/me", json={"display_name": "王五 Wang Wu"}, headers=customer)).status_code == 200
    address: dict[str, Any] = {
        "recipient": "王五 Wang",
        "phone": "13900000005",
        "region_code": "310101",
        "province": "上海市",
        "city": "上海市",
        "district": "黄浦区",
        "detail": "南京东路 5 号 Room 5",
        "is_default": True,
    }
    made = await client.post("/me/addresses", json=address, headers=customer)
    assert made.status_code == 201, made.text
    body = {"lines": [{"sku_id": sku_id, "quantity": 1}], "address_id": made.json()["id"], "note": "请放门口 leave it"}
    placed = await client.post("/me/orders", json=body, headers={**customer, "Idempotency-Key": str(uuid.uuid4())})
    assert placed.status_code == 201, placed.text
    return str(placed.json()["id"])


async def _a_reconciliation(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    """An imported bill with a difference, so the reconciliation list links to a run's page."""
    day = reconciliation_data.a_quiet_day()
    bill = reconciliation_data.wechat_bill(
        reconciliation_data.wechat_paid(reconciliation_data.beijing(day, 9), reconciliation_data.number("P"), "9.90")
    )
    files = {"file": ("wechat.csv", bill, "text/csv")}
    made = await client.post("/reconciliations", data={"provider": "wechat_pay"}, files=files, headers=admin)
    assert made.status_code == 201, made.text


async def settle(page: Page) -> None:
    """The page has drawn what it loads: network quiet and no loading mask left."""
    await page.wait_for_load_state("networkidle")
    await expect(page.locator(".el-loading-mask:visible")).to_have_count(0)


async def open_context(browser: Browser, locale: str) -> BrowserContext:
    """A browser set to `locale`, with that language chosen on the device (as the language switch does)."""
    browser_locale = "zh-CN" if locale == "zh-CN" else "en-US"
    context = await browser.new_context(viewport=DESKTOP, locale=browser_locale)
    await context.add_init_script(f"localStorage.setItem('{LOCALE_KEY}', '{locale}')")
    return context


async def visit_all(
    page: Page, base_url: str, routes: list[dict[str, Any]], locale: str, seeded: Seeded
) -> dict[str, list[str]]:
    """Each route once, in router order, detail routes last (their ids may come from links on list pages)."""
    problems: dict[str, list[str]] = {}
    links: set[str] = set()
    ordered = sorted(routes, key=lambda r: ":" in r["path"])
    for route in ordered:
        url = concrete_path(route["path"], route["name"], seeded, links)
        if url is None:
            problems[route["path"]] = [f"no id to visit route {route['name']!r}: add it to _detail_ids"]
            continue
        await page.goto(f"{base_url}{url}")
        await settle(page)
        texts: list[str] = [*await page.evaluate(VISIBLE_TEXT), title_chrome(await page.title(), seeded)]
        wrong = wrong_script(texts, locale)
        if wrong:
            problems[f"{url} ({route['name']})"] = sorted(set(wrong))
        hrefs: list[str] = await page.eval_on_selector_all(
            "a[href^='/']", "els => els.map(e => e.getAttribute('href'))"
        )
        links.update(h.split("?")[0] for h in hrefs)
    return problems


async def sign_in(page: Page, base_url: str, email: str) -> None:
    await page.goto(f"{base_url}/login")
    await page.get_by_test_id("login-input").fill(email)
    await page.get_by_test_id("password-input").fill(PASSWORD)
    await page.get_by_test_id("login-submit").click()
    await expect(page).to_have_url(re.compile(r"/admin/?$"))


@pytest.mark.parametrize("locale", ["en", "zh-CN"])
async def test_every_page_shows_its_chrome_in_the_chosen_language_only(
    browser: Browser, live_server: str, shop: Shop, locale: str
) -> None:
    # given data named in both scripts, and a browser in the chosen language
    base_url = live_server.rstrip("/")
    seeded = await seed_pages(shop)
    # an administrator of this test's own: signing in keeps the browser's language on the profile, which must not
    # change the shop's admin for the tests that follow
    client = shop.client(new_ip())
    reader = await create_staff(client, await admin_headers(client), "admin")
    context = await open_context(browser, locale)
    page = await context.new_page()
    try:
        await page.goto(f"{base_url}/login")
        await settle(page)
        # layouts are unnamed routes at their first child's path: that child stands for them
        routes = [r for r in await page.evaluate(ROUTES) if r["name"]]
        assert len(routes) > 10, routes

        # when a guest visits the sign-in pages, and the administrator every other page
        problems = await visit_all(page, base_url, [r for r in routes if r["guestOnly"]], locale, seeded)
        await sign_in(page, base_url, reader["email"])
        problems |= await visit_all(page, base_url, [r for r in routes if not r["guestOnly"]], locale, seeded)

        # then no page shows UI text in the other language
        report = "\n".join(f"{where}: {texts}" for where, texts in problems.items())
        assert not problems, f"text in the wrong language ({locale}):\n{report}"
    finally:
        await context.close()


@pytest.mark.parametrize(("browser_locale", "title"), [("en-US", "Sign in"), ("zh-CN", "登录")])
async def test_a_first_visit_speaks_the_browsers_language(
    browser: Browser, live_server: str, browser_locale: str, title: str
) -> None:
    context = await browser.new_context(viewport=DESKTOP, locale=browser_locale)
    page = await context.new_page()
    try:
        await page.goto(f"{live_server.rstrip('/')}/login")
        await expect(page.locator("h1.auth-title")).to_have_text(title)
    finally:
        await context.close()


async def test_a_chosen_language_is_remembered_and_becomes_the_profiles_on_sign_in(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    # given an English browser on which the user picks Chinese before signing in
    base_url = live_server.rstrip("/")
    client = shop.client(new_ip())
    email = f"reader-{uuid.uuid4().hex[:8]}@example.com"
    created = await client.post(
        "/users",
        json={
            "email": email,
            "display_name": "Reader",
            "password": "Reader#2026!",
            "roles": ["analyst"],
            "locale": "en",
        },
        headers=await admin_headers(client),
    )
    assert created.status_code == 201, created.text
    context = await browser.new_context(viewport=DESKTOP, locale="en-US")
    page = await context.new_page()
    try:
        await page.goto(f"{base_url}/login")
        await page.get_by_test_id("language-switch").click()
        await page.get_by_test_id("language-zh-CN").click()
        await expect(page.locator("h1.auth-title")).to_have_text("登录")

        # when the page is opened again and the user signs in
        await page.reload()
        await expect(page.locator("h1.auth-title")).to_have_text("登录")
        await page.get_by_test_id("login-input").fill(email)
        await page.get_by_test_id("password-input").fill("Reader#2026!")
        async with page.expect_response(
            lambda r: r.url.endswith("/api/v1/me") and r.request.method == "PATCH"
        ) as saved:
            await page.get_by_test_id("login-submit").click()
        await expect(page).to_have_url(re.compile(r"/admin/?$"))

        # then the UI stays Chinese and the profile now says Chinese, so mails and server messages agree
        await expect(page.get_by_test_id("menu-dashboard")).to_contain_text("工作台")
        assert (await (await saved.value).json())["locale"] == "zh_CN"
        me = await client.get("/me", headers=bearer(await login(client, email, "Reader#2026!")))
        assert me.json()["locale"] == "zh_CN"
    finally:
        await context.close()


async def test_built_in_roles_have_no_delete_button_and_roles_read_by_module(
    browser: Browser, live_server: str, shop: Shop
) -> None:
    # given a custom role beside the built-in ones
    client = shop.client(new_ip())
    name = f"packer_{uuid.uuid4().hex[:6]}"
    body = {"name": name, "description": "打包 Packing", "permissions": ["inventory:read", "aftersales:write"]}
    admin = await admin_headers(client)
    created = await client.post("/roles", json=body, headers=admin)
    assert created.status_code == 201, created.text
    reader = await create_staff(client, admin, "admin")  # not the shop's admin: see the test above
    context = await open_context(browser, "en")
    page = await context.new_page()
    try:
        # when the administrator opens the roles page in English
        await sign_in(page, live_server.rstrip("/"), reader["email"])
        await page.goto(f"{live_server.rstrip('/')}/admin/roles")

        # then only the custom role can be deleted, and each role's grants read as modules, after-sales not yet
        await expect(page.get_by_test_id(f"delete-role-{name}")).to_be_visible()
        for builtin in ("admin", "warehouse", "customer"):
            await expect(page.get_by_test_id(f"edit-role-{builtin}")).to_be_visible()
            await expect(page.get_by_test_id(f"delete-role-{builtin}")).to_have_count(0)
        await expect(page.get_by_test_id(f"role-{name}-grant-inventory")).to_have_text("Inventory")
        await expect(page.get_by_test_id(f"role-{name}-grant-aftersales")).to_have_count(0)
        await expect(page.get_by_test_id("role-admin-grant-all")).to_have_text("All permissions")
    finally:
        await context.close()
