"""The region tree, read once per process and database and then served from memory: it changes only with a
migration (a deploy restarts the app), and every address save and cascader click reads it. Never commits."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.regions.entities import Region, RegionTree
from infra.db.tables.regions import region

# keyed by database URL, so tests (or a tool) that talk to two databases never see one's tree in the other
_trees: dict[str, RegionTree] = {}


class RegionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def tree(self) -> RegionTree:
        key = str(self.session.get_bind().engine.url)
        cached = _trees.get(key)
        if cached is None:  # two first readers at once both load it: harmless, the result is the same
            rows = await self.session.execute(
                sa.select(region.c.code, region.c.parent_code, region.c.level, region.c.name, region.c.name_en)
            )
            cached = _trees[key] = RegionTree.of(
                Region(code, parent, level, name, name_en=name_en) for code, parent, level, name, name_en in rows
            )
        return cached
