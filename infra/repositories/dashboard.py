"""The back-office home's reads: a few grouped queries over `sales_order`, each on an index. Never commits.

- to-dos: one pass over the review queue and the unpaid and awaiting-shipment orders (indexes on needs_review
  and on status), summed with CASE so that one statement answers three counts;
- figures: orders placed per UTC hour (index on created_at, read alone) and orders paid per UTC hour (index on
  paid_at): a month of rows at most, in 31 × 24 groups at most, turned into the shop's days in the domain.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from domain.dashboard.entities import HourTally, LatestOrder, OrderTodoCounts
from domain.dashboard.ports import PAID_STATUSES
from infra.db.tables import orders as tables

so = tables.sales_order
_HOUR = "%Y-%m-%d %H"


class utc_hour(FunctionElement[str]):
    """The UTC hour of a timestamp as text 'YYYY-MM-DD HH' (both databases; SQLite stores UTC without zone)."""

    type = sa.String()
    name = "utc_hour"
    inherit_cache = True


@compiles(utc_hour, "sqlite")
def _utc_hour_sqlite(element: utc_hour, compiler: SQLCompiler, **kw: Any) -> str:
    return f"strftime('{_HOUR}', {compiler.process(element.clauses, **kw)})"


@compiles(utc_hour, "postgresql")
def _utc_hour_postgresql(element: utc_hour, compiler: SQLCompiler, **kw: Any) -> str:
    return f"to_char({compiler.process(element.clauses, **kw)} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24')"


def _tally(rows: Any) -> list[HourTally]:
    return [
        HourTally(hour=datetime.strptime(hour, _HOUR).replace(tzinfo=UTC), orders=int(n), amount_minor=int(total or 0))
        for hour, n, total in rows
    ]


class DashboardRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def order_todos(self, *, expiring_before: datetime) -> OrderTodoCounts:
        # the same conditions as GET /orders?needs_review=true, ?status=awaiting_shipment and
        # ?status=pending_payment&expiring_before=… (infra/repositories/orders.py), so the counts match the lists
        review = so.c.needs_review == sa.true()
        shipment = so.c.status == "awaiting_shipment"
        expiring = sa.and_(so.c.status == "pending_payment", so.c.expires_at < expiring_before)
        stmt = sa.select(
            *(sa.func.coalesce(sa.func.sum(sa.case((cond, 1), else_=0)), 0) for cond in (review, shipment, expiring))
        ).where(sa.or_(review, so.c.status.in_(("awaiting_shipment", "pending_payment"))))
        counts = (await self.session.execute(stmt)).one()
        return OrderTodoCounts(
            awaiting_review=int(counts[0]), awaiting_shipment=int(counts[1]), unpaid_expiring=int(counts[2])
        )

    async def placed_by_hour(self, *, since: datetime, until: datetime) -> list[HourTally]:
        hour = utc_hour(so.c.created_at)
        stmt = (
            sa.select(hour, sa.func.count(), sa.literal(0))
            .where(so.c.created_at >= since, so.c.created_at < until)
            .group_by(hour)
        )
        return _tally((await self.session.execute(stmt)).all())

    async def paid_by_hour(self, *, since: datetime, until: datetime, currency: str) -> list[HourTally]:
        hour = utc_hour(so.c.paid_at)
        stmt = (
            sa.select(hour, sa.func.count(), sa.func.sum(so.c.total_minor))
            .where(
                so.c.paid_at >= since,
                so.c.paid_at < until,
                so.c.status.in_(PAID_STATUSES),
                so.c.currency == currency,
            )
            .group_by(hour)
        )
        return _tally((await self.session.execute(stmt)).all())

    async def latest_orders(self, limit: int) -> list[LatestOrder]:
        stmt = (
            sa.select(
                so.c.id,
                so.c.number,
                so.c.status,
                so.c.customer_name,
                so.c.total_minor,
                so.c.currency,
                so.c.needs_review,
                so.c.created_at,
            )
            .order_by(so.c.created_at.desc(), so.c.id.desc())
            .limit(limit)
        )
        return [LatestOrder(**row._mapping) for row in (await self.session.execute(stmt)).all()]
