"""Builders of test data through the public API, with values no other test uses."""

from __future__ import annotations

import itertools
import re
import uuid
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
    transport = client._transport
    assert isinstance(transport, httpx.ASGITransport), "a client of tests.conftest.Shop.client"
    container = cast(Any, transport.app).state.container
    box = outbox_message
    query = (
        sa.select(box.c.body)
        .where(box.c.recipient == address, box.c.event == event, box.c.channel == "email")
        .order_by(box.c.created_at.desc())
        .limit(1)
    )
    async with container.engine.connect() as conn:
        body = await conn.scalar(query)
    match = re.search(r"\?token=([\w-]+)", body or "")
    assert match, f"no {event} mail to {address}: {body!r}"
    return match.group(1)


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
