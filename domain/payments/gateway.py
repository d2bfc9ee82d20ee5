"""What payments ask of a payment provider (Alipay, WeChat Pay, a card gateway, the sandbox), in the business's
words: start a payment, read a callback that has been verified, ask for a payment's status, refund. Each provider
is an adapter in infra/payments/ that speaks its real wire format and signatures; this module knows none of them.

Amounts cross this boundary as Money (the adapter converts to the provider's unit: Alipay yuan strings, WeChat
fen integers, cards minor units). Times are UTC-aware.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from domain.money import Money


class StartKind(StrEnum):
    """What the storefront does with a started payment."""

    REDIRECT = "redirect"  # open `url` (Alipay page pay, the card gateway's hosted page)
    QR = "qr"  # show `qr_code` as a QR code to scan with the provider's app (WeChat Native pay)
    OFFLINE = "offline"  # nothing to open: bank transfer or cash on delivery, confirmed by staff


class ProviderStatus(StrEnum):
    """A payment's state as the provider reports it."""

    PENDING = "pending"  # created, the customer has not paid (yet)
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CLOSED = "closed"  # expired or closed unpaid at the provider


class RefundStatus(StrEnum):
    PROCESSING = "processing"  # accepted; the outcome comes later (a callback, or a query)
    SUCCEEDED = "succeeded"
    FAILED = "failed"


@dataclass(frozen=True)
class PaymentRequest:
    """One attempt to pay an order, as the provider is asked to collect it."""

    payment_no: str  # our unique number of this attempt (the provider's out_trade_no); letters and digits, ≤ 32
    amount: Money
    subject: str  # what the customer sees on the provider's page, e.g. "AllOrder order 2026112900001234"
    notify_url: str  # our webhook for this method, where the provider posts its callback
    return_url: str  # where the customer's browser comes back to after paying
    expires_at: datetime


@dataclass(frozen=True)
class PaymentStart:
    """What the storefront needs to let the customer pay."""

    kind: StartKind
    url: str | None = None
    qr_code: str | None = None
    provider_ref: str | None = None  # the provider's own id of the payment, when it gives one at creation


@dataclass(frozen=True)
class ProviderPayment:
    """A payment as the provider reports it: in a verified callback, or in the answer to a query."""

    payment_no: str
    status: ProviderStatus
    amount: Money  # what the provider says was (or is to be) collected: checked against ours by the caller
    provider_ref: str | None = None
    paid_at: datetime | None = None
    fee: Money | None = None  # the provider's fee, where it reports one
    event_id: str | None = None  # the callback's own id (dedup of deliveries), where the provider gives one
    raw: Mapping[str, Any] = field(default_factory=dict)  # the provider's fields as received, for the record


@dataclass(frozen=True)
class RefundRequest:
    payment_no: str
    refund_no: str  # our unique number of this refund (several per payment)
    amount: Money
    payment_amount: Money  # what the payment collected (WeChat asks for both)
    reason: str = ""


@dataclass(frozen=True)
class RefundResult:
    refund_no: str
    status: RefundStatus
    provider_ref: str | None = None
    raw: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CallbackAnswer:
    """What the provider expects back from our webhook (Alipay: the text `success`; WeChat: 200/204 or a JSON
    error; cards: any 2xx)."""

    status_code: int
    body: bytes = b""
    media_type: str = "text/plain"


class CallbackRejected(Exception):
    """A callback that failed verification (signature, timestamp window, decryption, shape). The reason is for
    the recorded event and finance, never for the caller: the webhook answers a generic refusal."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ProviderUnavailable(Exception):
    """The provider could not be reached or answered with an error; the caller retries later."""


class PaymentNotFound(ProviderUnavailable):
    """The provider has no record of this payment number: the customer never opened the pay page (Alipay creates
    the trade only then) or it was never created. Nothing was collected; a caller that only retries
    ProviderUnavailable keeps working, one that knows better can close the expired attempt."""


class PaymentGateway(Protocol):
    """One payment method's provider. `verify_callback` checks the signature before it parses anything costly and
    rejects stale timestamps (each provider's replay window); it never looks at our database."""

    @property
    def method(self) -> str:
        """The payment method this gateway serves: `alipay`, `wechat_pay`, `card`."""
        ...

    async def start(self, request: PaymentRequest) -> PaymentStart: ...

    def verify_callback(self, headers: Mapping[str, str], body: bytes, now: datetime) -> ProviderPayment:
        """The callback's payment, once its signature (and, for WeChat, its decryption) checks out; raises
        CallbackRejected otherwise. Header names are matched case-insensitively."""
        ...

    def callback_answer(self, accepted: bool) -> CallbackAnswer: ...

    async def query(self, payment_no: str) -> ProviderPayment:
        """Ask the provider for the payment's status (the active query of payments stuck in processing)."""
        ...

    async def refund(self, request: RefundRequest) -> RefundResult:
        """Ask the provider to refund; the same refund_no sent again is the same refund (providers dedup by it)."""
        ...
