"""The Alipay page-pay adapter against the payment sandbox on a real loopback socket: signed cashier URL, RSA2
notify to the notify_url, query, refunds deduplicated by refund_no (out_request_no), provider errors. No database."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

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
from infra.payments.alipay import AlipayGateway
from infra.payments.sandbox.app import create_payment_sandbox
from infra.payments.sandbox.behaviour import Behaviour
from infra.providers import rsa2
from infra.settings import AlipayPaymentSettings
from tests.servers import serve

APP_ID = "2021000000000002"
PRICE = Money(Decimal("12.50"), "CNY")


@dataclass(frozen=True)
class Keys:
    app_private: str
    app_public: str
    alipay_private: str
    alipay_public: str
    stranger_private: str  # a key Alipay never saw
    stranger_public: str


@dataclass
class Notify:
    body: bytes


class CashierForm(HTMLParser):
    """Reads the cashier page the way a browser would: where its form posts."""

    def __init__(self) -> None:
        super().__init__()
        self.action = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "form":
            self.action = dict(attrs).get("action") or ""


@dataclass
class Provider:
    base_url: str
    keys: Keys
    behaviour: Behaviour
    notifies: asyncio.Queue[Notify]
    client: httpx.AsyncClient
    gateway: AlipayGateway = field(init=False)

    def __post_init__(self) -> None:
        self.gateway = self.adapter()

    def settings(self, app_id: str = APP_ID) -> AlipayPaymentSettings:
        return AlipayPaymentSettings(gateway_url=f"{self.base_url}/sandbox/alipay/gateway.do", app_id=app_id)

    def adapter(
        self, *, app_id: str = APP_ID, alipay_public: str | None = None, skew: timedelta = timedelta()
    ) -> AlipayGateway:
        def clock() -> datetime:
            return datetime.now(UTC) + skew

        return AlipayGateway(
            self.settings(app_id),
            self.client,
            app_private_key_pem=self.keys.app_private,
            alipay_public_key_pem=alipay_public or self.keys.alipay_public,
            clock=clock,
        )

    def request(self, payment_no: str, amount: Money = PRICE) -> PaymentRequest:
        return PaymentRequest(
            payment_no=payment_no,
            amount=amount,
            subject=f"AllOrder order {payment_no}",
            notify_url=f"{self.base_url}/notify",
            return_url=f"{self.base_url}/back",
            expires_at=datetime.now(UTC) + timedelta(minutes=30),
        )

    async def pay(self, payment_no: str, outcome: str = "pay") -> httpx.Response:
        """Start, open the cashier, press Pay or Fail."""
        start = await self.gateway.start(self.request(payment_no))
        assert start.kind is StartKind.REDIRECT and start.url is not None
        page = await self.client.get(start.url)
        form = CashierForm()
        form.feed(page.text)
        assert page.status_code == 200 and "¥12.50" in page.text and form.action
        return await self.client.post(form.action, data={"outcome": outcome})

    async def next_notify(self) -> Notify:
        return await asyncio.wait_for(self.notifies.get(), timeout=5)


@pytest.fixture(scope="module")
def keys() -> Keys:
    app, alipay, stranger = (rsa2.generate_private_key() for _ in range(3))
    return Keys(
        rsa2.private_pem(app),
        rsa2.public_pem(app),
        rsa2.private_pem(alipay),
        rsa2.public_pem(alipay),
        rsa2.private_pem(stranger),
        rsa2.public_pem(stranger),
    )


@pytest.fixture
async def provider(keys: Keys) -> AsyncIterator[Provider]:
    behaviour = Behaviour()
    notifies: asyncio.Queue[Notify] = asyncio.Queue()
    sandbox = create_payment_sandbox(
        alipay_apps={APP_ID: keys.app_public}, alipay_private_key_pem=keys.alipay_private, behaviour=behaviour
    )
    app = FastAPI()
    app.mount("/sandbox", sandbox)

    @app.post("/notify")
    async def notify(request: Request) -> Response:  # the merchant's notify_url, reduced to a recorder
        await notifies.put(Notify(await request.body()))
        return Response(b"success")

    async with serve(app) as base_url, httpx.AsyncClient(timeout=5) as client:
        yield Provider(base_url, keys, behaviour, notifies, client)


async def test_a_payment_on_the_cashier_is_announced_by_a_notify_that_verifies(provider: Provider) -> None:
    # when
    back = await provider.pay("A1001")
    notify = await provider.next_notify()

    # then
    payment = provider.gateway.verify_callback({}, notify.body, datetime.now(UTC))
    assert (payment.payment_no, payment.status, payment.amount) == ("A1001", ProviderStatus.SUCCEEDED, PRICE)
    assert payment.event_id and payment.provider_ref and payment.paid_at is not None
    assert provider.gateway.callback_answer(True).body == b"success"
    assert (
        back.status_code == 303 and dict(parse_qsl(urlsplit(back.headers["location"]).query))["out_trade_no"] == "A1001"
    )
    queried = await provider.gateway.query("A1001")
    assert (queried.status, queried.amount, queried.provider_ref) == (
        ProviderStatus.SUCCEEDED,
        PRICE,
        payment.provider_ref,
    )


async def test_a_failed_payment_closes_the_trade(provider: Provider) -> None:
    await provider.pay("A1002", "fail")
    notify = await provider.next_notify()

    payment = provider.gateway.verify_callback({}, notify.body, datetime.now(UTC))
    assert payment.status is ProviderStatus.CLOSED and payment.paid_at is None
    assert (await provider.gateway.query("A1002")).status is ProviderStatus.CLOSED


async def test_an_opened_but_unpaid_trade_is_pending_and_an_unopened_one_unknown(provider: Provider) -> None:
    start = await provider.gateway.start(provider.request("A1003"))
    assert start.url is not None
    with pytest.raises(PaymentNotFound):
        await provider.gateway.query("A1003")

    await provider.client.get(start.url)

    assert (await provider.gateway.query("A1003")).status is ProviderStatus.PENDING


def resign(fields: dict[str, str], private_pem: str) -> bytes:
    fields = {k: v for k, v in fields.items() if k != "sign"}
    fields["sign"] = rsa2.sign(rsa2.load_private_key(private_pem), rsa2.signing_content(fields, rsa2.NOTIFY_UNSIGNED))
    return urlencode(fields).encode()


@pytest.mark.parametrize(
    ("forge", "reason"),
    [
        (lambda f, k: urlencode(f | {"total_amount": "0.01"}).encode(), "does not verify"),
        (lambda f, k: resign(f | {"total_amount": "0.01"}, k.stranger_private), "does not verify"),
        (lambda f, k: resign(f | {"app_id": "2021999999999999"}, k.alipay_private), "another app"),
        (lambda f, k: urlencode(f | {"sign_type": "RSA"}).encode(), "not RSA2-signed"),
        (lambda f, k: b"\xff\xfe", "not a utf-8 form"),
    ],
    ids=["tampered amount", "signed with a wrong key", "for another app", "RSA1", "garbage"],
)
async def test_a_forged_or_tampered_notify_is_rejected(
    provider: Provider, forge: Callable[[dict[str, str], Keys], bytes], reason: str
) -> None:
    await provider.pay("A1004")
    fields = dict(parse_qsl((await provider.next_notify()).body.decode()))

    with pytest.raises(CallbackRejected, match=reason):
        provider.gateway.verify_callback({}, forge(fields, provider.keys), datetime.now(UTC))
    assert provider.gateway.callback_answer(False).body != b"success"


async def test_the_same_refund_no_sent_twice_refunds_once(provider: Provider) -> None:
    # given a paid 12.50
    await provider.pay("A1005")

    def refund(refund_no: str, amount: str) -> RefundRequest:
        return RefundRequest("A1005", refund_no, Money(Decimal(amount), "CNY"), PRICE, reason="退货")

    # when 10.00 is refunded twice under one refund_no
    first = await provider.gateway.refund(refund("R1", "10.00"))
    again = await provider.gateway.refund(refund("R1", "10.00"))

    # then it counts once: the remaining 2.50 can still be refunded, not one fen more
    assert first.status is RefundStatus.SUCCEEDED and again.status is RefundStatus.SUCCEEDED
    assert (first.raw["fund_change"], again.raw["fund_change"]) == ("Y", "N")
    assert (await provider.gateway.refund(refund("R2", "2.50"))).status is RefundStatus.SUCCEEDED
    assert (await provider.gateway.refund(refund("R3", "0.01"))).status is RefundStatus.FAILED
    assert (await provider.gateway.query("A1005")).status is ProviderStatus.CLOSED  # fully refunded


async def test_provider_errors_surface_as_provider_unavailable(provider: Provider) -> None:
    await provider.pay("A1006")
    provider.behaviour.error_refunds = True
    with pytest.raises(ProviderUnavailable, match="SYSTEM_ERROR"):
        await provider.gateway.refund(RefundRequest("A1006", "R1", PRICE, PRICE))

    with pytest.raises(ProviderUnavailable, match="not signed by Alipay"):
        await provider.adapter(alipay_public=provider.keys.stranger_public).query("A1006")
    with pytest.raises(ProviderUnavailable, match="invalid-app-id"):
        await provider.adapter(app_id="2021999999999999").query("A1006")
    with pytest.raises(ProviderUnavailable, match="invalid-timestamp"):
        await provider.adapter(skew=timedelta(hours=1)).query("A1006")


async def test_a_refused_creation_shows_on_the_cashier(provider: Provider) -> None:
    provider.behaviour.refuse_creation = True
    start = await provider.gateway.start(provider.request("A1007"))
    assert start.url is not None

    assert (await provider.client.get(start.url)).status_code == 503


async def test_an_unreachable_gateway_is_provider_unavailable(keys: Keys) -> None:
    async with httpx.AsyncClient(timeout=2) as client:
        gateway = AlipayGateway(
            AlipayPaymentSettings(gateway_url="http://127.0.0.1:9/gateway.do", app_id=APP_ID),
            client,
            app_private_key_pem=keys.app_private,
            alipay_public_key_pem=keys.alipay_public,
        )
        with pytest.raises(ProviderUnavailable):
            await gateway.query("A1008")


async def test_only_whole_fen_in_cny_can_be_collected(provider: Provider) -> None:
    for amount in (Money(Decimal("12.505"), "CNY"), Money(Decimal("12.50"), "USD")):
        with pytest.raises(ValueError, match="whole fen in CNY"):
            await provider.gateway.start(provider.request("A1009", amount))
