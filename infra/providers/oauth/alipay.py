"""Log in with Alipay (支付宝快捷登录) through the open-platform gateway, RSA2-signed both ways."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

import httpx

from domain.errors import AuthenticationFailed
from domain.identity.entities import OAuthProfile
from infra.providers import rsa2
from infra.providers.errors import ProviderError
from infra.settings import OAuthProviderSettings


class AlipayOAuth:
    """OAuthProvider for Alipay: alipay.system.oauth.token, then alipay.user.info.share."""

    name = "alipay"

    def __init__(
        self,
        settings: OAuthProviderSettings,
        client: httpx.AsyncClient,
        private_key_pem: str,
        alipay_public_key_pem: str,
    ) -> None:
        self._settings = settings
        self._client = client
        self._private_key = rsa2.load_private_key(private_key_pem)
        self._alipay_public_key = rsa2.load_public_key(alipay_public_key_pem)

    def authorize_url(self, *, redirect_uri: str, state: str) -> str:
        query = urlencode(
            {
                "app_id": self._settings.app_id,
                "scope": "auth_user",
                "redirect_uri": redirect_uri,
                "state": state,
            }
        )
        return f"{self._settings.authorize_url}?{query}"

    async def exchange(self, *, code: str, redirect_uri: str) -> OAuthProfile:
        """`code` is the `auth_code` Alipay appended to the redirect; redirect_uri is not re-sent."""
        token = await self.call("alipay.system.oauth.token", grant_type="authorization_code", code=code)
        access_token = str(token.get("access_token") or "")
        user = await self.call("alipay.user.info.share", auth_token=access_token)
        subject = user.get("user_id") or token.get("user_id") or user.get("open_id") or token.get("open_id")
        if not access_token or not subject:
            raise AuthenticationFailed("Alipay returned no user id.", code="auth.oauth_failed", provider=self.name)
        return OAuthProfile(
            provider=self.name,
            subject=str(subject),
            display_name=user.get("nick_name") or None,
            avatar_url=user.get("avatar") or None,
        )

    def signed_params(self, method: str, **params: str) -> dict[str, str]:
        """Common parameters plus `params`, with the RSA2 `sign` added."""
        all_params = {
            "app_id": self._settings.app_id,
            "method": method,
            "format": "JSON",
            "charset": "utf-8",
            "sign_type": "RSA2",
            "timestamp": datetime.now(rsa2.BEIJING).strftime(rsa2.TIMESTAMP_FORMAT),
            "version": "1.0",
            **params,
        }
        all_params["sign"] = rsa2.sign(self._private_key, rsa2.signing_content(all_params))
        return all_params

    async def call(self, method: str, **params: str) -> dict[str, Any]:
        """One gateway call; returns the verified `<method>_response` object."""
        url = f"{self._settings.api_base.rstrip('/')}/gateway.do"
        data = self.signed_params(method, **params)
        try:
            response = await self._client.post(url, data=data)
            response.raise_for_status()
            text = response.content.decode("utf-8")
            nodes = rsa2.top_level_nodes(text)
            body = json.loads(text)
        except (httpx.HTTPError, ValueError) as exc:
            raise ProviderError(self.name, f"{method} failed: {exc!r}") from exc
        node_name = method.replace(".", "_") + "_response"
        if node_name not in nodes:
            error = body.get("error_response") or {}
            raise self._refused(error.get("sub_code") or error.get("code"), error.get("sub_msg") or error.get("msg"))
        if not rsa2.verify(self._alipay_public_key, nodes[node_name], str(body.get("sign") or "")):
            raise self._refused("invalid-response-signature", "the response signature does not verify")
        result: dict[str, Any] = body[node_name]
        if result.get("code", "10000") != "10000":
            raise self._refused(
                result.get("sub_code") or result.get("code"), result.get("sub_msg") or result.get("msg")
            )
        return result

    def _refused(self, code: object, message: object) -> AuthenticationFailed:
        return AuthenticationFailed(
            "Alipay refused the login.",
            code="auth.oauth_failed",
            provider=self.name,
            provider_code=code,
            provider_message=message,
        )
