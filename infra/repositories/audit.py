"""The audit log store."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.audit.entities import AuditEntry
from infra.db.tables import audit as tables
from infra.repositories.listing import order_by


class AuditRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, entry: AuditEntry) -> None:
        # A Core INSERT: an entry is never edited, so it needs no identity map, and one-line writes skip an ORM flush.
        # Without autoflush: the entry references no row, and the change it describes must still be flushed by the
        # unit of work, which turns a unique violation into its 409 (an autoflush here would raise it raw).
        a = tables.audit_entry
        with self.session.no_autoflush:
            await self.session.execute(sa.insert(a), {c.name: getattr(entry, c.name) for c in a.c})

    async def list(
        self,
        *,
        actor_id: UUID | None,
        action: str | None,
        target_type: str | None,
        target_id: str | None,
        since: datetime | None,
        until: datetime | None,
        sort: str,
        offset: int,
        limit: int,
    ) -> tuple[list[AuditEntry], int]:
        a = tables.audit_entry
        conditions = []
        if actor_id:
            conditions.append(a.c.actor_id == actor_id)
        if action:
            conditions.append(a.c.action.startswith(action, autoescape=True))
        if target_type:
            conditions.append(a.c.target_type == target_type)
        if target_id:
            conditions.append(a.c.target_id == target_id)
        if since:
            conditions.append(a.c.at >= since)
        if until:
            conditions.append(a.c.at < until)
        total = await self.session.scalar(sa.select(sa.func.count()).select_from(a).where(*conditions))
        stmt = sa.select(AuditEntry).where(*conditions).order_by(*order_by(a, sort)).offset(offset).limit(limit)
        return list((await self.session.scalars(stmt)).all()), total or 0
