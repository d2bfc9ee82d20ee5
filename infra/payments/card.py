"""A Stripe-style card gateway: a payment intent opens the provider's hosted checkout page, the outcome comes as an
HMAC-SHA256 signed webhook, refunds are deduplicated by their `Idempotency-Key`.

Finding a payment by our number: the intent carries `metadata[payment_no]` and is looked up with the search API
(`GET /v1/payment_intents/search?query=metadata['payment_no']:'…'`), so nothing of the provider's has to be stored
before the first answer. Creation sends our payment_no as the `Idempotency-Key`, so a retried start gives back
the same intent rather than a second one.
"""

from __future__ import annotations

import hashlib
import hmac
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
from infra.settings import CardPaymentSettings

EVENT_STATUS = {
    "payment_intent.succeeded": ProviderStatus.SUCCEEDED,
    "payment_intent.payment_failed": ProviderStatus.FAILED,
    "payment_intent.canceled": ProviderStatus.CLOSED,
}
REFUND_STATUS = {
    "succeeded": RefundStatus.SUCCEEDED,
    "pending": RefundStatus.PROCESSING,
    "requires_action": RefundStatus.PROCESSING,
    "failed": RefundStatus.FAILED,
    "canceled": RefundStatus.FAILED,
}


def webhook_signature(secret: str, timestamp: int, body: bytes) -> str:
    """`v1`: hex HMAC-SHA256 of `"{t}.{body}"` keyed with the endpoint's webhook secret (Stripe's scheme)."""
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    return f"t={timestamp},v1={webhook_signature(secret, timestamp, body)}"


def verify_signature_header(header: str, body: bytes, secret: str, now: datetime, tolerance: timedelta) -> datetime:
    """The signing time of a webhook whose `Stripe-Signature` checks out; CallbackRejected otherwise. Any of
    several `v1` values may match (the provider sends one per active secret while a secret is rolled)."""
    timestamp: int | None = None
    candidates: list[str] = []
    for item in header.split(","):
        key, _, value = item.strip().partition("=")
        if key == "t" and value.isdigit():
            timestamp = int(value)
        elif key == "v1":
            candidates.append(value)
    if timestamp is None or not candidates:
        raise CallbackRejected("Stripe-Signature header lacks t or v1")
    expected = webhook_signature(secret, timestamp, body)
    if not any(hmac.compare_digest(expected, candidate) for candidate in candidates):
        raise CallbackRejected("signature does not match")
    signed_at = datetime.fromtimestamp(timestamp, UTC)
    if abs(now - signed_at) > tolerance:
        raise CallbackRejected(f"timestamp outside the {int(tolerance.total_seconds())} s tolerance")
    return signed_at


class CardGateway:
    """PaymentGateway for the card method."""

    method = "card"

    def __init__(
        self, settings: CardPaymentSettings, client: httpx.AsyncClient, *, secret_key: str, webhook_secret: str
    ) -> None:
        self._base = settings.api_base.rstrip("/")
        self._tolerance = timedelta(seconds=settings.webhook_tolerance_seconds)
        self._client = client
        self._secret_key = secret_key
        self._webhook_secret = webhook_secret

    async def start(self, request: PaymentRequest) -> PaymentStart:
        data = {
            "amount": str(request.amount.minor),
            "currency": request.amount.currency.lower(),
            "description": request.subject,
            "return_url": request.return_url,
            "metadata[payment_no]": request.payment_no,
            # A real account posts webhooks to the endpoint set in its dashboard; the sandbox reads this instead.
            "metadata[notify_url]": request.notify_url,
            "metadata[expires_at]": str(int(request.expires_at.timestamp())),
        }
        status, intent = await self._call("POST", "/v1/payment_intents", data=data, key=request.payment_no)
        if status >= 300:
            raise ProviderUnavailable(f"card: creating the payment intent failed: {_error(intent)}")
        try:
            url = intent["next_action"]["redirect_to_url"]["url"]
        except (KeyError, TypeError) as exc:
            raise ProviderUnavailable("card: the payment intent has no checkout URL") from exc
        return PaymentStart(kind=StartKind.REDIRECT, url=str(url), provider_ref=str(intent["id"]))

    def verify_callback(self, headers: Mapping[str, str], body: bytes, now: datetime) -> ProviderPayment:
        header = next((v for k, v in headers.items() if k.lower() == "stripe-signature"), None)
        if header is None:
            raise CallbackRejected("no Stripe-Signature header")
        signed_at = verify_signature_header(header, body, self._webhook_secret, now, self._tolerance)
        try:
            event = json.loads(body)
            kind = event["type"]
            intent = event["data"]["object"]
        except (ValueError, KeyError, TypeError) as exc:
            raise CallbackRejected("the event is not a payment intent event") from exc
        if kind not in EVENT_STATUS:
            raise CallbackRejected(f"event type {kind!r} is not one payments act on")
        created = event.get("created")
        paid_at = datetime.fromtimestamp(created, UTC) if isinstance(created, int) else signed_at
        try:
            payment = _payment(intent, event_id=str(event.get("id") or "") or None)
        except ValueError as exc:
            raise CallbackRejected(str(exc)) from exc
        status = EVENT_STATUS[kind]
        return ProviderPayment(
            payment_no=payment.payment_no,
            status=status,
            amount=payment.amount,
            provider_ref=payment.provider_ref,
            paid_at=paid_at if status is ProviderStatus.SUCCEEDED else None,
            event_id=payment.event_id,
            raw=event,
        )

    def callback_answer(self, accepted: bool) -> CallbackAnswer:
        # Any 2xx stops the provider's redelivery; a refusal says nothing about why.
        return CallbackAnswer(200) if accepted else CallbackAnswer(400, b"rejected")

    async def query(self, payment_no: str) -> ProviderPayment:
        intent = await self._find(payment_no)
        try:
            return _payment(intent)
        except ValueError as exc:
            raise ProviderUnavailable(f"card: {exc}") from exc

    async def refund(self, request: RefundRequest) -> RefundResult:
        intent = await self._find(request.payment_no)
        data = {
            "payment_intent": str(intent["id"]),
            "amount": str(request.amount.minor),
            "metadata[refund_no]": request.refund_no,
            "metadata[reason]": request.reason,
        }
        status, refund = await self._call("POST", "/v1/refunds", data=data, key=request.refund_no)
        if status >= 300:
            # A refusal of this refund (too large, not paid) will not change on retry; anything else might.
            if status in (400, 402) and isinstance(refund.get("error"), dict):
                return RefundResult(request.refund_no, RefundStatus.FAILED, raw=refund)
            raise ProviderUnavailable(f"card: refund failed: {_error(refund)}")
        return RefundResult(
            refund_no=request.refund_no,
            status=REFUND_STATUS.get(str(refund.get("status")), RefundStatus.PROCESSING),
            provider_ref=str(refund.get("id") or "") or None,
            raw=refund,
        )

    async def _find(self, payment_no: str) -> dict[str, Any]:
        if any(c in payment_no for c in "'\"\\"):
            raise ValueError("a payment number has no quotes or backslashes")
        query = {"query": f"metadata['payment_no']:'{payment_no}'"}
        status, found = await self._call("GET", "/v1/payment_intents/search", params=query)
        if status >= 300:
            raise ProviderUnavailable(f"card: searching payment {payment_no} failed: {_error(found)}")
        intents = [i for i in found.get("data") or [] if isinstance(i, dict)]
        if not intents:
            raise PaymentNotFound(f"card: no payment intent for payment {payment_no}")
        return max(intents, key=lambda i: int(i.get("created") or 0))

    async def _call(
        self,
        method: str,
        path: str,
        *,
        data: Mapping[str, str] | None = None,
        params: Mapping[str, str] | None = None,
        key: str | None = None,
    ) -> tuple[int, dict[str, Any]]:
        """One API call: its status and JSON body. Unreachable, 401/429/5xx or a body that is not JSON raise
        ProviderUnavailable; other 4xx are returned for the caller to judge."""
        headers = {"Authorization": f"Bearer {self._secret_key}"}
        if key is not None:
            headers["Idempotency-Key"] = key
        try:
            response = await self._client.request(method, self._base + path, data=data, params=params, headers=headers)
            body = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise ProviderUnavailable(f"card: {method} {path} failed: {exc!r}") from exc
        if response.status_code in (401, 429) or response.status_code >= 500 or not isinstance(body, dict):
            raise ProviderUnavailable(f"card: {method} {path} answered {response.status_code}: {_error(body)}")
        return response.status_code, body


def _payment(intent: Mapping[str, Any], event_id: str | None = None) -> ProviderPayment:
    try:
        payment_no = str(intent["metadata"]["payment_no"])
        amount = Money.of_minor(int(intent["amount"]), str(intent["currency"]).upper())
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError("the payment intent lacks its payment_no, amount or currency") from exc
    match intent.get("status"):
        case "succeeded":
            status = ProviderStatus.SUCCEEDED
        case "canceled":
            status = ProviderStatus.CLOSED
        case "requires_payment_method" if intent.get("last_payment_error"):
            status = ProviderStatus.FAILED  # the card was declined; the customer may still try another
        case _:
            status = ProviderStatus.PENDING
    return ProviderPayment(
        payment_no=payment_no,
        status=status,
        amount=amount,
        provider_ref=str(intent.get("id") or "") or None,
        event_id=event_id,
        raw=intent,
    )


def _error(body: object) -> str:
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        error = body["error"]
        return f"{error.get('type')}/{error.get('code')}: {error.get('message')}"
    return repr(body)[:200]
