"""The WeChat Pay adapter against the sandbox's WeChat Pay over real HTTP: Native pay, the scan page, the
encrypted signed callback, the query, refunds and staged failures. No database."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

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
from infra.payments.sandbox.wechat import create_wechat_pay_router
from infra.payments.sandbox.wechat_state import (
    SandboxMerchant,
    WeChatPaySandbox,
    WeChatPaySandboxKeys,
    generate_wechat_pay_sandbox_keys,
)
from infra.payments.wechat import WeChatPayGateway
from infra.settings import SecretReference, WeChatPaySettings
from tests.servers import free_socket, serve

MCHID, APPID = "1900000001", "wx-test-app"
MERCHANT_SERIAL, PLATFORM_KEY_ID = "5157F09EFDC096DE15EBE81A47057A72", "PUB_KEY_ID_0119000000012026"
PREFIX = "/sandbox/payments/wechat"


class MovableClock:
    """One clock for the sandbox and the adapter, moved by hand so windows and expiry need no waiting."""

    def __init__(self) -> None:
        self.at = datetime.now(UTC)

    def now(self) -> datetime:
        return self.at


@dataclass
class Callback:
    headers: dict[str, str]
    body: bytes


@dataclass
class Shop:
    """The sandbox and our notify_url on one loopback server; the notify_url captures what arrives."""

    base_url: str
    sandbox: WeChatPaySandbox
    clock: MovableClock
    keys: WeChatPaySandboxKeys
    client: httpx.AsyncClient
    callbacks: list[Callback] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)  # what the notify_url answers next (then 204)

    @property
    def notify_url(self) -> str:
        return f"{self.base_url}/shop/notify/wechat_pay"

    def gateway(self, clock: MovableClock | None = None, **changes: Any) -> WeChatPayGateway:
        settings = WeChatPaySettings(
            api_base=self.base_url + PREFIX,
            mchid=MCHID,
            appid=APPID,
            merchant_serial_no=MERCHANT_SERIAL,
            merchant_private_key=SecretReference(value=self.keys.merchant_private_key_pem),
            platform_public_key=SecretReference(value=self.keys.platform_public_key_pem),
            platform_public_key_id=PLATFORM_KEY_ID,
            apiv3_key=SecretReference(value=self.keys.apiv3_key),
        )
        return WeChatPayGateway(settings.model_copy(update=changes), self.client, clock or self.clock)

    def request(self, payment_no: str, amount: str = "12.50") -> PaymentRequest:
        return PaymentRequest(
            payment_no=payment_no,
            amount=Money(Decimal(amount), "CNY"),
            subject=f"AllOrder order {payment_no}",
            notify_url=self.notify_url,
            return_url=f"{self.base_url}/orders/1",
            expires_at=self.clock.now() + timedelta(minutes=30),
        )

    async def press(self, qr_code: str, button: str) -> str:
        """Open the scan page as the customer's phone would, press Pay or Fail; the result page's text."""
        page = await self.client.get(qr_code)
        assert page.status_code == 200 and f'id="{button}"' in page.text
        result = await self.client.post(qr_code, data={"action": button})
        await self.sandbox.callbacks_sent()
        return result.text

    async def paid(self, gateway: WeChatPayGateway, payment_no: str, amount: str = "12.50") -> Callback:
        start = await gateway.start(self.request(payment_no, amount))
        assert start.qr_code is not None
        await self.press(start.qr_code, "pay")
        return self.callbacks[-1]


def refund_of(payment_no: str, refund_no: str, amount: str, *, reason: str = "") -> RefundRequest:
    """A refund of a 12.50 CNY payment."""
    cny = Money(Decimal(amount), "CNY")
    return RefundRequest(payment_no, refund_no, cny, Money(Decimal("12.50"), "CNY"), reason)


@pytest.fixture(scope="module")
def keys() -> WeChatPaySandboxKeys:
    return generate_wechat_pay_sandbox_keys()


@pytest.fixture(scope="module")
def other_keys() -> WeChatPaySandboxKeys:
    return generate_wechat_pay_sandbox_keys()


@pytest.fixture
async def shop(keys: WeChatPaySandboxKeys) -> AsyncIterator[Shop]:
    clock = MovableClock()
    merchant = SandboxMerchant(MCHID, APPID, MERCHANT_SERIAL, keys.merchant_public_key_pem, keys.apiv3_key)
    sandbox = WeChatPaySandbox(
        {MCHID: merchant}, keys.platform_private_key_pem, platform_key_id=PLATFORM_KEY_ID, now=clock.now
    )
    app = FastAPI()
    app.include_router(create_wechat_pay_router(sandbox), prefix=PREFIX)
    async with httpx.AsyncClient(timeout=10) as client, serve(app) as url:
        world = Shop(url, sandbox, clock, keys, client)

        @app.post("/shop/notify/wechat_pay")
        async def notify(request: Request) -> Response:
            world.callbacks.append(Callback(dict(request.headers), await request.body()))
            return Response(status_code=world.answers.pop(0) if world.answers else 204)

        yield world


async def test_a_customer_pays_by_scanning_and_the_signed_encrypted_callback_is_accepted(shop: Shop) -> None:
    # given
    gateway = shop.gateway()
    start = await gateway.start(shop.request("P2026112900000001"))
    assert start.kind is StartKind.QR and start.qr_code is not None
    assert start.qr_code.startswith(f"{shop.base_url}{PREFIX}/scan/")
    page = await shop.client.get(start.qr_code)
    assert "¥12.50" in page.text and "AllOrder order P2026112900000001" in page.text
    # when
    result = await shop.press(start.qr_code, "pay")
    # then
    assert 'data-state="SUCCESS"' in result
    [callback] = shop.callbacks
    payment = gateway.verify_callback(callback.headers, callback.body, shop.clock.now())
    assert payment.payment_no == "P2026112900000001"
    assert payment.status is ProviderStatus.SUCCEEDED
    assert payment.amount == Money(Decimal("12.50"), "CNY")
    assert payment.provider_ref is not None and payment.provider_ref.startswith("4200")
    assert payment.paid_at is not None and abs(payment.paid_at - shop.clock.now()) < timedelta(seconds=1)
    assert payment.event_id and payment.raw["trade_state"] == "SUCCESS"
    as_sent = {name.title(): value for name, value in callback.headers.items()}  # Wechatpay-Signature, …
    assert gateway.verify_callback(as_sent, callback.body, shop.clock.now()) == payment
    assert gateway.callback_answer(True).status_code == 204
    refusal = gateway.callback_answer(False)
    assert refusal.status_code == 400 and json.loads(refusal.body) == {"code": "FAIL", "message": "失败"}


async def test_a_payment_number_wechat_pay_never_saw_is_not_found(shop: Shop) -> None:
    with pytest.raises(PaymentNotFound):
        await shop.gateway().query("P2026112900000099")


async def test_the_query_follows_a_payment_from_unpaid_to_paid(shop: Shop) -> None:
    gateway = shop.gateway()
    start = await gateway.start(shop.request("P2026112900000002", "0.01"))
    unpaid = await gateway.query("P2026112900000002")
    assert unpaid.status is ProviderStatus.PENDING and unpaid.provider_ref is None
    assert unpaid.amount == Money(Decimal("0.01"), "CNY")
    assert start.qr_code is not None
    await shop.press(start.qr_code, "pay")
    paid = await gateway.query("P2026112900000002")
    assert paid.status is ProviderStatus.SUCCEEDED and paid.provider_ref is not None
    assert paid.paid_at is not None


async def test_starting_the_same_payment_again_shows_the_same_qr_code(shop: Shop) -> None:
    gateway = shop.gateway()
    first = await gateway.start(shop.request("P2026112900000003"))
    again = await gateway.start(shop.request("P2026112900000003"))
    assert first.qr_code == again.qr_code


async def test_a_payment_nobody_scans_before_it_expires_is_closed(shop: Shop) -> None:
    gateway = shop.gateway()
    await gateway.start(shop.request("P2026112900000004"))
    shop.clock.at += timedelta(minutes=31)
    assert (await gateway.query("P2026112900000004")).status is ProviderStatus.CLOSED


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (
            lambda c: Callback(c.headers, c.body.replace(b'"TRANSACTION.SUCCESS"', b'"TRANSACTION.SUCCESS" ')),
            "signature",
        ),
        (lambda c: Callback({**c.headers, "wechatpay-serial": "PUB_KEY_ID_OTHER"}, c.body), "unknown platform key"),
        (lambda c: Callback({k: v for k, v in c.headers.items() if k != "wechatpay-signature"}, c.body), "missing"),
        (lambda c: Callback({**c.headers, "wechatpay-timestamp": "soon"}, c.body), "timestamp"),
        (lambda c: Callback(c.headers, b"\xff" + c.body), "UTF-8"),
    ],
    ids=["tampered body", "unknown serial", "no signature", "timestamp not a number", "not utf-8"],
)
async def test_a_callback_that_is_not_wechat_pays_own_is_rejected_with_a_reason(
    shop: Shop, change: Any, reason: str
) -> None:
    gateway = shop.gateway()
    callback = change(await shop.paid(gateway, "P2026112900000005"))
    with pytest.raises(CallbackRejected) as rejected:
        gateway.verify_callback(callback.headers, callback.body, shop.clock.now())
    assert reason in rejected.value.reason


async def test_a_callback_checked_with_another_platform_key_is_rejected(
    shop: Shop, other_keys: WeChatPaySandboxKeys
) -> None:
    callback = await shop.paid(shop.gateway(), "P2026112900000006")
    gateway = shop.gateway(platform_public_key=SecretReference(value=other_keys.platform_public_key_pem))
    with pytest.raises(CallbackRejected, match="does not verify with the platform public key"):
        gateway.verify_callback(callback.headers, callback.body, shop.clock.now())


async def test_a_callback_whose_resource_does_not_decrypt_with_our_apiv3_key_is_rejected(
    shop: Shop, other_keys: WeChatPaySandboxKeys
) -> None:
    callback = await shop.paid(shop.gateway(), "P2026112900000007")
    gateway = shop.gateway(apiv3_key=SecretReference(value=other_keys.apiv3_key))
    with pytest.raises(CallbackRejected, match="does not decrypt with the APIv3 key"):
        gateway.verify_callback(callback.headers, callback.body, shop.clock.now())


@pytest.mark.parametrize("late", [timedelta(minutes=5, seconds=1), -timedelta(minutes=5, seconds=1)])
async def test_a_callback_signed_more_than_five_minutes_away_is_rejected_as_stale(shop: Shop, late: timedelta) -> None:
    gateway = shop.gateway()
    callback = await shop.paid(gateway, "P2026112900000008")
    gateway.verify_callback(callback.headers, callback.body, shop.clock.now() + timedelta(minutes=4))
    with pytest.raises(CallbackRejected, match="stale timestamp"):
        gateway.verify_callback(callback.headers, callback.body, shop.clock.now() + late)


async def test_the_same_refund_sent_twice_is_one_refund(shop: Shop) -> None:
    # given
    gateway = shop.gateway()
    await shop.paid(gateway, "P2026112900000009")
    refund = refund_of("P2026112900000009", "R2026112900000001", "5.00", reason="customer changed their mind")
    # when
    first = await gateway.refund(refund)
    again = await gateway.refund(refund)
    # then: accepted, then reported done, under the same WeChat refund id
    assert first.status is RefundStatus.PROCESSING and first.provider_ref
    assert again.status is RefundStatus.SUCCEEDED and again.provider_ref == first.provider_ref
    rest = await gateway.refund(refund_of("P2026112900000009", "R2026112900000002", "7.50"))
    assert rest.status is RefundStatus.PROCESSING and rest.provider_ref != first.provider_ref
    with pytest.raises(ProviderUnavailable, match="INVALID_REQUEST"):  # nothing left to refund
        await gateway.refund(refund_of("P2026112900000009", "R2026112900000003", "0.01"))
    assert (await gateway.query("P2026112900000009")).raw["trade_state"] == "REFUND"


async def test_a_payment_failed_on_the_phone_sends_no_callback_and_queries_as_failed(shop: Shop) -> None:
    gateway = shop.gateway()
    start = await gateway.start(shop.request("P2026112900000010"))
    assert start.qr_code is not None
    assert 'data-state="PAYERROR"' in await shop.press(start.qr_code, "fail")
    assert shop.callbacks == [] and shop.sandbox.deliveries == []
    assert (await gateway.query("P2026112900000010")).status is ProviderStatus.FAILED


async def test_a_staged_payment_failure_fails_the_pay_button(shop: Shop) -> None:
    shop.sandbox.failures.fail_payment = True
    gateway = shop.gateway()
    start = await gateway.start(shop.request("P2026112900000011"))
    assert start.qr_code is not None
    assert 'data-state="PAYERROR"' in await shop.press(start.qr_code, "pay")
    assert (await gateway.query("P2026112900000011")).status is ProviderStatus.FAILED


async def test_a_dropped_callback_leaves_the_query_to_tell_the_payment_succeeded(shop: Shop) -> None:
    shop.sandbox.failures.drop_callback = True
    gateway = shop.gateway()
    start = await gateway.start(shop.request("P2026112900000012"))
    assert start.qr_code is not None
    await shop.press(start.qr_code, "pay")
    assert shop.callbacks == []
    assert [d.note for d in shop.sandbox.deliveries] == ["dropped (staged failure)"]
    assert (await gateway.query("P2026112900000012")).status is ProviderStatus.SUCCEEDED


async def test_a_duplicated_callback_arrives_twice_with_one_event_id(shop: Shop) -> None:
    shop.sandbox.failures.duplicate_callback = True
    gateway = shop.gateway()
    await shop.paid(gateway, "P2026112900000013")
    first, second = (gateway.verify_callback(c.headers, c.body, shop.clock.now()) for c in shop.callbacks)
    assert first.event_id == second.event_id and first.payment_no == second.payment_no == "P2026112900000013"


async def test_a_callback_we_refuse_is_delivered_again(shop: Shop) -> None:
    shop.sandbox.failures.retry_delays_seconds = (0.0, 0.0)
    shop.answers = [400]
    await shop.paid(shop.gateway(), "P2026112900000014")
    assert [d.status_code for d in shop.sandbox.deliveries] == [400, 204]
    assert shop.callbacks[0].body == shop.callbacks[1].body


async def test_provider_errors_are_reported_as_unavailable(shop: Shop) -> None:
    gateway = shop.gateway()
    shop.sandbox.failures.refuse_creation = True
    with pytest.raises(ProviderUnavailable, match="500: SYSTEM_ERROR"):
        await gateway.start(shop.request("P2026112900000015"))
    shop.sandbox.failures.refuse_creation = False
    await shop.paid(gateway, "P2026112900000015")
    shop.sandbox.failures.error_refund = True
    with pytest.raises(ProviderUnavailable, match="500: SYSTEM_ERROR"):
        await gateway.refund(refund_of("P2026112900000015", "R2026112900000004", "1.00"))
    with pytest.raises(ProviderUnavailable, match="404: ORDER_NOT_EXIST"):
        await gateway.query("P2026112900099999")


async def test_a_request_signed_with_another_merchant_key_is_refused_by_the_sandbox(
    shop: Shop, other_keys: WeChatPaySandboxKeys
) -> None:
    gateway = shop.gateway(merchant_private_key=SecretReference(value=other_keys.merchant_private_key_pem))
    with pytest.raises(ProviderUnavailable, match="401: SIGN_ERROR"):
        await gateway.start(shop.request("P2026112900000016"))
    shop.clock.at += timedelta(minutes=6)  # the sandbox's clock only: the request looks six minutes old
    late = shop.gateway(clock=MovableClock())
    with pytest.raises(ProviderUnavailable, match="401: SIGN_ERROR"):
        await late.start(shop.request("P2026112900000016"))


async def test_an_answer_not_signed_by_the_platform_key_is_not_believed(
    shop: Shop, other_keys: WeChatPaySandboxKeys
) -> None:
    await shop.gateway().start(shop.request("P2026112900000017"))
    gateway = shop.gateway(platform_public_key=SecretReference(value=other_keys.platform_public_key_pem))
    with pytest.raises(ProviderUnavailable, match="not WeChat Pay's"):
        await gateway.query("P2026112900000017")


async def test_an_unreachable_provider_is_unavailable(shop: Shop) -> None:
    closed = free_socket()  # bound, never listening: connections are refused
    port = closed.getsockname()[1]
    closed.close()
    gateway = shop.gateway(api_base=f"http://127.0.0.1:{port}{PREFIX}")
    with pytest.raises(ProviderUnavailable, match="failed"):
        await gateway.query("P2026112900000018")


async def test_pressing_pay_twice_pays_once_and_calls_back_once(shop: Shop) -> None:
    gateway = shop.gateway()
    start = await gateway.start(shop.request("P2026112900000019"))
    assert start.qr_code is not None
    await shop.press(start.qr_code, "pay")
    again = await shop.client.post(start.qr_code, data={"action": "pay"})
    await shop.sandbox.callbacks_sent()
    assert 'data-state="SUCCESS"' in again.text and len(shop.callbacks) == 1
    assert 'id="pay"' not in (await shop.client.get(start.qr_code)).text


async def test_a_qr_code_the_sandbox_did_not_make_shows_an_error_page(shop: Shop) -> None:
    page = await shop.client.get(f"{shop.base_url}{PREFIX}/scan/not-a-code")
    assert page.status_code == 404 and 'id="pay"' not in page.text


async def test_a_delayed_callback_arrives_after_the_customer_has_seen_the_result(shop: Shop) -> None:
    shop.sandbox.failures.callback_delay_seconds = 0.05
    gateway = shop.gateway()
    start = await gateway.start(shop.request("P2026112900000020"))
    assert start.qr_code is not None
    result = await shop.client.post(start.qr_code, data={"action": "pay"})
    assert 'data-state="SUCCESS"' in result.text and shop.callbacks == []
    await shop.sandbox.callbacks_sent()
    assert [gateway.verify_callback(c.headers, c.body, shop.clock.now()).payment_no for c in shop.callbacks] == [
        "P2026112900000020"
    ]


async def test_a_genuine_callback_for_another_app_of_ours_is_rejected(shop: Shop) -> None:
    callback = await shop.paid(shop.gateway(), "P2026112900000021")
    with pytest.raises(CallbackRejected, match="another merchant or app"):
        shop.gateway(appid="wx-other-app").verify_callback(callback.headers, callback.body, shop.clock.now())
