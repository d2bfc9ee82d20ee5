"""The payment providers' webhook: public by nature, so it caps the body, verifies before anything else, and
answers a refusal without saying why (the reason is recorded for finance, domain/payments/callbacks.py)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from api.deps import ContainerDep, client_ip
from api.errors import problem
from api.schemas.common import problems
from domain.payments import use_cases as payments

router = APIRouter(prefix="/payments", tags=["payment-callbacks"])
MAX_BODY_BYTES = 64 * 1024  # providers' notifies are a few KiB; anything bigger is not one of theirs

DESCRIPTION = """Where a payment provider posts its asynchronous notification of a payment's outcome. Configure
it at the provider as `{PUBLIC_BASE_URL}/api/v1/payments/callbacks/{method}` with `method` one of `alipay`
(form-encoded, RSA2-signed `notify_url`), `wechat_pay` (JSON with `Wechatpay-*` signature headers, resource
AES-256-GCM encrypted) or `card` (JSON event with a `Stripe-Signature` HMAC-SHA256 header, timestamp tolerance).

The body is the provider's own, unchanged; at most 64 KiB (413 beyond). The signature is verified first, then the
payment number, method, amount and currency are checked against ours. The answer is what the provider expects:
Alipay `success` / `fail`, WeChat Pay 204 / 400 with `{"code":"FAIL"}`, cards 200 / 400. A refusal never says
why; finance sees the reason in the payment log, for at most `PAYMENTS__REJECTED_CALLBACKS_PER_MINUTE` refusals
per client address and minute (past it, the same refusal, unrecorded). An accepted notification is stored and
applied shortly after by a job: the order is paid exactly once, however often it is delivered; a late payment for an order that can no longer take it is refunded in full."""


@router.post(
    "/callbacks/{method}",
    openapi_extra={
        "x-permission": "public",
        "security": [],
        "requestBody": {
            "required": True,
            "content": {
                "application/x-www-form-urlencoded": {"schema": {"type": "object", "additionalProperties": True}},
                "application/json": {"schema": {"type": "object", "additionalProperties": True}},
            },
        },
    },
    operation_id="payment-callbacks-receive",
    summary="Receive a payment provider's notification",
    description=DESCRIPTION,
    response_class=Response,
    responses={
        200: {"description": "Accepted (Alipay: the text `success`; cards: empty)", "content": {"text/plain": {}}},
        204: {"description": "Accepted (WeChat Pay)"},
        400: {"description": 'Refused, without a reason (Alipay: `fail`; WeChat Pay: `{"code":"FAIL"}`)'},
        **problems(404, 413),
    },
)
async def receive(method: str, request: Request, c: ContainerDep) -> Response:
    gateway = c.payment_gateways.get(method)
    if gateway is None:
        return problem(request, 404, "payment.unknown_method", "No such payment method takes notifications here.")
    body = await _capped_body(request)
    if body is None:
        return problem(
            request,
            413,
            "payment.callback_too_large",
            "The notification is too large.",
            data={"limit_bytes": MAX_BODY_BYTES},
        )

    async def may_record() -> bool:  # refusals only: an accepted notification never spends the budget
        limit = c.settings.payments.rejected_callbacks_per_minute
        key = f"payment-callback-rejected:{client_ip(request)}"
        return await c.rate_limiter.hit(key, limit=limit, window_seconds=60)

    answer = await payments.receive_callback(c.uow(), c.clock, gateway, request.headers, body, may_record)
    return Response(answer.body, status_code=answer.status_code, media_type=answer.media_type)


async def _capped_body(request: Request) -> bytes | None:
    """The body, or None once it is over the cap: a declared length says so before anything is read, and a
    streamed one is cut off as soon as it passes the cap."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        return None
    received = bytearray()
    async for chunk in request.stream():
        received += chunk
        if len(received) > MAX_BODY_BYTES:
            return None
    return bytes(received)
