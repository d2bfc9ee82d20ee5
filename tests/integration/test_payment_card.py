"""The card gateway adapter against the payment sandbox on a real loopback socket: hosted page, signed webhook to
the notify_url, query, refunds deduplicated by refund_no, provider errors. No database."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import httpx
import pytest
from fastapi import FastAPI, Request, Response

from domain.money import Money
from domain.payments.gateway import (
    CallbackRejected,
    PaymentNotFound,
    PaymentRequest,
    ProviderStatus,
    ProviderUnavailable,
    RefundRequest,
    RefundStatus,
    StartKind,
)
from infra.payments import card
from infra.payments.card import CardGateway
from infra.payments.sandbox.app import create_payment_sandbox
from infra.payments.sandbox.behaviour import Behaviour
from infra.settings import CardPaymentSettings
from tests.servers import serve

SECRET_KEY, WEBHOOK_SECRET = "sk_test_sandbox", "whsec_sandbox"
PRICE = Money(Decimal("12.50"), "CNY")


@dataclass
class Webhook:
    headers: dict[str, str]
    body: bytes


@dataclass
class Provider:
    base_url: str
    behaviour: Behaviour
    webhooks: asyncio.Queue[Webhook]
    client: httpx.AsyncClient
    gateway: CardGateway

    def request(self, payment_no: str, amount: Money = PRICE) -> PaymentRequest:
        return PaymentRequest(
            payment_no=payment_no,
            amount=amount,
            subject=f"AllOrder order {payment_no}",
            notify_url=f"{self.base_url}/notify",
            return_url=f"{self.base_url}/back",
            expires_at=datetime.now(UTC) + timedelta(minutes=30),
        )

    async def press(self, url: str, outcome: str) -> httpx.Response:
        """What the customer does on the hosted page: open it, press Pay or Fail."""
        page = await self.client.get(url)
        assert f'value="{outcome}"' in page.text
        return await self.client.post(url, data={"outcome": outcome})

    async def next_webhook(self) -> Webhook:
        return await asyncio.wait_for(self.webhooks.get(), timeout=5)


@pytest.fixture
async def provider() -> AsyncIterator[Provider]:
    behaviour = Behaviour()
    webhooks: asyncio.Queue[Webhook] = asyncio.Queue()
    app = FastAPI()
    app.mount("/sandbox", create_payment_sandbox(card_accounts={SECRET_KEY: WEBHOOK_SECRET}, behaviour=behaviour))

    @app.post("/notify")
    async def notify(request: Request) -> Response:  # the merchant's webhook, reduced to a recorder
        await webhooks.put(Webhook(dict(request.headers), await request.body()))
        return Response(status_code=200)

    async with serve(app) as base_url, httpx.AsyncClient(timeout=5) as client:
        settings = CardPaymentSettings(api_base=f"{base_url}/sandbox/card")
        gateway = CardGateway(settings, client, secret_key=SECRET_KEY, webhook_secret=WEBHOOK_SECRET)
        yield Provider(base_url, behaviour, webhooks, client, gateway)


async def test_a_card_payment_paid_on_the_hosted_page_is_announced_by_a_verified_webhook(provider: Provider) -> None:
    # given
    start = await provider.gateway.start(provider.request("P1001"))
    assert start.kind is StartKind.REDIRECT and start.url is not None

    # when
    back = await provider.press(start.url, "pay")
    webhook = await provider.next_webhook()

    # then
    assert back.status_code == 303 and back.headers["location"].startswith(f"{provider.base_url}/back?")
    payment = provider.gateway.verify_callback(webhook.headers, webhook.body, datetime.now(UTC))
    assert (payment.payment_no, payment.status, payment.amount) == ("P1001", ProviderStatus.SUCCEEDED, PRICE)
    assert payment.provider_ref == start.provider_ref and payment.event_id and payment.paid_at is not None
    assert (await provider.gateway.query("P1001")).status is ProviderStatus.SUCCEEDED


async def test_starting_the_same_payment_twice_gives_the_same_intent(provider: Provider) -> None:
    first = await provider.gateway.start(provider.request("P1002"))
    again = await provider.gateway.start(provider.request("P1002"))

    assert again.provider_ref == first.provider_ref and again.url == first.url


@pytest.mark.parametrize(("button", "fail_payments"), [("fail", False), ("pay", True)], ids=["Fail", "failing"])
async def test_a_declined_card_is_announced_and_queried_as_failed(
    provider: Provider, button: str, fail_payments: bool
) -> None:
    provider.behaviour.fail_payments = fail_payments
    start = await provider.gateway.start(provider.request("P1003"))
    assert start.url is not None

    await provider.press(start.url, button)
    webhook = await provider.next_webhook()

    payment = provider.gateway.verify_callback(webhook.headers, webhook.body, datetime.now(UTC))
    assert payment.status is ProviderStatus.FAILED and payment.paid_at is None
    assert (await provider.gateway.query("P1003")).status is ProviderStatus.FAILED


async def test_a_duplicated_webhook_carries_the_same_event_id(provider: Provider) -> None:
    provider.behaviour.duplicate_callbacks = True
    start = await provider.gateway.start(provider.request("P1004"))
    assert start.url is not None

    await provider.press(start.url, "pay")
    first, second = await provider.next_webhook(), await provider.next_webhook()

    now = datetime.now(UTC)
    ids = {provider.gateway.verify_callback(w.headers, w.body, now).event_id for w in (first, second)}
    assert len(ids) == 1


async def test_a_dropped_webhook_leaves_the_active_query_to_find_the_payment(provider: Provider) -> None:
    provider.behaviour.drop_callbacks = True
    start = await provider.gateway.start(provider.request("P1005"))
    assert start.url is not None
    assert (await provider.gateway.query("P1005")).status is ProviderStatus.PENDING

    await provider.press(start.url, "pay")

    assert (await provider.gateway.query("P1005")).status is ProviderStatus.SUCCEEDED
    assert provider.webhooks.empty()


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("tampered body", "signature does not match"),
        ("wrong secret", "signature does not match"),
        ("stale", "tolerance"),
        ("no signature", "no Stripe-Signature"),
    ],
)
async def test_a_webhook_that_was_tampered_with_signed_otherwise_or_replayed_late_is_rejected(
    provider: Provider, change: str, reason: str
) -> None:
    # given a real webhook from the sandbox
    start = await provider.gateway.start(provider.request("P1006"))
    assert start.url is not None
    await provider.press(start.url, "pay")
    webhook = await provider.next_webhook()
    headers, body, now = dict(webhook.headers), webhook.body, datetime.now(UTC)

    # when it is changed
    if change == "tampered body":
        body = body.replace(b'"amount": 1250', b'"amount": 1')
        assert body != webhook.body
    elif change == "wrong secret":
        headers["stripe-signature"] = card.signature_header("whsec_forger", int(now.timestamp()), body)
    elif change == "stale":
        now += timedelta(seconds=301)
    else:
        del headers["stripe-signature"]

    # then
    with pytest.raises(CallbackRejected, match=reason):
        provider.gateway.verify_callback(headers, body, now)


async def test_a_signed_event_payments_do_not_act_on_is_rejected(provider: Provider) -> None:
    body = json.dumps({"id": "evt_1", "type": "customer.created", "data": {"object": {}}}).encode()
    now = datetime.now(UTC)
    headers = {"Stripe-Signature": card.signature_header(WEBHOOK_SECRET, int(now.timestamp()), body)}

    with pytest.raises(CallbackRejected, match="not one payments act on"):
        provider.gateway.verify_callback(headers, body, now)


async def test_the_same_refund_no_sent_twice_refunds_once(provider: Provider) -> None:
    # given a paid 12.50
    start = await provider.gateway.start(provider.request("P1007"))
    assert start.url is not None
    await provider.press(start.url, "pay")

    def refund(refund_no: str, amount: str) -> RefundRequest:
        return RefundRequest("P1007", refund_no, Money(Decimal(amount), "CNY"), PRICE, reason="damaged")

    # when 10.00 is refunded twice under one refund_no
    first = await provider.gateway.refund(refund("R1", "10.00"))
    again = await provider.gateway.refund(refund("R1", "10.00"))

    # then it counts once: the remaining 2.50 can still be refunded, not one cent more
    assert first.status is RefundStatus.SUCCEEDED and again.provider_ref == first.provider_ref
    assert (await provider.gateway.refund(refund("R2", "2.50"))).status is RefundStatus.SUCCEEDED
    assert (await provider.gateway.refund(refund("R3", "0.01"))).status is RefundStatus.FAILED


async def test_an_unknown_payment_number_is_not_found(provider: Provider) -> None:
    with pytest.raises(PaymentNotFound):
        await provider.gateway.query("P9999")


async def test_provider_errors_and_refusals_surface_as_provider_unavailable(provider: Provider) -> None:
    provider.behaviour.refuse_creation = True
    with pytest.raises(ProviderUnavailable):
        await provider.gateway.start(provider.request("P1008"))

    provider.behaviour.refuse_creation = False
    start = await provider.gateway.start(provider.request("P1008"))
    assert start.url is not None
    await provider.press(start.url, "pay")
    provider.behaviour.error_refunds = True
    with pytest.raises(ProviderUnavailable):
        await provider.gateway.refund(RefundRequest("P1008", "R1", PRICE, PRICE))

    settings = CardPaymentSettings(api_base=f"{provider.base_url}/sandbox/card")
    wrong_key = CardGateway(settings, provider.client, secret_key="sk_wrong", webhook_secret=WEBHOOK_SECRET)
    with pytest.raises(ProviderUnavailable):
        await wrong_key.query("P1008")


async def test_an_unreachable_gateway_is_provider_unavailable() -> None:
    async with httpx.AsyncClient(timeout=2) as client:
        settings = CardPaymentSettings(api_base="http://127.0.0.1:9/v")  # discard port: nothing listens
        gateway = CardGateway(settings, client, secret_key=SECRET_KEY, webhook_secret=WEBHOOK_SECRET)
        with pytest.raises(ProviderUnavailable):
            await gateway.query("P1009")


async def test_the_sandbox_behaviour_is_switched_over_http_and_a_delayed_webhook_still_arrives(
    provider: Provider,
) -> None:
    # given a delay switched on the way a browser test or the demo does it
    switched = await provider.client.put(f"{provider.base_url}/sandbox/behaviour", json={"callback_delay_seconds": 0.3})
    assert switched.json()["callback_delay_seconds"] == 0.3 and provider.behaviour.callback_delay_seconds == 0.3
    start = await provider.gateway.start(provider.request("P1010"))
    assert start.url is not None

    # when the customer pays, the page answers before the merchant hears
    await provider.press(start.url, "pay")
    assert provider.webhooks.empty()

    # then the webhook comes later, and verifies
    webhook = await provider.next_webhook()
    payment = provider.gateway.verify_callback(webhook.headers, webhook.body, datetime.now(UTC))
    assert payment.status is ProviderStatus.SUCCEEDED
