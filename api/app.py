"""The application factory: the one place where settings become a running API + SPA."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import BaseRoute, Match
from starlette.types import Scope
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from api import docs, errors, observability
from api.deps import NOT_ALLOWED
from api.routers import (
    audit,
    auth,
    cart,
    catalog_files,
    categories,
    customers,
    dashboard,
    freight,
    health,
    me,
    my_orders,
    my_payments,
    offline_payments,
    order_changes,
    order_exports,
    orders,
    payment_callbacks,
    payment_methods,
    payments,
    products,
    reconciliations,
    refunds,
    regions,
    roles,
    search,
    stock,
    stock_files,
    stocktakes,
    store,
    users,
    warehouses,
)
from api.security_headers import SecurityHeaders
from infra.container import Container
from infra.payments import gateways
from infra.providers.oauth.sandbox import create_oauth_sandbox
from infra.settings import Settings, get_settings

API_PREFIX = "/api/v1"
_RESERVED = ("api/", "media/", "sandbox/", "metrics")
_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


PRIVATE_MEDIA = ("payment-proofs/",)  # receipts stored before private storage existed: /payment-proofs/{id} only


class PublicMedia(StaticFiles):
    """The public media mount, refusing the folders whose files are private."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        if path.replace("\\", "/").lstrip("/").lower().startswith(PRIVATE_MEDIA):
            raise StarletteHTTPException(status_code=404)
        return await super().get_response(path, scope)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    observability.configure_logging(settings.log_level, settings.log_json)
    container = Container(settings)  # refuses unsafe production settings before anything is served
    settings = container.settings

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await container.start()
        # What startup built lives as long as the process: freezing it keeps the collector from scanning it
        # again. Unfrozen, the ~230,000 objects of a started app made each full collection a pause of about
        # 100 ms, felt by every request in flight (the p99 of the benchmarks).
        gc.collect()
        gc.freeze()
        yield
        await container.close()

    app = FastAPI(
        title="AllOrder API",
        version="1.0.0",
        description="全单通 — all-channel order management. Errors are RFC 9457 `application/problem+json` "
        "with a stable `code`. Each operation names the permission it needs in `x-permission`.",
        lifespan=lifespan,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,  # api/docs.py serves Swagger UI from the app, not from a CDN
        redoc_url=None,
    )
    app.state.container = container
    errors.install(app)
    observability.install(app)
    docs.install(app, docs_url=f"{API_PREFIX}/docs", openapi_url=f"{API_PREFIX}/openapi.json")

    # Each feature's router is included into the app itself, not into one /api/v1 router: FastAPI matches a
    # request by scanning routes, and a nested router is scanned twice (once to match, once to handle), which made
    # routing alone about a quarter of a stock page's CPU.
    for module in (
        health,
        auth,
        me,
        dashboard,
        users,
        roles,
        audit,
        customers,
        categories,
        products,
        catalog_files,
        store,
        cart,
        warehouses,
        stock_files,
        stock,
        stocktakes,
        search,
        freight,
        regions,
        order_exports,  # before orders: /orders/export is not an order id
        order_changes,
        refunds,  # before orders: /orders/{order_id}/refunds
        orders,
        my_orders,
        payment_methods,
        offline_payments,
        reconciliations,
        payments,
        my_payments,
        payment_callbacks,
    ):
        app.include_router(module.router, prefix=API_PREFIX)
        _turn_away_other_paths(module.router)

    settings.media_dir.mkdir(parents=True, exist_ok=True)
    app.mount("/media", PublicMedia(directory=settings.media_dir), name="media")
    if container.sms_sandbox is not None:  # only with SANDBOX_ENABLED in development (infra/deployment.py)
        _mount_sandboxes(app, container)
    _serve_spa(app, settings.frontend_dist)
    app.add_middleware(SecurityHeaders)
    if settings.trusted_proxies:
        # outermost, so logs, limits and audit all see the address the trusted proxy reports; uvicorn itself runs
        # with --no-proxy-headers (its default trusts 127.0.0.1, which any local hop would turn into a bypass)
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)
    return app


def _turn_away_other_paths(router: APIRouter) -> None:
    """Let an included router refuse a path outside its first path segments at once. FastAPI asks each included
    router in turn, and a router answers by trying every one of its routes, so a stock request used to try every
    route of the fourteen routers before it. The check is only necessary, never sufficient: anything it lets
    through is matched as before. Done once per router (the routers are module-level, an app is built per test),
    from the routes it has then: all of them, as the routers' modules declare their routes when imported."""
    if getattr(router, "_turns_away", False):
        return
    paths = [getattr(route, "path", "") for route in router.routes]
    heads = {path.split("/")[1] if path.startswith("/") else "{" for path in paths}
    if any("{" in head for head in heads):  # a first segment that is a parameter (or unknown): any path may match
        return
    needles = tuple(f"{API_PREFIX}/{head}" for head in heads)
    scan = router.matches

    def matches(scope: Scope) -> tuple[Match, Scope]:
        path = scope["path"]  # the needle is in it wherever a root_path puts the route's path
        return scan(scope) if any(needle in path for needle in needles) else (Match.NONE, {})

    router.matches = matches  # type: ignore[method-assign]
    router._turns_away = True  # type: ignore[attr-defined]


def _mount_sandboxes(app: FastAPI, container: Container) -> None:
    """Local stand-ins for the SMS gateway, the WeChat/Alipay login servers and the payment providers (demo and
    tests only). The payment sandbox is reached, and calls our webhook back, inside this process (gateways.py)."""
    s = container.settings
    assert container.sms_sandbox is not None
    app.mount("/sandbox/sms", container.sms_sandbox, name="sandbox-sms")
    app.mount(
        "/sandbox/oauth",
        create_oauth_sandbox(
            wechat_apps={s.wechat.app_id: s.wechat.app_secret},
            alipay_apps={s.alipay.app_id: container.alipay_keys.app_public_key_pem},
            alipay_private_key_pem=container.alipay_keys.alipay_private_key_pem,
        ),
        name="sandbox-oauth",
    )
    if container.payment_sandbox is not None and container.payment_loopback is not None:
        app.mount(gateways.SANDBOX_PATH, container.payment_sandbox, name="sandbox-payments")
        gateways.serve_in_process(container.payment_loopback, s, container.payment_sandbox, app)


def _serve_spa(app: FastAPI, dist: Path) -> None:
    """Serve the built SPA at `/`, falling back to index.html for client-side routes."""

    # Every method lands here when no route matches fully, so a known path with the wrong method is a 405 that
    # names the allowed ones (RFC 9110 §15.5.6), and an unknown API path a 404, rather than the reverse.
    @app.api_route("/{path:path}", methods=_METHODS, include_in_schema=False)
    def spa(path: str, request: Request) -> Response:  # sync: file checks run in the thread pool
        if path.startswith(_RESERVED):
            if allowed := _methods_for(app, request.scope, spa):
                raise StarletteHTTPException(405, detail="Method Not Allowed", headers={"Allow": ", ".join(allowed)})
            raise StarletteHTTPException(status_code=404, detail="No such endpoint.")
        if request.method not in ("GET", "HEAD"):
            raise StarletteHTTPException(405, detail="Method Not Allowed", headers={"Allow": "GET, HEAD"})
        candidate = (dist / path).resolve()
        if path and candidate.is_file() and dist.resolve() in candidate.parents:
            return FileResponse(candidate)
        index = dist / "index.html"
        if index.exists():
            return FileResponse(index, headers={"Cache-Control": "no-cache"})
        return HTMLResponse("<h1>AllOrder</h1><p>The web app is not built yet: run <code>make run</code>.</p>")


def _leaf_routes(routes: Sequence[BaseRoute], included: bool = False) -> Iterator[tuple[BaseRoute, bool]]:
    """The routes themselves, out of the routers FastAPI includes as one route (whose match hides which), and
    whether they came from one (their paths then lack the API prefix)."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        yield from _leaf_routes(inner.routes, True) if inner is not None else ((route, included),)


def _methods_for(app: FastAPI, scope: Scope, fallback: object) -> list[str]:
    """The methods the API's own routes answer at this request's path (the SPA fallback aside)."""
    matches: list[tuple[str, int]] = []  # (method, how many path parameters the matching route has)
    for method in _METHODS:
        probe = {**scope, "method": method}
        in_api = scope["path"].startswith(f"{API_PREFIX}/")
        api_probe = {**probe, "path": scope["path"].removeprefix(API_PREFIX)}
        matches += [
            (method, len(getattr(route, "param_convertors", {})))
            for route, included in _leaf_routes(app.router.routes)
            if getattr(route, "endpoint", None) is not fallback
            and getattr(route, "name", None) != NOT_ALLOWED
            and (in_api or not included)
            and route.matches(api_probe if included else probe)[0] == Match.FULL
        ]
    # the resource is the most literal route the path names: `/images/order` is the image order (PUT), not an
    # image whose id is "order" (DELETE there is a malformed id, 422)
    fewest = min((params for _, params in matches), default=0)
    return [method for method, params in matches if params == fewest]
