"""WeChat Pay API v3 (微信支付 APIv3) as a PaymentGateway: Native pay (a QR code the customer scans with WeChat),
verified and decrypted payment callbacks, the query by out_trade_no, domestic refunds.

Our payment_no is WeChat's out_trade_no and our refund_no its out_refund_no. Amounts are fen (integers) of CNY,
the only currency of domestic WeChat Pay. Every answer is checked against WeChat Pay's public key before it is
believed. WeChat Pay calls back only for successful payments; failures and closures are learned by querying.
A refund's outcome comes from sending the same refund again (WeChat answers with the refund it already has).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

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
from domain.ports import Clock
from infra.payments import wechat_signature as signature
from infra.providers.rsa2 import load_private_key, load_public_key
from infra.settings import WeChatPaySettings

CURRENCY = "CNY"
DESCRIPTION_LIMIT = 127  # characters WeChat Pay accepts in `description`
USER_AGENT = "AllOrder-WeChatPay/1"  # WeChat Pay refuses requests without one

# trade_state → ours. REFUND means "paid, then (partly) refunded": the payment itself succeeded.
TRADE_STATES = {
    "SUCCESS": ProviderStatus.SUCCEEDED,
    "REFUND": ProviderStatus.SUCCEEDED,
    "NOTPAY": ProviderStatus.PENDING,
    "USERPAYING": ProviderStatus.PENDING,
    "PAYERROR": ProviderStatus.FAILED,
    "CLOSED": ProviderStatus.CLOSED,
    "REVOKED": ProviderStatus.CLOSED,
}
REFUND_STATES = {
    "SUCCESS": RefundStatus.SUCCEEDED,
    "PROCESSING": RefundStatus.PROCESSING,
    "CLOSED": RefundStatus.FAILED,
    "ABNORMAL": RefundStatus.FAILED,  # the buyer's account cannot take it: finance refunds another way
}
FAIL_ANSWER = json.dumps({"code": "FAIL", "message": "失败"}, ensure_ascii=False).encode()


def to_fen(amount: Money) -> int:
    """An amount in fen; refuses another currency or a fraction of a fen rather than rounding money away."""
    if amount.currency != CURRENCY:
        raise ValueError(f"WeChat Pay collects CNY only, not {amount.currency}")
    if amount.rounded() != amount:
        raise ValueError(f"{amount.amount} CNY is not a whole number of fen")
    return amount.minor


def from_fen(fen: object, currency: object = CURRENCY) -> Money:
    if not isinstance(fen, int) or isinstance(fen, bool):
        raise ValueError(f"an amount in fen must be an integer, not {fen!r}")
    return Money.of_minor(fen, str(currency or CURRENCY))


def parse_time(text: object) -> datetime | None:
    return datetime.fromisoformat(text).astimezone(UTC) if isinstance(text, str) and text else None


class WeChatPayGateway:
    """PaymentGateway for WeChat Pay API v3 Native pay. Keys are resolved once, here; none is ever logged."""

    method = "wechat_pay"

    def __init__(self, settings: WeChatPaySettings, client: httpx.AsyncClient, clock: Clock) -> None:
        self._settings = settings
        self._client = client
        self._clock = clock
        self._private_key = load_private_key(settings.merchant_private_key_pem())
        self._platform_key = load_public_key(settings.platform_public_key_pem())
        self._apiv3_key = settings.apiv3_key_text()
        self._window = timedelta(seconds=settings.replay_window_seconds)

    async def start(self, request: PaymentRequest) -> PaymentStart:
        """Native pay: WeChat answers a `code_url` for the storefront to show as a QR code."""
        order = {
            "appid": self._settings.appid,
            "mchid": self._settings.mchid,
            "description": request.subject[:DESCRIPTION_LIMIT],
            "out_trade_no": request.payment_no,
            "time_expire": signature.beijing_time(request.expires_at),
            "notify_url": request.notify_url,
            "amount": {"total": to_fen(request.amount), "currency": CURRENCY},
        }
        answer = await self._call("POST", "/v3/pay/transactions/native", order)
        code_url = answer.get("code_url")
        if not isinstance(code_url, str) or not code_url:
            raise ProviderUnavailable("wechat_pay: the Native pay answer has no code_url")
        return PaymentStart(kind=StartKind.QR, qr_code=code_url)

    def verify_callback(self, headers: Mapping[str, str], body: bytes, now: datetime) -> ProviderPayment:
        """Signature, serial and timestamp first (cheap, before any parsing), then decrypt the resource."""
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CallbackRejected("body is not UTF-8") from exc
        reason = self._answer_problem(signature.lower_keys(headers), text, now)
        if reason is not None:
            raise CallbackRejected(reason)
        try:
            event = json.loads(text)
            resource = event["resource"]
            if resource.get("algorithm") != "AEAD_AES_256_GCM":
                raise CallbackRejected(f"unknown resource algorithm {resource.get('algorithm')!r}")
            if resource.get("original_type") != "transaction":
                raise CallbackRejected(f"not a payment callback: {event.get('event_type')!r}")
            plaintext = signature.decrypt_resource(
                self._apiv3_key,
                ciphertext=str(resource["ciphertext"]),
                nonce=str(resource["nonce"]),
                associated_data=str(resource.get("associated_data") or ""),
            )
            transaction = json.loads(plaintext)
            if transaction.get("mchid") != self._settings.mchid or transaction.get("appid") != self._settings.appid:
                raise CallbackRejected("callback for another merchant or app")
            return self._payment(transaction, event_id=str(event.get("id") or "") or None)
        except signature.ResourceUnreadable as exc:
            raise CallbackRejected(f"resource does not decrypt with the APIv3 key ({exc})") from exc
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise CallbackRejected(f"malformed callback: {type(exc).__name__}: {exc}") from exc

    def callback_answer(self, accepted: bool) -> CallbackAnswer:
        """204 takes the callback; any 4xx with FAIL makes WeChat Pay deliver it again later."""
        if accepted:
            return CallbackAnswer(status_code=204)
        return CallbackAnswer(status_code=400, body=FAIL_ANSWER, media_type="application/json")

    async def query(self, payment_no: str) -> ProviderPayment:
        path = f"/v3/pay/transactions/out-trade-no/{payment_no}"
        answer = await self._call("GET", path, params={"mchid": self._settings.mchid})
        try:
            return self._payment(answer, event_id=None)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ProviderUnavailable(f"wechat_pay: malformed query answer: {exc}") from exc

    async def refund(self, request: RefundRequest) -> RefundResult:
        # No notify_url: refund callbacks would need a route of their own; the outcome is asked for instead.
        refund = {
            "out_trade_no": request.payment_no,
            "out_refund_no": request.refund_no,
            "reason": request.reason[:80] or None,
            "amount": {
                "refund": to_fen(request.amount),
                "total": to_fen(request.payment_amount),
                "currency": CURRENCY,
            },
        }
        answer = await self._call("POST", "/v3/refund/domestic/refunds", {k: v for k, v in refund.items() if v})
        status = REFUND_STATES.get(str(answer.get("status")))
        if status is None or answer.get("out_refund_no") != request.refund_no:
            raise ProviderUnavailable(f"wechat_pay: unexpected refund answer status {answer.get('status')!r}")
        return RefundResult(
            refund_no=request.refund_no, status=status, provider_ref=answer.get("refund_id"), raw=answer
        )

    # --- the wire

    def _payment(self, transaction: Mapping[str, Any], *, event_id: str | None) -> ProviderPayment:
        state = str(transaction["trade_state"])
        if state not in TRADE_STATES:
            raise ValueError(f"unknown trade_state {state!r}")
        amount = transaction["amount"]
        return ProviderPayment(
            payment_no=str(transaction["out_trade_no"]),
            status=TRADE_STATES[state],
            amount=from_fen(amount["total"], amount.get("currency")),
            provider_ref=transaction.get("transaction_id") or None,
            paid_at=parse_time(transaction.get("success_time")),
            event_id=event_id,
            raw=dict(transaction),
        )

    def _answer_problem(self, headers: Mapping[str, str], body: str, now: datetime) -> str | None:
        """Why an answer or callback is not WeChat Pay's own, fresh one; None when it is."""
        missing = [
            h
            for h in (signature.TIMESTAMP, signature.NONCE, signature.SIGNATURE, signature.SERIAL)
            if not headers.get(h)
        ]
        if missing:
            return f"missing headers: {', '.join(missing)}"
        if headers[signature.SERIAL] != self._settings.platform_public_key_id:
            return f"signed with an unknown platform key {headers[signature.SERIAL]!r}"
        try:
            signed_at = datetime.fromtimestamp(int(headers[signature.TIMESTAMP]), UTC)
        except (ValueError, OverflowError, OSError):
            return "timestamp is not a number of seconds"
        if abs(now - signed_at) > self._window:
            return f"stale timestamp: signed at {signed_at.isoformat()}, received at {now.isoformat()}"
        message = signature.answer_message(headers[signature.TIMESTAMP], headers[signature.NONCE], body)
        if not signature.verify(self._platform_key, message, headers[signature.SIGNATURE]):
            return "signature does not verify with the platform public key"
        return None

    async def _call(
        self, method: str, path: str, payload: Mapping[str, Any] | None = None, params: Mapping[str, str] | None = None
    ) -> dict[str, Any]:
        """One signed request; the verified JSON answer, or ProviderUnavailable saying what went wrong."""
        url = httpx.URL(self._settings.api_base.rstrip("/") + path, params=params)
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")) if payload is not None else ""
        timestamp, nonce = str(int(self._clock.now().timestamp())), signature.new_nonce()
        signed = signature.sign(
            self._private_key, signature.request_message(method, url.raw_path.decode(), timestamp, nonce, body)
        )
        headers = {
            "Authorization": signature.authorization(
                mchid=self._settings.mchid,
                serial_no=self._settings.merchant_serial_no,
                nonce=nonce,
                timestamp=timestamp,
                signature=signed,
            ),
            "Accept": "application/json",
            "User-Agent": USER_AGENT,
        }
        if payload is not None:
            headers["Content-Type"] = "application/json"
        try:
            response = await self._client.request(method, url, content=body.encode(), headers=headers)
            text = response.content.decode("utf-8")
        except (httpx.HTTPError, UnicodeDecodeError) as exc:
            raise ProviderUnavailable(f"wechat_pay: {method} {path} failed: {exc!r}") from exc
        if not response.is_success:
            error = error_of(text)
            unknown = PaymentNotFound if error.startswith("ORDER_NOT_EXIST:") else ProviderUnavailable
            raise unknown(f"wechat_pay: {method} {path} answered {response.status_code}: {error}")
        problem = self._answer_problem(signature.lower_keys(response.headers), text, self._clock.now())
        if problem is not None:
            raise ProviderUnavailable(f"wechat_pay: {method} {path}: the answer is not WeChat Pay's: {problem}")
        try:
            answer = json.loads(text) if text else {}
        except ValueError as exc:
            raise ProviderUnavailable(f"wechat_pay: {method} {path}: the answer is not JSON") from exc
        if not isinstance(answer, dict):
            raise ProviderUnavailable(f"wechat_pay: {method} {path}: the answer is not a JSON object")
        return answer


def error_of(text: str) -> str:
    """`CODE: message` of a WeChat Pay error answer, for the log and the retry's record."""
    try:
        error = json.loads(text)
        return f"{error.get('code')}: {error.get('message')}"
    except (ValueError, AttributeError):
        return text[:200]
