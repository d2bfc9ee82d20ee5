"""Benchmark data made fast in SQL: the demo customer's rows copied N times (no argon2, no API) with access tokens
minted with the bench server's own secret instead of signing in N times, and the catalog's products copied to give
many SKUs."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from uuid import UUID

import asyncpg
import jwt

TEMPLATE_EMAIL = "customer@allorder.local"  # made by the demo seed (infra/seed.py) with a role and an address
# copied per customer: table, the column pointing at the user, the columns given new values
_COPIED: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("user_role", "user_id", {}),
    ("customer_record", "user_id", {}),
    ("address", "user_id", {"id": "gen_random_uuid()", "is_default": "true"}),
)


@dataclass(frozen=True)
class BenchCustomer:
    user_id: UUID
    address_id: UUID
    name: str
    email: str
    phone: str


def asyncpg_dsn(database_url: str) -> str:
    return database_url.replace("postgresql+asyncpg://", "postgresql://")


async def _columns(conn: asyncpg.Connection, table: str) -> list[str]:
    rows = await conn.fetch(
        "SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position", table
    )
    return [r["column_name"] for r in rows]


async def add_customers(conn: asyncpg.Connection, count: int, prefix: str = "bench") -> list[BenchCustomer]:
    """`count` customers like the demo one (same role, one default address each), in one transaction."""
    async with conn.transaction():
        template = await conn.fetchval("SELECT id FROM user_account WHERE email = $1", TEMPLATE_EMAIL)
        offset = int(await conn.fetchval("SELECT count(*) FROM user_account"))
        await conn.execute(
            "CREATE TEMP TABLE bench_new_user ON COMMIT DROP AS "
            "SELECT gen_random_uuid() AS id, i FROM generate_series(1, $1::int) AS i",
            count,
        )
        new_values = {
            "id": "n.id",
            "email": f"'{prefix}-' || (n.i + {offset}) || '@bench.local'",
            "phone": f"'19' || lpad((n.i + {offset})::text, 9, '0')",  # phones are unique
            "display_name": "'顾客 Bench ' || n.i",
        }
        await _copy(conn, "user_account", "id", new_values, template)
        for table, user_column, values in _COPIED:
            await _copy(conn, table, user_column, {**values, user_column: "n.id"}, template)
        rows = await conn.fetch(
            "SELECT u.id, a.id, u.display_name, u.email, u.phone FROM bench_new_user n "
            "JOIN user_account u ON u.id = n.id JOIN address a ON a.user_id = u.id ORDER BY n.i"
        )
    return [BenchCustomer(*r) for r in rows]


async def _copy(conn: asyncpg.Connection, table: str, user_column: str, values: dict[str, str], template: UUID) -> None:
    columns = await _columns(conn, table)
    if not columns:
        return
    chosen = ", ".join(values.get(c, f"t.{c}") for c in columns)
    await conn.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {chosen} "  # names from information_schema
        f"FROM {table} t CROSS JOIN bench_new_user n WHERE t.{user_column} = $1",
        template,
    )


async def customer_claims(conn: asyncpg.Connection) -> tuple[list[str], list[str]]:
    """The role names and permissions a token of the demo customer carries."""
    rows = await conn.fetch(
        "SELECT r.name, r.permissions::text AS permissions FROM role r JOIN user_role ur ON ur.role_id = r.id "
        "JOIN user_account u ON u.id = ur.user_id WHERE u.email = $1",
        TEMPLATE_EMAIL,
    )
    permissions = sorted({p for r in rows for p in json.loads(r["permissions"])})
    return sorted(r["name"] for r in rows), permissions


def access_token(secret: str, user_id: UUID, roles: list[str], permissions: list[str], minutes: int) -> str:
    """An access token as `infra.security.JwtTokens.issue_access` makes it (token version 0)."""
    now = int(time.time())
    claims = {
        "sub": str(user_id),
        "ver": 0,
        "rol": roles,
        "prm": permissions,
        "typ": "access",
        "jti": f"bench-{user_id.hex}",
        "iat": now,
        "exp": now + minutes * 60,
    }
    return jwt.encode(claims, secret, algorithm="HS256")


async def copy_products(conn: asyncpg.Connection, copies: int, on_hand: int) -> None:
    """Every product on sale copied `copies` times with its SKUs and their stock levels (holding `on_hand` each)."""
    async with conn.transaction():
        await conn.execute(
            "CREATE TEMP TABLE bench_product ON COMMIT DROP AS SELECT p.id AS old, gen_random_uuid() AS id, k "
            "FROM product p CROSS JOIN generate_series(1, $1::int) AS k WHERE p.status = 'on_sale'",
            copies,
        )
        await conn.execute(
            "CREATE TEMP TABLE bench_sku ON COMMIT DROP AS SELECT s.id AS old, gen_random_uuid() AS id, n.id AS "
            "product_id, n.k FROM sku s JOIN bench_product n ON n.old = s.product_id"
        )
        await _insert_copies(conn, "product", "bench_product", {"id": "n.id", "code": "t.code || '-b' || n.k"})
        await _insert_copies(
            conn,
            "sku",
            "bench_sku",
            {"id": "n.id", "product_id": "n.product_id", "code": "t.code || '-b' || n.k", "barcode": "NULL"},
        )
        columns = await _columns(conn, "stock_level")
        values = {"id": "gen_random_uuid()", "sku_id": "n.id", "on_hand": str(on_hand), "reserved": "0"}
        chosen = ", ".join(values.get(c, f"t.{c}") for c in columns)
        await conn.execute(
            f"INSERT INTO stock_level ({', '.join(columns)}) SELECT {chosen} "  # names from information_schema
            "FROM stock_level t JOIN bench_sku n ON n.old = t.sku_id"
        )


async def _insert_copies(conn: asyncpg.Connection, table: str, mapping: str, values: dict[str, str | None]) -> None:
    """Copy each row of `table` named by `mapping.old` once per mapping row, with `values` replacing columns."""
    columns = [c for c in await _columns(conn, table) if values.get(c, "") is not None]
    chosen = ", ".join(values.get(c) or f"t.{c}" for c in columns)
    await conn.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {chosen} "  # names from information_schema
        f"FROM {table} t JOIN {mapping} n ON n.old = t.id"
    )
