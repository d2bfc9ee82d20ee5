"""The payment sandbox: a local stand-in for the payment providers, speaking each one's wire format with its own
generated keys and keeping payments in memory. Development and tests only: the app mounts it only in development
mode with the sandbox enabled, as it does the SMS and login sandboxes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime

import httpx
from fastapi import FastAPI
from pydantic import BaseModel

from infra.payments.sandbox.alipay import create_alipay_pay_router
from infra.payments.sandbox.behaviour import Behaviour, CallbackSender
from infra.payments.sandbox.card import create_card_router
from infra.payments.sandbox.wechat import create_wechat_pay_router
from infra.payments.sandbox.wechat_state import WeChatPaySandbox


class BehaviourChange(BaseModel):
    """Fields of Behaviour to change; those left out keep their value."""

    refuse_creation: bool | None = None
    refuse_queries: bool | None = None
    fail_payments: bool | None = None
    error_refunds: bool | None = None
    drop_callbacks: bool | None = None
    duplicate_callbacks: bool | None = None
    callback_delay_seconds: float | None = None


def create_payment_sandbox(
    *,
    card_accounts: Mapping[str, str] | None = None,
    alipay_apps: Mapping[str, str] | None = None,
    alipay_private_key_pem: str | None = None,
    wechat: WeChatPaySandbox | None = None,
    behaviour: Behaviour | None = None,
    now: Callable[[], datetime] | None = None,
    client: httpx.AsyncClient | None = None,
) -> FastAPI:
    """Build the sandbox: the card gateway under `/card`, Alipay under `/alipay` (WeChat Pay under `/wechat`)."""
    # card_accounts: secret key → webhook secret; alipay_apps: app_id → the app's public key PEM, answers and
    # notifies signed with alipay_private_key_pem; `now` lets tests move time.
    clock = now or (lambda: datetime.now(UTC))
    behaviour = behaviour or Behaviour()
    sender = CallbackSender(behaviour, client=client)
    app = FastAPI(title="AllOrder payment sandbox", docs_url=None, redoc_url=None)
    app.state.behaviour, app.state.sender, app.state.wechat = behaviour, sender, wechat
    if card_accounts:
        app.include_router(create_card_router(card_accounts, behaviour, sender, clock), prefix="/card")
    if alipay_apps:
        if alipay_private_key_pem is None:
            raise ValueError("alipay_private_key_pem is required to sign the Alipay sandbox's answers")
        router = create_alipay_pay_router(alipay_apps, alipay_private_key_pem, behaviour, sender, clock)
        app.include_router(router, prefix="/alipay")
    if wechat is not None:  # its own failure switches for now (WeChatPayFailures), not `behaviour`
        app.include_router(create_wechat_pay_router(wechat), prefix="/wechat")

    @app.put("/behaviour")
    async def change_behaviour(change: BehaviourChange) -> Behaviour:
        """Switch the sandbox's misbehaviour (failures, dropped or duplicated callbacks, delay)."""
        for name, value in change.model_dump(exclude_none=True).items():
            setattr(behaviour, name, value)
        return behaviour

    return app


async def callbacks_sent(sandbox: FastAPI) -> None:
    """Wait until every callback the sandbox has scheduled so far has been delivered (or given up)."""
    await sandbox.state.sender.callbacks_sent()
    if sandbox.state.wechat is not None:
        await sandbox.state.wechat.callbacks_sent()
