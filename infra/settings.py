"""All configuration, read once from the environment (and `.env`)."""

from __future__ import annotations

import os
from datetime import timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from domain import money
from domain.orders.policy import OrderPolicy
from domain.payments.refunding import RefundPolicy

ROOT = Path(__file__).resolve().parent.parent


class AuthSettings(BaseModel):
    # Unset: development generates one under var/ and keeps it; production refuses to start (infra/deployment.py).
    jwt_secret: str | None = None
    jwt_algorithm: str = "HS256"
    access_token_minutes: int = 15
    # How long a user's current token version is cached. Changes are written through at once; the expiry only
    # bounds staleness where that cannot reach (several workers without REDIS_URL share no cache).
    session_cache_seconds: int = 10
    refresh_token_days: int = 30
    lockout_failures: int = 5  # failed sign-ins per (account, address) before each further try must wait
    lockout_minutes: int = 15  # the longest such wait
    throttle_base_seconds: int = 30  # the first wait; it doubles with every further failure
    rate_limit_per_minute: int = 30  # per client address and sensitive endpoint
    account_rate_limit_per_minute: int = 10  # per account (login, phone) and endpoint, whatever the address
    otp_ttl_minutes: int = 5
    otp_resend_seconds: int = 60
    otp_max_per_hour: int = 5
    reset_token_minutes: int = 30
    email_verify_hours: int = 24
    # argon2id cost of new password hashes (passlib's defaults: 64 MiB, 3 passes, 4 lanes). Tests lower it.
    password_hash_memory_kib: int = 65536
    password_hash_time_cost: int = 3
    password_hash_parallelism: int = 4


class SmsSettings(BaseModel):
    # Aliyun-style SMS gateway. Unset in development with the sandbox on: codes go in-process to the sandbox
    # mounted in this very app, whatever port it listens on.
    endpoint: str | None = None
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


class CatalogImportSettings(BaseModel):
    """Limits on an uploaded catalog file, checked before and while it is read: an XLSX is a zip, and a small
    one can unpack to gigabytes (a 974 KB file held one 1 GB string) or to millions of blank rows."""

    max_file_bytes: int = 5 * 1024 * 1024  # as uploaded
    max_rows: int = 10_000  # data rows below the header; blank lines count too, up to twice this
    max_columns: int = 50
    max_cell_chars: int = 32_767  # Excel's own limit for a cell
    max_unpacked_bytes: int = 64 * 1024 * 1024  # all parts of an XLSX together, as unpacked
    max_part_bytes: int = 32 * 1024 * 1024  # any one part (a sheet, the shared strings), as unpacked
    max_parts: int = 100
    max_compression_ratio: int = 200  # of a part over 1 MB unpacked; text XML packs 5-20 times
    # Applies of more rows than this are queued and run as a job (202 and an import id to follow).
    background_rows: int = 2_000


class OrderSettings(BaseModel):
    """The order rules (`ORDERS__…`); the domain reads them as an `OrderPolicy`. The settings issue moves them to
    the database."""

    unpaid_timeout_minutes: int = Field(default=30, ge=1)
    auto_confirm_days: int = Field(default=7, ge=1)
    tax_rate: Decimal = Field(default=Decimal(0), ge=0)  # 0.13 for 13 %
    tax_inclusive: bool = True
    max_quantity_per_line: int = Field(default=99, ge=1)
    max_quantity_per_customer_day: int = Field(default=200, ge=1)
    max_unpaid_orders: int = Field(default=5, ge=1)
    duplicate_window_seconds: int = Field(default=10, ge=0)
    auto_review: bool = True
    auto_review_amount_limit: Decimal = Field(default=Decimal(5000), ge=0)

    def policy(self) -> OrderPolicy:
        return OrderPolicy(
            unpaid_timeout=timedelta(minutes=self.unpaid_timeout_minutes),
            auto_confirm_after=timedelta(days=self.auto_confirm_days),
            tax_rate=self.tax_rate,
            tax_inclusive=self.tax_inclusive,
            max_quantity_per_line=self.max_quantity_per_line,
            max_quantity_per_customer_day=self.max_quantity_per_customer_day,
            max_unpaid_orders=self.max_unpaid_orders,
            duplicate_window=timedelta(seconds=self.duplicate_window_seconds),
            auto_review=self.auto_review,
            auto_review_amount_limit=self.auto_review_amount_limit,
        )


class OrderExportSettings(BaseModel):
    """Order list exports (`ORDER_EXPORT__…`): up to `inline_limit` orders answer at once, more are written by a
    job into `directory` (default: var_dir/order-exports, shared by the app and the worker) and kept `keep_hours`."""

    inline_limit: int = Field(default=5_000, ge=0)
    batch_size: int = Field(default=500, ge=1)
    keep_hours: int = Field(default=24, ge=1)
    timezone: str = "Asia/Shanghai"  # the shop's wall-clock time in the file; there is no shop-wide setting yet
    directory: Path | None = None


class SecretReference(BaseModel):
    """A provider key given as its text (PEM, or a secret string), or as the name of an environment variable or a
    file holding it, so production keeps keys in its secret store. `SecretStr`: never shown in logs or reprs."""

    value: SecretStr | None = None
    env: str | None = None
    file: Path | None = None

    def reveal(self) -> str | None:
        """The secret's text, read when an adapter is built; None when nothing is configured."""
        if self.value is not None:
            return self.value.get_secret_value()
        if self.env:
            return os.environ.get(self.env)
        if self.file is not None:
            return self.file.read_text()
        return None

    def required(self, setting: str) -> str:
        """`reveal`, or KeyNotConfigured naming the setting and where it looked (never the key itself)."""
        try:
            text = (self.reveal() or "").strip()
        except OSError as exc:
            raise KeyNotConfigured(f"{setting}: cannot read {self.file} ({exc.strerror})") from exc
        if not text:
            where = f"the environment variable {self.env}" if self.env else str(self.file or "its value")
            raise KeyNotConfigured(f"{setting} is not configured ({where} is empty or not set)")
        return text


class KeyNotConfigured(RuntimeError):
    """A key setting is empty or names an environment variable or file that is not there."""


class CardPaymentSettings(BaseModel):
    """A Stripe-style card gateway (`PAYMENTS__CARD__…`). Defaults point at the sandbox of development."""

    api_base: str = "http://127.0.0.1:8000/sandbox/payments/card"
    secret_key: SecretReference = Field(default_factory=SecretReference)  # `sk_…`, sent as the bearer token
    webhook_secret: SecretReference = Field(default_factory=SecretReference)  # `whsec_…`, signs the webhooks
    webhook_tolerance_seconds: int = Field(default=300, ge=1)


class AlipayPaymentSettings(BaseModel):
    """Alipay page pay (`PAYMENTS__ALIPAY__…`): the app's own RSA2 key and Alipay's public key."""

    gateway_url: str = "http://127.0.0.1:8000/sandbox/payments/alipay/gateway.do"
    app_id: str = "sandbox-pay-app"
    app_private_key: SecretReference = Field(default_factory=SecretReference)
    alipay_public_key: SecretReference = Field(default_factory=SecretReference)


SANDBOX_MCHID, SANDBOX_APPID = "1900000001", "wx-sandbox-app"


class WeChatPaySettings(BaseModel):
    """One WeChat Pay merchant (商户号) paying through one app (AppID) with Native pay (QR codes)."""

    # https://api.mch.weixin.qq.com in production; the default is the sandbox mounted in this app.
    api_base: str = "http://127.0.0.1:8000/sandbox/payments/wechat"
    mchid: str = SANDBOX_MCHID
    appid: str = SANDBOX_APPID
    merchant_serial_no: str = "SANDBOX-MERCHANT-CERT-SERIAL"  # serial of the merchant API certificate
    merchant_private_key: SecretReference = Field(default_factory=SecretReference)  # apiclient_key.pem
    # WeChat Pay's public key (微信支付公钥) and its id (PUB_KEY_ID_…), sent as `Wechatpay-Serial` with answers
    # and callbacks; a platform certificate's serial works the same way.
    platform_public_key: SecretReference = Field(default_factory=SecretReference)
    platform_public_key_id: str = "PUB_KEY_ID_SANDBOX"
    apiv3_key: SecretReference = Field(
        default_factory=SecretReference
    )  # 32 characters, set in the merchant console; decrypts callbacks
    replay_window_seconds: int = Field(default=300, ge=30)

    def merchant_private_key_pem(self) -> str:
        return self.merchant_private_key.required("payments.wechat_pay.merchant_private_key")

    def platform_public_key_pem(self) -> str:
        return self.platform_public_key.required("payments.wechat_pay.platform_public_key")

    def apiv3_key_text(self) -> str:
        key = self.apiv3_key.required("payments.wechat_pay.apiv3_key")
        if len(key.encode()) != 32:
            raise KeyNotConfigured("payments.wechat_pay.apiv3_key must be 32 characters (AES-256)")
        return key

    def production_problems(self) -> list[str]:
        """Why these settings cannot take real payments, for infra/deployment.py to refuse a production start
        while WeChat Pay is enabled. Checks that the keys resolve; never shows them."""
        problems: list[str] = []
        if not self.api_base.startswith("https://") or "/sandbox/" in self.api_base:
            problems.append("PAYMENTS__WECHAT_PAY__API_BASE must be WeChat Pay's (https://api.mch.weixin.qq.com).")
        if self.mchid == SANDBOX_MCHID or self.appid == SANDBOX_APPID:
            problems.append("PAYMENTS__WECHAT_PAY__MCHID and __APPID must be the merchant's real ones.")
        for check in (self.merchant_private_key_pem, self.platform_public_key_pem, self.apiv3_key_text):
            try:
                check()
            except KeyNotConfigured as exc:
                problems.append(str(exc))
        return problems


class RefundSettings(BaseModel):
    """How refunds are sent (`PAYMENTS__REFUNDS__…`): sends before one the provider never settles fails, and the
    waits between sends (doubling from the first, capped)."""

    max_attempts: int = Field(default=8, ge=1, le=50)
    first_wait_minutes: int = Field(default=1, ge=1)
    longest_wait_minutes: int = Field(default=60, ge=1)

    def policy(self) -> RefundPolicy:
        return RefundPolicy(
            max_attempts=self.max_attempts,
            first_wait=timedelta(minutes=self.first_wait_minutes),
            longest_wait=timedelta(minutes=max(self.longest_wait_minutes, self.first_wait_minutes)),
        )


class PaymentsSettings(BaseModel):
    """One section per payment provider (`PAYMENTS__<METHOD>__…`)."""

    card: CardPaymentSettings = Field(default_factory=CardPaymentSettings)
    alipay: AlipayPaymentSettings = Field(default_factory=AlipayPaymentSettings)
    wechat_pay: WeChatPaySettings = Field(default_factory=WeChatPaySettings)
    refunds: RefundSettings = Field(default_factory=RefundSettings)
    # forged or mismatched callbacks recorded per client address and minute; beyond it they are refused unrecorded
    rejected_callbacks_per_minute: int = Field(default=30, ge=1)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_nested_delimiter="__", extra="ignore")

    database_url: str = f"sqlite+aiosqlite:///{ROOT / 'var' / 'allorder.db'}"
    redis_url: str | None = None
    public_base_url: str = "http://127.0.0.1:8000"
    media_dir: Path = ROOT / "var" / "media"
    private_dir: Path = ROOT / "var" / "private"  # uploads served only to who may see them (transfer receipts)
    mail_dir: Path = ROOT / "var" / "mail"
    frontend_dist: Path = ROOT / "frontend" / "dist"
    # Closed by default: an unset APP_ENV is production. `make run` sets development explicitly.
    app_env: Literal["development", "production"] = "production"
    sandbox_enabled: bool = False  # the SMS and OAuth stand-ins under /sandbox; refused in production
    var_dir: Path = ROOT / "var"  # where development keeps its generated JWT secret
    # Peers whose X-Forwarded-For / X-Forwarded-Proto are believed (addresses or CIDR networks). Empty: none.
    trusted_proxies: list[str] = Field(default_factory=list)
    # /metrics answers callers from these networks, or anyone presenting `Authorization: Bearer <metrics_token>`.
    metrics_networks: list[str] = Field(default_factory=lambda: ["127.0.0.0/8", "::1/128"])
    metrics_token: str | None = None
    # Third-party sign-in may return only to these origins (scheme://host[:port]); empty means public_base_url.
    oauth_redirect_origins: list[str] = Field(default_factory=list)
    cron_enabled: bool = True  # the in-process runner's sweeps; tests run jobs explicitly instead
    log_level: str = "INFO"
    log_json: bool = True
    default_locale: str = "zh_CN"
    # The shop's own currency: new products are priced in it, and typed price filters (search, lists, import)
    # are read in it. An ISO 4217 code Babel knows; its digits (JPY 0, CNY 2, KWD 3) come from Babel too.
    base_currency: str = "CNY"
    auth: AuthSettings = Field(default_factory=AuthSettings)
    catalog_import: CatalogImportSettings = Field(default_factory=CatalogImportSettings)
    orders: OrderSettings = Field(default_factory=OrderSettings)
    order_export: OrderExportSettings = Field(default_factory=OrderExportSettings)
    sms: SmsSettings = Field(default_factory=SmsSettings)
    email: EmailSettings = Field(default_factory=EmailSettings)
    payments: PaymentsSettings = Field(default_factory=PaymentsSettings)
    wechat: OAuthProviderSettings = Field(default_factory=OAuthProviderSettings)
    alipay: OAuthProviderSettings = Field(
        default_factory=lambda: OAuthProviderSettings(
            authorize_url="http://127.0.0.1:8000/sandbox/oauth/alipay/oauth2/publicAppAuthorize.htm",
            api_base="http://127.0.0.1:8000/sandbox/oauth/alipay",
        )
    )

    @field_validator("base_currency")
    @classmethod
    def _known_currency(cls, code: str) -> str:
        code = code.strip().upper()
        if not money.is_known_currency(code):
            raise ValueError(f"BASE_CURRENCY must be an ISO 4217 currency code such as CNY, not {code!r}")
        return code

    @property
    def is_development(self) -> bool:
        return self.app_env == "development"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()
