"""The baseline of the order-placement benchmark: the SQL transaction `POST /me/orders` runs, replayed through raw
asyncpg at the same concurrency, with no web server, ORM or domain code in between.

The statements, in order, as PostgreSQL's statement log (log_statement=all) shows them for a two-line order of two
products: the idempotency key claimed; the customer's account, roles, record (read twice) and address; the SKUs,
then per product its row, its SKUs and its images; the three safety counts over the customer's recent orders; the
notification (outbox), the order, its first timeline row and its lines; the stock levels of the SKUs, then in a
savepoint per line a conditional reserve UPDATE and a movement row, the low-stock mark, the reservation and its
lines; the order's reservation id; the idempotency record's answer; COMMIT. The same rows and the same WHERE
clauses; fewer columns written (defaults fill the rest) and one unit per line (the server's orders take 1 or 2)."""

from __future__ import annotations

import asyncio
import json
import statistics
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

import asyncpg

from bench.customers import asyncpg_dsn


class ShopData(Protocol):
    user_ids: list[str]
    customers: list[tuple[str, str]]  # (token, address id)
    skus: list[str]
    hot_sku: str


@dataclass
class Result:
    connections: int
    rate: float
    p50_ms: float
    p99_ms: float
    errors: int
    cpu_ms: float = float("nan")  # no server process: the client is this one
    workers: int = 0


@dataclass(frozen=True)
class Goods:
    sku_id: uuid.UUID
    product_id: uuid.UUID
    warehouse_id: uuid.UUID
    code: str
    name: str
    price_minor: int


async def _goods(conn: asyncpg.Connection, sku_ids: list[str]) -> list[Goods]:
    rows = await conn.fetch(
        "SELECT DISTINCT ON (s.id) s.id, s.product_id, l.warehouse_id, s.code, p.name, s.retail_price_minor "
        "FROM sku s JOIN product p ON p.id = s.product_id JOIN stock_level l ON l.sku_id = s.id "
        "WHERE s.id = ANY($1::uuid[]) ORDER BY s.id, l.on_hand DESC",
        sku_ids,
    )
    return [Goods(*r) for r in rows]


async def place_one(conn: asyncpg.Connection, user_id: uuid.UUID, address_id: uuid.UUID, lines: list[Goods]) -> None:
    """One order, statement by statement as the server sends them (see the module's docstring)."""
    now = datetime.now(UTC)
    key, order_id, reservation_id = uuid.uuid4().hex, uuid.uuid4(), uuid.uuid4()
    scope = f"{user_id}:my-orders-create"
    async with conn.transaction():
        await conn.execute(
            "INSERT INTO idempotency_record (id, scope, key, request_hash, status_code, response, created_at) "
            "VALUES ($1, $2, $3, $4, 0, '{}', $5)",
            uuid.uuid4(), scope, key, key, now,
        )  # fmt: skip
        await conn.fetchrow("SELECT * FROM user_account WHERE id = $1", user_id)
        await conn.fetch(
            "SELECT * FROM user_role JOIN role ON role.id = user_role.role_id WHERE user_role.user_id = $1 "
            "ORDER BY role.name",
            user_id,
        )
        for _ in range(2):
            await conn.fetchrow("SELECT * FROM customer_record WHERE user_id = $1", user_id)
        await conn.fetchrow("SELECT * FROM address WHERE id = $1 AND user_id = $2", address_id, user_id)
        await conn.fetch("SELECT * FROM sku WHERE id = ANY($1::uuid[])", [g.sku_id for g in lines])
        for product_id in sorted({g.product_id for g in lines}):
            await conn.fetchrow("SELECT * FROM product WHERE id = $1", product_id)
            await conn.fetch("SELECT * FROM sku WHERE product_id = $1 ORDER BY position, code", product_id)
            await conn.fetch("SELECT * FROM product_image WHERE product_id = $1 ORDER BY position", product_id)
        await conn.fetchval(
            "SELECT count(*) FROM sales_order WHERE customer_id = $1 AND status = 'pending_payment'", user_id
        )
        since = now - timedelta(days=1)
        await conn.fetch(
            "SELECT l.sku_id, sum(l.quantity) FROM order_line l JOIN sales_order o ON o.id = l.order_id "
            "WHERE o.customer_id = $1 AND o.created_at >= $2 AND o.status NOT IN ('cancelled', 'closed') "
            "GROUP BY l.sku_id",
            user_id, since,
        )  # fmt: skip
        await conn.fetch(
            "SELECT fingerprint FROM sales_order WHERE customer_id = $1 AND created_at >= $2 "
            "AND status NOT IN ('cancelled', 'closed')",
            user_id, now,
        )  # fmt: skip
        await conn.execute(
            "INSERT INTO outbox_message (id, event, channel, user_id, recipient, subject, body, payload, status, "
            "created_at) VALUES ($1, 'order.placed', 'in_app', $2, '', 'Order placed', 'Your order is placed', "
            "'{}', 'pending', $3)",
            uuid.uuid4(), user_id, now,
        )  # fmt: skip
        total = sum(g.price_minor for g in lines)
        await conn.execute(
            "INSERT INTO sales_order (id, number, channel, customer_id, currency, status, subtotal_minor, "
            "total_minor, tax_inclusive, address_id, review_flags, item_count, first_item_name, expires_at, "
            "created_at, updated_at) VALUES ($1, $2, 'web', $3, 'CNY', 'pending_payment', $4, $4, true, $5, '[]', "
            "$6, $7, $8, $9, $9)",
            order_id, f"9{uuid.uuid4().int % 10**17:017d}", user_id, total, address_id, len(lines), lines[0].name,
            now + timedelta(minutes=30), now,
        )  # fmt: skip
        await conn.execute(
            "INSERT INTO order_event (id, order_id, at, action, actor_kind, actor_id, to_status) "
            "VALUES ($1, $2, $3, 'place', 'customer', $4, 'pending_payment')",
            uuid.uuid4(), order_id, now, user_id,
        )  # fmt: skip
        for position, g in enumerate(lines):
            await conn.execute(
                "INSERT INTO order_line (id, order_id, sku_id, product_id, product_name, sku_code, attributes, "
                "unit_price_minor, quantity, subtotal_minor, discount_minor, tax_minor, total_minor, position) "
                "VALUES ($1, $2, $3, $4, $5, $6, '{}', $7, 1, $7, 0, 0, $7, $8)",
                uuid.uuid4(), order_id, g.sku_id, g.product_id, g.name, g.code, g.price_minor, position,
            )  # fmt: skip
        await conn.fetch(
            "SELECT * FROM sku LEFT JOIN (stock_level JOIN warehouse ON warehouse.id = stock_level.warehouse_id "
            "AND warehouse.active) ON stock_level.sku_id = sku.id WHERE sku.id = ANY($1::uuid[]) "
            "ORDER BY sku.id, stock_level.warehouse_id",
            [g.sku_id for g in lines],
        )
        async with conn.transaction():  # the savepoint around the reserve UPDATEs
            for g in sorted(lines, key=lambda g: (g.sku_id, g.warehouse_id)):
                level = await conn.fetchrow(
                    "UPDATE stock_level SET reserved = reserved + 1, updated_at = $3 "
                    "WHERE sku_id = $1 AND warehouse_id = $2 AND on_hand >= reserved + 1 AND NOT sale_paused "
                    "RETURNING on_hand, reserved",
                    g.sku_id, g.warehouse_id, now,
                )  # fmt: skip
                assert level is not None, "the bench stocks every SKU for the whole run"
                await conn.execute(
                    "INSERT INTO stock_movement (id, sku_id, warehouse_id, kind, on_hand_delta, reserved_delta, "
                    "on_hand_after, reserved_after, reference_type, reference_id, at) "
                    "VALUES ($1, $2, $3, 'reserve', 0, 1, $4, $5, 'order', $6, $7)",
                    uuid.uuid4(), g.sku_id, g.warehouse_id, level["on_hand"], level["reserved"], key[:32], now,
                )  # fmt: skip
            await conn.execute(
                "UPDATE stock_level SET low_stock_alerted_at = $1 WHERE sku_id = $2 AND warehouse_id = $3 "
                "AND low_stock_alerted_at IS NOT NULL",
                now, lines[0].sku_id, lines[0].warehouse_id,
            )  # fmt: skip
            await conn.execute(
                "INSERT INTO stock_reservation (id, reference_type, reference_id, status, created_at, updated_at) "
                "VALUES ($1, 'order', $2, 'active', $3, $3)",
                reservation_id, key[:32], now,
            )  # fmt: skip
            for g in lines:
                await conn.execute(
                    "INSERT INTO stock_reservation_line (id, reservation_id, sku_id, warehouse_id, quantity, shipped) "
                    "VALUES ($1, $2, $3, $4, 1, 0)",
                    uuid.uuid4(), reservation_id, g.sku_id, g.warehouse_id,
                )  # fmt: skip
        await conn.execute("UPDATE sales_order SET reservation_id = $1 WHERE id = $2", reservation_id, order_id)
        await conn.execute(
            "UPDATE idempotency_record SET status_code = 201, response = $1 WHERE scope = $2 AND key = $3",
            json.dumps({"id": str(order_id)}), scope, key,
        )  # fmt: skip


async def run(database_url: str, shop: ShopData, connections: int, seconds: float, *, hot: bool = False) -> Result:
    """Place orders of 1 to 3 lines for the customers in turn on `connections` connections for `seconds`."""
    pool = await asyncpg.create_pool(asyncpg_dsn(database_url), min_size=connections, max_size=connections)
    try:
        async with pool.acquire() as conn:
            goods = await _goods(conn, [*shop.skus, shop.hot_sku])
        hot_goods = next(g for g in goods if str(g.sku_id) == shop.hot_sku)
        many = [g for g in goods if g is not hot_goods]
        people = [(uuid.UUID(u), uuid.UUID(c[1])) for u, c in zip(shop.user_ids, shop.customers, strict=True)]
        latencies: list[float] = []
        errors = 0
        deadline = time.perf_counter() + seconds

        async def client(index: int) -> None:
            nonlocal errors
            n = index
            async with pool.acquire() as conn:
                while time.perf_counter() < deadline:
                    n += connections
                    lines = [many[(n * 7 + i) % len(many)] for i in range(1, n % 3 + 2)]
                    if hot:
                        lines[0] = hot_goods
                    user_id, address_id = people[n % len(people)]
                    started = time.perf_counter()
                    try:
                        await place_one(conn, user_id, address_id, lines)
                    except asyncpg.PostgresError:
                        errors += 1
                    latencies.append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.gather(*(client(i) for i in range(connections)))
        elapsed = time.perf_counter() - started
    finally:
        await pool.close()
    cuts = statistics.quantiles(latencies, n=100)
    return Result(connections, len(latencies) / elapsed, cuts[49] * 1000, cuts[98] * 1000, errors)
