"""Identity hot paths: an authenticated read (token check + user load) and password sign-in (argon2-bound),
against the liveness probe as the same-run baseline."""

from __future__ import annotations

import asyncio
import os

import httpx

from bench.load import run
from bench.server import running_server

ADMIN = {"login": "admin@allorder.local", "password": "Admin#2026!"}


async def main() -> None:
    concurrency = int(os.environ.get("BENCH_CONCURRENCY", "16"))
    with running_server() as base:
        async with httpx.AsyncClient() as http:
            token = (await http.post(f"{base}/api/v1/auth/login", json=ADMIN)).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        baseline = await run(
            "GET /healthz (baseline)", base, lambda c: c.get("/healthz"), total=3000, concurrency=concurrency
        )
        me = await run(
            "GET /me (authenticated read)",
            base,
            lambda c: c.get("/me", headers=headers),
            total=3000,
            concurrency=concurrency,
        )
        login = await run(
            "POST /auth/login (argon2)",
            base,
            lambda c: c.post("/auth/login", json=ADMIN),
            total=200,
            concurrency=concurrency,
        )
    database = "PostgreSQL" if "postgresql" in os.environ.get("DATABASE_URL", "") else "SQLite"
    print(f"\nidentity benchmark — {database}, 1 uvicorn worker, {concurrency} concurrent clients")
    print(baseline.line())
    print(me.line(baseline))
    print(login.line(baseline))


if __name__ == "__main__":
    asyncio.run(main())
