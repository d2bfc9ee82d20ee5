"""Send SMS through Aliyun Dysmsapi (RPC style, signature v1) so production needs only real keys."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from urllib.parse import quote

import httpx

from infra.providers.errors import ProviderError
from infra.settings import SmsSettings

PROVIDER = "aliyun-sms"


def percent_encode(value: str) -> str:
    """RFC 3986 encoding of UTF-8 text, as Aliyun's POP signature requires (space → %20, keeps ~)."""
    return quote(value, safe="-_.~")


def canonical_query(params: Mapping[str, str]) -> str:
    return "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in sorted(params.items()) if k != "Signature")


def string_to_sign(method: str, params: Mapping[str, str]) -> str:
    return f"{method.upper()}&{percent_encode('/')}&{percent_encode(canonical_query(params))}"


def rpc_signature(method: str, params: Mapping[str, str], secret: str) -> str:
    """Aliyun RPC v1 signature: HMAC-SHA1 over `METHOD&%2F&<encoded canonical query>`, key `secret&`."""
    digest = hmac.new(f"{secret}&".encode(), string_to_sign(method, params).encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


class AliyunSmsSender:
    """SmsSender speaking Dysmsapi SendSms over HTTPS POST."""

    def __init__(self, settings: SmsSettings, client: httpx.AsyncClient) -> None:
        self._settings = settings
        self._client = client

    async def send_code(self, phone: str, code: str) -> None:
        await self._send(phone, self._settings.template_code, {"code": code})

    async def send_text(self, phone: str, text: str) -> None:
        await self._send(phone, self._settings.text_template_code, {"content": text})

    def signed_params(self, phone: str, template_code: str, template_params: Mapping[str, str]) -> dict[str, str]:
        """The full, signed parameter set of one SendSms call."""
        s = self._settings
        params = {
            "Action": "SendSms",
            "Version": "2017-05-25",
            "Format": "JSON",
            "AccessKeyId": s.access_key_id,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureVersion": "1.0",
            "SignatureNonce": uuid.uuid4().hex,
            "Timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "PhoneNumbers": phone,
            "SignName": s.sign_name,
            "TemplateCode": template_code,
            "TemplateParam": json.dumps(dict(template_params), ensure_ascii=False, separators=(",", ":")),
        }
        params["Signature"] = rpc_signature("POST", params, s.access_key_secret)
        return params

    async def _send(self, phone: str, template_code: str, template_params: Mapping[str, str]) -> None:
        params = self.signed_params(phone, template_code, template_params)
        endpoint = self._settings.endpoint
        if not endpoint:
            raise ProviderError(PROVIDER, "no SMS gateway configured (SMS__ENDPOINT)", code="NotConfigured")
        try:
            response = await self._client.post(endpoint, data=params)
        except httpx.HTTPError as exc:
            raise ProviderError(PROVIDER, f"request failed: {exc!r}") from exc
        try:
            body = response.json()
        except ValueError:
            body = {}
        code = body.get("Code") if isinstance(body, dict) else None
        if response.is_error or code != "OK":
            message = body.get("Message", response.reason_phrase) if isinstance(body, dict) else ""
            raise ProviderError(PROVIDER, f"HTTP {response.status_code}: {message}", code=code)
