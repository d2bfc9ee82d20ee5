"""What the WeChat Pay sandbox remembers (merchants, payments, refunds) and how it calls merchants back.

In memory only: the sandbox exists for development and tests. Times come from `now` so tests can move them.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import uuid
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from infra.payments import wechat_signature as signature
from infra.providers.rsa2 import load_private_key

PAID_STATES = ("SUCCESS", "REFUND")
STATE_TEXTS = {
    "NOTPAY": "未支付",
    "SUCCESS": "支付成功",
    "REFUND": "转入退款",
    "PAYERROR": "支付失败",
    "CLOSED": "已关闭",
}


@dataclass(frozen=True)
class SandboxMerchant:
    """A merchant the sandbox knows: it checks requests with the public key of the merchant's API certificate
    (`serial_no`) and encrypts callbacks with the APIv3 key."""

    mchid: str
    appid: str
    serial_no: str
    public_key_pem: str
    apiv3_key: str


@dataclass
class WeChatPayFailures:
    """Failures to stage, changeable while the sandbox runs (tests flip them between steps)."""

    refuse_creation: bool = False  # Native pay answers 500 SYSTEM_ERROR
    fail_payment: bool = False  # "Pay" ends in PAYERROR, as a declined card or an empty balance would
    error_refund: bool = False  # refunds answer 500 SYSTEM_ERROR
    drop_callback: bool = False  # the payment succeeds but no callback is sent
    duplicate_callback: bool = False  # the callback is delivered twice
    callback_delay_seconds: float = 0.0
    # WeChat Pay delivers again while the merchant does not answer 2xx (for real: 15 s, 15 s, 30 s, 3 min, …)
    retry_delays_seconds: tuple[float, ...] = ()


@dataclass(frozen=True)
class WeChatPaySandboxKeys:
    """A merchant's API key pair, the sandbox's platform key pair and the APIv3 key, generated per run."""

    merchant_private_key_pem: str
    merchant_public_key_pem: str
    platform_private_key_pem: str
    platform_public_key_pem: str
    apiv3_key: str


def generate_wechat_pay_sandbox_keys() -> WeChatPaySandboxKeys:
    merchant, platform = (rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(2))
    return WeChatPaySandboxKeys(
        merchant_private_key_pem=_private_pem(merchant),
        merchant_public_key_pem=_public_pem(merchant),
        platform_private_key_pem=_private_pem(platform),
        platform_public_key_pem=_public_pem(platform),
        apiv3_key=secrets.token_hex(16),  # 32 characters, as the merchant console requires
    )


@dataclass
class SandboxRefund:
    refund_id: str
    out_refund_no: str
    refund: int
    status: str
    created_at: datetime
    success_time: datetime | None = None


@dataclass
class SandboxPayment:
    merchant: SandboxMerchant
    out_trade_no: str
    description: str
    notify_url: str
    total: int
    time_expire: datetime
    code: str  # the `pr` of the code_url: what the customer's phone scans
    trade_state: str = "NOTPAY"
    transaction_id: str | None = None
    success_time: datetime | None = None
    refunds: dict[str, SandboxRefund] = field(default_factory=dict)

    def refunded(self) -> int:
        return sum(r.refund for r in self.refunds.values() if r.status in ("PROCESSING", "SUCCESS"))


@dataclass(frozen=True)
class Delivery:
    """One attempt to deliver a callback, for tests and the demo to look at."""

    out_trade_no: str
    event_id: str
    status_code: int | None  # None: dropped by configuration, or the notify_url could not be reached
    note: str = ""


class WeChatPaySandbox:
    """The sandbox's memory and its outgoing callbacks. Answers are signed with `platform_private_key_pem`,
    whose public half the merchant configures with `platform_key_id` as its serial."""

    def __init__(
        self,
        merchants: Mapping[str, SandboxMerchant],
        platform_private_key_pem: str,
        *,
        platform_key_id: str = "PUB_KEY_ID_SANDBOX",
        failures: WeChatPayFailures | None = None,
        now: Callable[[], datetime] | None = None,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        self.merchants = dict(merchants)
        self.platform_key = load_private_key(platform_private_key_pem)
        self.platform_key_id = platform_key_id
        self.failures = failures or WeChatPayFailures()
        self.now = now or (lambda: datetime.now(UTC))
        self.payments: dict[tuple[str, str], SandboxPayment] = {}  # (mchid, out_trade_no) →
        self.by_code: dict[str, SandboxPayment] = {}
        self.deliveries: list[Delivery] = []
        self._client = client
        self._pending: set[asyncio.Task[None]] = set()

    def payment(self, mchid: str, out_trade_no: str) -> SandboxPayment | None:
        found = self.payments.get((mchid, out_trade_no))
        if found is not None:
            self._expire(found)
        return found

    def scanned(self, code: str) -> SandboxPayment | None:
        found = self.by_code.get(code)
        if found is not None:
            self._expire(found)
        return found

    def add(self, payment: SandboxPayment) -> None:
        self.payments[(payment.merchant.mchid, payment.out_trade_no)] = payment
        self.by_code[payment.code] = payment

    def _expire(self, payment: SandboxPayment) -> None:
        if payment.trade_state == "NOTPAY" and self.now() > payment.time_expire:
            payment.trade_state = "CLOSED"

    def pay(self, payment: SandboxPayment) -> None:
        """The customer confirmed on the phone: the payment succeeds (or fails, if so staged) and, on success,
        the callback goes out. WeChat Pay sends no callback for a failed payment."""
        if payment.trade_state != "NOTPAY":
            return
        if self.failures.fail_payment:
            payment.trade_state = "PAYERROR"
            return
        payment.trade_state = "SUCCESS"
        payment.transaction_id = "4200" + "".join(secrets.choice("0123456789") for _ in range(24))
        payment.success_time = self.now()
        self._schedule(payment)

    def fail(self, payment: SandboxPayment) -> None:
        if payment.trade_state == "NOTPAY":
            payment.trade_state = "PAYERROR"

    def transaction(self, payment: SandboxPayment) -> dict[str, Any]:
        """A payment as WeChat Pay describes it, in the query answer and in the callback's resource."""
        merchant, paid = payment.merchant, payment.trade_state in PAID_STATES
        found: dict[str, Any] = {
            "appid": merchant.appid,
            "mchid": merchant.mchid,
            "out_trade_no": payment.out_trade_no,
            "trade_type": "NATIVE",
            "trade_state": payment.trade_state,
            "trade_state_desc": STATE_TEXTS.get(payment.trade_state, payment.trade_state),
            "attach": "",
            "amount": {"total": payment.total, "currency": "CNY"},
        }
        if paid and payment.success_time is not None:
            found["transaction_id"] = payment.transaction_id
            found["bank_type"] = "OTHERS"
            found["success_time"] = signature.beijing_time(payment.success_time)
            found["payer"] = {"openid": "o" + payment.code[:27]}
            found["amount"].update(payer_total=payment.total, payer_currency="CNY")
        return found

    def signed_headers(self, body: str) -> dict[str, str]:
        """The `Wechatpay-*` headers of an answer or a callback carrying `body`."""
        timestamp, nonce = str(int(self.now().timestamp())), signature.new_nonce()
        return {
            "Wechatpay-Timestamp": timestamp,
            "Wechatpay-Nonce": nonce,
            "Wechatpay-Signature": signature.sign(self.platform_key, signature.answer_message(timestamp, nonce, body)),
            "Wechatpay-Serial": self.platform_key_id,
            "Wechatpay-Signature-Type": signature.SCHEMA,
        }

    def callback_body(self, payment: SandboxPayment, event_id: str) -> str:
        nonce = secrets.token_hex(6)  # 12 characters: the AES-GCM nonce
        plaintext = json.dumps(self.transaction(payment), ensure_ascii=False, separators=(",", ":")).encode()
        event = {
            "id": event_id,
            "create_time": signature.beijing_time(self.now()),
            "resource_type": "encrypt-resource",
            "event_type": "TRANSACTION.SUCCESS",
            "summary": "支付成功",
            "resource": {
                "original_type": "transaction",
                "algorithm": "AEAD_AES_256_GCM",
                "ciphertext": signature.encrypt_resource(
                    payment.merchant.apiv3_key, plaintext, nonce=nonce, associated_data="transaction"
                ),
                "associated_data": "transaction",
                "nonce": nonce,
            },
        }
        return json.dumps(event, ensure_ascii=False, separators=(",", ":"))

    def _schedule(self, payment: SandboxPayment) -> None:
        event_id = str(uuid.uuid4())
        if self.failures.drop_callback:
            self.deliveries.append(Delivery(payment.out_trade_no, event_id, None, "dropped (staged failure)"))
            return
        for _ in range(2 if self.failures.duplicate_callback else 1):
            task = asyncio.create_task(self._deliver(payment, event_id))
            self._pending.add(task)  # keep a reference until it is done, or the loop may drop it
            task.add_done_callback(self._pending.discard)

    async def _deliver(self, payment: SandboxPayment, event_id: str) -> None:
        delays = (self.failures.callback_delay_seconds, *self.failures.retry_delays_seconds)
        body = self.callback_body(payment, event_id)  # one body for every attempt; each is signed afresh
        for delay in delays:
            if delay > 0:
                await asyncio.sleep(delay)
            headers = {**self.signed_headers(body), "Content-Type": "application/json"}
            try:
                async with self._http() as client:
                    answer = await client.post(payment.notify_url, content=body.encode(), headers=headers)
            except httpx.HTTPError as exc:
                self.deliveries.append(Delivery(payment.out_trade_no, event_id, None, repr(exc)))
                continue
            self.deliveries.append(Delivery(payment.out_trade_no, event_id, answer.status_code))
            if answer.is_success:
                return

    @contextlib.asynccontextmanager
    async def _http(self) -> AsyncIterator[httpx.AsyncClient]:
        if self._client is not None:
            yield self._client
        else:
            async with httpx.AsyncClient(timeout=10.0) as client:
                yield client

    async def callbacks_sent(self) -> None:
        """Wait until every scheduled callback has been delivered (or given up): tests await this instead of
        sleeping."""
        while self._pending:
            await asyncio.gather(*self._pending, return_exceptions=True)


def _private_pem(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def _public_pem(key: rsa.RSAPrivateKey) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
