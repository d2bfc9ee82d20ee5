"""Paid payments for tests that need money to refund, without the payment flow: the payment sandbox (card, Alipay
and WeChat Pay) on one loopback server with the gateways that talk to it, and `paid_payment`, which pays the
order at the sandbox (online methods), pays it on our side (`transitions.pay`) and records the succeeded Payment
through the repository, in one transaction."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from html.parser import HTMLParser
from uuid import UUID

import httpx
from fastapi import FastAPI, Response

from domain.clock import SystemClock
from domain.money import Money
from domain.orders import transitions
from domain.orders.entities import PaymentMethod
from domain.orders.timeline import SYSTEM
from domain.payments.entities import Payment, PaymentStatus, Refund
from domain.payments.gateway import PaymentGateway, PaymentRequest
from domain.payments.numbers import payment_number
from infra.container import Container
from infra.payments.alipay import AlipayGateway
from infra.payments.card import CardGateway
from infra.payments.sandbox.app import create_payment_sandbox
from infra.payments.sandbox.behaviour import Behaviour
from infra.payments.sandbox.wechat_state import (
    SandboxMerchant,
    SandboxRefund,
    WeChatPaySandbox,
    generate_wechat_pay_sandbox_keys,
)
from infra.payments.wechat import WeChatPayGateway
from infra.providers import rsa2
from infra.settings import AlipayPaymentSettings, CardPaymentSettings, SecretReference, WeChatPaySettings
from tests.servers import serve

CARD_KEY, CARD_WEBHOOK_SECRET = "sk_test_refunds", "whsec_refunds"
ALIPAY_APP_ID = "2021000000000077"
MCHID, APPID, MERCHANT_SERIAL, PLATFORM_KEY_ID = (
    "1900000077",
    "wx-refunds",
    "5157F09EFDC096DE15EBE81A470577AA",
    "PUB_77",
)


class _Form(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.action = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "form":
            self.action = dict(attrs).get("action") or ""


@dataclass
class Sandbox:
    """The payment sandbox and a gateway per online method, talking to it over a real socket."""

    base_url: str
    client: httpx.AsyncClient
    behaviour: Behaviour
    wechat: WeChatPaySandbox
    gateways: dict[str, PaymentGateway]

    def error_refunds(self, on: bool) -> None:
        """Every provider answers refunds with an error (a provider outage)."""
        self.behaviour.error_refunds = on
        self.wechat.failures.error_refund = on

    def wechat_refunds(self, payment_no: str) -> list[SandboxRefund]:
        """The refunds WeChat Pay's sandbox holds for a payment: what the provider itself recorded."""
        payment = self.wechat.payment(MCHID, payment_no)
        return list(payment.refunds.values()) if payment else []

    async def pay(self, method: str, payment_no: str, amount: Money) -> str | None:
        """The customer pays `amount` at the provider; the provider's own id of the payment."""
        request = PaymentRequest(
            payment_no=payment_no,
            amount=amount,
            subject=f"AllOrder order {payment_no}",
            notify_url=f"{self.base_url}/notify",
            return_url=f"{self.base_url}/back",
            expires_at=SystemClock().now() + timedelta(minutes=30),
        )
        start = await self.gateways[method].start(request)
        if method == "wechat_pay":
            assert start.qr_code
            await self.client.get(start.qr_code)
            await self.client.post(start.qr_code, data={"action": "pay"})
            await self.wechat.callbacks_sent()
        else:
            assert start.url
            page = await self.client.get(start.url)
            form = _Form()
            form.feed(page.text)
            await self.client.post(form.action or start.url, data={"outcome": "pay"})
        paid = await self.gateways[method].query(payment_no)
        assert paid.status == "succeeded", paid
        return paid.provider_ref


@asynccontextmanager
async def payment_sandbox() -> AsyncIterator[Sandbox]:
    app_key, alipay_key = rsa2.generate_private_key(), rsa2.generate_private_key()
    keys = generate_wechat_pay_sandbox_keys()
    merchant = SandboxMerchant(MCHID, APPID, MERCHANT_SERIAL, keys.merchant_public_key_pem, keys.apiv3_key)
    wechat = WeChatPaySandbox({MCHID: merchant}, keys.platform_private_key_pem, platform_key_id=PLATFORM_KEY_ID)
    behaviour = Behaviour()
    sandbox = create_payment_sandbox(
        card_accounts={CARD_KEY: CARD_WEBHOOK_SECRET},
        alipay_apps={ALIPAY_APP_ID: rsa2.public_pem(app_key)},
        alipay_private_key_pem=rsa2.private_pem(alipay_key),
        wechat=wechat,
        behaviour=behaviour,
    )
    app = FastAPI()
    app.mount("/sandbox", sandbox)

    @app.post("/notify")
    async def notify() -> Response:  # callbacks are the payment flow's business, not the refunds'
        return Response(b"success")

    async with serve(app) as base_url, httpx.AsyncClient(timeout=10) as client:
        wechat_settings = WeChatPaySettings(
            api_base=f"{base_url}/sandbox/wechat",
            mchid=MCHID,
            appid=APPID,
            merchant_serial_no=MERCHANT_SERIAL,
            merchant_private_key=SecretReference(value=keys.merchant_private_key_pem),
            platform_public_key=SecretReference(value=keys.platform_public_key_pem),
            platform_public_key_id=PLATFORM_KEY_ID,
            apiv3_key=SecretReference(value=keys.apiv3_key),
        )
        gateways: dict[str, PaymentGateway] = {
            "card": CardGateway(
                CardPaymentSettings(api_base=f"{base_url}/sandbox/card"),
                client,
                secret_key=CARD_KEY,
                webhook_secret=CARD_WEBHOOK_SECRET,
            ),
            "alipay": AlipayGateway(
                AlipayPaymentSettings(gateway_url=f"{base_url}/sandbox/alipay/gateway.do", app_id=ALIPAY_APP_ID),
                client,
                app_private_key_pem=rsa2.private_pem(app_key),
                alipay_public_key_pem=rsa2.public_pem(alipay_key),
            ),
            "wechat_pay": WeChatPayGateway(wechat_settings, client, SystemClock()),
        }
        yield Sandbox(base_url, client, behaviour, wechat, gateways)


async def paid_payment(
    container: Container, order_id: UUID | str, method: str, sandbox: Sandbox | None = None
) -> Payment:
    """Pay the whole order with `method`: at the sandbox first for an online method, then on our side (the order
    paid and a succeeded Payment of its total), in one transaction."""
    order_id = UUID(str(order_id))
    async with container.uow(read_only=True) as uow:
        order = await uow.orders.get(order_id)
        assert order is not None
    now = container.clock.now()
    payment_no = payment_number(now)
    amount = Money.of_minor(order.total_minor, order.currency)
    provider_ref = await sandbox.pay(method, payment_no, amount) if sandbox is not None else None
    payment = Payment(
        payment_no=payment_no,
        order_id=order.id,
        customer_id=order.customer_id,
        method=PaymentMethod(method),
        currency=order.currency,
        amount_minor=order.total_minor,
        expires_at=now + timedelta(minutes=30),
        created_at=now,
        status=PaymentStatus.SUCCEEDED,
        provider_ref=provider_ref,
        paid_at=now,
    )
    async with container.uow() as uow:
        policy = container.settings.orders.policy()
        await transitions.pay(uow, container.clock, SYSTEM, policy, order.id, method=payment.method,
                              reference=payment_no)  # fmt: skip
        await uow.payments.add(payment)
        await uow.commit()
    return payment


async def refunds_of(container: Container, payment_id: UUID) -> list[Refund]:
    async with container.uow(read_only=True) as uow:
        return await uow.payments.refunds_of(payment_id)


async def payment(container: Container, payment_id: UUID) -> Payment:
    async with container.uow(read_only=True) as uow:
        found = await uow.payments.get(payment_id)
        assert found is not None
        return found


async def attempt(container: Container, order_id: UUID | str, method: str, status: PaymentStatus) -> Payment:
    """An attempt to pay the order that ended (or stands) as `status`, recorded as the payment flow would leave it;
    the order itself is not touched."""
    order_id = UUID(str(order_id))
    now = container.clock.now()
    async with container.uow() as uow:
        order = await uow.orders.get(order_id)
        assert order is not None
        payment = Payment(
            payment_no=payment_number(now),
            order_id=order.id,
            customer_id=order.customer_id,
            method=PaymentMethod(method),
            currency=order.currency,
            amount_minor=order.total_minor,
            expires_at=now + timedelta(minutes=15),
            created_at=now,
            status=status,
            failure_code="declined" if status == PaymentStatus.FAILED else None,
        )
        await uow.payments.add(payment)
        await uow.commit()
    return payment
