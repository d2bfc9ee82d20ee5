"""Apps built with settings of a test's choosing, beside the shared `shop`: production ones, low limits, a clock."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from api.app import create_app
from infra.settings import AuthSettings, Settings, SmsSettings


def production_settings(database_url: str, tmp: Path, **overrides: Any) -> Settings:
    """Settings a careful operator would run production with."""
    fields: dict[str, Any] = {
        "database_url": database_url,
        "media_dir": tmp / "media",
        "mail_dir": tmp / "mail",
        "var_dir": tmp / "var",
        "log_json": False,
        "log_level": "WARNING",
        "cron_enabled": False,
        "app_env": "production",
        "sandbox_enabled": False,
        "auth": AuthSettings(jwt_secret=secrets.token_urlsafe(48)),
        "sms": SmsSettings(
            endpoint="https://dysmsapi.aliyuncs.com/", access_key_id="LTAI5tReal", access_key_secret="x" * 30
        ),
    }
    return Settings(**(fields | overrides))


def development_settings(database_url: str, tmp: Path, **overrides: Any) -> Settings:
    return production_settings(database_url, tmp, app_env="development", **overrides)


def client_of(app: Any, ip: str = "127.0.0.1") -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(ip, 40000), raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


def build(settings: Settings) -> Any:
    return create_app(settings)


class SteppingClock:
    """A clock the test moves forward by hand, so waits are checked without sleeping."""

    def __init__(self) -> None:
        self.at = datetime.now(UTC)

    def now(self) -> datetime:
        return self.at

    def advance(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)
