"""The floor under the stock page: what the same 20-row page costs with less and less around it, beside the app's
own healthz and stock page in one run, with 1 and 2 uvicorn workers at 16 and 64 connections:

- the app: authentication, permission, validated filters, the unit of work, middleware (headers, request id,
  metrics, logs), as served;
- a FastAPI route and nothing else: no middleware, no dependency, no authentication, no validation, no session;
  one asyncpg fetch of the very statement the stock repository sends, on a pool as large as the app's;
- bare ASGI: the same fetch with no framework at all.

It shows how much of a page's CPU is the request path rather than the database, and so what a ratio to healthz
can reach on this stack and this machine.

    make bench-request-floor
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import asyncpg
import httpx
import orjson
from fastapi import FastAPI
from fastapi.responses import Response
from sqlalchemy.dialects.postgresql import asyncpg as pg_asyncpg

from bench import request_path
from bench.customers import asyncpg_dsn
from bench.server import running_server
from infra.repositories.inventory import _stock_page

_pool: asyncpg.Pool | None = None
_SQL, _ = _stock_page("sku_code")._for(pg_asyncpg.dialect())  # type: ignore[no-untyped-call]


async def _open_pool() -> None:
    global _pool
    _pool = await asyncpg.create_pool(os.environ["FLOOR_DSN"], min_size=20, max_size=25)  # the app's (engine.py)


async def _page() -> bytes:
    """The first 20 rows of the stock page and their total, as JSON."""
    assert _pool is not None
    async with _pool.acquire() as connection:
        rows = await connection.fetch(_SQL, 20, 0)  # LIMIT, OFFSET
    return orjson.dumps({"items": [dict(row) for row in rows], "total": rows[0]["total"] if rows else 0}, default=str)


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """The bare page: no framework."""
    if scope["type"] == "lifespan":
        await receive()  # lifespan.startup
        await _open_pool()
        await send({"type": "lifespan.startup.complete"})
        await receive()  # lifespan.shutdown
        await send({"type": "lifespan.shutdown.complete"})
        return
    body = await _page()
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": body})


@contextlib.asynccontextmanager
async def _lifespan(_: FastAPI) -> Any:
    await _open_pool()
    yield


framework = FastAPI(lifespan=_lifespan, openapi_url=None)


@framework.get("/")
async def page() -> Response:
    """The page as a FastAPI route with nothing else: what the framework alone adds to the bare ASGI floor."""
    return Response(await _page(), media_type="application/json")


@contextlib.contextmanager
def _floor(target: str, workers: int, dsn: str) -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "uvicorn", target, "--port", str(port), "--workers", str(workers)]
    server = subprocess.Popen(
        [*command, "--log-level", "warning", "--no-access-log"], env={**os.environ, "FLOOR_DSN": dsn}
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and server.poll() is None:
            try:
                httpx.get(f"http://127.0.0.1:{port}/").raise_for_status()
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait()


def main() -> None:
    url = os.environ.get("DATABASE_URL") or os.environ.get("TEST_DATABASE_URL") or ""
    if "postgresql" not in url:
        print("request-floor benchmark skipped: it needs PostgreSQL in DATABASE_URL (see the module docstring)")
        return
    os.environ["DATABASE_URL"] = url
    for workers in request_path.WORKERS:
        with (
            running_server(workers=workers) as base,
            _floor("bench.request_floor:framework", workers, asyncpg_dsn(url)) as fastapi_only,
            _floor("bench.request_floor:app", workers, asyncpg_dsn(url)) as bare,
        ):
            token = httpx.post(f"{base}/api/v1/auth/login", json=request_path.ADMIN, timeout=30).json()["access_token"]
            auth = request_path._headers_script({"Authorization": f"Bearer {token}"})
            print(
                f"\nrequest floor — PostgreSQL, {workers} uvicorn worker(s) each, wrk -t2, {request_path.SECONDS} s per row"
            )
            for connections in request_path.CONNECTIONS:
                rows = [
                    request_path.measure(name, url_, connections, workers, script, warm_up=True)
                    for name, url_, script in (
                        ("GET /healthz (the app)", f"{base}/api/v1/healthz", ""),
                        ("GET /stock?page_size=20 (the app)", f"{base}/api/v1/stock?page_size=20", auth),
                        ("the same page, a bare FastAPI route", fastapi_only, ""),
                        ("the same page, bare ASGI + asyncpg", bare, ""),
                    )
                ]
                for row in rows:
                    print(row.line(rows[0]))
                print(flush=True)


if __name__ == "__main__":
    main()
