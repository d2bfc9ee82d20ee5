"""The authorisation-code machinery both login sandboxes share: consent page, single-use codes, tokens."""

from __future__ import annotations

import base64
import hashlib
import html
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse

CODE_TTL = timedelta(minutes=5)
DEFAULT_NICKNAME = "沙箱用户"


@dataclass
class Grant:
    """What the user consented to: which app may act as which sandbox user."""

    app_id: str
    nickname: str
    scope: str
    expires_at: datetime
    used: bool = False
    tokens: list[str] = field(default_factory=list)


class Grants:
    """Authorisation codes (single use, five minutes) and the access tokens issued for them."""

    def __init__(self, clock: Callable[[], datetime]) -> None:
        self._clock = clock
        self._codes: dict[str, Grant] = {}
        self._tokens: dict[str, tuple[Grant, datetime]] = {}

    def issue_code(self, app_id: str, nickname: str, scope: str) -> str:
        now = self._clock()
        for stale in [c for c, g in self._codes.items() if g.expires_at < now]:  # keep a demo's memory flat
            del self._codes[stale]
        code = secrets.token_urlsafe(24)
        self._codes[code] = Grant(app_id, nickname, scope, now + CODE_TTL)
        return code

    def redeem(self, code: str, app_id: str) -> tuple[Grant | None, str]:
        """The grant behind a fresh code, or None and why: "invalid", "used" or "expired"."""
        grant = self._codes.get(code)
        if grant is None or grant.app_id != app_id:
            return None, "invalid"
        if grant.used:
            for token in grant.tokens:  # a replayed code may be stolen: revoke what it bought (RFC 9700)
                self._tokens.pop(token, None)
            return None, "used"
        if self._clock() > grant.expires_at:
            return None, "expired"
        grant.used = True
        return grant, "ok"

    def issue_token(self, grant: Grant, ttl: timedelta) -> str:
        now = self._clock()
        for stale in [t for t, (_, expires_at) in self._tokens.items() if expires_at < now]:
            del self._tokens[stale]
        token = secrets.token_urlsafe(32)
        grant.tokens.append(token)
        self._tokens[token] = (grant, now + ttl)
        return token

    def token(self, token: str) -> tuple[Grant | None, str]:
        """The grant behind a live token, or None and why: "invalid" or "expired"."""
        found = self._tokens.get(token)
        if found is None:
            return None, "invalid"
        if self._clock() > found[1]:
            return None, "expired"
        return found[0], "ok"


def stable_id(*parts: str, length: int = 27) -> str:
    """The same sandbox user gets the same id on every login."""
    digest = hashlib.sha256(":".join(parts).encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()[:length]


def nickname_from(value: str | None) -> str:
    return (value or "").strip()[:32] or DEFAULT_NICKNAME


def valid_redirect(uri: str | None) -> bool:
    parts = urlsplit(uri or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def redirect_to(redirect_uri: str, params: Mapping[str, str]) -> RedirectResponse:
    """302 back to the client, adding `params` to the query it already has."""
    parts = urlsplit(redirect_uri)
    query = [*parse_qsl(parts.query, keep_blank_values=True), *((k, v) for k, v in params.items() if v)]
    return RedirectResponse(urlunsplit(parts._replace(query=urlencode(query))), status_code=302)


def sandbox_base(request: Request) -> str:
    """Absolute URL of the sandbox root wherever it is mounted (named mounts break url_for)."""
    return f"{request.url.scheme}://{request.url.netloc}{request.scope.get('root_path', '')}"


def consent_page(request: Request, *, provider: str, app_id: str, hidden: Mapping[str, str]) -> HTMLResponse:
    """A one-form page standing in for the provider's QR code / login screen."""
    action = html.escape(str(request.url.replace(query="", fragment="")))
    inputs = "".join(
        f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">' for k, v in hidden.items()
    )
    body = f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{provider} 沙箱授权 / sandbox login</title>
<style>body{{font-family:sans-serif;max-width:24rem;margin:3rem auto;padding:0 1rem}}
input,button{{font-size:1rem;padding:.5rem;width:100%;box-sizing:border-box;margin:.25rem 0}}</style></head>
<body><h1>{provider} 沙箱</h1>
<p>应用 <code>{html.escape(app_id)}</code> 请求获取你的昵称和头像。<br>
The app <code>{html.escape(app_id)}</code> asks for your nickname and avatar. (Sandbox: no real account.)</p>
<form method="post" action="{action}">{inputs}
<label for="nickname">沙箱用户昵称 / sandbox nickname</label>
<input id="nickname" name="nickname" value="{html.escape(DEFAULT_NICKNAME)}" maxlength="32">
<button type="submit" id="authorise">授权登录 / Authorise</button></form></body></html>"""
    return HTMLResponse(body)


def error_page(message: str) -> HTMLResponse:
    return HTMLResponse(
        f'<!doctype html><meta charset="utf-8"><title>授权失败</title><p>{html.escape(message)}</p>',
        status_code=400,
    )


def avatar_svg(seed: str) -> str:
    """A plain square in a colour derived from the user, so sandbox users are told apart at a glance."""
    hue = int(hashlib.sha256(seed.encode()).hexdigest()[:4], 16) % 360
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96">'
        f'<rect width="96" height="96" fill="hsl({hue},55%,55%)"/></svg>'
    )
