"""All configuration, read once from the environment (and `.env`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class AuthSettings(BaseModel):
    jwt_secret: str = "change-me-in-production-this-is-only-for-the-demo-shop"
    jwt_algorithm: str = "HS256"
    access_token_minutes: int = 15
    # How long a user's current token version is cached. Changes are written through at once; the expiry only
    # bounds staleness where that cannot reach (several workers without REDIS_URL share no cache).
    session_cache_seconds: int = 10
    refresh_token_days: int = 30
    lockout_failures: int = 5
    lockout_minutes: int = 15
    rate_limit_per_minute: int = 30
    otp_ttl_minutes: int = 5
    otp_resend_seconds: int = 60
    otp_max_per_hour: int = 5
    reset_token_minutes: int = 30
    email_verify_hours: int = 24


class SmsSettings(BaseModel):
    # Aliyun-style SMS gateway; the demo points at the sandbox mounted in the app itself.
    endpoint: str = "http://127.0.0.1:8000/sandbox/sms/"
    access_key_id: str = "sandbox-key"
    access_key_secret: str = "sandbox-secret"
    sign_name: str = "AllOrder"
    template_code: str = "SMS_0001"  # verification code template, variable ${code}
    text_template_code: str = "SMS_0002"  # free-text notice template, variable ${content}


class EmailSettings(BaseModel):
    backend: str = "file"  # "smtp" or "file" (writes .eml files under var/mail for the demo)
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 1025
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    sender: str = "AllOrder <no-reply@allorder.local>"


class OAuthProviderSettings(BaseModel):
    app_id: str = "sandbox-app"
    app_secret: str = "sandbox-app-secret"
    authorize_url: str = "http://127.0.0.1:8000/sandbox/oauth/wechat/connect/qrconnect"
    api_base: str = "http://127.0.0.1:8000/sandbox/oauth/wechat"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_nested_delimiter="__", extra="ignore")

    database_url: str = f"sqlite+aiosqlite:///{ROOT / 'var' / 'allorder.db'}"
    redis_url: str | None = None
    public_base_url: str = "http://127.0.0.1:8000"
    media_dir: Path = ROOT / "var" / "media"
    mail_dir: Path = ROOT / "var" / "mail"
    frontend_dist: Path = ROOT / "frontend" / "dist"
    sandbox_enabled: bool = True
    cron_enabled: bool = True  # the in-process runner's sweeps; tests run jobs explicitly instead
    log_level: str = "INFO"
    log_json: bool = True
    default_locale: str = "zh_CN"
    auth: AuthSettings = Field(default_factory=AuthSettings)
    sms: SmsSettings = Field(default_factory=SmsSettings)
    email: EmailSettings = Field(default_factory=EmailSettings)
    wechat: OAuthProviderSettings = Field(default_factory=OAuthProviderSettings)
    alipay: OAuthProviderSettings = Field(
        default_factory=lambda: OAuthProviderSettings(
            authorize_url="http://127.0.0.1:8000/sandbox/oauth/alipay/oauth2/publicAppAuthorize.htm",
            api_base="http://127.0.0.1:8000/sandbox/oauth/alipay",
        )
    )

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()
