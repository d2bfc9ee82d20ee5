"""Order placement on PostgreSQL (+ Redis), measured with wrk: each request is one `POST /me/orders` of 1 to 3
lines with its own Idempotency-Key, rotating over many customers so that their safety limits are not what is
measured (the bench server raises them, see LIMITS).

Rows, with 2 uvicorn workers and then 1, at 16 and 64 connections:
- many SKUs: the lines spread over every purchasable SKU;
- hot SKU: every order's first line is the same SKU (stock for all), at 64 connections; zero oversell checked after;
- baseline: the SQL transaction the server runs for one order (tests/concurrency has none of it; it was read
  from PostgreSQL's statement log), replayed through raw asyncpg from this process at the same concurrency.
The machine is shared and wrk runs beside the server: compare the ratios and the server CPU per order.

    make bench-orders   (throw-away PostgreSQL + Redis via tests/services.sh)
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from urllib.parse import urlsplit

import asyncpg
import httpx

from bench import customers as bench_customers
from bench import order_replay
from bench.request_path import SECONDS, Row, _server_cpu_seconds, measure
from bench.server import running_server

CUSTOMERS = int(os.environ.get("BENCH_CUSTOMERS", "500"))
CONNECTIONS = (16, 64)
WORKERS = (2, 1)
PRODUCT_COPIES = 20  # the demo catalog's products on sale copied, for a few hundred SKUs
ON_HAND = 100_000_000  # enough that no run reserves a SKU dry (a 409 would measure the error path)
SECRET = os.urandom(24).hex()
# The per-customer safety limits (seed 003) are raised: a bench customer places hundreds of orders a minute.
LIMITS = {
    "ORDERS__MAX_UNPAID_ORDERS": "1000000",
    "ORDERS__MAX_QUANTITY_PER_CUSTOMER_DAY": "1000000000",
    "ORDERS__DUPLICATE_WINDOW_SECONDS": "0",
}
SERVER_ENV = {**LIMITS, "AUTH__JWT_SECRET": SECRET, "AUTH__ACCESS_TOKEN_MINUTES": "600"}

# Each request is a new order of 1 to 3 distinct SKUs (1 or 2 units each) for the next customer in turn.
_PLACE = """
local counter, thread_id = 0, 0
local threads = 0
setup = function(thread) thread:set("tid", threads); threads = threads + 1 end
init = function(args) thread_id = tid or 0 end
request = function()
  counter = counter + 1
  local n = counter * 2 + thread_id
  local who = customers[n % #customers + 1]
  local lines = {}
  for i = 1, n % 3 + 1 do
    local sku = skus[(n * 7 + i) % #skus + 1]
    if i == 1 and hot ~= "" then sku = hot end
    lines[i] = string.format('{"sku_id":"%s","quantity":%d}', sku, (n + i) % 2 + 1)
  end
  local body = string.format('{"lines":[%s],"address_id":"%s"}', table.concat(lines, ","), who[2])
  return wrk.format("POST", nil, {["Content-Type"]="application/json", ["Authorization"]="Bearer " .. who[1],
    ["Idempotency-Key"]=string.format("%s-%d-%d", run_id, thread_id, counter)}, body)
end
"""


@dataclass
class Shop:
    """What the benchmark prepared: customers with tokens and addresses, the SKUs bought and the hot one."""

    customers: list[tuple[str, str]] = field(default_factory=list)  # (access token, address id)
    user_ids: list[str] = field(default_factory=list)
    skus: list[str] = field(default_factory=list)
    hot_sku: str = ""


SHOP = Shop()


async def _prepare(database_url: str) -> None:
    conn = await asyncpg.connect(bench_customers.asyncpg_dsn(database_url))
    try:
        made = await bench_customers.add_customers(conn, CUSTOMERS)
        roles, permissions = await bench_customers.customer_claims(conn)
        await bench_customers.copy_products(conn, PRODUCT_COPIES, ON_HAND)
        skus = await conn.fetch(
            "SELECT s.id FROM sku s JOIN product p ON p.id = s.product_id "
            "WHERE s.active AND p.status = 'on_sale' AND s.currency = 'CNY' "
            "AND EXISTS (SELECT 1 FROM stock_level l JOIN warehouse w ON w.id = l.warehouse_id "
            "            WHERE l.sku_id = s.id AND w.active) ORDER BY s.code"
        )
        await conn.execute(
            "UPDATE stock_level SET on_hand = $1 WHERE sku_id = ANY($2::uuid[])", ON_HAND, [r["id"] for r in skus]
        )
    finally:
        await conn.close()
    SHOP.customers = [
        (bench_customers.access_token(SECRET, c.user_id, roles, permissions, 600), str(c.address_id)) for c in made
    ]
    SHOP.user_ids = [str(c.user_id) for c in made]
    SHOP.hot_sku = str(skus[0]["id"])
    SHOP.skus = [str(r["id"]) for r in skus[1:]]


def prepare(database_url: str) -> None:
    asyncio.run(_prepare(database_url))


def _script(run_id: str, hot: str) -> str:
    customers = ", ".join(f'{{"{token}", "{address}"}}' for token, address in SHOP.customers)
    skus = ", ".join(json.dumps(s) for s in SHOP.skus)
    return f'customers = {{{customers}}}\nskus = {{{skus}}}\nhot = "{hot}"\nrun_id = "{run_id}"\n' + _PLACE


async def oversell_check(database_url: str) -> str:
    """Zero oversell: no level reserves more than it holds, and each SKU's reserved units are the open orders'."""
    conn = await asyncpg.connect(bench_customers.asyncpg_dsn(database_url))
    try:
        over = await conn.fetchval("SELECT count(*) FROM stock_level WHERE reserved > on_hand OR reserved < 0")
        mismatched = await conn.fetchval(
            """SELECT count(*) FROM (
                 SELECT sku_id, sum(reserved) AS reserved FROM stock_level GROUP BY sku_id) l
               FULL JOIN (
                 SELECT r.sku_id, sum(r.quantity - r.shipped) AS held FROM stock_reservation_line r
                 JOIN stock_reservation s ON s.id = r.reservation_id WHERE s.status = 'active' GROUP BY r.sku_id) h
               USING (sku_id)
               WHERE coalesce(l.reserved, 0) <> coalesce(h.held, 0)"""
        )
        unmatched_orders = await conn.fetchval(
            """SELECT count(*) FROM (
                 SELECT l.sku_id, sum(l.quantity - l.shipped_quantity) AS q FROM order_line l
                 JOIN sales_order o ON o.id = l.order_id
                 WHERE o.status NOT IN ('cancelled', 'closed', 'completed', 'shipped') GROUP BY l.sku_id) o
               JOIN (SELECT sku_id, sum(reserved) AS reserved FROM stock_level GROUP BY sku_id) s USING (sku_id)
               WHERE o.q > s.reserved"""
        )
        orders, hot_units = await conn.fetchrow(
            "SELECT (SELECT count(*) FROM sales_order), "
            "(SELECT coalesce(sum(reserved), 0) FROM stock_level WHERE sku_id = $1::uuid)",
            SHOP.hot_sku,
        )
    finally:
        await conn.close()
    verdict = "zero oversell" if over == mismatched == unmatched_orders == 0 else "OVERSELL OR DRIFT"
    return (
        f"{verdict}: {over} levels with reserved > on hand, {mismatched} SKUs whose reserved ≠ active reservations, "
        f"{unmatched_orders} SKUs whose open orders hold more than is reserved; {orders} orders, "
        f"{hot_units} units of the hot SKU reserved"
    )


@dataclass
class Measured:
    name: str
    row: Row | order_replay.Result
    database_cpu_ms: float  # PostgreSQL's CPU (all its processes) per order

    def line(self, baseline_rate: float) -> str:
        r = self.row
        app_cpu = "     -" if r.cpu_ms != r.cpu_ms else f"{r.cpu_ms:6.1f}"  # NaN: the baseline has no app server
        return (
            f"{self.name:<38} {r.workers or '-':>2} w {r.connections:>3} c {r.rate:6.1f} orders/s   "
            f"p50 {r.p50_ms:7.0f} ms   p99 {r.p99_ms:7.0f} ms   errors {r.errors:<4} {r.rate / baseline_rate:5.2f}× "
            f"baseline   CPU ms/order: app {app_cpu}, PostgreSQL {self.database_cpu_ms:5.1f}"
        )


def _with_database_cpu(name: str, database_port: int, take: Callable[[], Row | order_replay.Result]) -> Measured:
    before = _server_cpu_seconds(database_port, b"postgres")
    row = take()
    orders = max(1.0, row.rate * SECONDS)
    return Measured(name, row, (_server_cpu_seconds(database_port, b"postgres") - before) * 1000 / orders)


def _replay(url: str, connections: int, *, hot: bool = False) -> order_replay.Result:
    return asyncio.run(order_replay.run(url, SHOP, connections, SECONDS, hot=hot))


def _warm_up(base: str) -> None:
    """A few orders first: each worker's first requests open connections and fill caches."""
    for n, (token, address) in enumerate(SHOP.customers[:8]):
        body = {"lines": [{"sku_id": SHOP.skus[n], "quantity": 1}], "address_id": address}
        headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": f"warm-up-{os.urandom(4).hex()}"}
        httpx.post(f"{base}/api/v1/me/orders", json=body, headers=headers, timeout=60).raise_for_status()


def main() -> None:
    url = os.environ.get("DATABASE_URL") or os.environ.get("TEST_DATABASE_URL") or ""
    redis = os.environ.get("REDIS_URL") or os.environ.get("TEST_REDIS_URL")
    if "postgresql" not in url or shutil.which("wrk") is None:
        print("\norder-placement benchmark skipped: it needs PostgreSQL in DATABASE_URL and wrk; `make bench-orders`")
        print("runs it against throw-away PostgreSQL and Redis servers")
        return
    os.environ.update({"DATABASE_URL": url, **SERVER_ENV})
    if redis:
        os.environ["REDIS_URL"] = redis
    database_port = urlsplit(url).port or 5432
    run_id = os.urandom(4).hex()
    print(f"\norder-placement benchmark — PostgreSQL{' + Redis' if redis else ''}, wrk -t2, {SECONDS} s per row,")
    print(f"{CUSTOMERS} customers in turn, limits raised: {' '.join(f'{k}={v}' for k, v in LIMITS.items())}")
    print("shared machine: compare the ratios and the CPU per order, not the absolute rates\n", flush=True)
    for workers in WORKERS:
        with running_server(workers=workers, prepare=prepare if workers == WORKERS[0] else None) as base:
            _warm_up(base)
            api = f"{base}/api/v1/me/orders"
            for connections in CONNECTIONS:
                baseline = _with_database_cpu(
                    "baseline: the same SQL via asyncpg",
                    database_port,
                    partial(_replay, url, connections),
                )
                script = _script(f"{run_id}-{workers}-{connections}", "")
                many = _with_database_cpu(
                    "POST /me/orders, many SKUs", database_port, partial(measure, "", api, connections, workers, script)
                )
                print(baseline.line(baseline.row.rate))
                print(many.line(baseline.row.rate))
                if connections == CONNECTIONS[-1]:
                    script = _script(f"{run_id}-{workers}-hot", SHOP.hot_sku)
                    hot = _with_database_cpu(
                        "POST /me/orders, hot SKU in every one",
                        database_port,
                        partial(measure, "", api, connections, workers, script),
                    )
                    hot_baseline = _with_database_cpu(
                        "baseline, hot SKU in every one", database_port, partial(_replay, url, connections, hot=True)
                    )
                    print(hot_baseline.line(baseline.row.rate))
                    print(hot.line(baseline.row.rate))
                    ratio = hot.row.rate / many.row.rate
                    print(f"{'':<38} hot SKU rate = {ratio:.2f}× the many-SKU rate (target ≥ 0.8)")
                print(flush=True)
    print(asyncio.run(oversell_check(url)))


if __name__ == "__main__":
    main()
