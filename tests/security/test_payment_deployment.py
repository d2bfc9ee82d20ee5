"""Payment methods are closed by default: production offers a method only once its keys are configured and refuses to
start when an enabled one lacks them or points at a sandbox; development pays through its own sandbox, reached
(and calling our webhook back) inside the process, on keys it keeps private under var/."""

from __future__ import annotations

import stat
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from domain.money import Money
from domain.payments.gateway import PaymentRequest, StartKind
from infra.deployment import UnsafeDeployment
from infra.payments.gateways import SANDBOX_KEYS_FILE, enabled_methods
from infra.payments.sandbox.app import callbacks_sent
from infra.settings import CardPaymentSettings, PaymentsSettings, SecretReference
from tests.security.apps import build, client_of, development_settings, production_settings


def card(**fields: object) -> PaymentsSettings:
    return PaymentsSettings(card=CardPaymentSettings.model_validate(fields))


@pytest.mark.parametrize(
    ("payments", "named"),
    [
        (card(secret_key=SecretReference(value="sk_live_x")), "payments.card.webhook_secret is not configured"),
        (
            card(secret_key=SecretReference(env="UNSET_CARD_KEY"), webhook_secret=SecretReference(value="whsec_x")),
            "the environment variable UNSET_CARD_KEY",
        ),
        (
            card(secret_key=SecretReference(value="sk_live_x"), webhook_secret=SecretReference(value="whsec_x")),
            "PAYMENTS__CARD__API_BASE",
        ),
    ],
)
def test_production_refuses_an_enabled_payment_method_without_its_keys_or_on_the_sandbox(
    database_url: str, tmp_path: Path, payments: PaymentsSettings, named: str
) -> None:
    with pytest.raises(UnsafeDeployment) as refused:
        build(production_settings(database_url, tmp_path, payments=payments))

    assert named in str(refused.value)
    assert "sk_live_x" not in str(refused.value) and "whsec_x" not in str(refused.value)


async def test_production_offers_only_the_configured_methods_and_mounts_no_payment_sandbox(
    database_url: str, tmp_path: Path
) -> None:
    payments = card(
        api_base="https://api.cards.example.com",
        secret_key=SecretReference(value="sk_live_x"),
        webhook_secret=SecretReference(value="whsec_x"),
    )
    app = build(production_settings(database_url, tmp_path, payments=payments))

    async with client_of(app) as client:
        sandbox = await client.put("/sandbox/payments/behaviour", json={})
        alipay = await client.post("/api/v1/payments/callbacks/alipay", content=b"sign=x")

    assert list(app.state.container.payment_gateways) == ["card"]
    assert enabled_methods(app.state.container.settings) == ["card"]
    assert sandbox.status_code == 404
    assert (alipay.status_code, alipay.json()["code"]) == (404, "payment.unknown_method")
    await app.state.container.close()


async def test_development_pays_through_its_own_sandbox_in_process_and_hears_the_callback(
    database_url: str, tmp_path: Path
) -> None:
    # given: a development app served on no port at all (PUBLIC_BASE_URL is the default :8000)
    app = build(development_settings(database_url, tmp_path, sandbox_enabled=True))
    container = app.state.container
    gateway = container.payment_gateways["card"]

    # when: a payment starts at the sandbox and the customer presses Pay on its page
    started = await gateway.start(
        PaymentRequest(
            payment_no="P2611300000000000000001",
            amount=Money(Decimal("9.90"), "CNY"),
            subject="全单通订单 test",
            notify_url=f"{container.settings.public_base_url}/api/v1/payments/callbacks/card",
            return_url=f"{container.settings.public_base_url}/pay/result/x",
            expires_at=datetime.now(UTC) + timedelta(minutes=30),
        )
    )
    assert started.kind is StartKind.REDIRECT and started.url
    async with client_of(app) as browser:
        pressed = await browser.post(started.url, data={"outcome": "pay"})
    await callbacks_sent(container.payment_sandbox)

    # then: the page was this app's, and its callback reached this app's webhook (a payment we do not know: 400)
    assert started.url.startswith("http://127.0.0.1:8000/sandbox/payments/card/")
    assert pressed.status_code == 303
    [delivery] = container.payment_sandbox.state.sender.deliveries
    assert (delivery.url, delivery.status_code) == ("http://127.0.0.1:8000/api/v1/payments/callbacks/card", 400)
    kept = tmp_path / "var" / SANDBOX_KEYS_FILE
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    await container.close()


def test_development_keeps_its_sandbox_keys_so_a_worker_signs_with_the_same_ones(
    database_url: str, tmp_path: Path
) -> None:
    kept = tmp_path / "var" / SANDBOX_KEYS_FILE
    first = build(development_settings(database_url, tmp_path, sandbox_enabled=True)).state.container
    made = kept.read_text()
    second = build(development_settings(database_url, tmp_path, sandbox_enabled=True)).state.container

    assert kept.read_text() == made and "BEGIN PRIVATE KEY" in made
    assert first.payment_sandbox is not second.payment_sandbox
    assert sorted(first.payment_gateways) == sorted(second.payment_gateways) == ["alipay", "card", "wechat_pay"]
