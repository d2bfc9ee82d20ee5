"""Builders of test data through the public API, with values no other test uses."""

from __future__ import annotations

import itertools
import uuid
from typing import Any

import httpx

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
    client: httpx.AsyncClient, *, email: str | None = None, password: str = PASSWORD
) -> dict[str, Any]:
    response = await client.post("/auth/register", json={"email": email or unique_email(), "password": password})
    assert response.status_code == 201, response.text
    return dict(response.json())


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
