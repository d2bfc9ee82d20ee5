"""Payment-method rules that need no database: the closed defaults, which keys count as configured where, how
admins' overrides reach the provider settings, and which files pass as a proof of transfer."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr

from domain.errors import RuleViolation
from domain.orders.entities import PaymentMethod
from domain.payments import methods
from domain.payments.method_ports import KeyRef, KeyState, MethodSetting
from domain.payments.offline import proof_format
from infra.payments.method_keys import SettingsProviderKeys, effective
from infra.settings import CardPaymentSettings, PaymentsSettings, SecretReference, Settings

M = PaymentMethod


def test_production_offers_nothing_online_nor_bank_transfer_until_an_admin_turns_it_on() -> None:
    enabled = {m for m in M if methods.default(m).enabled}
    assert enabled == {M.CASH, M.CASH_ON_DELIVERY}


def test_development_has_every_method_on_with_the_demo_payee() -> None:
    settings = [methods.default(m, development=True) for m in M]
    assert all(s.enabled for s in settings)
    transfer = next(s for s in settings if s.method == M.BANK_TRANSFER)
    assert transfer.payee_account_number and transfer.payee_account_name and transfer.transfer_hours == 24
    assert [s.method for s in sorted(settings, key=lambda s: s.position)] == list(methods.DEFAULTS)


def test_customers_choose_online_methods_and_bank_transfer_while_staff_record_cash_and_cod() -> None:
    assert {M.ALIPAY, M.WECHAT_PAY, M.CARD, M.BANK_TRANSFER} == methods.CUSTOMER_METHODS
    assert {m: str(k) for m, k in methods.START_KINDS.items() if m in methods.CUSTOMER_METHODS} == {
        M.ALIPAY: "redirect",
        M.WECHAT_PAY: "qr",
        M.CARD: "redirect",
        M.BANK_TRANSFER: "offline",
    }


def test_keys_count_as_configured_from_settings_a_resolving_reference_or_in_development_the_sandbox(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key_file = tmp_path / "whsec"
    key_file.write_text("whsec_from_file\n")
    monkeypatch.setenv("CARD_SK_FOR_TEST", "sk_live_1")
    card = CardPaymentSettings(secret_key=SecretReference(value=SecretStr("sk_from_settings")))
    production = SettingsProviderKeys(Settings(app_env="production", payments=PaymentsSettings(card=card)))
    development = SettingsProviderKeys(Settings(app_env="development"))

    assert production.key_states(M.CARD, {}) == {
        "secret_key": KeyState(True, "settings"),
        "webhook_secret": KeyState(False, "missing"),
    }
    assert production.key_states(
        M.CARD, {"secret_key": KeyRef(env="CARD_SK_FOR_TEST"), "webhook_secret": KeyRef(file=str(key_file))}
    ) == {"secret_key": KeyState(True, "database"), "webhook_secret": KeyState(True, "database")}
    assert production.key_states(M.CARD, {"secret_key": KeyRef(env="NOT_SET_ANYWHERE_X")})["secret_key"] == KeyState(
        False, "database"
    )
    assert set(development.key_states(M.WECHAT_PAY, {}).values()) == {KeyState(True, "sandbox")}
    assert development.keys(M.BANK_TRANSFER) == () and development.fields(M.CARD) == ()


def test_a_key_file_reference_is_read_only_when_it_names_a_small_regular_file(tmp_path: Path) -> None:
    huge = tmp_path / "huge.pem"
    huge.write_bytes(b"x" * (64 * 1024 + 1))
    keys = SettingsProviderKeys(Settings(app_env="production"))

    for path in ("/dev/zero", str(tmp_path), str(huge), str(tmp_path / "missing.pem")):
        state = keys.key_states(M.CARD, {"secret_key": KeyRef(file=path)})["secret_key"]
        assert state == KeyState(False, "database"), path


def test_admins_overrides_reach_the_provider_settings_and_keys_stay_references() -> None:
    alipay = MethodSetting(M.ALIPAY, True, 0, "支付宝", "Alipay", provider={"app_id": "2021000"})
    alipay.key_refs = {"app_private_key": {"env": "ALIPAY_APP_KEY"}}
    wechat = MethodSetting(M.WECHAT_PAY, True, 1, "微信支付", "WeChat Pay", provider={"mchid": "1600000001"})

    settings = effective(PaymentsSettings(), [alipay, wechat, methods.default(M.CASH)])

    assert settings.alipay.app_id == "2021000"
    assert settings.alipay.app_private_key == SecretReference(env="ALIPAY_APP_KEY")
    assert settings.alipay.alipay_public_key == SecretReference()  # not overridden
    assert settings.wechat_pay.mchid == "1600000001"
    assert settings.card == PaymentsSettings().card


@pytest.mark.parametrize(
    ("data", "fmt"),
    [(b"\xff\xd8\xff\xe0rest", "jpeg"), (b"\x89PNG\r\n\x1a\nrest", "png"), (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "webp")],
)
def test_a_proof_is_recognised_by_its_own_signature(data: bytes, fmt: str) -> None:
    assert proof_format(data) == fmt


@pytest.mark.parametrize("data", [b"GIF89a....", b"%PDF-1.7", b"<svg/>", b"", b"RIFF\x10\x00\x00\x00WAVE"])
def test_anything_else_is_refused_as_a_proof(data: bytes) -> None:
    with pytest.raises(RuleViolation) as refused:
        proof_format(data)
    assert refused.value.code == "payment.proof_invalid"
