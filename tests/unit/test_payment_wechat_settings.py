"""WeChat Pay's keys come as PEM text or as references to an environment variable or a file, and never show."""

from __future__ import annotations

from pathlib import Path

import pytest

from infra.settings import KeyNotConfigured, SecretReference, WeChatPaySettings

PEM = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----"


def test_a_key_is_read_from_the_setting_an_environment_variable_or_a_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    key_file = tmp_path / "apiclient_key.pem"
    key_file.write_text(PEM + "\n")
    monkeypatch.setenv("TEST_WECHAT_PLATFORM_KEY", PEM)
    settings = WeChatPaySettings(
        merchant_private_key=SecretReference(file=key_file),
        platform_public_key=SecretReference(env="TEST_WECHAT_PLATFORM_KEY"),
        apiv3_key=SecretReference(value="0123456789abcdef0123456789abcdef"),
    )
    assert settings.merchant_private_key_pem() == PEM
    assert settings.platform_public_key_pem() == PEM
    assert settings.apiv3_key_text() == "0123456789abcdef0123456789abcdef"


def test_settings_never_show_their_keys() -> None:
    settings = WeChatPaySettings(
        merchant_private_key=SecretReference(value=PEM), apiv3_key=SecretReference(value="k" * 32)
    )
    shown = repr(settings) + str(settings.model_dump()) + settings.model_dump_json()
    assert "MIIEvQIBADANBg" not in shown and "k" * 32 not in shown


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        (SecretReference(), "merchant_private_key is not configured"),
        (SecretReference(env="TEST_WECHAT_UNSET_VARIABLE"), "the environment variable TEST_WECHAT_UNSET_VARIABLE"),
        (SecretReference(file=Path("/nonexistent/apiclient_key.pem")), "cannot read /nonexistent/apiclient_key.pem"),
    ],
)
def test_a_missing_key_is_named_without_its_value(reference: SecretReference, message: str) -> None:
    settings = WeChatPaySettings(merchant_private_key=reference)
    with pytest.raises(KeyNotConfigured, match=message):
        settings.merchant_private_key_pem()


def test_an_apiv3_key_must_be_32_characters() -> None:
    with pytest.raises(KeyNotConfigured, match="32 characters"):
        WeChatPaySettings(apiv3_key=SecretReference(value="too-short")).apiv3_key_text()


def test_production_refuses_the_sandbox_defaults_and_missing_keys() -> None:
    problems = WeChatPaySettings().production_problems()
    assert any("API_BASE" in p for p in problems) and any("MCHID" in p for p in problems)
    assert sum("is not configured" in p for p in problems) == 3


def test_real_settings_have_no_production_problem() -> None:
    settings = WeChatPaySettings(
        api_base="https://api.mch.weixin.qq.com",
        mchid="1230000109",
        appid="wxd678efh567hg6787",
        merchant_private_key=SecretReference(value=PEM),
        platform_public_key=SecretReference(value=PEM),
        apiv3_key=SecretReference(value="0123456789abcdef0123456789abcdef"),
    )
    assert settings.production_problems() == []
