"""Liveness and readiness probes."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import ContainerDep

router = APIRouter(tags=["health"])


@router.get("/healthz", openapi_extra={"x-permission": "public"}, operation_id="health-live")
async def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get(
    "/readyz",
    openapi_extra={"x-permission": "public"},
    operation_id="health-ready",
    responses={503: {"description": "A dependency is down"}},
)
async def readyz(c: ContainerDep) -> Any:
    """The database and (when configured) Redis answer."""
    try:
        return {"status": "ok", "checks": await c.ping()}
    except Exception as exc:  # any failure of a dependency means not ready
        return JSONResponse({"status": "unavailable", "error": exc.__class__.__name__}, status_code=503)
