"""Log in with WeChat (网站应用微信登录) through its real authorisation-code flow."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import httpx

from domain.errors import AuthenticationFailed
from domain.identity.entities import OAuthProfile
from infra.providers.errors import ProviderError
from infra.settings import OAuthProviderSettings


class WeChatOAuth:
    """OAuthProvider for WeChat Open Platform website login (scope snsapi_login)."""

    name = "wechat"

    def __init__(self, settings: OAuthProviderSettings, client: httpx.AsyncClient) -> None:
        self._settings = settings
        self._client = client

    def authorize_url(self, *, redirect_uri: str, state: str) -> str:
        query = urlencode(
            {
                "appid": self._settings.app_id,
                "redirect_uri": redirect_uri,
                "response_type": "code",
                "scope": "snsapi_login",
                "state": state,
            }
        )
        return f"{self._settings.authorize_url}?{query}#wechat_redirect"

    async def exchange(self, *, code: str, redirect_uri: str) -> OAuthProfile:
        """Trade the code for an access token, then read the user's profile with it."""
        # WeChat binds the redirect domain at registration; the token call does not repeat redirect_uri.
        base = self._settings.api_base.rstrip("/")
        token = await self._get(
            f"{base}/sns/oauth2/access_token",
            {
                "appid": self._settings.app_id,
                "secret": self._settings.app_secret,
                "code": code,
                "grant_type": "authorization_code",
            },
        )
        user = await self._get(
            f"{base}/sns/userinfo",
            {"access_token": str(token.get("access_token", "")), "openid": str(token.get("openid", ""))},
        )
        subject = user.get("unionid") or token.get("unionid") or user.get("openid")
        if not subject:
            raise AuthenticationFailed("WeChat returned no user id.", code="auth.oauth_failed", provider=self.name)
        return OAuthProfile(
            provider=self.name,
            subject=str(subject),
            display_name=user.get("nickname") or None,
            avatar_url=user.get("headimgurl") or None,
        )

    async def _get(self, url: str, params: dict[str, str]) -> dict[str, Any]:
        try:
            response = await self._client.get(url, params=params)
            response.raise_for_status()
            # WeChat may label JSON as text/plain; decode the bytes as UTF-8 whatever the header says
            body = json.loads(response.content.decode("utf-8"))
        except (httpx.HTTPError, ValueError) as exc:
            raise ProviderError(self.name, f"GET {url} failed: {exc!r}") from exc
        if not isinstance(body, dict):
            raise ProviderError(self.name, f"GET {url} returned {body!r}")
        if body.get("errcode"):
            raise AuthenticationFailed(
                "WeChat refused the login.",
                code="auth.oauth_failed",
                provider=self.name,
                provider_code=body.get("errcode"),
                provider_message=body.get("errmsg"),
            )
        return body
