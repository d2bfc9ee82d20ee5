"""Large catalog imports and their claim by one job run at a time."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.catalog.import_jobs import CatalogImport, ImportStatus
from infra.db.tables.catalog_imports import catalog_import as t


class CatalogImportRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, catalog_import: CatalogImport) -> None:
        self.session.add(catalog_import)

    async def get(self, import_id: UUID) -> CatalogImport | None:
        return await self.session.get(CatalogImport, import_id)

    async def get_for_update(self, import_id: UUID) -> CatalogImport | None:
        return await self.session.get(CatalogImport, import_id, with_for_update=True, populate_existing=True)

    def _claimable(self, stale_before: datetime) -> sa.ColumnElement[bool]:
        return sa.or_(
            t.c.status == ImportStatus.QUEUED,
            sa.and_(t.c.status == ImportStatus.RUNNING, t.c.started_at < stale_before),
        )

    async def claim(self, import_id: UUID, *, at: datetime, stale_before: datetime) -> int | None:
        # a conditional update: of two runs claiming at once, exactly one changes the row
        result = await self.session.execute(
            sa.update(t)
            .where(t.c.id == import_id, self._claimable(stale_before))
            .values(status=ImportStatus.RUNNING, started_at=at, attempts=t.c.attempts + 1)
            .returning(t.c.attempts)
        )
        attempt: int | None = result.scalar_one_or_none()
        return attempt

    async def to_resume(self, *, stale_before: datetime, limit: int) -> list[UUID]:
        stmt = sa.select(t.c.id).where(self._claimable(stale_before)).order_by(t.c.created_at).limit(limit)
        return list((await self.session.scalars(stmt)).all())
