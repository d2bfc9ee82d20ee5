"""Payment provider keys come as text, an environment variable's name or a file, and never show in clear."""

from __future__ import annotations

from pathlib import Path

import pytest

from infra.settings import SecretReference, Settings

PEM = "-----BEGIN PRIVATE KEY-----\nMIIE...\n-----END PRIVATE KEY-----\n"


def test_a_key_given_by_environment_variable_name_is_read_from_that_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAYMENTS__ALIPAY__APP_PRIVATE_KEY__ENV", "ALIPAY_APP_KEY")
    monkeypatch.setenv("ALIPAY_APP_KEY", PEM)

    settings = Settings(_env_file=None)

    assert settings.payments.alipay.app_private_key.reveal() == PEM
    assert settings.payments.card.secret_key.reveal() is None


def test_a_key_given_as_a_file_or_as_text_is_read_from_there(tmp_path: Path) -> None:
    (tmp_path / "whsec").write_text("whsec_from_file")

    assert SecretReference(file=tmp_path / "whsec").reveal() == "whsec_from_file"
    assert SecretReference.model_validate({"value": "sk_live_text"}).reveal() == "sk_live_text"


def test_a_key_given_as_text_never_shows_in_reprs_or_dumps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAYMENTS__CARD__SECRET_KEY__VALUE", "sk_live_do_not_log")

    settings = Settings(_env_file=None)

    assert settings.payments.card.secret_key.reveal() == "sk_live_do_not_log"
    assert "sk_live_do_not_log" not in repr(settings)
    assert "sk_live_do_not_log" not in settings.model_dump_json()
