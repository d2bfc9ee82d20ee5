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
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

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


class RequestContextMiddleware(BaseHTTPMiddleware):
    """Give every request an id (or keep the caller's X-Request-ID), log it and time it."""

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        incoming = request.headers.get("x-request-id", "")
        request_id = incoming if 0 < len(incoming) <= 64 and incoming.isprintable() else uuid.uuid4().hex
        request.state.request_id = request_id
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 500
        try:
            response = await call_next(request)
            status = response.status_code
            response.headers["X-Request-ID"] = request_id
            return response
        finally:
            elapsed = time.perf_counter() - started
            route = _route_template(request)
            REQUESTS.labels(request.method, route, str(status)).inc()
            LATENCY.labels(request.method, route).observe(elapsed)
            access_log.info(
                "%s %s %s",
                request.method,
                request.url.path,
                status,
                extra={"status": status, "duration_ms": round(elapsed * 1000, 1), "client": _client(request)},
            )
            request_id_var.reset(token)


def _route_template(request: Request) -> str:
    """The matched path template (bounded label values). Included routers report it without their prefix,
    so the prefix is taken from the concrete path: the segments before those the template matched."""
    template: str | None = getattr(request.scope.get("route"), "path", None)
    if template is None:
        return "unmatched"
    if ":path}" in template:
        return template
    segments: list[str] = request.url.path.split("/")
    return "/".join(segments[: len(segments) - len(template.split("/")) + 1]) + template


def _client(request: Request) -> str | None:
    return request.client.host if request.client else None


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
