"""Freight templates with their region rules (loaded with them). Never commits."""

from __future__ import annotations

from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from domain.freight.entities import FreightTemplate
from infra.db.tables import freight as tables

t = tables.freight_template


class FreightTemplateRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, template_id: UUID) -> FreightTemplate | None:
        return await self.session.get(FreightTemplate, template_id)

    async def default(self) -> FreightTemplate | None:
        # the rules joined in the same statement: checkout asks for this on every order
        rules = joinedload(FreightTemplate.region_rules)  # type: ignore[arg-type]
        stmt = sa.select(FreightTemplate).where(t.c.is_default.is_(True)).options(rules)
        return (await self.session.scalars(stmt)).unique().one_or_none()

    async def by_name(self, name: str) -> FreightTemplate | None:
        return await self.session.scalar(sa.select(FreightTemplate).where(t.c.name == name))

    async def list(self, *, name: str | None, offset: int, limit: int) -> tuple[list[FreightTemplate], int]:
        conditions = []
        if name:
            conditions.append(sa.func.lower(t.c.name).contains(name.strip().lower(), autoescape=True))
        count = await self.session.scalar(sa.select(sa.func.count()).select_from(t).where(*conditions))
        stmt = (
            sa.select(FreightTemplate)
            .where(*conditions)
            .order_by(t.c.is_default.desc(), t.c.name, t.c.id)
            .offset(offset)
            .limit(limit)
        )
        return list((await self.session.scalars(stmt)).all()), count or 0

    async def add(self, template: FreightTemplate) -> None:
        self.session.add(template)

    async def delete(self, template: FreightTemplate) -> None:
        await self.session.delete(template)
