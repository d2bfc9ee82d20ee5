"""The back office's one search box: every source the reader may read, grouped, a few hits each."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from domain.search.hits import Group
from domain.search.ports import SearchUoW
from domain.search.sources import SOURCES, Source

HITS_PER_GROUP = 5


async def search(
    uow: SearchUoW,
    text: str,
    *,
    may_read: Callable[[str], bool],
    limit: int = HITS_PER_GROUP,
    sources: Sequence[Source] = SOURCES,
) -> list[Group]:
    """The groups with hits, in the sources' order; a group the reader may not read is not even searched."""
    wanted = " ".join(text.split())
    if not wanted:
        return []
    groups = []
    for source in sources:
        if may_read(source.permission):
            found = await source.find(uow, wanted, limit)
            groups += [Group(name=g.name, hits=g.hits[:limit]) for g in found if g.hits]
    return groups
