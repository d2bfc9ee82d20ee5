"""Outbox and in-app inbox."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.notifications.entities import InAppNotification, OutboxMessage, OutboxStatus
from infra.db.tables import notifications as tables


class NotificationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, obj: Any) -> None:
        self.session.add(obj)

    async def pending_outbox(self, limit: int, at: datetime) -> list[OutboxMessage]:
        """The oldest messages due now (not waiting out a back-off)."""
        o = tables.outbox_message
        due = sa.or_(o.c.next_attempt_at.is_(None), o.c.next_attempt_at <= at)
        stmt = (
            sa.select(OutboxMessage)
            .where(o.c.status == OutboxStatus.PENDING, due)
            .order_by(o.c.created_at)
            .limit(limit)
        )
        return list((await self.session.scalars(stmt)).all())

    async def claim_outbox(self, message_id: UUID, at: datetime) -> OutboxMessage | None:
        """Take a pending message exactly once: a conditional update, so two workers never both send it."""
        o = tables.outbox_message
        result = await self.session.execute(
            sa.update(o)
            .where(
                o.c.id == message_id,
                o.c.status == OutboxStatus.PENDING,
                sa.or_(o.c.next_attempt_at.is_(None), o.c.next_attempt_at <= at),
            )
            .values(status=OutboxStatus.SENDING, attempts=o.c.attempts + 1)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            return None
        return await self.session.get(OutboxMessage, message_id, populate_existing=True)

    async def get_outbox(self, message_id: UUID) -> OutboxMessage | None:
        return await self.session.get(OutboxMessage, message_id, with_for_update=True, populate_existing=True)

    async def inbox(
        self, user_id: UUID, *, unread_only: bool, offset: int, limit: int
    ) -> tuple[list[InAppNotification], int]:
        n = tables.in_app_notification
        conditions = [n.c.user_id == user_id]
        if unread_only:
            conditions.append(n.c.read_at.is_(None))
        total = await self.session.scalar(sa.select(sa.func.count()).select_from(n).where(*conditions))
        stmt = (
            sa.select(InAppNotification)
            .where(*conditions)
            .order_by(n.c.created_at.desc(), n.c.id)
            .offset(offset)
            .limit(limit)
        )
        return list((await self.session.scalars(stmt)).all()), total or 0

    async def inbox_item(self, item_id: UUID, user_id: UUID) -> InAppNotification | None:
        n = tables.in_app_notification
        return await self.session.scalar(sa.select(InAppNotification).where(n.c.id == item_id, n.c.user_id == user_id))

    async def unread_count(self, user_id: UUID) -> int:
        n = tables.in_app_notification
        stmt = sa.select(sa.func.count()).where(n.c.user_id == user_id, n.c.read_at.is_(None))
        return (await self.session.scalar(stmt)) or 0

    async def mark_all_read(self, user_id: UUID, at: datetime) -> None:
        n = tables.in_app_notification
        await self.session.execute(
            sa.update(n)
            .where(n.c.user_id == user_id, n.c.read_at.is_(None))
            .values(read_at=at)
            .execution_options(synchronize_session=False)
        )
