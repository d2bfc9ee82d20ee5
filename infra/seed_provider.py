"""The demo's payment provider: what Alipay, WeChat Pay and the card gateway answered while the demo history was
written. The seed runs before the server (and its sandbox) is up, and past callbacks cannot be signed for a
clock moved back in time, so this stands in for the provider behind the `PaymentGateway` port and nothing else:
the attempts are opened, started, their callbacks stored and applied, and refunds claimed and booked, by the
real use cases (domain/payments/use_cases.py, refund_use_cases.py). It answers with the shapes the real ones use
(Alipay's 28-digit trade numbers, WeChat's `weixin://` QR codes and 420… transaction ids, card intents) and
reports each provider's fee.
"""

from __future__ import annotations

import json
import random
from collections.abc import Mapping
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from domain.money import Money
from domain.orders.entities import PaymentMethod
from domain.payments.gateway import (
    CallbackAnswer,
    CallbackRejected,
    PaymentNotFound,
    PaymentRequest,
    PaymentStart,
    ProviderPayment,
    ProviderStatus,
    ProviderUnavailable,
    RefundRequest,
    RefundResult,
    RefundStatus,
    StartKind,
)

# each provider's fee: a rate in basis points and a fixed part in fen (Alipay and WeChat Pay 0.6% for ordinary
# merchants; the card gateway 2.9% + ¥2.00, as Stripe-style gateways charge)
FEES = {PaymentMethod.ALIPAY: (60, 0), PaymentMethod.WECHAT_PAY: (60, 0), PaymentMethod.CARD: (290, 200)}


def fee_of(method: PaymentMethod, amount: Money) -> Money:
    rate, fixed = FEES[method]
    minor = (Decimal(amount.minor) * rate / 10000).quantize(Decimal(1), rounding=ROUND_HALF_UP) + fixed
    return Money.of_minor(int(minor), amount.currency)


class RecordedProvider:
    """One online method's provider as the demo history met it."""

    def __init__(self, method: PaymentMethod, rng: random.Random) -> None:
        self._method = method
        self._rng = rng
        self.unreachable: set[str] = set()  # refund numbers whose sends time out (a refund that runs out of tries)

    @property
    def method(self) -> str:
        return str(self._method)

    def _digits(self, count: int) -> str:
        return "".join(str(self._rng.randrange(10)) for _ in range(count))

    def trade_ref(self, at: datetime) -> str:
        """The provider's own number of a payment, as it reports it."""
        match self._method:
            case PaymentMethod.ALIPAY:
                return f"{at:%Y%m%d}2200140{self._digits(13)}"
            case PaymentMethod.WECHAT_PAY:
                return f"4200001{self._digits(3)}{at:%Y%m%d}{self._digits(10)}"
            case _:
                return f"pi_{self._digits(24)}"

    async def start(self, request: PaymentRequest) -> PaymentStart:
        if self._method == PaymentMethod.WECHAT_PAY:  # Native pay: a code to scan
            return PaymentStart(StartKind.QR, qr_code=f"weixin://wxpay/bizpayurl?pr={self._digits(7)}")
        if self._method == PaymentMethod.ALIPAY:  # page pay: the cashier page
            url = (
                f"https://openapi.alipay.com/gateway.do?method=alipay.trade.page.pay&out_trade_no={request.payment_no}"
            )
            return PaymentStart(StartKind.REDIRECT, url=url)
        intent = f"pi_{self._digits(24)}"
        return PaymentStart(StartKind.REDIRECT, url=f"https://checkout.card.example/pay/{intent}", provider_ref=intent)

    def callback(self, payment_no: str, status: ProviderStatus, amount: Money, at: datetime) -> bytes:
        """The body of the provider's callback about a payment (what `verify_callback` reads back)."""
        paid = status == ProviderStatus.SUCCEEDED
        body = {
            "id": f"evt_{self._digits(16)}",
            "out_trade_no": payment_no,
            "status": str(status),
            "amount_minor": amount.minor,
            "currency": amount.currency,
            "trade_no": self.trade_ref(at) if paid else None,
            "paid_at": at.isoformat() if paid else None,
            "fee_minor": fee_of(self._method, amount).minor if paid else None,
        }
        return json.dumps(body).encode()

    def verify_callback(self, headers: Mapping[str, str], body: bytes, now: datetime) -> ProviderPayment:
        try:
            data = json.loads(body)
            amount = Money.of_minor(int(data["amount_minor"]), data["currency"])
            fee = data.get("fee_minor")
            return ProviderPayment(
                payment_no=data["out_trade_no"],
                status=ProviderStatus(data["status"]),
                amount=amount,
                provider_ref=data.get("trade_no"),
                paid_at=datetime.fromisoformat(data["paid_at"]) if data.get("paid_at") else None,
                fee=Money.of_minor(int(fee), amount.currency) if fee is not None else None,
                event_id=data["id"],
                raw=data,
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise CallbackRejected("malformed") from exc

    def callback_answer(self, accepted: bool) -> CallbackAnswer:
        return CallbackAnswer(200 if accepted else 400, b"success" if accepted else b"fail")

    async def query(self, payment_no: str) -> ProviderPayment:
        raise PaymentNotFound(payment_no)

    async def refund(self, request: RefundRequest) -> RefundResult:
        if request.refund_no in self.unreachable:
            raise ProviderUnavailable("connect timeout")
        ref = f"50300{self._digits(22)}" if self._method == PaymentMethod.WECHAT_PAY else self._digits(28)
        return RefundResult(request.refund_no, RefundStatus.SUCCEEDED, provider_ref=ref, raw={"refund_id": ref})
