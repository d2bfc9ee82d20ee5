"""Alipay login endpoints of the sandbox: the authorise page and an RSA2-checking, RSA2-signing gateway."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from infra.providers import rsa2
from infra.providers.oauth import sandbox_flow as flow

TOKEN_TTL = timedelta(days=15)
CLOCK_SKEW = timedelta(minutes=15)
SCOPES = ("auth_user", "auth_base")
REQUIRED = ("app_id", "method", "sign", "sign_type", "timestamp", "version")


def create_alipay_router(
    apps: Mapping[str, str],
    alipay_private_key_pem: str,
    grants: flow.Grants,
    clock: Callable[[], datetime],
) -> APIRouter:
    """Routes for `apps` (app_id → app public key), to be included under `/alipay`."""
    router = APIRouter()
    app_keys = {app_id: rsa2.load_public_key(pem) for app_id, pem in apps.items()}
    signing_key = rsa2.load_private_key(alipay_private_key_pem)

    def check_request(app_id: str | None, redirect_uri: str | None, scope: str | None) -> HTMLResponse | None:
        if not app_id or app_id not in app_keys:
            return flow.error_page("app_id 无效 (unknown app_id)")
        if not flow.valid_redirect(redirect_uri):
            return flow.error_page("redirect_uri 无效 (absolute http(s) URL required)")
        if scope not in SCOPES:
            return flow.error_page("scope 无效 (auth_user or auth_base)")
        return None

    def back_to_app(app_id: str, redirect_uri: str, scope: str, state: str, nickname: str | None) -> Response:
        code = grants.issue_code(app_id, flow.nickname_from(nickname), scope)
        params = {
            "app_id": app_id,
            "source": "alipay_wallet",
            "scope": scope,
            "auth_code": code,
            "state": state,
        }
        return flow.redirect_to(redirect_uri, params)

    @router.get("/oauth2/publicAppAuthorize.htm", response_model=None)
    async def authorize(
        request: Request,
        app_id: str | None = None,
        scope: str | None = None,
        redirect_uri: str | None = None,
        state: str = "",
        auto: Annotated[bool, Query(description="Sandbox only: skip the consent page.")] = False,
        nickname: str | None = None,
    ) -> Response:
        """The authorise page as a consent form; `auto=1&nickname=…` redirects at once (sandbox only)."""
        problem = check_request(app_id, redirect_uri, scope)
        if problem is not None:
            return problem
        assert app_id is not None and redirect_uri is not None and scope is not None
        if auto:
            return back_to_app(app_id, redirect_uri, scope, state, nickname)
        hidden = {"app_id": app_id, "redirect_uri": redirect_uri, "scope": scope, "state": state}
        return flow.consent_page(request, provider="支付宝 Alipay", app_id=app_id, hidden=hidden)

    @router.post("/oauth2/publicAppAuthorize.htm", response_model=None)
    async def consent(
        app_id: Annotated[str, Form()],
        redirect_uri: Annotated[str, Form()],
        scope: Annotated[str, Form()],
        state: Annotated[str, Form()] = "",
        nickname: Annotated[str, Form()] = "",
    ) -> HTMLResponse | RedirectResponse | Response:
        """The user confirmed: send them back with a fresh auth_code."""
        return check_request(app_id, redirect_uri, scope) or back_to_app(app_id, redirect_uri, scope, state, nickname)

    def signed(node: str, payload: Mapping[str, Any]) -> Response:
        """`{"<node>":{…},"sign":"…"}` with the sign over the node's exact text, as Alipay sends it."""
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        sign = rsa2.sign(signing_key, text)
        body = f'{{"{node}":{text},"sign":"{sign}"}}'
        return Response(body.encode(), media_type="application/json;charset=utf-8")

    def gateway_error(code: str, msg: str, sub_code: str, sub_msg: str) -> Response:
        return signed("error_response", {"code": code, "msg": msg, "sub_code": sub_code, "sub_msg": sub_msg})

    def check_call(params: Mapping[str, str]) -> Response | None:
        for name in REQUIRED:
            if not params.get(name):
                sub_code = f"isv.missing-{name.replace('_', '-').replace('sign', 'signature')}"
                return gateway_error("40001", "Missing Required Arguments", sub_code, f"缺少参数 {name}")
        invalid = "Invalid Arguments"
        app_key = app_keys.get(params["app_id"])
        if app_key is None:
            return gateway_error("40002", invalid, "isv.invalid-app-id", "无效的AppID参数")
        if params["sign_type"] != "RSA2":
            return gateway_error("40002", invalid, "isv.invalid-signature-type", "无效的签名类型")
        if not rsa2.verify(app_key, rsa2.signing_content(params), params["sign"]):
            return gateway_error("40002", invalid, "isv.invalid-signature", "验签出错")
        try:
            sent_at = datetime.strptime(params["timestamp"], rsa2.TIMESTAMP_FORMAT).replace(tzinfo=rsa2.BEIJING)
        except ValueError:
            sent_at = None
        if sent_at is None or abs(clock() - sent_at) > CLOCK_SKEW:
            return gateway_error("40002", invalid, "isv.invalid-timestamp", "非法的时间戳参数")
        if params.get("format", "JSON").upper() != "JSON" or params.get("charset", "utf-8").lower() != "utf-8":
            return gateway_error("40002", invalid, "isv.invalid-format", "sandbox speaks JSON in utf-8 only")
        return None

    def oauth_token(params: Mapping[str, str]) -> Response:
        if params.get("grant_type") != "authorization_code":
            return gateway_error("40002", "Invalid Arguments", "isv.grant-type-invalid", "grant_type参数不正确")
        grant, _ = grants.redeem(params.get("code", ""), params["app_id"])
        if grant is None:
            return gateway_error("40002", "Invalid Arguments", "isv.code-invalid", "授权码code无效")
        token = grants.issue_token(grant, TOKEN_TTL)
        ttl = int(TOKEN_TTL.total_seconds())
        payload = {
            "access_token": token,
            "alipay_user_id": user_id(grant.nickname),
            "auth_start": clock().astimezone(rsa2.BEIJING).strftime(rsa2.TIMESTAMP_FORMAT),
            "expires_in": ttl,
            "re_expires_in": ttl,
            "refresh_token": flow.stable_id("refresh", token),
            "user_id": user_id(grant.nickname),
        }
        return signed("alipay_system_oauth_token_response", payload)

    def user_info(request: Request, params: Mapping[str, str]) -> Response:
        node = "alipay_user_info_share_response"
        grant, reason = grants.token(params.get("auth_token", ""))
        if grant is None or grant.app_id != params["app_id"]:
            sub_code = "aop.auth-token-time-out" if reason == "expired" else "aop.invalid-auth-token"
            return signed(node, {"code": "20001", "msg": "Insufficient Token Permissions", "sub_code": sub_code})
        if grant.scope != "auth_user":
            return signed(
                node,
                {
                    "code": "40006",
                    "msg": "Insufficient Permissions",
                    "sub_code": "isv.insufficient-user-permissions",
                },
            )
        return signed(
            node,
            {
                "code": "10000",
                "msg": "Success",
                "user_id": user_id(grant.nickname),
                "nick_name": grant.nickname,
                "avatar": f"{flow.sandbox_base(request)}/avatar/{user_id(grant.nickname)}.svg",
                "province": "",
                "city": "",
                "gender": "",
            },
        )

    @router.api_route("/gateway.do", methods=["GET", "POST"])
    async def gateway(request: Request) -> Response:
        """The open-platform gateway: common parameters, RSA2 request check, signed JSON answer."""
        params = dict(request.query_params)
        if request.method == "POST":
            params.update({k: v for k, v in (await request.form()).items() if isinstance(v, str)})
        problem = check_call(params)
        if problem is not None:
            return problem
        match params["method"]:
            case "alipay.system.oauth.token":
                return oauth_token(params)
            case "alipay.user.info.share":
                return user_info(request, params)
            case _:
                return gateway_error("40002", "Invalid Arguments", "isv.invalid-method", "不存在的方法名")

    return router


def user_id(nickname: str) -> str:
    """Alipay user ids are 16 digits starting 2088; one per sandbox nickname."""
    digits = int(hashlib.sha256(f"alipay-user:{nickname}".encode()).hexdigest(), 16) % 10**12
    return f"2088{digits:012d}"
