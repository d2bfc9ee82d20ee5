"""The region tree for unit tests: the real committed data set (infra/data/regions.json), read once."""

from __future__ import annotations

from functools import cache

from domain.regions.entities import Region, RegionTree
from infra import regions_data


@cache
def _tree() -> RegionTree:
    return RegionTree.of(
        Region(r["code"], r["parent_code"], r["level"], r["name"], name_en=r["name_en"]) for r in regions_data.rows()
    )


class FakeRegionRepository:
    async def tree(self) -> RegionTree:
        return _tree()
