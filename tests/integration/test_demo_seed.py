"""`make run` seeds a demo shop: the catalog, stock and order history it shows must be there, consistent, and
seeded once."""

from __future__ import annotations

import asyncio
import io
import uuid
from collections import Counter, defaultdict
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from PIL import Image

from api.app import create_app
from domain.catalog import use_cases as catalog
from domain.catalog.pricing import Buyer
from domain.customers import use_cases as customers
from domain.customers.ports import CustomerQuery
from domain.inventory.ports import StockQuery
from domain.orders.entities import OrderStatus, PaymentMethod
from domain.payments.entities import PaymentStatus, RefundStatus
from domain.payments.refunding import RefundPolicy
from infra.container import Container
from infra.db.engine import create_engine
from infra.db.tables import identity as identity_tables
from infra.db.tables import inventory as inventory_tables
from infra.db.tables import notifications as notifications_tables
from infra.db.tables import orders as order_tables
from infra.db.tables import payment_methods as payment_method_tables
from infra.db.tables import payments as payment_tables
from infra.seed import DEMO_CUSTOMER, DEMO_STAFF, demo_password, seed
from infra.seed_catalog import PICTURES, PRODUCTS
from infra.seed_catalog_english import NAMES
from infra.seed_customers import DEMO_CUSTOMERS
from infra.settings import ROOT, Settings, SmsSettings
from tests.conftest import POSTGRES_URL


async def _fresh_database(tmp: Path) -> str:
    """An empty database of the kind under test, migrated to head."""
    if POSTGRES_URL:
        name = f"allorder_seed_{uuid.uuid4().hex[:8]}"
        admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
        async with admin.connect() as conn:
            await conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        await admin.dispose()
        url = POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    else:
        url = f"sqlite+aiosqlite:///{tmp / 'demo.db'}"
    config = Config(str(ROOT / "alembic.ini"))
    config.attributes["database_url"] = url
    config.attributes["configure_logging"] = False
    await asyncio.to_thread(command.upgrade, config, "head")
    return url


@pytest.fixture(scope="module")
async def demo(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Container]:
    tmp_path = tmp_path_factory.mktemp("demo")
    url = await _fresh_database(tmp_path)
    container = Container(
        Settings(
            database_url=url,
            media_dir=tmp_path / "media",
            mail_dir=tmp_path / "mail",
            cron_enabled=False,
            app_env="development",  # as `make run` seeds it
            var_dir=tmp_path / "var",
            # as in a shell with SMS__ENDPOINT naming the sandbox of a server that is not up yet
            sms=SmsSettings(endpoint="http://127.0.0.1:9/sandbox/sms/"),
        )
    )
    await seed(container)
    await seed(container)  # `make run` seeds at every start
    await container.queue.drain()  # type: ignore[union-attr]
    yield container
    await container.close()


async def test_the_demo_shop_has_a_catalog_with_stock_a_low_item_and_a_stocktake(demo: Container) -> None:
    # the storefront shows the products on sale, each with a picture
    found = await catalog.search_storefront(
        demo.uow(read_only=True), demo.clock, Buyer.RETAIL, currency="CNY", offset=0, limit=50
    )
    on_sale, total = found.cards, found.total
    assert total == 8
    assert all(card.product.thumbnail_url for card in on_sale)
    # each in the shop's own words and in English: the English UI asks "Choose Colour / Size", not 颜色 / 尺码
    tee = next(card.product for card in on_sale if card.product.code == "AO-TS-001")
    assert (tee.name, tee.name_en) == ("纯棉圆领T恤", "Cotton Crew Tee")
    page = await catalog.product_page(demo.uow(read_only=True), demo.clock, Buyer.RETAIL, tee.id)
    assert {name: option.name for name, option in page.options_en.items()} == {"颜色": "Colour", "尺码": "Size"}
    assert page.options_en["颜色"].values == {"白": "White", "黑": "Black"}
    assert [(c.name, c.name_en) for c in page.category_path] == [("服装", "Clothing"), ("男装", "Menswear")]

    # stock: the black earbuds are low and their alert went to the warehouse staff once
    rows, _ = await _stock(demo, StockQuery(low_only=True))
    assert [row.sku_code for row in rows] == ["AO-EP-004-B"]
    async with demo.uow(read_only=True) as uow:
        alerts = await uow.session.scalar(  # type: ignore[attr-defined]
            sa.select(sa.func.count())
            .select_from(notifications_tables.outbox_message)
            .where(notifications_tables.outbox_message.c.event == "inventory.low_stock")
        )
        stocktakes, count = await uow.stocktakes.list(warehouse_id=None, status=None, offset=0, limit=10)
    assert alerts and alerts > 0
    assert count == 1 and stocktakes[0].status == "open"


async def test_the_demo_ledger_adds_up_to_the_stock_levels(demo: Container) -> None:
    async with demo.uow(read_only=True) as uow:
        session = uow.session  # type: ignore[attr-defined]
        movements = (await session.execute(sa.select(inventory_tables.stock_movement))).mappings().all()
        levels = (await session.execute(sa.select(inventory_tables.stock_level))).mappings().all()
    sums: dict[tuple[object, object], list[int]] = defaultdict(lambda: [0, 0])
    for m in movements:
        sums[(m["sku_id"], m["warehouse_id"])][0] += m["on_hand_delta"]
        sums[(m["sku_id"], m["warehouse_id"])][1] += m["reserved_delta"]
    assert levels
    assert all(sums[(lv["sku_id"], lv["warehouse_id"])] == [lv["on_hand"], lv["reserved"]] for lv in levels)


async def test_seeding_sends_nothing_out_and_welcomes_staff_and_the_customer_each_in_their_own_words(
    demo: Container,
) -> None:
    async with demo.uow(read_only=True) as uow:
        session = uow.session  # type: ignore[attr-defined]
        outbox = notifications_tables.outbox_message
        welcomes = (
            await session.execute(
                sa.select(identity_tables.user_account.c.email, outbox.c.channel, outbox.c.status, outbox.c.body)
                .join(outbox, outbox.c.user_id == identity_tables.user_account.c.id)
                .where(outbox.c.event.like("account.%"))
            )
        ).all()
        failures = await session.scalar(
            sa.select(sa.func.count()).select_from(outbox).where(outbox.c.last_error.is_not(None))
        )
        texted = await session.scalar(sa.select(sa.func.count()).select_from(outbox).where(outbox.c.channel == "sms"))

    # no SMS and no failed delivery: nothing tried the gateway that is not there
    assert (failures, texted) == (0, 0)
    # one welcome per account, in its inbox, seeded once though the seed ran twice
    by_email = {email: (channel, status, body) for email, channel, status, body in welcomes}
    assert len(welcomes) == len(by_email) == len(DEMO_STAFF) + 1 + len(DEMO_CUSTOMERS)
    assert all(channel == "in_app" and status == "sent" for channel, status, _ in by_email.values())
    for customer in [DEMO_CUSTOMER[0], *(email for email, *_ in DEMO_CUSTOMERS)]:
        assert "商城账号" in by_email[customer][2] and "后台" not in by_email[customer][2], customer
    assert all("后台账号" in by_email[email][2] for _, email, *_ in DEMO_STAFF)


async def test_every_demo_product_has_a_drawn_picture_that_the_storefront_serves(demo: Container) -> None:
    # given the shop serving the seeded database and media
    transport = httpx.ASGITransport(app=create_app(demo.settings))
    async with httpx.AsyncClient(transport=transport, base_url="http://shop.test") as client:
        # when a visitor opens the home page's product list and each product
        listing = (await client.get("/api/v1/store/products", params={"page_size": 50})).json()
        on_sale = [card["id"] for card in listing["items"]]
        pictures = []
        for product_id in on_sale:
            page = (await client.get(f"/api/v1/store/products/{product_id}")).json()
            pictures += [(page["name"], image[size]) for image in page["images"] for size in ("url", "thumbnail_url")]
        served = {url: await client.get(url) for _, url in pictures}

    # then each product shows at least one picture, every one of them is served as an image
    assert len(on_sale) == 8 and all(card["thumbnail_url"] for card in listing["items"])
    assert {name for name, _ in pictures} == {
        NAMES[code][0] for code, *_, status, _, _ in PRODUCTS if status == "on_sale"
    }
    assert all(r.status_code == 200 and r.headers["content-type"].startswith("image/") for r in served.values())
    # and it is a drawing, not the plain disc on a tint it replaces (that one has 2 or 3 colours of any size)
    for name, url in pictures:
        assert _colour_areas(served[url].content) >= 6, name
    # the products off the shelf have theirs too, one per colour drawn
    async with demo.uow(read_only=True) as uow:
        for code, *_ in PRODUCTS:
            product = await uow.products.by_code(code)
            assert product is not None and len(product.images) == len(PICTURES[code][1]), code


def _colour_areas(picture: bytes) -> int:
    """How many colours each cover at least 1% of a picture, reduced to 16."""
    image = Image.open(io.BytesIO(picture)).convert("RGB").resize((100, 100)).quantize(colors=16)
    return sum(1 for count, _ in image.getcolors() or [] if count >= 100)


async def _stock(container: Container, query: StockQuery) -> tuple[list, int]:  # type: ignore[type-arg]
    async with container.uow(read_only=True) as uow:
        return await uow.stock.rows(query, offset=0, limit=100)


async def test_the_demo_shop_has_tagged_customers_with_notes_and_one_blacklisted(demo: Container) -> None:
    listed, total = await customers.list_customers(demo.uow(), CustomerQuery(), offset=0, limit=50)
    blacklisted, _ = await customers.list_customers(demo.uow(), CustomerQuery(blacklisted=True), offset=0, limit=50)
    qian = blacklisted[0]

    assert total == 5  # the demo customer and four more, seeded once
    assert sum(1 for c in listed if c.tags) == 4
    assert [c.account.email for c in blacklisted] == ["qianqi@allorder.local"]
    assert qian.record is not None and qian.record.blacklist_reason
    assert [n.author_name for n in await customers.list_notes(demo.uow(), qian.id)] == ["seed"]


async def _staff_client(demo: Container) -> AsyncIterator[tuple[httpx.AsyncClient, dict[str, str]]]:
    transport = httpx.ASGITransport(app=create_app(demo.settings))
    async with httpx.AsyncClient(transport=transport, base_url="http://shop.test/api/v1") as client:
        login = DEMO_STAFF[0][1]
        signed_in = await client.post("/auth/login", json={"login": login, "password": demo_password(login)})
        assert signed_in.status_code == 200, signed_in.text
        yield client, {"Authorization": f"Bearer {signed_in.json()['access_token']}"}


async def test_the_demo_has_orders_in_every_state_over_sixty_days(demo: Container) -> None:
    async with demo.uow(read_only=True) as uow:
        session = uow.session  # type: ignore[attr-defined]
        so = order_tables.sales_order
        rows = (await session.execute(sa.select(so.c.status, sa.func.count()).group_by(so.c.status))).all()
        states: dict[str, int] = {status: count for status, count in rows}
        first, last = (
            await session.execute(sa.select(sa.func.min(so.c.created_at), sa.func.max(so.c.created_at)))
        ).one()
        waiting = await session.scalar(sa.select(sa.func.count()).select_from(so).where(so.c.needs_review == sa.true()))

    assert set(states) == {str(s) for s in OrderStatus}
    assert all(count >= 2 for count in states.values()), states
    assert 80 <= sum(states.values()) <= 300  # seeded once though the seed ran twice
    assert waiting and waiting == states["paid"]  # the paid ones wait in the review queue
    assert (last - first).days >= 59


async def test_the_demo_storefront_best_sellers_are_not_its_new_arrivals(demo: Container) -> None:
    transport = httpx.ASGITransport(app=create_app(demo.settings))
    async with httpx.AsyncClient(transport=transport, base_url="http://shop.test/api/v1") as client:
        best = (await client.get("/store/products", params={"sort": "sales", "page_size": 6})).json()["items"]
        newest = (await client.get("/store/products", params={"sort": "newest", "page_size": 6})).json()["items"]

    # the charger, the tee and the phone case sell most, and they are not the newest products
    assert {p["name"] for p in best[:3]} == {NAMES[code][0] for code in ("AO-PC-005", "AO-TS-001", "AO-CB-006")}
    assert {p["id"] for p in best} != {p["id"] for p in newest}
    assert best[0]["id"] != newest[0]["id"]


async def test_the_demo_home_counts_are_those_of_the_lists_they_open(demo: Container) -> None:
    async for client, admin in _staff_client(demo):
        home = (await client.get("/dashboard", headers=admin)).json()
        totals = {
            name: (await client.get(path, params={**todo["filters"], "page_size": 1}, headers=admin)).json()["total"]
            for name, todo in home["todos"].items()
            for path in ["/stock" if name == "low_stock" else "/orders"]
        }
        month = home["figures"]["month"]
        placed = await client.get(
            "/orders", params={"created_from": month["start"], "created_to": month["end"]}, headers=admin
        )

    assert totals == {name: todo["count"] for name, todo in home["todos"].items()}
    assert all(totals.values()), totals  # each to-do has something to do in the demo
    assert placed.json()["total"] == month["orders"] > 0
    assert sum(day["orders"] for day in home["figures"]["series"]) > 60


async def _rows(demo: Container, query: sa.Select) -> list[sa.RowMapping]:  # type: ignore[type-arg]
    async with demo.uow(read_only=True) as uow:
        return list((await uow.session.execute(query)).mappings().all())  # type: ignore[attr-defined]


async def _signed_in(client: httpx.AsyncClient, login: str) -> dict[str, str]:
    signed_in = await client.post("/auth/login", json={"login": login, "password": demo_password(login)})
    assert signed_in.status_code == 200, signed_in.text
    return {"Authorization": f"Bearer {signed_in.json()['access_token']}"}


async def test_the_demo_has_payments_of_every_method_in_every_state_with_the_providers_fees(demo: Container) -> None:
    payments = await _rows(demo, sa.select(payment_tables.payment))
    orders = {o["id"]: o for o in await _rows(demo, sa.select(order_tables.sales_order))}
    proofs = await _rows(demo, sa.select(payment_method_tables.payment_proof))

    assert {p["status"] for p in payments} == {str(s) for s in PaymentStatus}
    succeeded = [p for p in payments if p["status"] == PaymentStatus.SUCCEEDED]
    by_method = Counter(p["method"] for p in succeeded)
    assert set(by_method) == {str(m) for m in PaymentMethod if m != PaymentMethod.CASH}, by_method
    # mostly online, as a Chinese shop is paid
    online = sum(by_method[str(m)] for m in (PaymentMethod.ALIPAY, PaymentMethod.WECHAT_PAY, PaymentMethod.CARD))
    assert online > 0.7 * len(succeeded)
    # each provider's fee as it reported it: 0.6% for Alipay and WeChat Pay, 2.9% + ¥2.00 for cards; none offline
    for p in succeeded:
        rate, fixed = {"alipay": ("0.006", 0), "wechat_pay": ("0.006", 0), "card": ("0.029", 200)}.get(
            p["method"], ("", 0)
        )
        expected = int(p["amount_minor"] * Decimal(rate) + Decimal("0.5")) + fixed if rate else None  # half up
        assert p["fee_minor"] == expected, (p["payment_no"], p["method"], p["fee_minor"])
    # a declined card, QR codes given up for another method or left until the order expired
    assert any(p["method"] == "card" and p["failure_code"] == "declined" for p in payments)
    expired = [p for p in payments if p["status"] == PaymentStatus.EXPIRED]
    assert expired and all(orders[p["order_id"]]["status"] in ("paid", "shipped", "completed", "cancelled",
                                                                "awaiting_shipment", "on_hold", "partially_shipped",
                                                                "closed") for p in expired)  # fmt: skip
    # the attempts still open are those of orders waiting for their money, just placed
    for p in payments:
        if p["status"] in (PaymentStatus.PENDING, PaymentStatus.PROCESSING):
            assert orders[p["order_id"]]["status"] == "pending_payment", p["payment_no"]
    # every bank transfer came with a picture of its receipt, except the one chosen minutes ago
    transfers = [p for p in payments if p["method"] == "bank_transfer"]
    pictured = {proof["payment_id"] for proof in proofs}
    assert [p["status"] for p in transfers if p["id"] not in pictured] == ["pending"]


async def test_every_paid_demo_order_has_one_succeeded_payment_of_what_it_paid(demo: Container) -> None:
    payments = await _rows(demo, sa.select(payment_tables.payment))
    orders = await _rows(demo, sa.select(order_tables.sales_order))
    refunds = await _rows(demo, sa.select(payment_tables.refund))
    succeeded: dict[object, list[sa.RowMapping]] = defaultdict(list)
    for p in payments:
        if p["status"] == PaymentStatus.SUCCEEDED:
            succeeded[p["order_id"]].append(p)

    paid = [o for o in orders if o["paid_minor"]]
    assert len(paid) > 60
    for order in paid:
        (payment,) = succeeded[order["id"]]
        assert payment["amount_minor"] == order["paid_minor"]
        if payment["method"] in ("alipay", "wechat_pay", "card"):  # a transfer's is the bank's reference
            assert order["payment_reference"] == payment["payment_no"]
        assert order["paid_at"] is not None and payment["paid_at"] is not None
    # the money that came after its order had expired paid nothing, and went back by itself
    (late,) = [p for o in orders if not o["paid_minor"] for p in succeeded[o["id"]]]
    back = [r for r in refunds if r["payment_id"] == late["id"]]
    assert [(r["reason"], r["status"], r["amount_minor"]) for r in back] == [
        ("late_payment", "succeeded", late["amount_minor"])
    ]


async def test_the_demo_refunds_are_in_every_state_and_the_orders_count_the_succeeded_ones(demo: Container) -> None:
    refunds = await _rows(demo, sa.select(payment_tables.refund))
    orders = await _rows(demo, sa.select(order_tables.sales_order))

    assert {r["status"] for r in refunds} == {str(s) for s in RefundStatus}
    back: Counter[object] = Counter()
    for r in refunds:
        if r["status"] == RefundStatus.SUCCEEDED and r["reason"] != "late_payment":
            back[r["order_id"]] += r["amount_minor"]
    assert all(o["refunded_minor"] == back[o["id"]] for o in orders)
    # the paid orders cancelled later were refunded in full
    closed = [o for o in orders if o["status"] == "closed"]
    assert closed and all(o["paid_minor"] and o["refunded_minor"] == o["paid_minor"] for o in closed)
    assert {r["reason"] for r in refunds if r["order_id"] in {o["id"] for o in closed}} == {"order_closed"}
    # finance's goodwill refunds on completed orders: through the provider, one it never answered (failed after
    # every try), one paid back by hand, one by hand still to do
    goodwill = [r for r in refunds if r["requested_by_kind"] == "staff"]
    assert len(goodwill) >= 3
    assert sum(r["status"] == "succeeded" and r["provider_ref"] is not None for r in goodwill) >= 2
    (failed,) = [r for r in refunds if r["status"] == RefundStatus.FAILED]
    assert (failed["failure_code"], failed["attempts"]) == ("retries_exhausted", RefundPolicy().max_attempts)
    assert any(r["method"] == "bank_transfer" and r["status"] == "succeeded" for r in refunds)
    assert [r["method"] for r in refunds if r["status"] == RefundStatus.PENDING] == ["bank_transfer"]


async def test_finance_sees_the_demo_payments_refunds_and_a_reconciled_wechat_bill(demo: Container) -> None:
    transport = httpx.ASGITransport(app=create_app(demo.settings))
    async with httpx.AsyncClient(transport=transport, base_url="http://shop.test/api/v1") as client:
        finance = await _signed_in(client, "finance@allorder.local")
        processing = (await client.get("/payments", params={"status": "processing"}, headers=finance)).json()
        failed = (await client.get("/refunds", params={"status": "failed"}, headers=finance)).json()
        runs = (await client.get("/reconciliations", headers=finance)).json()
        run = runs["items"][0]
        mismatches = (await client.get(f"/reconciliations/{run['id']}/mismatches", headers=finance)).json()

    # finance's "processing": a transfer's receipt to check
    assert [p["method"] for p in processing["items"]] == ["bank_transfer"]
    assert [r["failure_code"] for r in failed["items"]] == ["retries_exhausted"]
    # one WeChat Pay bill, imported by finance, with the three differences, one settled with a note
    assert runs["total"] == 1 and run["provider"] == "wechat_pay" and run["matched_count"] >= 1
    kinds = {m["kind"]: m for m in mismatches["items"]}
    assert set(kinds) == {"missing_ours", "missing_theirs", "amount_differs"}
    assert [m["kind"] for m in mismatches["items"] if m["resolved"]] == ["amount_differs"]
    assert kinds["amount_differs"]["note"]
