"""Alipay page pay (电脑网站支付) through the open-platform gateway: `alipay.trade.page.pay` sends the customer to
Alipay's cashier with RSA2-signed parameters, the outcome comes as an RSA2-signed asynchronous notify (a form
POST), `alipay.trade.query` and `alipay.trade.refund` are signed gateway calls whose answers are verified.

Amounts are yuan strings ("12.50"); page pay collects CNY only. Alipay has no replay window for notifies (it
redelivers the same notify for a day when not answered `success`): a replay is the same notify_id, which the
caller deduplicates.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import parse_qsl, urlencode

import httpx

from domain.money import Money
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
from infra.providers import rsa2
from infra.settings import AlipayPaymentSettings

CURRENCY = "CNY"
TRADE_STATUS = {
    "WAIT_BUYER_PAY": ProviderStatus.PENDING,
    "TRADE_SUCCESS": ProviderStatus.SUCCEEDED,
    "TRADE_FINISHED": ProviderStatus.SUCCEEDED,  # paid, and past the refund period
    "TRADE_CLOSED": ProviderStatus.CLOSED,  # closed unpaid, or fully refunded
}
SUCCESS = "10000"
# Gateway codes that a later retry may get past (service unavailable, or a system error behind the business one).
RETRYABLE = ("20000", "ACQ.SYSTEM_ERROR", "aop.ACQ.SYSTEM_ERROR")


def yuan(amount: Money) -> str:
    """`12.50` from 12.5 CNY; an amount finer than the fen or in another currency cannot be collected as it is."""
    if amount.currency != CURRENCY or amount.rounded() != amount:
        raise ValueError(f"Alipay collects whole fen in CNY, not {amount}")
    return str(amount.rounded().amount)


def beijing_time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.strptime(text, rsa2.TIMESTAMP_FORMAT).replace(tzinfo=rsa2.BEIJING).astimezone(UTC)
    except ValueError:
        return None


class AlipayGateway:
    """PaymentGateway for the alipay method."""

    method = "alipay"

    def __init__(
        self,
        settings: AlipayPaymentSettings,
        client: httpx.AsyncClient,
        *,
        app_private_key_pem: str,
        alipay_public_key_pem: str,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._gateway_url = settings.gateway_url
        self._app_id = settings.app_id
        self._client = client
        self._private_key = rsa2.load_private_key(app_private_key_pem)
        self._alipay_public_key = rsa2.load_public_key(alipay_public_key_pem)
        self._clock = clock or (lambda: datetime.now(UTC))

    async def start(self, request: PaymentRequest) -> PaymentStart:
        """The signed cashier URL; Alipay creates the trade when the customer opens it, so nothing is sent now."""
        biz = {
            "out_trade_no": request.payment_no,
            "product_code": "FAST_INSTANT_TRADE_PAY",
            "total_amount": yuan(request.amount),
            "subject": request.subject,
            "time_expire": request.expires_at.astimezone(rsa2.BEIJING).strftime(rsa2.TIMESTAMP_FORMAT),
        }
        params = self.signed_params(
            "alipay.trade.page.pay", biz, notify_url=request.notify_url, return_url=request.return_url
        )
        return PaymentStart(kind=StartKind.REDIRECT, url=f"{self._gateway_url}?{urlencode(params)}")

    def verify_callback(self, headers: Mapping[str, str], body: bytes, now: datetime) -> ProviderPayment:
        try:
            params = dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=True))
        except (UnicodeDecodeError, ValueError) as exc:
            raise CallbackRejected("the notify is not a utf-8 form") from exc
        if params.get("sign_type") != "RSA2" or not params.get("sign"):
            raise CallbackRejected("the notify is not RSA2-signed")
        content = rsa2.signing_content(params, rsa2.NOTIFY_UNSIGNED)
        if not rsa2.verify(self._alipay_public_key, content, params["sign"]):
            raise CallbackRejected("signature does not verify with Alipay's public key")
        if params.get("app_id") != self._app_id:
            raise CallbackRejected(f"the notify is for another app: {params.get('app_id')!r}")
        if params.get("trade_status") not in TRADE_STATUS:
            raise CallbackRejected(f"unknown trade_status {params.get('trade_status')!r}")
        try:
            return self._payment(params, event_id=params.get("notify_id") or None)
        except ValueError as exc:
            raise CallbackRejected(str(exc)) from exc

    def callback_answer(self, accepted: bool) -> CallbackAnswer:
        # Alipay stops redelivering only on the exact text `success`.
        return CallbackAnswer(200, b"success") if accepted else CallbackAnswer(400, b"fail")

    async def query(self, payment_no: str) -> ProviderPayment:
        answer = await self.call("alipay.trade.query", {"out_trade_no": payment_no})
        if answer.get("code") != SUCCESS:
            if answer.get("sub_code") == "ACQ.TRADE_NOT_EXIST":
                raise PaymentNotFound(f"alipay: no trade for payment {payment_no} (the cashier was never opened)")
            raise ProviderUnavailable(f"alipay: query of {payment_no} failed: {_error(answer)}")
        try:
            return self._payment(answer)
        except ValueError as exc:
            raise ProviderUnavailable(f"alipay: {exc}") from exc

    async def refund(self, request: RefundRequest) -> RefundResult:
        biz = {
            "out_trade_no": request.payment_no,
            "refund_amount": yuan(request.amount),
            "out_request_no": request.refund_no,  # Alipay's dedup key: the same number again is the same refund
            "refund_reason": request.reason,
        }
        answer = await self.call("alipay.trade.refund", biz)
        code = str(answer.get("code"))
        if code == SUCCESS:
            return RefundResult(request.refund_no, RefundStatus.SUCCEEDED, answer.get("trade_no"), raw=answer)
        if code in RETRYABLE or answer.get("sub_code") in RETRYABLE:
            raise ProviderUnavailable(f"alipay: refund {request.refund_no} failed: {_error(answer)}")
        return RefundResult(request.refund_no, RefundStatus.FAILED, raw=answer)  # refused: a retry won't help

    def signed_params(self, method: str, biz: Mapping[str, str], **params: str) -> dict[str, str]:
        """The common parameters, `biz_content` and `params`, with the RSA2 `sign` added."""
        all_params = {
            "app_id": self._app_id,
            "method": method,
            "format": "JSON",
            "charset": "utf-8",
            "sign_type": "RSA2",
            "timestamp": self._clock().astimezone(rsa2.BEIJING).strftime(rsa2.TIMESTAMP_FORMAT),
            "version": "1.0",
            "biz_content": json.dumps(biz, ensure_ascii=False, separators=(",", ":")),
            **params,
        }
        all_params["sign"] = rsa2.sign(self._private_key, rsa2.signing_content(all_params))
        return all_params

    async def call(self, method: str, biz: Mapping[str, str]) -> dict[str, Any]:
        """One gateway call: the `<method>_response` object once its signature verifies, whatever its `code`."""
        try:
            response = await self._client.post(self._gateway_url, data=self.signed_params(method, biz))
            response.raise_for_status()
            text = response.content.decode("utf-8")
            nodes = rsa2.top_level_nodes(text)
            body = json.loads(text)
        except (httpx.HTTPError, ValueError) as exc:
            raise ProviderUnavailable(f"alipay: {method} failed: {exc!r}") from exc
        node = method.replace(".", "_") + "_response"
        if node not in nodes:
            raise ProviderUnavailable(f"alipay: {method} refused: {_error(body.get('error_response'))}")
        if not rsa2.verify(self._alipay_public_key, nodes[node], str(body.get("sign") or "")):
            raise ProviderUnavailable(f"alipay: the answer to {method} is not signed by Alipay")
        result = body[node]
        if not isinstance(result, dict):
            raise ProviderUnavailable(f"alipay: the answer to {method} is not an object")
        return result

    def _payment(self, fields: Mapping[str, Any], event_id: str | None = None) -> ProviderPayment:
        try:
            amount = Money(Decimal(str(fields["total_amount"])), CURRENCY)
            status = TRADE_STATUS[str(fields["trade_status"])]
            payment_no = str(fields["out_trade_no"])
        except (KeyError, InvalidOperation) as exc:
            raise ValueError("the trade lacks its out_trade_no, total_amount or trade_status") from exc
        return ProviderPayment(
            payment_no=payment_no,
            status=status,
            amount=amount,
            provider_ref=fields.get("trade_no") or None,
            paid_at=beijing_time(fields.get("gmt_payment") or fields.get("send_pay_date"))
            if status is ProviderStatus.SUCCEEDED
            else None,
            event_id=event_id,
            raw=dict(fields),
        )


def _error(answer: object) -> str:
    if isinstance(answer, Mapping):
        return f"{answer.get('code')} {answer.get('sub_code')}: {answer.get('sub_msg') or answer.get('msg')}"
    return repr(answer)[:200]
