"""WeChat Pay's settings (`PAYMENTS__WECHAT_PAY__…` once hooked into the `payments` section of infra/settings.py).

Keys are given as PEM text (or the bare base64 the merchant console hands out), or as a reference:
`env:NAME` (an environment variable holding the key) or `file:/path/to/key.pem`. They are SecretStr so that
settings dumps, reprs and logs show `**********`; the adapter resolves them once when it is built.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, Field, SecretStr

SANDBOX_MCHID, SANDBOX_APPID = "1900000001", "wx-sandbox-app"


class KeyNotConfigured(RuntimeError):
    """A key setting is empty or names an environment variable or file that is not there."""


def reveal_key(setting: str, value: SecretStr | None) -> str:
    """The key text behind a setting: the value itself, or what its `env:`/`file:` reference names. Errors name
    the setting and the reference, never the key."""
    text = value.get_secret_value().strip() if value is not None else ""
    if text.startswith("env:"):
        name = text[4:]
        text = os.environ.get(name, "").strip()
        if not text:
            raise KeyNotConfigured(f"{setting}: the environment variable {name} is not set")
    elif text.startswith("file:"):
        path = Path(text[5:]).expanduser()
        try:
            text = path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise KeyNotConfigured(f"{setting}: cannot read {path} ({exc.strerror})") from exc
    if not text:
        raise KeyNotConfigured(f"{setting} is not configured")
    return text


class WeChatPaySettings(BaseModel):
    """One WeChat Pay merchant (商户号) paying through one app (AppID) with Native pay (QR codes)."""

    # https://api.mch.weixin.qq.com in production; the default is the sandbox mounted in this app.
    api_base: str = "http://127.0.0.1:8000/sandbox/payments/wechat"
    mchid: str = SANDBOX_MCHID
    appid: str = SANDBOX_APPID
    merchant_serial_no: str = "SANDBOX-MERCHANT-CERT-SERIAL"  # serial of the merchant API certificate
    merchant_private_key: SecretStr | None = None  # apiclient_key.pem
    # WeChat Pay's public key (微信支付公钥) and its id (PUB_KEY_ID_…), sent as `Wechatpay-Serial` with answers
    # and callbacks; a platform certificate's serial works the same way.
    platform_public_key: SecretStr | None = None
    platform_public_key_id: str = "PUB_KEY_ID_SANDBOX"
    apiv3_key: SecretStr | None = None  # 32 characters, set in the merchant console; decrypts callbacks
    replay_window_seconds: int = Field(default=300, ge=30)

    def merchant_private_key_pem(self) -> str:
        return reveal_key("payments.wechat_pay.merchant_private_key", self.merchant_private_key)

    def platform_public_key_pem(self) -> str:
        return reveal_key("payments.wechat_pay.platform_public_key", self.platform_public_key)

    def apiv3_key_text(self) -> str:
        key = reveal_key("payments.wechat_pay.apiv3_key", self.apiv3_key)
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
