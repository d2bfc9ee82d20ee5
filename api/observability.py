"""Request IDs, structured JSON logs and Prometheus metrics."""

from __future__ import annotations

import contextvars
import hmac
import ipaddress
import logging
import sys
import time
import uuid

from fastapi import FastAPI, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from pythonjsonlogger.json import JsonFormatter
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from domain.errors import PermissionDenied

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
access_log = logging.getLogger("allorder.access")

REQUESTS = Counter("allorder_http_requests_total", "HTTP requests", ["method", "route", "status"])
LATENCY = Histogram("allorder_http_request_seconds", "HTTP request latency", ["method", "route"])


class _RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = getattr(record, "request_id", None) or request_id_var.get()
        return True


def configure_logging(level: str, json_logs: bool) -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.addFilter(_RequestIdFilter())
    if json_logs:
        handler.setFormatter(
            JsonFormatter(
                "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
                rename_fields={"asctime": "time", "levelname": "level"},
            )
        )
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level)
    logging.getLogger("uvicorn.access").disabled = True  # our access log carries the request id


class RequestContextMiddleware:
    """Give every request an id (or keep the caller's X-Request-ID), log it and time it.

    Plain ASGI rather than BaseHTTPMiddleware: that one runs the app in a separate task and streams every
    response through a memory channel, which cost a noticeable share of each request's CPU."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = _header(scope, b"x-request-id")
        request_id = incoming if 0 < len(incoming) <= 64 and incoming.isprintable() else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id  # what request.state.request_id reads
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 500
        raw_id = request_id.encode("latin-1")

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", raw_id)]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = _route_template(scope)
            REQUESTS.labels(scope["method"], route, str(status)).inc()
            LATENCY.labels(scope["method"], route).observe(elapsed)
            access_log.info(
                "%s %s %s",
                scope["method"],
                scope["path"],
                status,
                extra={"status": status, "duration_ms": round(elapsed * 1000, 1), "client": _client(scope)},
            )
            request_id_var.reset(token)


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return ""


def _route_template(scope: Scope) -> str:
    """The matched path template (bounded label values). Included routers report it without their prefix,
    so the prefix is taken from the concrete path: the segments before those the template matched."""
    template: str | None = getattr(scope.get("route"), "path", None)
    if template is None:
        return "unmatched"
    if ":path}" in template:
        return template
    segments: list[str] = scope["path"].split("/")
    return "/".join(segments[: len(segments) - len(template.split("/")) + 1]) + template


def _client(scope: Scope) -> str | None:
    client = scope.get("client")
    return str(client[0]) if client else None


def install(app: FastAPI) -> None:
    app.add_middleware(RequestContextMiddleware)

    @app.get("/metrics", include_in_schema=False)
    async def metrics(request: Request) -> Response:
        """Per-route figures for the monitoring system only: its network, or its bearer token (issue 7, item 10)."""
        settings = request.app.state.container.settings
        if not may_scrape(request, settings.metrics_networks, settings.metrics_token):
            raise PermissionDenied("Metrics are for the monitoring system only.", code="metrics.forbidden")
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


def may_scrape(request: Request, networks: list[str], token: str | None) -> bool:
    authorization = request.headers.get("authorization", "")
    if token and hmac.compare_digest(authorization.encode(), f"Bearer {token}".encode()):
        return True
    try:
        caller = ipaddress.ip_address(request.client.host) if request.client else None
    except ValueError:
        return False
    return caller is not None and any(caller in ipaddress.ip_network(n, strict=False) for n in networks)
