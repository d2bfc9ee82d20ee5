"""CPU per request of the request-path rows, measured in-process: the app is driven through ASGI directly, one
request at a time, and the process's CPU time is read around each batch. No HTTP server, no load generator, no
batching that depends on how busy the machine is: on a shared, loaded machine this is the steadiest A/B figure
(the smallest of many short batches is printed, the one least disturbed by other processes), beside the SQL calls
per request. It counts the app, SQLAlchemy, asyncpg and the kernel's share of the database and Redis round trips;
uvicorn's HTTP parsing is not in it (bench/request_path.py and bench/request_cpu.py measure the whole server).

    tests/services.sh bash -c 'DATABASE_URL=$TEST_DATABASE_URL REDIS_URL=$TEST_REDIS_URL \
        uv run python -m bench.request_cpu_asgi'

BENCH_ROWS picks rows (healthz,me,stock,search,reserve,order,orders,order_detail,pay,cancel), BENCH_REQUESTS the batch size, BENCH_BATCHES how many, BENCH_SHOW_SQL=1 prints one request's statements.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import uvloop
from sqlalchemy import event

ROOT = Path(__file__).resolve().parent.parent
ROWS = os.environ.get("BENCH_ROWS", "healthz,me,stock,search,reserve,order,orders,order_detail,pay,cancel").split(",")
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "40"))
BATCHES = int(os.environ.get("BENCH_BATCHES", "15"))
SHOW_SQL = bool(os.environ.get("BENCH_SHOW_SQL"))  # print the statements of one request of each row
ADMIN = {"login": "admin@allorder.local", "password": "Admin#2026!"}
CUSTOMER = {"login": "customer@allorder.local", "password": "Customer#2026!"}
RESERVATION_SKUS = 20


class Client:
    """Just enough of an HTTP client to call an ASGI app: status and JSON body."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def call(
        self, method: str, path: str, *, body: Any = None, headers: dict[str, str] | None = None
    ) -> tuple[int, Any]:
        path, _, query = path.partition("?")
        raw = json.dumps(body).encode() if body is not None else b""
        sent = [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
        sent += [
            (b"host", b"bench"),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(raw)).encode()),
        ]
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "root_path": "",
            "query_string": query.encode(),
            "headers": sent,
            "client": ("127.0.0.1", 5000),
            "server": ("127.0.0.1", 80),
            "state": {},
        }
        status, chunks, delivered = 0, [], False

        async def receive() -> dict[str, Any]:
            nonlocal delivered
            if delivered:
                await asyncio.sleep(3600)  # a disconnect would only be watched for; never reached here
            delivered = True
            return {"type": "http.request", "body": raw, "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, send)
        data = b"".join(chunks)
        return status, json.loads(data) if data else None


def _prepare_database(env: dict[str, str]) -> None:
    for command in (["alembic", "upgrade", "head"], ["infra.seed"]):
        done = subprocess.run([sys.executable, "-m", *command], cwd=ROOT, env=env, capture_output=True, text=True)
        if done.returncode:
            sys.exit(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")


class RoundTrips:
    """Counts what the app asks of the database: statements, and the begin and commit around them (a read in
    autocommit sends no BEGIN to PostgreSQL but is counted the same), and the statements asyncpg sends itself
    (infra/db/driver.py), which SQLAlchemy's events do not see."""

    def __init__(self, engine: Any) -> None:
        self.count, self.showing = 0, False
        for name in ("before_cursor_execute", "begin", "commit", "rollback"):
            event.listen(engine.sync_engine, name, self._seen)
        from infra.db import driver

        fetch = driver.DriverStatement.fetch

        async def counted(statement: Any, *args: Any, **kwargs: Any) -> Any:
            rows = await fetch(statement, *args, **kwargs)
            if rows is not None:
                self.count += 1
            return rows

        driver.DriverStatement.fetch = counted  # type: ignore[method-assign]

    def _seen(self, *args: Any) -> None:
        self.count += 1
        if SHOW_SQL and self.showing:
            print("   ", " ".join(str(args[2] if len(args) > 2 else "BEGIN/COMMIT").split())[:160])


async def _measure(name: str, request: Callable[[], Any], trips: RoundTrips) -> None:
    for _ in range(20):  # warm caches: compiled statements, prepared statements, the pool
        await request()
    trips.showing = True
    await request()
    trips.showing, trips.count = False, 0
    for _ in range(10):
        await request()
    per_request = trips.count / 10
    best, system = float("inf"), 0.0
    for _ in range(BATCHES):
        started = resource.getrusage(resource.RUSAGE_SELF)
        for _ in range(REQUESTS):
            await request()
        ended = resource.getrusage(resource.RUSAGE_SELF)
        spent = (ended.ru_utime + ended.ru_stime - started.ru_utime - started.ru_stime) * 1000 / REQUESTS
        if spent < best:
            best, system = spent, (ended.ru_stime - started.ru_stime) * 1000 / REQUESTS
    print(
        f"{name:<8} CPU {best:5.2f} ms/req, of which kernel {system:4.2f} (best of {BATCHES} × {REQUESTS}, "
        f"in-process, sequential), {per_request:4.1f} SQL calls/req",
        flush=True,
    )


async def _run(app: Any) -> None:
    client = Client(app)
    trips = RoundTrips(app.state.container.engine)
    status, token = await client.call("POST", "/api/v1/auth/login", body=ADMIN)
    assert status == 200, token
    auth = {"Authorization": f"Bearer {token['access_token']}"}
    _, page = await client.call("GET", "/api/v1/stock?page_size=200", headers=auth)
    chosen: dict[str, str] = {}
    for level in page["items"]:
        chosen.setdefault(level["sku_id"], level["warehouse_id"])
    skus = list(chosen.items())[:RESERVATION_SKUS]
    for warehouse in {w for _, w in skus}:
        lines = [{"sku_id": s, "quantity": 1_000_000} for s, w in skus if w == warehouse]
        status, _ = await client.call(
            "POST", "/api/v1/stock/receipts", body={"warehouse_id": warehouse, "lines": lines}, headers=auth
        )
        assert status == 201
    run_id, counter = os.urandom(4).hex(), 0

    async def get(path: str, headers: dict[str, str] | None = None) -> None:
        status, body = await client.call("GET", path, headers=headers)
        assert status == 200, body

    async def reserve() -> None:
        nonlocal counter
        counter += 1
        ref = f"{run_id}-{counter}"
        body: dict[str, Any] = {"lines": [{"sku_id": skus[counter % len(skus)][0], "quantity": 1}]}
        body |= {"reference_type": "bench", "reference_id": ref}
        status, answer = await client.call(
            "POST", "/api/v1/stock/reservations", body=body, headers=auth | {"Idempotency-Key": ref}
        )
        assert status == 201, answer

    status, token = await client.call("POST", "/api/v1/auth/login", body=CUSTOMER)
    assert status == 200, token
    customer = {"Authorization": f"Bearer {token['access_token']}"}
    _, addresses = await client.call("GET", "/api/v1/me/addresses", headers=customer)
    address_id = addresses[0]["id"]

    async def place(sku_ids: list[str]) -> tuple[int, Any]:
        nonlocal counter
        counter += 1
        return await client.call(
            "POST",
            "/api/v1/me/orders",
            body={"lines": [{"sku_id": s, "quantity": 1} for s in sku_ids], "address_id": address_id},
            headers=customer | {"Idempotency-Key": f"{run_id}-order-{counter}"},
        )

    on_sale = [sku for sku, _ in skus if (await place([sku]))[0] == 201]  # the stock page lists switched-off SKUs

    async def order() -> None:  # a checkout of two lines, as bench/order_placement.py sends them over HTTP
        status, answer = await place([on_sale[(counter + i) % len(on_sale)] for i in range(2)])
        assert status == 201, answer

    _, listed = await client.call("GET", "/api/v1/orders?page_size=50", headers=auth)
    order_ids = [o["id"] for o in listed["items"]]

    async def unpaid_orders() -> list[str]:
        """As many new one-line orders as a row sends requests: paying or cancelling one changes it for good."""
        placed = []
        for n in range(31 + BATCHES * REQUESTS):  # the warm-up, the shown request and the counted ten, then batches
            status, answer = await place([on_sale[n % len(on_sale)]])
            assert status == 201, answer
            placed.append(answer["id"])
        return placed

    fresh: dict[str, list[str]] = {}  # per row, placed before it is measured

    async def pay() -> None:  # a bank-transfer attempt: the start without a provider's round trip
        path = f"/api/v1/me/orders/{fresh['pay'].pop()}/payments"
        status, answer = await client.call("POST", path, body={"method": "bank_transfer"}, headers=customer)
        assert status == 201, answer

    async def cancel() -> None:  # the order's stock released and its open attempts ended, in one transaction
        path = f"/api/v1/me/orders/{fresh['cancel'].pop()}/cancel"
        status, answer = await client.call("POST", path, body={"reason": "bench"}, headers=customer)
        assert status == 200, answer

    rows: dict[str, Callable[[], Any]] = {
        "healthz": lambda: get("/api/v1/healthz"),
        "me": lambda: get("/api/v1/me", auth),
        "stock": lambda: get("/api/v1/stock?page_size=20", auth),
        "search": lambda: get(f"/api/v1/store/products?q={quote('耳机')}"),
        "reserve": reserve,
        "order": order,
        "orders": lambda: get("/api/v1/orders?page_size=20", auth),
        "order_detail": lambda: get(f"/api/v1/orders/{order_ids[counter % len(order_ids)]}", auth),
        "pay": pay,
        "cancel": cancel,
    }
    for name in ROWS:
        if name in ("pay", "cancel"):
            fresh[name] = await unpaid_orders()
        await _measure(name, rows[name], trips)


def main() -> None:
    url = os.environ.get("DATABASE_URL") or ""
    if "postgresql" not in url:
        print("request CPU benchmark skipped: it needs PostgreSQL in DATABASE_URL (see the module docstring)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.update(
            {
                "LOG_LEVEL": "WARNING",
                "AUTH__RATE_LIMIT_PER_MINUTE": "100000000",
                "AUTH__ACCOUNT_RATE_LIMIT_PER_MINUTE": "100000000",
                "ORDERS__MAX_UNPAID_ORDERS": "1000000",  # one customer places every order of the "order" row
                "ORDERS__MAX_QUANTITY_PER_CUSTOMER_DAY": "1000000000",
                "ORDERS__DUPLICATE_WINDOW_SECONDS": "0",
                "APP_ENV": "development",
                "VAR_DIR": f"{tmp}/var",
                "MEDIA_DIR": f"{tmp}/media",
                "MAIL_DIR": f"{tmp}/mail",
            }
        )
        _prepare_database(dict(os.environ))
        from api.app import create_app

        app = create_app()

        async def serve() -> None:
            async with app.router.lifespan_context(app):
                await _run(app)

        with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:  # uvicorn's loop (loop="auto")
            runner.run(serve())


if __name__ == "__main__":
    main()
