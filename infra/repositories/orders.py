"""Orders with their lines, timeline and remarks. They never commit."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import raiseload
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal

from domain.errors import RuleViolation
from domain.orders.entities import Order, OrderStatus
from domain.orders.ports import TOTAL_CAP, OrderQuery
from domain.orders.safety import CustomerHistory
from infra.db.tables import catalog as catalog_tables
from infra.db.tables import orders as tables
from infra.repositories.read_caches import capped_order_counts

so, line = tables.sales_order, tables.order_line
SORTS = {"created_at": so.c.created_at, "total": so.c.total_minor, "paid_at": so.c.paid_at}
NOT_COUNTED = (OrderStatus.CANCELLED, OrderStatus.CLOSED)  # the safety limits count the orders that still stand


def _like(text: str) -> str:
    return f"%{_escaped(text.strip())}%"


class _EndsWith(ColumnElement[bool]):
    """`column` ends with `text`. PostgreSQL: reverse(column) LIKE 'txet%', which a B-tree on reverse(column)
    serves; SQLite has no reverse(), and its tables are small: column LIKE '%text'."""

    inherit_cache = True
    type = sa.Boolean()
    _traverse_internals = [  # noqa: RUF012  (SQLAlchemy declares it an instance variable)
        ("column", InternalTraversal.dp_clauseelement),
        ("reversed", InternalTraversal.dp_clauseelement),
        ("suffix", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, column: sa.ColumnElement[str], text: str) -> None:
        self.column = column
        self.reversed = sa.bindparam(None, _escaped(text[::-1]) + "%", type_=sa.String)
        self.suffix = sa.bindparam(None, "%" + _escaped(text), type_=sa.String)


@compiles(_EndsWith)
def _ends_with_sqlite(element: _EndsWith, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.column.like(element.suffix, escape="\\"), **kw))


@compiles(_EndsWith, "postgresql")
def _ends_with_postgresql(element: _EndsWith, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(sa.func.reverse(element.column).like(element.reversed, escape="\\"), **kw))


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _customer_matches(text: str) -> Any:
    """Staff type the start of a name, a phone number or an e-mail address, or a phone's last digits (4 or more,
    as customers quote them). Prefixes and suffixes (not '%…%') are what the B-tree indexes serve; lower() on
    both sides makes it case-insensitive the same way on both databases."""
    wanted = text.strip().lower()
    prefix = _escaped(wanted) + "%"
    matches: list[sa.ColumnElement[bool]] = [
        sa.func.lower(so.c.customer_name).like(prefix, escape="\\"),
        so.c.customer_phone.like(prefix, escape="\\"),
        sa.func.lower(so.c.customer_email).like(prefix, escape="\\"),
    ]
    if wanted.isdigit() and len(wanted) >= 4:
        matches.append(_EndsWith(so.c.customer_phone, wanted))
    return sa.or_(*matches)


def conditions(q: OrderQuery) -> list[Any]:
    c = so.c
    where: list[Any] = []
    if q.number:
        where.append(c.number.startswith(q.number.strip(), autoescape=True))
    if q.customer:
        where.append(_customer_matches(q.customer))
    if q.customer_id:
        where.append(c.customer_id == q.customer_id)
    if q.statuses:
        where.append(c.status.in_([str(s) for s in q.statuses]))
    if q.channel:
        where.append(c.channel == q.channel)
    if q.payment_method:
        where.append(c.payment_method == q.payment_method)
    if q.amount_min_minor is not None:
        where.append(c.total_minor >= q.amount_min_minor)
    if q.amount_max_minor is not None:
        where.append(c.total_minor <= q.amount_max_minor)
    for column, start, end in (
        (c.created_at, q.created_from, q.created_to),
        (c.paid_at, q.paid_from, q.paid_to),
        (c.shipped_at, q.shipped_from, q.shipped_to),
    ):
        if start is not None:
            where.append(column >= start)
        if end is not None:
            where.append(column < end)
    if q.product:
        pattern = _like(q.product)
        sku = catalog_tables.sku
        barcode = sa.select(sku.c.id).where(sku.c.id == line.c.sku_id, sku.c.barcode.ilike(pattern, escape="\\"))
        matches = sa.or_(
            line.c.product_name.ilike(pattern, escape="\\"),
            line.c.product_name_en.ilike(pattern, escape="\\"),
            line.c.sku_code.ilike(pattern, escape="\\"),
            sa.exists(barcode),
        )
        where.append(sa.exists(sa.select(line.c.id).where(line.c.order_id == c.id, matches)))
    if q.needs_review is not None:
        where.append(c.needs_review == q.needs_review)
    if q.expiring_before is not None:
        where.append(c.status == OrderStatus.PENDING_PAYMENT)
        where.append(c.expires_at < q.expiring_before)
    return where


def _order_by(sort: str) -> list[Any]:
    name = sort.lstrip("-+")
    if name not in SORTS:
        raise RuleViolation(f"Cannot sort by '{name}'.", code="validation.sort", field="sort")
    column = SORTS[name]
    clause = column.desc() if sort.startswith("-") else column.asc()
    if column.nullable:  # NULLS LAST only where NULLs exist: on a NOT NULL column it stops the index serving it
        clause = clause.nulls_last()
    return [clause, so.c.id.desc() if sort.startswith("-") else so.c.id.asc()]


def count_statement(where: list[Any]) -> sa.Select[int]:
    """How many orders match, counting at most TOTAL_CAP + 1: an exact count over hundreds of thousands of rows
    costs hundreds of ms on every page, and past ten thousand nobody pages through anyway."""
    matching = sa.select(sa.literal(1)).select_from(so).where(*where).limit(TOTAL_CAP + 1).subquery()
    return sa.select(sa.func.count()).select_from(matching)


def _history_statement() -> sa.CompoundSelect[Any]:
    """The three safety counts in one round trip, each counted by the database, as (kind, key, number) rows; built
    once (checkout runs it on every order)."""
    counted = so.c.status.not_in([str(s) for s in NOT_COUNTED])
    mine = so.c.customer_id == sa.bindparam("customer_id", type_=so.c.customer_id.type)
    units_since = sa.bindparam("units_since", type_=so.c.created_at.type)
    orders_since = sa.bindparam("orders_since", type_=so.c.created_at.type)
    unpaid = sa.select(sa.literal("unpaid"), sa.null(), sa.func.count()).where(
        mine, so.c.status == OrderStatus.PENDING_PAYMENT
    )
    units = (
        sa.select(sa.literal("units"), sa.cast(line.c.sku_id, sa.String), sa.func.sum(line.c.quantity))
        .join(so, so.c.id == line.c.order_id)
        .where(mine, so.c.created_at >= units_since, counted)
        .group_by(line.c.sku_id)
    )
    recent = sa.select(sa.literal("fingerprint"), so.c.fingerprint, sa.null()).where(
        mine, so.c.created_at >= orders_since, counted
    )
    return sa.union_all(unpaid, units, recent)


_HISTORY = _history_statement()


class OrderRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, order: Order) -> None:
        self.session.add(order)

    async def get(self, order_id: UUID) -> Order | None:
        return await self.session.get(Order, order_id)

    async def get_for_update(self, order_id: UUID) -> Order | None:
        return await self.session.get(Order, order_id, with_for_update=True, populate_existing=True)

    async def search(self, query: OrderQuery, *, offset: int, limit: int) -> tuple[list[Order], int]:
        where = conditions(query)
        key = (query, TOTAL_CAP)
        total = capped_order_counts.get(key)
        if total is None:
            total = await self.session.scalar(count_statement(where)) or 0
            if total > TOTAL_CAP:
                capped_order_counts.put(key, total, capped_order_counts.generation)
        stmt = (
            sa.select(Order)
            .where(*where)
            .order_by(*_order_by(query.sort))
            .offset(offset)
            .limit(limit)
            .options(raiseload("*"))  # a page shows the order's own columns; its lines are for the detail
        )
        return list((await self.session.scalars(stmt)).all()), total or 0

    async def status_counts(self, customer_id: UUID) -> dict[OrderStatus, int]:
        stmt = sa.select(so.c.status, sa.func.count()).where(so.c.customer_id == customer_id).group_by(so.c.status)
        return {OrderStatus(status): count for status, count in (await self.session.execute(stmt)).all()}

    async def history(self, customer_id: UUID, *, units_since: datetime, orders_since: datetime) -> CustomerHistory:
        at = {"customer_id": customer_id, "units_since": units_since, "orders_since": orders_since}
        unpaid_orders, units_per_sku, fingerprints = 0, {}, set()
        for kind, key, number in await self.session.execute(_HISTORY, at):
            if kind == "unpaid":
                unpaid_orders = int(number)
            elif kind == "units":
                units_per_sku[UUID(key)] = int(number)
            elif key:
                fingerprints.add(key)
        return CustomerHistory(unpaid_orders, units_per_sku, fingerprints)

    async def unpaid_expired(self, at: datetime, limit: int) -> list[UUID]:
        stmt = (
            sa.select(so.c.id)
            .where(so.c.status == OrderStatus.PENDING_PAYMENT, so.c.expires_at <= at)
            .order_by(so.c.expires_at)
            .limit(limit)
        )
        return list((await self.session.scalars(stmt)).all())

    async def shipped_before(self, at: datetime, limit: int) -> list[UUID]:
        stmt = (
            sa.select(so.c.id)
            .where(so.c.status == OrderStatus.SHIPPED, so.c.shipped_at <= at)
            .order_by(so.c.shipped_at)
            .limit(limit)
        )
        return list((await self.session.scalars(stmt)).all())
