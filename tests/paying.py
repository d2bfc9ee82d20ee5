"""Steps of the payment tests: an unpaid order, a started payment, the customer on the sandbox's pay page, signed
callbacks of our own (forged, replayed, out of order), and what the payment log and refunds hold."""

from __future__ import annotations

import contextlib
import html
import json
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import httpx

from domain.payments.entities import Payment, PaymentEvent, Refund
from infra.payments import card as card_wire
from infra.payments.gateways import SandboxKeys, sandbox_keys
from infra.payments.sandbox.app import callbacks_sent
from tests.conftest import Shop
from tests.factories import Buyer, admin_headers, customer_with_address, place_order, stocked_sku

FORM = re.compile(r'<form method="post"(?: action="([^"]*)")?')


async def unpaid_order(
    client: httpx.AsyncClient, *, price: str = "25.00", quantity: int = 2
) -> tuple[Buyer, dict[str, Any]]:
    """A customer and their order, waiting for payment."""
    admin = await admin_headers(client)
    sku = await stocked_sku(client, admin, 10, retail_price=price)
    buyer = await customer_with_address(client)
    return buyer, await place_order(client, buyer, {sku["id"]: quantity})


async def start(
    client: httpx.AsyncClient, buyer: Buyer, order_id: str, method: str, *, expect: int = 201
) -> dict[str, Any]:
    response = await client.post(f"/me/orders/{order_id}/payments", json={"method": method}, headers=buyer.headers)
    assert response.status_code == expect, response.text
    return dict(response.json())


async def press(shop: Shop, payment: dict[str, Any], button: str = "pay") -> None:
    """The customer opens the pay page (or scans the QR code) in a browser and presses Pay or Fail; returns once
    the sandbox has delivered its callbacks to our webhook."""
    start = payment["start"]
    url = start["url"] or start["qr_code"]
    async with httpx.AsyncClient(timeout=10) as browser:  # over real HTTP, to the app the test serves
        page = await browser.get(url, follow_redirects=True)
        assert page.status_code == 200, page.text
        found = FORM.search(page.text)
        assert found, page.text
        action = html.unescape(found.group(1)) if found.group(1) else str(page.url)
        field = "action" if payment["method"] == "wechat_pay" else "outcome"
        pressed = await browser.post(action, data={field: button})
        assert pressed.status_code in (200, 303), pressed.text
    await sandbox_sent(shop)


async def sandbox_sent(shop: Shop) -> None:
    assert shop.container.payment_sandbox is not None
    await callbacks_sent(shop.container.payment_sandbox)


@contextlib.asynccontextmanager
async def sandbox_behaviour(shop: Shop, **change: Any) -> AsyncIterator[None]:
    """The sandbox misbehaves as asked for the length of the block (it is shared by the session's tests)."""
    async with httpx.AsyncClient(base_url=shop.url) as http:
        assert (await http.put("/sandbox/payments/behaviour", json=change)).status_code == 200
        try:
            yield
        finally:
            reset = {name: (0.0 if name == "callback_delay_seconds" else False) for name in change}
            await http.put("/sandbox/payments/behaviour", json=reset)


def keys(shop: Shop) -> SandboxKeys:
    return sandbox_keys(shop.container.settings.var_dir)


def card_event(payment: dict[str, Any], *, kind: str = "payment_intent.succeeded", **intent: Any) -> bytes:
    """A card webhook event about our payment, as the gateway would send it (fields overridable)."""
    amount = int(payment["amount"]["amount"].replace(".", ""))
    body = {
        "id": "evt_" + payment["payment_no"][-12:] + kind[-6:],
        "object": "event",
        "type": kind,
        "created": int(datetime.now(UTC).timestamp()),
        "data": {
            "object": {
                "id": "pi_test_" + payment["payment_no"],
                "object": "payment_intent",
                "amount": amount,
                "currency": "cny",
                "status": "succeeded" if kind.endswith("succeeded") else "requires_payment_method",
                "metadata": {"payment_no": payment["payment_no"]},
            }
            | intent
        },
    }
    return json.dumps(body).encode()


def card_headers(secret: str, body: bytes, *, at: datetime | None = None) -> dict[str, str]:
    timestamp = int((at or datetime.now(UTC)).timestamp())
    return {"Content-Type": "application/json", "Stripe-Signature": card_wire.signature_header(secret, timestamp, body)}


async def post_callback(client: httpx.AsyncClient, method: str, body: bytes, headers: dict[str, str]) -> httpx.Response:
    return await client.post(f"/payments/callbacks/{method}", content=body, headers=headers)


async def events(shop: Shop, payment_id: str) -> list[PaymentEvent]:
    async with shop.container.uow(read_only=True) as uow:
        return await uow.payments.events_of(UUID(payment_id))


async def kinds(shop: Shop, payment_id: str) -> list[str]:
    return [str(e.kind) for e in await events(shop, payment_id)]


async def rejected_since(shop: Shop, since: datetime) -> list[PaymentEvent]:
    """CALLBACK_REJECTED rows written since `since` (they may match no payment)."""
    import sqlalchemy as sa

    from infra.db.tables.payments import payment_event as ev

    async with shop.container.uow(read_only=True) as uow:
        stmt = sa.select(PaymentEvent).where(ev.c.kind == "callback_rejected", ev.c.at >= since).order_by(ev.c.at)
        return list((await uow.session.scalars(stmt)).all())


async def refunds_of(shop: Shop, payment_id: str) -> list[Refund]:
    async with shop.container.uow(read_only=True) as uow:
        return await uow.payments.refunds_of(UUID(payment_id))


async def payment_row(shop: Shop, payment_id: str) -> Payment:
    async with shop.container.uow(read_only=True) as uow:
        found = await uow.payments.get(UUID(payment_id))
    assert found is not None
    return found


def moments_ago(seconds: int = 5) -> datetime:
    return datetime.now(UTC) - timedelta(seconds=seconds)


async def assert_transfer_ended_with_its_order(
    shop: Shop, client: httpx.AsyncClient, finance: dict[str, str], payment_id: str, *, note: str, actor_kind: str
) -> None:
    """The bank transfer finance was checking ended with its order: logged with why and by whom, and gone from
    finance's queue."""
    last = (await events(shop, payment_id))[-1]
    assert (last.kind, last.from_status, last.note, last.actor_kind) == ("expired", "processing", note, actor_kind)
    waiting = (
        await client.get("/bank-transfers", params={"status": "processing", "page_size": 200}, headers=finance)
    ).json()
    assert payment_id not in {t["id"] for t in waiting["items"]}
