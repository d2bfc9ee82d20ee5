"""The card gateway of the payment sandbox, speaking the Stripe-style API the card adapter uses: payment intents
with a hosted checkout page, signed webhooks, search by metadata, refunds deduplicated by Idempotency-Key."""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse

from domain.money import Money
from infra.payments import card as wire
from infra.payments.sandbox.behaviour import Behaviour, CallbackSender, pay_page, router_base

SEARCH = re.compile(r"""^metadata\[['"]payment_no['"]\]:['"]([^'"]*)['"]$""")


@dataclass
class Intent:
    id: str
    secret_key: str  # the account that created it
    amount: int
    currency: str
    description: str
    return_url: str
    metadata: dict[str, str]
    created: int
    checkout_url: str
    status: str = "requires_payment_method"
    last_payment_error: dict[str, str] | None = None
    refunded: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "payment_intent",
            "amount": self.amount,
            "amount_received": self.amount if self.status == "succeeded" else 0,
            "currency": self.currency,
            "created": self.created,
            "description": self.description,
            "metadata": self.metadata,
            "status": self.status,
            "last_payment_error": self.last_payment_error,
            "next_action": {"type": "redirect_to_url", "redirect_to_url": {"url": self.checkout_url}}
            if self.status == "requires_payment_method"
            else None,
        }


@dataclass
class CardLedger:
    intents: dict[str, Intent] = field(default_factory=dict)
    answers: dict[tuple[str, str, str], tuple[int, dict[str, Any]]] = field(default_factory=dict)  # idempotency


def create_card_router(
    accounts: Mapping[str, str], behaviour: Behaviour, sender: CallbackSender, clock: Callable[[], datetime]
) -> APIRouter:
    """Routes for `accounts` (secret key → webhook secret), to be included under `/card`."""
    router = APIRouter()
    ledger = CardLedger()

    def error(status: int, kind: str, message: str, code: str | None = None) -> JSONResponse:
        return JSONResponse({"error": {"type": kind, "code": code, "message": message}}, status_code=status)

    def account(request: Request) -> str | None:
        scheme, _, key = request.headers.get("authorization", "").partition(" ")
        return key if scheme.lower() == "bearer" and key in accounts else None

    def unauthorised() -> JSONResponse:
        return error(401, "invalid_request_error", "Invalid API Key provided.", "api_key_invalid")

    def replayed(request: Request, key: str, path: str) -> JSONResponse | None:
        idempotency_key = request.headers.get("idempotency-key")
        found = ledger.answers.get((key, path, idempotency_key)) if idempotency_key else None
        return JSONResponse(found[1], status_code=found[0], headers={"Idempotent-Replayed": "true"}) if found else None

    def remember(request: Request, key: str, path: str, status: int, body: dict[str, Any]) -> JSONResponse:
        if idempotency_key := request.headers.get("idempotency-key"):
            ledger.answers[(key, path, idempotency_key)] = (status, body)
        return JSONResponse(body, status_code=status)

    @router.post("/v1/payment_intents")
    async def create_intent(request: Request) -> Response:
        """Create a payment intent; its next_action is the hosted checkout page."""
        key = account(request)
        if key is None:
            return unauthorised()
        if (answer := replayed(request, key, "intents")) is not None:
            return answer
        if behaviour.refuse_creation:
            return error(500, "api_error", "Sandbox: creating payment intents is switched off.")
        form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
        currency = form.get("currency", "")
        if not form.get("amount", "").isdigit() or int(form["amount"]) <= 0 or not re.fullmatch("[a-z]{3}", currency):
            return error(400, "invalid_request_error", "amount and currency are required.", "parameter_invalid")
        metadata = {k[9:-1]: v for k, v in form.items() if k.startswith("metadata[") and k.endswith("]")}
        intent_id = f"pi_{secrets.token_hex(12)}"
        intent = Intent(
            id=intent_id,
            secret_key=key,
            amount=int(form["amount"]),
            currency=currency,
            description=form.get("description", ""),
            return_url=form.get("return_url", ""),
            metadata=metadata,
            created=int(clock().timestamp()),
            checkout_url=f"{router_base(request, '/v1/payment_intents')}/pay/{intent_id}",
        )
        ledger.intents[intent.id] = intent
        return remember(request, key, "intents", 200, intent.as_json())

    @router.get("/v1/payment_intents/search")
    async def search_intents(request: Request, query: str = "") -> Response:
        """Search intents; the sandbox understands `metadata['payment_no']:'…'` only."""
        key = account(request)
        if key is None:
            return unauthorised()
        if behaviour.refuse_queries:
            return error(500, "api_error", "Sandbox: searching payment intents is switched off.")
        match = SEARCH.match(query.strip())
        if match is None:
            return error(400, "invalid_request_error", "Sandbox: search by metadata['payment_no'] only.")
        found = [
            i.as_json()
            for i in ledger.intents.values()
            if i.secret_key == key and i.metadata.get("payment_no") == match[1]
        ]
        return JSONResponse({"object": "search_result", "data": found, "has_more": False})

    @router.get("/v1/payment_intents/{intent_id}")
    async def get_intent(request: Request, intent_id: str) -> Response:
        """One payment intent."""
        key = account(request)
        if key is None:
            return unauthorised()
        intent = ledger.intents.get(intent_id)
        if intent is None or intent.secret_key != key:
            return error(404, "invalid_request_error", f"No such payment_intent: '{intent_id}'", "resource_missing")
        return JSONResponse(intent.as_json())

    @router.get("/pay/{intent_id}", response_model=None)
    async def checkout(request: Request, intent_id: str) -> Response:
        """The hosted checkout page."""
        intent = ledger.intents.get(intent_id)
        if intent is None:
            return Response("No such payment.", status_code=404)
        amount = str(Money.of_minor(intent.amount, intent.currency.upper()))
        done = None if intent.status == "requires_payment_method" else f"Payment {intent.status}."
        return pay_page(provider="Card", subject=intent.description, amount=amount, action=str(request.url), done=done)

    @router.post("/pay/{intent_id}", response_model=None)
    async def pay(intent_id: str, outcome: Annotated[str, Form()]) -> Response:
        """The customer pressed Pay or Fail: settle the intent, send the webhook, go back to the merchant."""
        intent = ledger.intents.get(intent_id)
        if intent is None or intent.status != "requires_payment_method":
            return Response("This payment cannot be paid now.", status_code=409)
        if outcome == "pay" and not behaviour.fail_payments:
            intent.status, intent.last_payment_error, kind = "succeeded", None, "payment_intent.succeeded"
        else:
            intent.last_payment_error = {"code": "card_declined", "message": "Your card was declined."}
            kind = "payment_intent.payment_failed"
        now = int(clock().timestamp())
        event = {
            "id": f"evt_{secrets.token_hex(12)}",
            "object": "event",
            "type": kind,
            "created": now,
            "data": {"object": intent.as_json()},
        }
        body = json.dumps(event).encode()
        signature = wire.signature_header(accounts[intent.secret_key], now, body)
        headers = {"Content-Type": "application/json", "Stripe-Signature": signature}
        sender.send(intent.metadata.get("notify_url", ""), content=body, headers=headers)
        query = urlencode({"payment_intent": intent.id, "redirect_status": intent.status})
        return RedirectResponse(f"{intent.return_url}?{query}", status_code=303)

    @router.post("/v1/refunds")
    async def create_refund(request: Request) -> Response:
        """Refund a succeeded intent, in part or whole; the same Idempotency-Key gives back the same refund."""
        key = account(request)
        if key is None:
            return unauthorised()
        if (answer := replayed(request, key, "refunds")) is not None:
            return answer
        if behaviour.error_refunds:
            return error(500, "api_error", "Sandbox: refunds are switched off.")
        form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
        intent = ledger.intents.get(form.get("payment_intent", ""))
        if intent is None or intent.secret_key != key:
            return error(404, "invalid_request_error", "No such payment_intent.", "resource_missing")
        if intent.status != "succeeded":
            return remember(request, key, "refunds", 400, _refusal("The payment has not succeeded.", "charge_not_paid"))
        amount = int(form["amount"]) if form.get("amount", "").isdigit() else intent.amount - intent.refunded
        if amount <= 0 or intent.refunded + amount > intent.amount:
            return remember(request, key, "refunds", 400, _refusal("Refund exceeds the payment.", "amount_too_large"))
        intent.refunded += amount
        metadata = {k[9:-1]: v for k, v in form.items() if k.startswith("metadata[") and k.endswith("]")}
        refund = {
            "id": f"re_{secrets.token_hex(12)}",
            "object": "refund",
            "amount": amount,
            "currency": intent.currency,
            "payment_intent": intent.id,
            "metadata": metadata,
            "status": "succeeded",
            "created": int(clock().timestamp()),
        }
        return remember(request, key, "refunds", 200, refund)

    return router


def _refusal(message: str, code: str) -> dict[str, Any]:
    return {"error": {"type": "invalid_request_error", "code": code, "message": message}}
