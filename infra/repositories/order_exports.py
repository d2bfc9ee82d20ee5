"""Order exports, their claim by one job run at a time, and the keyset read of the orders they write."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import raiseload, selectinload

from domain.order_exports.entities import ExportFormat, ExportStatus, OrderExport
from domain.order_exports.ports import Cursor
from domain.orders.entities import Order
from domain.orders.ports import OrderQuery
from infra.db.tables.order_exports import order_export as t
from infra.db.tables.orders import sales_order as so
from infra.repositories import orders as order_repository

_PENDING = (ExportStatus.QUEUED, ExportStatus.RUNNING)


def _export(row: Any) -> OrderExport:
    values = dict(row._mapping)
    values["format"] = ExportFormat(values["format"])
    values["status"] = ExportStatus(values["status"])
    return OrderExport(**values)


class OrderExportRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, export: OrderExport) -> None:
        values = {column.name: getattr(export, column.name) for column in t.columns}
        values["format"], values["status"] = str(export.format), str(export.status)
        await self.session.execute(sa.insert(t).values(**values))

    async def get(self, export_id: UUID) -> OrderExport | None:
        row = (await self.session.execute(sa.select(t).where(t.c.id == export_id))).first()
        return None if row is None else _export(row)

    async def active(self, requested_by: UUID | None, filters_key: str) -> OrderExport | None:
        stmt = (
            sa.select(t)
            .where(t.c.requested_by == requested_by, t.c.filters_key == filters_key, t.c.status.in_(_PENDING))
            .order_by(t.c.created_at.desc())
            .limit(1)
        )
        row = (await self.session.execute(stmt)).first()
        return None if row is None else _export(row)

    def _claimable(self, stale_before: datetime) -> sa.ColumnElement[bool]:
        return sa.or_(
            t.c.status == ExportStatus.QUEUED,
            sa.and_(t.c.status == ExportStatus.RUNNING, t.c.updated_at < stale_before),
        )

    async def claim(self, export_id: UUID, *, at: datetime, stale_before: datetime) -> int | None:
        # a conditional update: of two runs claiming at once, exactly one changes the row
        result = await self.session.execute(
            sa.update(t)
            .where(t.c.id == export_id, self._claimable(stale_before))
            .values(status=ExportStatus.RUNNING, started_at=at, updated_at=at, rows_done=0, attempts=t.c.attempts + 1)
            .returning(t.c.attempts)
        )
        attempt: int | None = result.scalar_one_or_none()
        return attempt

    async def progress(self, export_id: UUID, attempt: int, *, rows_done: int, at: datetime) -> bool:
        return await self.finish(export_id, attempt, rows_done=rows_done, updated_at=at)

    async def finish(self, export_id: UUID, attempt: int, **values: Any) -> bool:
        if "status" in values:
            values["status"] = str(values["status"])
        result = await self.session.execute(
            sa.update(t)
            .where(t.c.id == export_id, t.c.attempts == attempt, t.c.status == ExportStatus.RUNNING)
            .values(**values)
        )
        return cast(int, cast(Any, result).rowcount) == 1

    async def to_resume(self, *, stale_before: datetime, limit: int) -> list[UUID]:
        stmt = sa.select(t.c.id).where(self._claimable(stale_before)).order_by(t.c.created_at).limit(limit)
        return list((await self.session.scalars(stmt)).all())

    async def expired(self, at: datetime, limit: int) -> list[OrderExport]:
        stmt = sa.select(t).where(t.c.status == ExportStatus.DONE, t.c.expires_at <= at).limit(limit)
        return [_export(row) for row in (await self.session.execute(stmt)).all()]

    async def mark(self, export_id: UUID, status: ExportStatus) -> None:
        await self.session.execute(sa.update(t).where(t.c.id == export_id).values(status=str(status)))

    async def count_orders(self, query: OrderQuery) -> int:
        where = order_repository.conditions(query)  # the list's own filters, shared
        return (await self.session.scalar(sa.select(sa.func.count()).select_from(so).where(*where))) or 0

    async def orders_after(
        self, query: OrderQuery, after: Cursor | None, limit: int, *, newest_first: bool
    ) -> Sequence[Order]:
        where = order_repository.conditions(query)  # the list's own filters, shared
        if after is not None:
            at, last_id = after
            if newest_first:
                where.append(sa.or_(so.c.created_at < at, sa.and_(so.c.created_at == at, so.c.id < last_id)))
            else:
                where.append(sa.or_(so.c.created_at > at, sa.and_(so.c.created_at == at, so.c.id > last_id)))
        order_by = [so.c.created_at.desc(), so.c.id.desc()] if newest_first else [so.c.created_at, so.c.id]
        stmt = (
            sa.select(Order)
            .where(*where)
            .order_by(*order_by)
            .limit(limit)
            .options(selectinload(cast(Any, Order).lines), raiseload("*"))
        )
        return list((await self.session.scalars(stmt)).all())
