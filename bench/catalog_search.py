"""Storefront catalog search on 100,000 products (200,000 SKUs with stock), the four searches of issue 6: a
two-character Chinese word, a brand, a category subtree by price, in stock by price (and a scanned barcode), each
through wrk at 16 connections, against the liveness probe in the same run. Target: p95 < 50 ms on PostgreSQL.

    tests/services.sh bash -c 'DATABASE_URL=$TEST_DATABASE_URL uv run python -m bench.catalog_search'

`BENCH_PRODUCTS` changes the catalog size (default 100000), `BENCH_SECONDS` the time per row (10),
`BENCH_CONCURRENCY` the connections (16), `BENCH_WORKERS` the uvicorn workers (1; e.g. "1,2" runs both); the data
is bulk-loaded once per database."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import random
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

import httpx
import sqlalchemy as sa

from bench.server import running_server
from domain.catalog import search_tokens
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
                on_hand = [rng.choice([0, 0, 5, 20, 100]) for _ in codes]
                text = f"b{n:07d} {name} {' '.join(codes)} {' '.join(COLOURS[: len(codes)])}".lower()
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
                        "search_text": text,
                        "search_tokens": search_tokens.of_text(text),
                        "in_stock": any(on_hand),
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
                    level_rows.append(
                        {
                            "id": uuid.uuid4(),
                            "sku_id": sku_id,
                            "warehouse_id": warehouse_ids[k],
                            "on_hand": on_hand[k],
                            "reserved": 0,
                            "low_stock_threshold": 3,
                            "created_at": now,
                            # a running shop alerted on these long ago: the sweep must not flood the run
                            "low_stock_alerted_at": now if on_hand[k] <= 3 else None,
                        }
                    )
            known = catalog_tables.product.c  # the same loader fills a database of an older schema, for "before"
            product_rows = [{k: v for k, v in row.items() if k in known} for row in product_rows]
            await conn.execute(sa.insert(catalog_tables.product), product_rows)
            await conn.execute(sa.insert(catalog_tables.sku), sku_rows)
            await conn.execute(sa.insert(inventory_tables.stock_level), level_rows)
    async with engine.connect() as conn:
        await conn.execute(sa.text("ANALYZE"))  # fresh statistics, as a live shop's database would have
        await conn.commit()
    await engine.dispose()


# wrk prints one JSON line at the end; latencies are in microseconds
_WRK_SCRIPT = """
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[counter % #paths + 1])
end
done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format('\\n{"requests": %d, "micros": %d, "p50": %d, "p95": %d, "p99": %d, "errors": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    errors))
end
"""


@dataclass
class Row:
    name: str
    rate: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int

    def line(self, baseline: Row | None = None) -> str:
        ratio = f"  {self.rate / baseline.rate:5.2f}× healthz" if baseline else ""
        return (
            f"{self.name:<38} {self.rate:8.1f} req/s   p50 {self.p50_ms:7.1f} ms   p95 {self.p95_ms:7.1f} ms   "
            f"p99 {self.p99_ms:7.1f} ms   errors {self.errors}{ratio}"
        )


def wrk(name: str, base: str, paths: list[str], *, connections: int, seconds: int) -> Row:
    """Closed-loop load from wrk (C), cycling over `paths`; p95 from wrk's own latency histogram."""
    script = "paths = {" + ", ".join(json.dumps(path) for path in paths) + "}\n" + _WRK_SCRIPT
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script)
    try:
        command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", lua.name, base]
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    finally:
        Path(lua.name).unlink()
    r = json.loads(out.strip().splitlines()[-1])
    return Row(name, r["requests"] / (r["micros"] / 1e6), r["p50"] / 1e3, r["p95"] / 1e3, r["p99"] / 1e3, r["errors"])


def search_paths(root_ids: list[str], products: int) -> dict[str, list[str]]:
    """The four storefront searches of issue 6 (each cycling over its variants), and a scanned barcode."""
    rng = random.Random(11)
    store = "/api/v1/store/products?"
    two_character = [zh for zh, _ in NOUNS if len(zh) == 2]
    return {
        "search: 2-character Chinese word": [store + urlencode({"q": zh}) for zh in two_character],
        "search: brand": [store + urlencode({"q": brand}) for brand in BRANDS],
        "search: category subtree, by price": [
            store + urlencode({"category_id": c, "sort": sort}) for c in root_ids for sort in ("price", "-price")
        ],
        "search: in stock, by price": [
            store + urlencode({"in_stock": "true", "sort": sort, "page": page})
            for sort in ("price", "-price")
            for page in (1, 2, 3)
        ],
        "search: scanned barcode": [
            store + urlencode({"q": f"69{rng.randrange(products):09d}{rng.randrange(2)}"}) for _ in range(50)
        ],
    }


def main() -> None:
    connections = int(os.environ.get("BENCH_CONCURRENCY", "16"))
    products = int(os.environ.get("BENCH_PRODUCTS", "100000"))
    seconds = int(os.environ.get("BENCH_SECONDS", "10"))
    if shutil.which("wrk") is None:
        print("\ncatalog search benchmark skipped: it needs wrk (apt-get install wrk)")
        return

    def prepare(url: str) -> None:
        asyncio.run(load_catalog(url, products))

    for workers in [int(w) for w in os.environ.get("BENCH_WORKERS", "1").split(",")]:
        with running_server(workers=workers, prepare=prepare) as base:
            tree = httpx.get(f"{base}/api/v1/store/categories", timeout=60).json()
            root_ids = [c["id"] for c in tree if c["name"].startswith("类目")]
            baseline = wrk(
                "GET /healthz (baseline)", base, ["/api/v1/healthz"], connections=connections, seconds=seconds
            )
            rows = [
                wrk(name, base, paths, connections=connections, seconds=seconds)
                for name, paths in search_paths(root_ids, products).items()
            ]
        database = "PostgreSQL" if "postgresql" in os.environ.get("DATABASE_URL", "") else "SQLite"
        print(
            f"\ncatalog search benchmark — {database}, {products:,} products, {workers} uvicorn worker(s), "
            f"wrk -t2 -c{connections}, {seconds} s per row; the machine is shared and wrk runs beside the server: "
            "compare ratios to healthz"
        )
        print(baseline.line())
        for row in rows:
            print(row.line(baseline))


if __name__ == "__main__":
    main()
