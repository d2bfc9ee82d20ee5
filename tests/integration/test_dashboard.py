"""The back-office home (GET /dashboard): its counts are those of the lists it links to, each block follows the
viewer's permissions, and days are the shop's (Asia/Shanghai) days."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
import sqlalchemy as sa

from infra.db.tables import orders as order_tables
from tests import factories as f
from tests.conftest import Shop, new_ip

PAID = ["paid", "on_hold", "awaiting_shipment", "partially_shipped", "shipped", "completed"]


async def _customer(client: httpx.AsyncClient) -> tuple[dict[str, str], str]:
    """A signed-up customer with an address: their headers and the address id."""
    tokens = await f.register_customer(client)
    headers = f.bearer(tokens)
    address = await client.post(
        "/me/addresses",
        json={
            "recipient": "张三",
            "phone": "13800138000",
            "region_code": "310115",
            "province": "上海市",
            "city": "上海市",
            "district": "浦东新区",
            "detail": "世纪大道 100 号",
            "postal_code": "200120",
            "is_default": True,
        },
        headers=headers,
    )
    assert address.status_code == 201, address.text
    return headers, address.json()["id"]


async def _goods(client: httpx.AsyncClient, admin: dict[str, str], price: str = "99.00") -> str:
    """A SKU on sale with stock; its id."""
    product = await f.create_product(client, admin, skus=[f.sku_body(retail_price=price)])
    sku_id = str(product["skus"][0]["id"])
    warehouse = await f.create_warehouse(client, admin)
    await f.receive_stock(client, admin, warehouse["id"], {sku_id: 100})
    return sku_id


async def _order(
    client: httpx.AsyncClient, customer: tuple[dict[str, str], str], sku_id: str, quantity: int = 1
) -> dict[str, Any]:
    """An order placed by the customer (the same order twice within seconds is refused as a double submit: tests
    that place several vary the quantity)."""
    headers, address_id = customer
    placed = await client.post(
        "/me/orders",
        json={"lines": [{"sku_id": sku_id, "quantity": quantity}], "address_id": address_id},
        headers={**headers, "Idempotency-Key": uuid.uuid4().hex},
    )
    assert placed.status_code == 201, placed.text
    return dict(placed.json())


async def _pay(client: httpx.AsyncClient, admin: dict[str, str], order_id: str) -> dict[str, Any]:
    paid = await client.post(f"/orders/{order_id}/pay", json={"method": "bank_transfer"}, headers=admin)
    assert paid.status_code == 200, paid.text
    return dict(paid.json())


async def _set(shop: Shop, order_id: str, **values: Any) -> None:
    """Move an order's timestamps as if it had happened at another time (the app's clock is the real one)."""
    so = order_tables.sales_order
    async with shop.container.engine.begin() as conn:
        await conn.execute(sa.update(so).where(so.c.id == uuid.UUID(order_id)).values(**values))


async def _total(client: httpx.AsyncClient, headers: dict[str, str], path: str, query: list[tuple[str, str]]) -> int:
    response = await client.get(path, params=[*query, ("page_size", "1")], headers=headers)
    assert response.status_code == 200, response.text
    return int(response.json()["total"])


async def _paid_list(client: httpx.AsyncClient, headers: dict[str, str], start: str, end: str) -> tuple[int, Decimal]:
    """How many orders GET /orders lists as paid in [start, end) and not closed, and their total."""
    query = [("paid_from", start), ("paid_to", end), *(("status", s) for s in PAID), ("page_size", "200")]
    count, amount, page = 0, Decimal(0), 1
    while True:
        body = (await client.get("/orders", params=[*query, ("page", str(page))], headers=headers)).json()
        count += len(body["items"])
        amount += sum((Decimal(o["total"]["amount"]) for o in body["items"]), Decimal(0))
        if count >= body["total"]:
            return count, amount
        page += 1


@pytest.fixture
async def busy_shop(shop: Shop) -> tuple[httpx.AsyncClient, dict[str, str]]:
    """Orders in the to-do states: unpaid (one expiring in five minutes), paid waiting for review (over the
    automatic review's amount limit), awaiting shipment, and a low SKU."""
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    customer = await _customer(client)
    cheap, dear = await _goods(client, admin), await _goods(client, admin, price="6000.00")
    expiring = await _order(client, customer, cheap)
    await _set(shop, expiring["id"], expires_at=datetime.fromisoformat(expiring["created_at"]) + timedelta(minutes=5))
    await _order(client, customer, cheap, 2)  # unpaid, half an hour left
    await _pay(client, admin, (await _order(client, customer, cheap, 3))["id"])  # passes review: awaiting shipment
    reviewed = await _pay(client, admin, (await _order(client, customer, dear))["id"])
    assert reviewed["needs_review"] is True
    level = (await client.get("/stock", params={"sku_id": cheap}, headers=admin)).json()["items"][0]
    changed = await client.patch(f"/stock/levels/{level['id']}", json={"low_stock_threshold": 1000}, headers=admin)
    assert changed.status_code == 200, changed.text
    return client, admin


async def test_each_to_do_counts_exactly_what_the_list_it_opens_shows(
    busy_shop: tuple[httpx.AsyncClient, dict[str, str]],
) -> None:
    client, admin = busy_shop

    home = (await client.get("/dashboard", headers=admin)).json()

    todos = home["todos"]
    assert set(todos) == {"awaiting_review", "awaiting_shipment", "unpaid_expiring", "low_stock"}
    assert all(todo["count"] >= 1 for todo in todos.values())
    for name in ("awaiting_review", "awaiting_shipment", "unpaid_expiring"):
        link = urlsplit(todos[name]["link"])
        assert link.path == "/admin/orders"
        query = parse_qsl(link.query)
        assert dict(query) == todos[name]["filters"]
        assert await _total(client, admin, "/orders", query) == todos[name]["count"], name
    assert todos["awaiting_review"]["link"] == "/admin/orders?needs_review=true"
    assert todos["awaiting_shipment"]["link"] == "/admin/orders?status=awaiting_shipment"
    expiring_before = datetime.fromisoformat(todos["unpaid_expiring"]["filters"]["expiring_before"])
    assert expiring_before - datetime.fromisoformat(home["at"]) <= timedelta(minutes=10)
    # low stock is the stock alerts page, which is the stock list at status=low
    assert todos["low_stock"]["link"] == "/admin/inventory/alerts"
    assert await _total(client, admin, "/stock", [("status", "low")]) == todos["low_stock"]["count"]


async def test_the_figures_are_those_of_the_order_list_for_today_and_this_month(
    busy_shop: tuple[httpx.AsyncClient, dict[str, str]],
) -> None:
    client, admin = busy_shop

    home = (await client.get("/dashboard", headers=admin)).json()

    figures = home["figures"]
    for period in ("today", "month"):
        start, end = figures[period]["start"], figures[period]["end"]
        placed = await _total(client, admin, "/orders", [("created_from", start), ("created_to", end)])
        assert figures[period]["orders"] == placed, period
        count, amount = await _paid_list(client, admin, start, end)
        assert figures[period]["paid_orders"] == count, period
        assert Decimal(figures[period]["sales"]["amount"]) == amount, period
        assert figures[period]["sales"]["currency"] == "CNY"
    # 30 days, oldest first, today last and equal to today's figures
    series = figures["series"]
    assert len(series) == 30
    assert series[-1]["orders"] == figures["today"]["orders"]
    assert series[-1]["sales"] == figures["today"]["sales"]
    assert [day["date"] for day in series] == sorted(day["date"] for day in series)
    assert home["timezone"] == "Asia/Shanghai"
    # the latest orders are the first page of the order list
    latest = (await client.get("/orders", params={"page_size": 10}, headers=admin)).json()["items"]
    assert [o["number"] for o in home["latest_orders"]] == [o["number"] for o in latest]


async def test_an_order_paid_a_second_before_shanghai_midnight_counts_on_the_day_before(
    shop: Shop, busy_shop: tuple[httpx.AsyncClient, dict[str, str]]
) -> None:
    # given two paid orders and the home page as it is
    client, admin = busy_shop
    customer = await _customer(client)
    sku = await _goods(client, admin, price="10.00")
    late = await _pay(client, admin, (await _order(client, customer, sku))["id"])
    early = await _pay(client, admin, (await _order(client, customer, sku, 2))["id"])
    before = (await client.get("/dashboard", headers=admin)).json()["figures"]
    midnight = datetime.fromisoformat(before["today"]["start"])  # 00:00 in Shanghai, 16:00 UTC the day before
    assert (midnight.hour, midnight.minute) == (16, 0)

    # when one was paid at 23:59:59 last night Shanghai time and the other at 00:00:00 today
    await _set(shop, late["id"], paid_at=midnight - timedelta(seconds=1))
    await _set(shop, early["id"], paid_at=midnight)
    after = (await client.get("/dashboard", headers=admin)).json()["figures"]

    # then yesterday gained one paid order and 10.00, today lost one
    assert after["today"]["paid_orders"] == before["today"]["paid_orders"] - 1
    assert Decimal(after["today"]["sales"]["amount"]) == Decimal(before["today"]["sales"]["amount"]) - 10
    assert after["series"][-2]["paid_orders"] == before["series"][-2]["paid_orders"] + 1
    assert Decimal(after["series"][-2]["sales"]["amount"]) == Decimal(before["series"][-2]["sales"]["amount"]) + 10
    # and the order list agrees about today
    count, _ = await _paid_list(client, admin, after["today"]["start"], after["today"]["end"])
    assert count == after["today"]["paid_orders"]


@pytest.mark.parametrize(
    ("role", "todos", "figures", "latest"),
    [
        ("order_clerk", {"awaiting_review", "awaiting_shipment", "unpaid_expiring", "low_stock"}, False, True),
        ("finance", {"awaiting_review", "awaiting_shipment", "unpaid_expiring"}, True, True),
        ("analyst", {"awaiting_review", "awaiting_shipment", "unpaid_expiring", "low_stock"}, True, True),
    ],
)
async def test_each_block_shows_only_to_those_allowed_to_see_it(
    shop: Shop, role: str, todos: set[str], figures: bool, latest: bool
) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    staff = await f.create_staff(client, admin, role)
    headers = f.bearer(await f.login(client, staff["email"], f.PASSWORD))

    home = (await client.get("/dashboard", headers=headers)).json()

    assert set(home.get("todos", {})) == todos
    assert ("figures" in home) is figures
    assert ("latest_orders" in home) is latest


async def test_a_member_who_may_see_no_block_gets_none_of_them_and_customers_none_at_all(shop: Shop) -> None:
    # given a role that only manages users, and a customer
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    role = await client.post(
        "/roles",
        json={"name": f"users_{uuid.uuid4().hex[:6]}", "permissions": ["users:manage"]},
        headers=admin,
    )
    assert role.status_code == 201, role.text
    staff = await f.create_staff(client, admin, role.json()["name"])
    headers = f.bearer(await f.login(client, staff["email"], f.PASSWORD))
    customer = f.bearer(await f.register_customer(client))

    home = await client.get("/dashboard", headers=headers)
    refused = await client.get("/dashboard", headers=customer)

    # then the blocks are absent, not empty
    assert home.status_code == 200
    assert set(home.json()) == {"at", "timezone", "currency", "unpaid_expiring_within_minutes"}
    assert refused.status_code == 403 and refused.json()["code"] == "auth.forbidden"
