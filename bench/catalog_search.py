"""Storefront catalog search on 100,000 products (200,000 SKUs with stock): keyword, category subtree, price
range with in-stock filter, and sorting, against the liveness probe as the same-run baseline.

`BENCH_PRODUCTS` changes the catalog size (default 100000); the data is bulk-loaded once per database."""

from __future__ import annotations

import asyncio
import itertools
import os
import random
import uuid
from collections.abc import Awaitable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import httpx
import sqlalchemy as sa

from bench.load import run
from bench.server import running_server
from infra.db.engine import create_engine
from infra.db.tables import catalog as catalog_tables
from infra.db.tables import inventory as inventory_tables

BRANDS = ["Anta", "Li-Ning", "Haier", "Midea", "Xiaomi", "Uniqlo", "Bosideng", "Erke", "Peak", "Gree"]
NOUNS = [
    ("T恤", "t-shirt"),
    ("跑鞋", "running shoes"),
    ("冰箱", "fridge"),
    ("空调", "air conditioner"),
    ("羽绒服", "down jacket"),
    ("手机", "phone"),
    ("背包", "backpack"),
    ("水杯", "bottle"),
    ("台灯", "desk lamp"),
    ("耳机", "earphones"),
]
ADJECTIVES = ["classic", "sport", "lite", "pro", "max", "mini", "eco", "urban", "trail", "air"]
COLOURS = ["红", "黑", "白", "蓝"]
BATCH = 2000


async def load_catalog(url: str, products: int) -> None:
    """Bulk-insert a realistic catalog unless it is already there."""
    engine = create_engine(url)
    async with engine.begin() as conn:
        have = await conn.scalar(sa.select(sa.func.count()).select_from(catalog_tables.product))
        if have and have >= products:
            await engine.dispose()
            return
        rng = random.Random(7)
        now = datetime.now(UTC)
        roots = [{"id": uuid.uuid4(), "name": f"类目{i}", "depth": 1, "parent_id": None} for i in range(10)]
        for c in roots:
            c["path"], c["sibling_key"] = f"/{c['id']}/", f"root/{c['name']}"
        leaves = []
        for root in roots:
            for j in range(5):
                leaf_id = uuid.uuid4()
                leaves.append(
                    {
                        "id": leaf_id,
                        "name": f"{root['name']}-{j}",
                        "depth": 2,
                        "parent_id": root["id"],
                        "path": f"{root['path']}{leaf_id}/",
                        "sibling_key": f"{root['id']}/{root['name']}-{j}",
                    }
                )
        await conn.execute(
            sa.insert(catalog_tables.category), [{**c, "position": 0, "created_at": now} for c in roots + leaves]
        )
        warehouse_ids = [uuid.uuid4(), uuid.uuid4()]
        await conn.execute(
            sa.insert(inventory_tables.warehouse),
            [
                {"id": w, "code": f"BENCH{i}", "name": f"Bench {i}", "created_at": now}
                for i, w in enumerate(warehouse_ids)
            ],
        )
        counter = itertools.count()
        for start in range(0, products, BATCH):
            product_rows, sku_rows, level_rows = [], [], []
            for _ in range(min(BATCH, products - start)):
                n = next(counter)
                brand = rng.choice(BRANDS)
                zh, en = rng.choice(NOUNS)
                name = f"{brand} {rng.choice(ADJECTIVES)} {en} {zh} {n}"
                price = rng.randrange(990, 999_900)
                product_id = uuid.uuid4()
                codes = [f"B{n:07d}-{k}" for k in range(2)]
                product_rows.append(
                    {
                        "id": product_id,
                        "code": f"B{n:07d}",
                        "name": name,
                        "brand": brand,
                        "category_id": rng.choice(leaves)["id"],
                        "description": "",
                        "tags": [],
                        "status": "on_sale",
                        "currency": "CNY",
                        "price_minor": price,
                        "sales_count": rng.randrange(0, 5000),
                        "search_text": f"b{n:07d} {name} {' '.join(codes)}".lower(),
                        "created_at": now - timedelta(minutes=n),
                        "published_at": now,
                    }
                )
                for k, code in enumerate(codes):
                    sku_id = uuid.uuid4()
                    sku_rows.append(
                        {
                            "id": sku_id,
                            "product_id": product_id,
                            "code": code,
                            "barcode": f"69{n:09d}{k}",
                            "attributes": {"颜色": COLOURS[k]},
                            "retail_price_minor": price + k * 100,
                            "currency": "CNY",
                            "position": k,
                            "created_at": now,
                        }
                    )
                    on_hand = rng.choice([0, 0, 5, 20, 100])
                    level_rows.append(
                        {
                            "id": uuid.uuid4(),
                            "sku_id": sku_id,
                            "warehouse_id": warehouse_ids[k],
                            "on_hand": on_hand,
                            "reserved": 0,
                            "low_stock_threshold": 3,
                            "created_at": now,
                            # a running shop alerted on these long ago: the sweep must not flood the run
                            "low_stock_alerted_at": now if on_hand <= 3 else None,
                        }
                    )
            await conn.execute(sa.insert(catalog_tables.product), product_rows)
            await conn.execute(sa.insert(catalog_tables.sku), sku_rows)
            await conn.execute(sa.insert(inventory_tables.stock_level), level_rows)
    async with engine.connect() as conn:
        await conn.execute(sa.text("ANALYZE"))  # fresh statistics, as a live shop's database would have
        await conn.commit()
    await engine.dispose()


async def main() -> None:
    concurrency = int(os.environ.get("BENCH_CONCURRENCY", "16"))
    products = int(os.environ.get("BENCH_PRODUCTS", "100000"))
    total = int(os.environ.get("BENCH_REQUESTS", "1000"))

    def prepare(url: str) -> None:  # called from inside this event loop: load on a thread with its own loop
        with ThreadPoolExecutor(1) as pool:
            pool.submit(asyncio.run, load_catalog(url, products)).result()

    with running_server(prepare=prepare) as base:
        async with httpx.AsyncClient(base_url=f"{base}/api/v1") as http:
            tree = (await http.get("/store/categories")).json()
        root_ids = [c["id"] for c in tree if c["name"].startswith("类目")]
        rng = random.Random(11)
        words = [w for _, en in NOUNS for w in en.split()] + [b.lower() for b in BRANDS] + ADJECTIVES

        def keyword(c: httpx.AsyncClient) -> Awaitable[httpx.Response]:
            return c.get("/store/products", params={"q": f"{rng.choice(BRANDS)} {rng.choice(words)}"})

        def category(c: httpx.AsyncClient) -> Awaitable[httpx.Response]:
            return c.get("/store/products", params={"category_id": rng.choice(root_ids), "sort": "price"})

        def price_in_stock(c: httpx.AsyncClient) -> Awaitable[httpx.Response]:
            low = rng.randrange(1000, 900_000) / 100
            return c.get(
                "/store/products",
                params={
                    "price_min": f"{low:.2f}",
                    "price_max": f"{low + 500:.2f}",
                    "in_stock": "true",
                    "sort": "sales",
                },
            )

        def barcode(c: httpx.AsyncClient) -> Awaitable[httpx.Response]:
            return c.get("/store/products", params={"q": f"69{rng.randrange(products):09d}{rng.randrange(2)}"})

        baseline = await run(
            "GET /healthz (baseline)", base, lambda c: c.get("/healthz"), total=total, concurrency=concurrency
        )
        results = [
            await run("search: brand + word", base, keyword, total=total, concurrency=concurrency),
            await run("search: category subtree, by price", base, category, total=total, concurrency=concurrency),
            await run("search: price range, in stock", base, price_in_stock, total=total, concurrency=concurrency),
            await run("search: scanned barcode", base, barcode, total=total, concurrency=concurrency),
        ]
    database = "PostgreSQL" if "postgresql" in os.environ.get("DATABASE_URL", "") else "SQLite"
    print(f"\ncatalog search benchmark — {database}, {products:,} products, 1 uvicorn worker, {concurrency} clients")
    print(baseline.line())
    for result in results:
        print(result.line(baseline))


if __name__ == "__main__":
    asyncio.run(main())
