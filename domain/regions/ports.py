"""What the region tree needs from storage; infra/repositories/regions.py implements it."""

from __future__ import annotations

from typing import Protocol

from domain.regions.entities import RegionTree
from domain.unit_of_work import UnitOfWork


class RegionRepository(Protocol):
    async def tree(self) -> RegionTree:
        """The whole tree (a few thousand regions), kept in memory: it changes only with a migration."""
        ...


class RegionsUoW(UnitOfWork, Protocol):
    @property
    def regions(self) -> RegionRepository: ...
