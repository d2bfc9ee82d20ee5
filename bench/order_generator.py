"""A million orders for the query benchmark, written with COPY: two years of them, more in recent months, from
tens of thousands of customers, 1 to 3 lines of the demo catalog's SKUs, a status that fits each order's age and
the timeline rows that status implies. The core's tables and constraints are kept; their secondary indexes are
dropped during the COPY and built again afterwards (the same definitions, read from pg_indexes)."""

from __future__ import annotations

import random
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import asyncpg

from bench import customers as bench_customers

TABLES = ("sales_order", "order_line", "order_event")
CUSTOMERS = 50_000
CHUNK = 50_000
DAYS = 730
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰"
REGIONS = [
    ("310115", "上海市", "上海市", "浦东新区"),
    ("110105", "北京市", "北京市", "朝阳区"),
    ("440305", "广东省", "深圳市", "南山区"),
    ("330106", "浙江省", "杭州市", "西湖区"),
    ("510107", "四川省", "成都市", "武侯区"),
]
ORDER_COLUMNS = (
    "id", "number", "channel", "customer_id", "customer_name", "customer_phone", "customer_email", "currency",
    "status", "subtotal_minor", "shipping_fee_minor", "total_minor", "paid_minor", "tax_inclusive", "address_id",
    "ship_recipient", "ship_phone", "ship_region_code", "ship_province", "ship_city", "ship_district", "ship_detail",
    "payment_method", "needs_review", "review_flags", "item_count", "first_item_name", "expires_at", "paid_at",
    "shipped_at", "completed_at", "cancelled_at", "cancel_reason", "created_at", "updated_at",
)  # fmt: skip
LINE_COLUMNS = (
    "id", "order_id", "sku_id", "product_id", "product_name", "product_name_en", "sku_code", "attributes",
    "unit_price_minor", "quantity", "subtotal_minor", "discount_minor", "tax_minor", "total_minor",
    "shipped_quantity", "position",
)  # fmt: skip
# The timeline follows from each order's times, so PostgreSQL writes it from the orders (three rows per order on
# average: the largest table, and the slowest to build row by row in Python).
_TIMELINE = """
INSERT INTO order_event (id, order_id, at, action, actor_kind, actor_name, from_status, to_status)
SELECT gen_random_uuid(), o.id, e.at, e.action, e.actor_kind, e.actor_name, e.from_status, e.to_status
FROM sales_order o CROSS JOIN LATERAL (VALUES
  (o.created_at, 'place', 'customer', o.customer_name, NULL, 'pending_payment'),
  (o.paid_at, 'pay', 'customer', o.customer_name, 'pending_payment', 'paid'),
  (CASE WHEN o.status <> 'on_hold' THEN o.paid_at END, 'approve', 'system', NULL, 'paid', 'awaiting_shipment'),
  (o.shipped_at, 'ship_rest', 'staff', '仓库 Warehouse', 'awaiting_shipment', 'shipped'),
  (o.completed_at, 'confirm', 'customer', o.customer_name, 'shipped', 'completed'),
  (o.cancelled_at, 'cancel', 'customer', o.customer_name,
   CASE o.status WHEN 'closed' THEN 'awaiting_shipment' ELSE 'pending_payment' END, o.status)
) AS e(at, action, actor_kind, actor_name, from_status, to_status)
WHERE e.at IS NOT NULL AND o.customer_email LIKE 'buyer-%'
"""


@dataclass
class Sample:
    """What the benchmark queries for: real values from the generated data."""

    order_ids: list[uuid.UUID]
    number: str
    customer_name: str
    phone_part: str
    summary: str


def _status(age: timedelta, rng: random.Random) -> str:
    """A status that fits the order's age: recent ones are unpaid or on their way, old ones finished."""
    r = rng.random()
    if age < timedelta(minutes=30):
        return "pending_payment" if r < 0.6 else "awaiting_shipment"
    if age < timedelta(days=3):
        return ("cancelled", "paid", "on_hold", "awaiting_shipment", "partially_shipped", "shipped")[
            (r > 0.1) + (r > 0.12) + (r > 0.14) + (r > 0.6) + (r > 0.62)
        ]
    if age < timedelta(days=10):
        return "cancelled" if r < 0.12 else "closed" if r < 0.15 else "shipped" if r < 0.5 else "completed"
    return "cancelled" if r < 0.12 else "closed" if r < 0.15 else "completed"


async def _drop_indexes(conn: asyncpg.Connection) -> list[str]:
    """The secondary indexes of the order tables (not those behind a primary key or unique constraint)."""
    rows = await conn.fetch(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = ANY($1::text[]) "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
        list(TABLES),
    )
    for row in rows:
        await conn.execute(f'DROP INDEX "{row["indexname"]}"')
    return [row["indexdef"] for row in rows]


async def generate(database_url: str, count: int, seed: int = 9) -> Sample:
    rng = random.Random(seed)
    started = time.perf_counter()
    conn = await asyncpg.connect(bench_customers.asyncpg_dsn(database_url))
    try:
        people = await bench_customers.add_customers(conn, CUSTOMERS, prefix="buyer")
        names = [rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2)))) for _ in people]
        goods = await conn.fetch(
            "SELECT s.id, s.product_id, p.name, p.name_en, s.code, s.retail_price_minor FROM sku s "
            "JOIN product p ON p.id = s.product_id ORDER BY s.code"
        )
        indexes = await _drop_indexes(conn)
        now = datetime.now(UTC)
        ids: list[uuid.UUID] = []
        for first in range(0, count, CHUNK):
            orders: list[tuple[object, ...]] = []
            lines: list[tuple[object, ...]] = []
            for i in range(first, min(count, first + CHUNK)):
                # more orders in recent months: the age's density grows linearly towards today
                age = timedelta(seconds=DAYS * 86400 * (1 - rng.random() ** 0.5))
                created = now - age
                who = rng.randrange(len(people))
                person, name = people[who], names[who]
                status = _status(age, rng)
                order_id = uuid.UUID(int=rng.getrandbits(128))
                picked = rng.sample(goods, k=min(len(goods), rng.choices((1, 2, 3), (6, 3, 1))[0]))
                subtotal, item_count = 0, 0
                for position, g in enumerate(picked):
                    quantity = rng.choices((1, 2, 3), (7, 2, 1))[0]
                    amount = g["retail_price_minor"] * quantity
                    subtotal, item_count = subtotal + amount, item_count + quantity
                    shipped = quantity if status in ("shipped", "completed") else 0
                    lines.append(
                        (uuid.UUID(int=rng.getrandbits(128)), order_id, g["id"], g["product_id"], g["name"], g["name_en"], g["code"], "{}",
                         g["retail_price_minor"], quantity, amount, 0, 0, amount, shipped, position)
                    )  # fmt: skip
                fee = 0 if subtotal >= 9900 else 1000
                paid = status not in ("pending_payment", "cancelled")
                times: dict[str, datetime | None] = {
                    "paid_at": created + timedelta(minutes=rng.randint(1, 25)) if paid else None,
                    "shipped_at": created + timedelta(hours=rng.randint(4, 48))
                    if status in ("shipped", "completed")
                    else None,
                    "completed_at": created + timedelta(days=rng.randint(3, 9)) if status == "completed" else None,
                    "cancelled_at": created + timedelta(minutes=rng.randint(5, 600))
                    if status in ("cancelled", "closed")
                    else None,
                }
                region = REGIONS[who % len(REGIONS)]
                orders.append(
                    (order_id, f"{created:%y%m%d%H%M%S}{i * 7919 % 10**6:06d}", rng.choice(("web", "web", "mobile", "phone")),
                     person.user_id, name, person.phone, person.email, "CNY", status, subtotal,
                     fee, subtotal + fee, subtotal + fee if paid else 0, True, person.address_id, name,
                     person.phone, *region, "人民路 1 号", "bank_transfer" if paid else None, status == "on_hold",
                     "[]", item_count, picked[0]["name"], created + timedelta(minutes=30), times["paid_at"],
                     times["shipped_at"], times["completed_at"], times["cancelled_at"],
                     "不想要了" if times["cancelled_at"] else None, created,
                     max((t for t in times.values() if t), default=created))
                )  # fmt: skip
                if i % 2000 == 0:
                    ids.append(order_id)
            await conn.copy_records_to_table("sales_order", records=orders, columns=ORDER_COLUMNS)
            await conn.copy_records_to_table("order_line", records=lines, columns=LINE_COLUMNS)
        await conn.execute(_TIMELINE)
        copied = time.perf_counter() - started
        for definition in indexes:
            await conn.execute(definition)
        await conn.execute("ANALYZE sales_order; ANALYZE order_line; ANALYZE order_event")
        totals = await conn.fetchrow(
            "SELECT (SELECT count(*) FROM sales_order) AS orders, (SELECT count(*) FROM order_line) AS lines, "
            "(SELECT count(*) FROM order_event) AS events"
        )
        number = await conn.fetchval("SELECT number FROM sales_order WHERE id = $1", ids[len(ids) // 2])
    finally:
        await conn.close()
    indexed = time.perf_counter() - started - copied
    summary = (
        f"generated {totals['orders']:,} orders, {totals['lines']:,} lines, {totals['events']:,} timeline rows from "
        f"{CUSTOMERS:,} customers over {DAYS} days: {copied:.0f} s to build and COPY (and the timeline), {indexed:.0f} s to index "
        f"({len(indexes)} secondary indexes) and ANALYZE"
    )
    return Sample(ids, number, names[len(names) // 3], people[len(people) // 3].phone[-7:], summary)
