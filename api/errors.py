"""One error shape for everything: RFC 9457 problem+json with a stable `code` (DESIGN.md §3)."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

from api import i18n
from api.responses import OrjsonResponse
from domain import errors as domain
from infra.providers.errors import ProviderError

log = logging.getLogger("allorder.errors")

STATUS_BY_KIND: list[tuple[type[domain.DomainError], int]] = [
    (domain.NotFound, 404),
    (domain.Conflict, 409),
    (domain.PermissionDenied, 403),
    (domain.AuthenticationFailed, 401),
    (domain.RuleViolation, 422),
    (domain.TooManyRequests, 429),
    (domain.Locked, 423),
    (domain.Unavailable, 503),
]

TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    413: "Content Too Large",
    422: "Unprocessable Content",
    423: "Locked",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}


def problem(
    request: Request,
    status: int,
    code: str,
    detail: str,
    *,
    data: dict[str, Any] | None = None,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    locale = _locale(request)
    body: dict[str, Any] = {
        "type": f"https://allorder.dev/problems/{code}",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": i18n.translate(code, detail, locale, data),
        "code": code,
        "instance": request.url.path,
        "request_id": getattr(request.state, "request_id", None),
    }
    if errors is not None:
        body["errors"] = errors
    if data:
        body.update({k: v for k, v in data.items() if k not in body and _jsonable(v)})
    return OrjsonResponse(body, status_code=status, media_type="application/problem+json", headers=headers)


def _locale(request: Request) -> str:
    return getattr(request.state, "locale", None) or i18n.negotiate(request.headers.get("accept-language"))


def _jsonable(value: Any) -> bool:
    return isinstance(value, str | int | float | bool | list | dict) or value is None


async def on_domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, domain.DomainError)
    status = next((s for kind, s in STATUS_BY_KIND if isinstance(exc, kind)), 400)
    field = exc.data.get("field")
    message = i18n.translate(exc.code, exc.message, _locale(request), exc.data)  # shown under the field
    errors = [{"field": field, "message": message, "code": exc.code}] if field else None
    headers = {"Retry-After": str(exc.data["retry_after"])} if "retry_after" in exc.data else None
    if status == 401:
        headers = {**(headers or {}), "WWW-Authenticate": "Bearer"}
    return problem(request, status, exc.code, exc.message, data=exc.data, errors=errors, headers=headers)


async def on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {
            "field": ".".join(str(p) for p in err["loc"] if p not in ("body", "query", "path", "header")) or "body",
            "message": err["msg"],
            "code": err["type"],
        }
        for err in exc.errors()
    ]
    return problem(request, 422, "validation.failed", "The request is not valid.", errors=errors)


async def on_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    # 400 only ever comes from reading the body (bad JSON, a multipart without boundary or with a broken part):
    # answer it as the documented 422 every operation declares
    if exc.status_code == 400:
        message = "The request body is not valid UTF-8 JSON or form data."
        errors = [{"field": "body", "message": str(exc.detail), "code": "body_unreadable"}]
        return problem(request, 422, "validation.failed", message, errors=errors)
    code = {404: "route.not_found", 405: "method_not_allowed"}.get(exc.status_code, f"http.{exc.status_code}")
    return problem(request, exc.status_code, code, str(exc.detail), headers=getattr(exc, "headers", None))


async def on_provider_error(request: Request, exc: Exception) -> JSONResponse:
    log.warning("provider error: %s", exc)
    return problem(request, 502, "provider.unavailable", "An outside service is not available right now.")


async def on_database_error(request: Request, exc: Exception) -> JSONResponse:
    # PostgreSQL text cannot hold NUL, wherever a caller slipped one in (a search, a note, an address):
    # that is bad input, and the failed statement has rolled the transaction back
    if "0x00" in str(getattr(exc, "orig", "")):
        return problem(request, 422, "validation.nul_character", "Text cannot contain NUL characters.")
    return await on_unexpected(request, exc)


async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", extra={"request_id": getattr(request.state, "request_id", None)})
    return problem(request, 500, "internal_error", "Something went wrong on our side.")


def install(app: FastAPI) -> None:
    app.add_exception_handler(domain.DomainError, on_domain_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(ProviderError, on_provider_error)
    app.add_exception_handler(DBAPIError, on_database_error)
    app.add_exception_handler(Exception, on_unexpected)
