"""WeChat website-login endpoints of the sandbox, with WeChat's own parameters and error codes."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse

from infra.providers.oauth import sandbox_flow as flow

TOKEN_TTL = timedelta(hours=2)


def wechat_error(errcode: int, errmsg: str) -> JSONResponse:
    return JSONResponse({"errcode": errcode, "errmsg": errmsg})  # WeChat answers errors with HTTP 200


def create_wechat_router(apps: Mapping[str, str], grants: flow.Grants) -> APIRouter:
    """Routes for `apps` (appid → secret), to be included under `/wechat`."""
    router = APIRouter()

    def check_request(appid: str | None, redirect_uri: str | None, scope: str | None) -> HTMLResponse | None:
        if not appid or appid not in apps:
            return flow.error_page("AppID 参数错误 (unknown appid)")
        if not flow.valid_redirect(redirect_uri):
            return flow.error_page("redirect_uri 参数错误 (absolute http(s) URL required)")
        if scope != "snsapi_login":
            return flow.error_page("Scope 参数错误或没有 Scope 权限 (scope must be snsapi_login)")
        return None

    @router.get("/connect/qrconnect", response_model=None)
    async def authorize(
        request: Request,
        appid: str | None = None,
        redirect_uri: str | None = None,
        response_type: str | None = None,
        scope: str | None = None,
        state: str = "",
        auto: Annotated[bool, Query(description="Sandbox only: skip the consent page.")] = False,
        nickname: str | None = None,
    ) -> HTMLResponse | RedirectResponse:
        """The QR login page as a consent form; `auto=1&nickname=…` redirects at once (sandbox only)."""
        problem = check_request(appid, redirect_uri, scope)
        if problem is None and response_type != "code":
            problem = flow.error_page("response_type 参数错误 (must be code)")
        if problem is not None:
            return problem
        assert appid is not None and redirect_uri is not None
        if auto:
            code = grants.issue_code(appid, flow.nickname_from(nickname), "snsapi_login")
            return flow.redirect_to(redirect_uri, {"code": code, "state": state})
        hidden = {"appid": appid, "redirect_uri": redirect_uri, "scope": "snsapi_login", "state": state}
        return flow.consent_page(request, provider="微信 WeChat", app_id=appid, hidden=hidden)

    @router.post("/connect/qrconnect", response_model=None)
    async def consent(
        appid: Annotated[str, Form()],
        redirect_uri: Annotated[str, Form()],
        scope: Annotated[str, Form()],
        state: Annotated[str, Form()] = "",
        nickname: Annotated[str, Form()] = "",
    ) -> HTMLResponse | RedirectResponse:
        """The user confirmed: send them back with a fresh code."""
        problem = check_request(appid, redirect_uri, scope)
        if problem is not None:
            return problem
        code = grants.issue_code(appid, flow.nickname_from(nickname), scope)
        return flow.redirect_to(redirect_uri, {"code": code, "state": state})

    @router.get("/sns/oauth2/access_token")
    async def access_token(appid: str = "", secret: str = "", code: str = "", grant_type: str = "") -> JSONResponse:
        """Trade a code for an access token (client authenticated by appid + secret)."""
        for value, errcode, name in (
            (appid, 41002, "appid"),
            (secret, 41004, "secret"),
            (code, 41008, "code"),
        ):
            if not value:
                return wechat_error(errcode, f"{name} missing")
        if appid not in apps:
            return wechat_error(40013, "invalid appid")
        if secret != apps[appid]:
            return wechat_error(40125, "invalid appsecret")
        if grant_type != "authorization_code":
            return wechat_error(40002, "invalid grant_type")
        grant, reason = grants.redeem(code, appid)
        if grant is None:
            return wechat_error(40163, "code been used") if reason == "used" else wechat_error(40029, "invalid code")
        token = grants.issue_token(grant, TOKEN_TTL)
        return JSONResponse(
            {
                "access_token": token,
                "expires_in": int(TOKEN_TTL.total_seconds()),
                "refresh_token": secrets.token_urlsafe(32),  # no refresh endpoint in the sandbox
                "openid": openid(appid, grant.nickname),
                "scope": grant.scope,
                "unionid": unionid(grant.nickname),
            }
        )

    @router.get("/sns/userinfo")
    async def userinfo(
        request: Request, access_token: str = "", openid_: str = Query("", alias="openid")
    ) -> JSONResponse:
        """The profile of the user behind the token."""
        if not access_token:
            return wechat_error(41001, "access_token missing")
        grant, reason = grants.token(access_token)
        if grant is None:
            return (
                wechat_error(42001, "access_token expired")
                if reason == "expired"
                else wechat_error(40001, "invalid credential, access_token is invalid or not latest")
            )
        expected = openid(grant.app_id, grant.nickname)
        if openid_ != expected:
            return wechat_error(40003, "invalid openid")
        body: dict[str, Any] = {
            "openid": expected,
            "nickname": grant.nickname,
            "sex": 0,
            "province": "",
            "city": "",
            "country": "CN",
            "headimgurl": f"{flow.sandbox_base(request)}/avatar/{unionid(grant.nickname)}.svg",
            "privilege": [],
            "unionid": unionid(grant.nickname),
        }
        return JSONResponse(body)

    return router


def openid(appid: str, nickname: str) -> str:
    """Like WeChat: one openid per user per app."""
    return "o" + flow.stable_id("wechat-openid", appid, nickname)


def unionid(nickname: str) -> str:
    """Like WeChat: one unionid per user across the developer's apps."""
    return "u" + flow.stable_id("wechat-unionid", nickname)
