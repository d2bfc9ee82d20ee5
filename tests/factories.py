"""Builders of test data through the public API, with values no other test uses."""

from __future__ import annotations

import itertools
import re
import uuid
from dataclasses import dataclass
from typing import Any, cast

import httpx
import sqlalchemy as sa

from infra.db.tables.notifications import outbox_message
from infra.seed import demo_password

ADMIN = ("admin@allorder.local", demo_password("admin@allorder.local"))
CLERK = ("clerk@allorder.local", demo_password("clerk@allorder.local"))
PASSWORD = "Secret#1234"
_phones = itertools.count(int(uuid.uuid4().int % 10**7))


def unique_email(prefix: str = "user") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}@example.com"


def unique_phone() -> str:
    return f"139{next(_phones) % 10**8:08d}"


def bearer(token_pair: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_pair['access_token']}"}


async def login(client: httpx.AsyncClient, login: str, password: str) -> dict[str, Any]:
    response = await client.post("/auth/login", json={"login": login, "password": password})
    assert response.status_code == 200, response.text
    return dict(response.json())


async def register_customer(
    client: httpx.AsyncClient, *, email: str | None = None, password: str = PASSWORD, locale: str | None = None
) -> dict[str, Any]:
    """Sign up by e-mail as a customer would: ask, take the link from the mail, choose the password there."""
    email = email or unique_email()
    started = await client.post("/auth/register", json={"email": email, "locale": locale})
    assert started.status_code == 202, started.text
    token = await mailed_link_token(client, email, "auth.sign_up")
    body = {"token": token, "password": password, "locale": locale}
    response = await client.post("/auth/register/complete", json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def mailed_link_token(client: httpx.AsyncClient, address: str, event: str) -> str:
    """The token of the link in the latest `event` mail queued to `address` (read from the app's outbox, so
    no job has to run first)."""
    body = await _queued_body(client, address, event, "email")
    match = re.search(r"\?token=([\w-]+)", body or "")
    assert match, f"no {event} mail to {address}: {body!r}"
    return match.group(1)


async def texted_code(client: httpx.AsyncClient, phone: str) -> str:
    """The code in the latest SMS code queued to `phone` (from the app's outbox, like `mailed_link_token`)."""
    body = await _queued_body(client, phone, "auth.sms_code", "sms")
    match = re.search(r"\b(\d{6})\b", body or "")
    assert match, f"no code texted to {phone}: {body!r}"
    return match.group(1)


async def _queued_body(client: httpx.AsyncClient, recipient: str, event: str, channel: str) -> str | None:
    transport = client._transport
    assert isinstance(transport, httpx.ASGITransport), "a client of tests.conftest.Shop.client"
    container = cast(Any, transport.app).state.container
    box = outbox_message
    query = (
        sa.select(box.c.body)
        .where(box.c.recipient == recipient, box.c.event == event, box.c.channel == channel)
        .order_by(box.c.created_at.desc())
        .limit(1)
    )
    async with container.engine.connect() as conn:
        return cast(str | None, await conn.scalar(query))


async def admin_headers(client: httpx.AsyncClient) -> dict[str, str]:
    return bearer(await login(client, *ADMIN))


async def create_staff(
    client: httpx.AsyncClient, headers: dict[str, str], *roles: str, email: str | None = None
) -> dict[str, Any]:
    body = {
        "email": email or unique_email("staff"),
        "display_name": "Staff",
        "password": PASSWORD,
        "roles": list(roles),
    }
    response = await client.post("/users", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


def unique_code(prefix: str = "P") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10].upper()}"


async def create_category(
    client: httpx.AsyncClient, headers: dict[str, str], *, name: str | None = None, parent_id: str | None = None
) -> dict[str, Any]:
    """A category made through POST /categories; returns its JSON."""
    body: dict[str, Any] = {"name": name or f"Category {uuid.uuid4().hex[:8]}", "parent_id": parent_id}
    response = await client.post("/categories", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


def sku_body(code: str | None = None, *, retail_price: str = "99.00", **fields: Any) -> dict[str, Any]:
    """The JSON of one SKU for POST /products (`fields` overrides or adds e.g. barcode, wholesale_price)."""
    sku_code = code or unique_code("SKU")
    body: dict[str, Any] = {
        "code": sku_code,
        "barcode": f"69{uuid.uuid4().int % 10**11:011d}",
        "attributes": {"colour": "red", "size": sku_code[-4:]},
        "retail_price": retail_price,
    }
    return {**body, **fields}


async def create_product(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    *,
    category_id: str | None = None,
    status: str = "on_sale",
    skus: int | list[dict[str, Any]] = 1,
    **fields: Any,
) -> dict[str, Any]:
    """A product made through POST /products (its category too, when none is given); returns ProductDetail JSON.

    `skus` is a count of generated SKUs or the explicit SKU bodies (see `sku_body`); `fields` override the body."""
    if category_id is None:
        category_id = (await create_category(client, headers))["id"]
    sku_list = [sku_body() for _ in range(skus)] if isinstance(skus, int) else skus
    body: dict[str, Any] = {
        "code": unique_code("P"),
        "name": f"Product {uuid.uuid4().hex[:8]}",
        "category_id": category_id,
        "brand": "Acme",
        "description": "",
        "tags": [],
        "status": status,
        "skus": sku_list,
        **fields,
    }
    response = await client.post("/products", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def create_warehouse(client: httpx.AsyncClient, headers: dict[str, str], **fields: Any) -> dict[str, Any]:
    """A warehouse made through POST /warehouses; returns its JSON."""
    body: dict[str, Any] = {"code": unique_code("WH"), "name": f"Warehouse {uuid.uuid4().hex[:6]}", **fields}
    response = await client.post("/warehouses", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def receive_stock(
    client: httpx.AsyncClient, headers: dict[str, str], warehouse_id: str, quantities: dict[str, int]
) -> dict[str, Any]:
    """Goods booked in through POST /stock/receipts (`quantities` per SKU id); returns the movements JSON."""
    lines = [{"sku_id": sku_id, "quantity": quantity} for sku_id, quantity in quantities.items()]
    response = await client.post(
        "/stock/receipts", json={"warehouse_id": warehouse_id, "lines": lines}, headers=headers
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


# --- orders: a stocked SKU, a customer with an address, an order placed through the API


async def stocked_sku(
    client: httpx.AsyncClient, headers: dict[str, str], quantity: int, *, retail_price: str = "99.00", **sku: Any
) -> dict[str, Any]:
    """A SKU of a new product on sale with `quantity` units in a new warehouse; returns the SKU JSON with
    `product_id`, `product_name` and `warehouse_id` added."""
    product = await create_product(client, headers, skus=[sku_body(retail_price=retail_price, **sku)])
    warehouse = await create_warehouse(client, headers)
    made = dict(product["skus"][0])
    if quantity:
        await receive_stock(client, headers, warehouse["id"], {made["id"]: quantity})
    return {**made, "product_id": product["id"], "product_name": product["name"], "warehouse_id": warehouse["id"]}


@dataclass
class Buyer:
    """A signed-up customer with one address."""

    id: str
    headers: dict[str, str]
    address_id: str
    email: str
    phone: str | None = None


async def customer_with_address(
    client: httpx.AsyncClient, *, name: str | None = None, locale: str | None = None, phone: str | None = None
) -> Buyer:
    """A customer signed up by e-mail; with `phone`, the number proven by its texted code on their account too."""
    email = unique_email("buyer")
    headers = bearer(await register_customer(client, email=email, locale=locale))
    if name:
        assert (await client.patch("/me", json={"display_name": name}, headers=headers)).status_code == 200
    if phone:
        await add_phone(client, headers, phone)
    me = (await client.get("/me", headers=headers)).json()
    body = {
        "recipient": "张三",
        "phone": unique_phone(),
        "region_code": "310115",
        "province": "上海市",
        "city": "上海市",
        "district": "浦东新区",
        "detail": "世纪大道 100 号",
        "postal_code": "200120",
    }
    response = await client.post("/me/addresses", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return Buyer(id=me["id"], headers=headers, address_id=response.json()["id"], email=email, phone=phone)


async def add_phone(client: httpx.AsyncClient, headers: dict[str, str], phone: str) -> None:
    """The signed-in account gets `phone`, as a customer adds one: the code texted to it, then PATCH /me."""
    sent = await client.post("/auth/sms/send", json={"phone": phone, "purpose": "verify_phone"})
    assert sent.status_code == 202, sent.text
    body = {"phone": phone, "sms_code": await texted_code(client, phone)}
    response = await client.patch("/me", json=body, headers=headers)
    assert response.status_code == 200, response.text


async def place_order(
    client: httpx.AsyncClient, buyer: Buyer, quantities: dict[str, int], *, key: str | None = None
) -> dict[str, Any]:
    """An order placed by the customer at checkout (POST /me/orders); returns OrderOut JSON."""
    lines = [{"sku_id": sku_id, "quantity": quantity} for sku_id, quantity in quantities.items()]
    headers = {**buyer.headers, **({"Idempotency-Key": key} if key else {})}
    response = await client.post("/me/orders", json={"lines": lines, "address_id": buyer.address_id}, headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def pay_order(client: httpx.AsyncClient, headers: dict[str, str], order_id: str) -> dict[str, Any]:
    """Staff mark an order paid by bank transfer; returns OrderOut JSON."""
    response = await client.post(f"/orders/{order_id}/pay", json={"method": "bank_transfer"}, headers=headers)
    assert response.status_code == 200, response.text
    return dict(response.json())


async def remove_freight_templates(client: httpx.AsyncClient, headers: dict[str, str]) -> None:
    """Delete every freight template (the default last, as the API requires), so orders placed afterwards in the
    shared test shop ship free again."""
    templates = (await client.get("/freight/templates", params={"page_size": 200}, headers=headers)).json()["items"]
    for template in sorted(templates, key=lambda t: t["is_default"]):
        response = await client.delete(f"/freight/templates/{template['id']}", headers=headers)
        assert response.status_code == 204, response.text
