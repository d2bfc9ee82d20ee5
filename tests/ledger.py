"""The ledger invariant every inventory test ends with: a level's movements add up to its quantities."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

import sqlalchemy as sa

from infra.container import Container
from infra.db.tables import inventory as tables


async def assert_ledger_matches_levels(container: Container, sku_ids: Iterable[str | UUID]) -> None:
    """For every stock level of these SKUs: sum(on_hand_delta) == on_hand and sum(reserved_delta) == reserved,
    and no movement exists without its level."""
    ids = [UUID(str(s)) for s in sku_ids]
    lvl, mv = tables.stock_level, tables.stock_movement
    async with container.uow(read_only=True) as uow:
        session = uow.session
        levels = {
            (r.sku_id, r.warehouse_id): (r.on_hand, r.reserved)
            for r in await session.execute(
                sa.select(lvl.c.sku_id, lvl.c.warehouse_id, lvl.c.on_hand, lvl.c.reserved).where(lvl.c.sku_id.in_(ids))
            )
        }
        sums = {
            (r.sku_id, r.warehouse_id): (int(r.on_hand), int(r.reserved))
            for r in await session.execute(
                sa.select(
                    mv.c.sku_id,
                    mv.c.warehouse_id,
                    sa.func.sum(mv.c.on_hand_delta).label("on_hand"),
                    sa.func.sum(mv.c.reserved_delta).label("reserved"),
                )
                .where(mv.c.sku_id.in_(ids))
                .group_by(mv.c.sku_id, mv.c.warehouse_id)
            )
        }
    for place, quantities in levels.items():
        assert sums.get(place, (0, 0)) == quantities, f"ledger {sums.get(place)} != level {quantities} at {place}"
    assert set(sums) <= set(levels), f"movements without a level: {set(sums) - set(levels)}"
