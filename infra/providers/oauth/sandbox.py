"""Local WeChat and Alipay login servers speaking the real flows, so the demo and tests need no accounts."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from fastapi import FastAPI, Response

from infra.providers import rsa2
from infra.providers.oauth import sandbox_flow as flow
from infra.providers.oauth.sandbox_alipay import create_alipay_router
from infra.providers.oauth.sandbox_wechat import create_wechat_router


@dataclass(frozen=True)
class AlipaySandboxKeys:
    """The two RSA key pairs of an Alipay app: the app's own, and the one Alipay signs answers with."""

    app_private_key_pem: str
    app_public_key_pem: str
    alipay_private_key_pem: str
    alipay_public_key_pem: str


def generate_sandbox_keys() -> AlipaySandboxKeys:
    """Fresh 2048-bit key pairs for a sandbox run (tests, demo); real keys come from the Alipay console."""
    app, gateway = rsa2.generate_private_key(), rsa2.generate_private_key()
    return AlipaySandboxKeys(
        app_private_key_pem=rsa2.private_pem(app),
        app_public_key_pem=rsa2.public_pem(app),
        alipay_private_key_pem=rsa2.private_pem(gateway),
        alipay_public_key_pem=rsa2.public_pem(gateway),
    )


def create_oauth_sandbox(
    *,
    wechat_apps: Mapping[str, str] | None = None,
    alipay_apps: Mapping[str, str] | None = None,
    alipay_private_key_pem: str | None = None,
    now: Callable[[], datetime] | None = None,
) -> FastAPI:
    """Build the sandbox app: WeChat under `/wechat`, Alipay under `/alipay`, avatars under `/avatar`."""
    # wechat_apps: appid → secret; alipay_apps: app_id → the app's public key PEM; answers are signed with
    # alipay_private_key_pem; `now` lets tests move time forward.
    clock = now or (lambda: datetime.now(UTC))
    app = FastAPI(title="AllOrder OAuth sandbox (WeChat, Alipay)", docs_url=None, redoc_url=None)
    app.include_router(create_wechat_router(wechat_apps or {}, flow.Grants(clock)), prefix="/wechat")
    if alipay_apps:
        if alipay_private_key_pem is None:
            raise ValueError("alipay_private_key_pem is required to sign the Alipay sandbox's answers")
        router = create_alipay_router(alipay_apps, alipay_private_key_pem, flow.Grants(clock), clock)
        app.include_router(router, prefix="/alipay")

    @app.get("/avatar/{seed}.svg")
    async def avatar(seed: str) -> Response:
        """A sandbox user's avatar."""
        return Response(flow.avatar_svg(seed), media_type="image/svg+xml")

    return app
