"""The floor under the stock page: what the same 20-row page costs with no framework at all (bare ASGI, one
asyncpg fetch of the very statement the stock repository sends, orjson), beside the app's own healthz and stock
page in one run. It shows how much of a page's CPU is the request path (routing, dependencies, validation,
authentication, the session) rather than the database, and so what a ratio to healthz can reach on this stack.

    tests/services.sh bash -c 'DATABASE_URL=$TEST_DATABASE_URL REDIS_URL=$TEST_REDIS_URL \
        uv run python -m bench.request_floor'
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from typing import Any

import asyncpg
import httpx
import orjson
from sqlalchemy.dialects.postgresql import asyncpg as pg_asyncpg

from bench import request_path
from bench.customers import asyncpg_dsn
from bench.server import running_server
from infra.repositories.inventory import _stock_page

_pool: asyncpg.Pool | None = None
_SQL, _ = _stock_page("sku_code")._for(pg_asyncpg.dialect())  # type: ignore[no-untyped-call]


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """The bare stock page: no authentication, no validation, no session; the statement's rows as JSON."""
    global _pool
    if scope["type"] == "lifespan":
        await receive()  # lifespan.startup
        _pool = await asyncpg.create_pool(os.environ["FLOOR_DSN"], min_size=16, max_size=64)
        await send({"type": "lifespan.startup.complete"})
        await receive()  # lifespan.shutdown
        await send({"type": "lifespan.shutdown.complete"})
        return
    assert _pool is not None
    async with _pool.acquire() as connection:
        rows = await connection.fetch(_SQL, 0, 20)
    body = orjson.dumps({"items": [dict(row) for row in rows], "total": rows[0]["total"] if rows else 0}, default=str)
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": body})


def main() -> None:
    url = os.environ.get("DATABASE_URL") or os.environ.get("TEST_DATABASE_URL") or ""
    if "postgresql" not in url:
        print("request-floor benchmark skipped: it needs PostgreSQL in DATABASE_URL (see the module docstring)")
        return
    os.environ["DATABASE_URL"] = url
    with running_server(workers=1) as base, socket.socket() as probe:
        token = httpx.post(f"{base}/api/v1/auth/login", json=request_path.ADMIN, timeout=30).json()["access_token"]
        auth = request_path._headers_script({"Authorization": f"Bearer {token}"})
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()
        command = [sys.executable, "-m", "uvicorn", "bench.request_floor:app", "--port", str(port)]
        floor = subprocess.Popen(
            [*command, "--log-level", "warning", "--no-access-log"], env={**os.environ, "FLOOR_DSN": asyncpg_dsn(url)}
        )
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and floor.poll() is None:
                try:
                    httpx.get(f"http://127.0.0.1:{port}/").raise_for_status()
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            print(f"\nrequest floor — PostgreSQL, 1 uvicorn worker each, wrk -t2, {request_path.SECONDS} s per row")
            for connections in request_path.CONNECTIONS:
                rows = [
                    request_path.measure(name, url_, connections, 1, script, warm_up=True)
                    for name, url_, script in (
                        ("GET /healthz (the app)", f"{base}/api/v1/healthz", ""),
                        ("GET /stock?page_size=20 (the app)", f"{base}/api/v1/stock?page_size=20", auth),
                        ("the same page, bare ASGI + asyncpg", f"http://127.0.0.1:{port}/", ""),
                    )
                ]
                for row in rows:
                    print(row.line(rows[0]))
                print(flush=True)
        finally:
            floor.terminate()
            floor.wait()


if __name__ == "__main__":
    main()
