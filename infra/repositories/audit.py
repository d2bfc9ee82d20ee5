"""The audit log store."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.audit.entities import AuditEntry, TargetName
from infra.db.driver import DriverStatement
from infra.db.tables import audit as tables
from infra.db.tables import catalog, identity, inventory
from infra.repositories.listing import order_by

_INSERT = DriverStatement(
    sa.insert(tables.audit_entry).values({c.name: sa.bindparam(c.name, type_=c.type) for c in tables.audit_entry.c})
)


class AuditRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, entry: AuditEntry) -> None:
        # A Core INSERT: an entry is never edited, so it needs no identity map, and one-line writes skip an ORM flush.
        # Without autoflush: the entry references no row, and the change it describes must still be flushed by the
        # unit of work, which turns a unique violation into its 409 (an autoflush here would raise it raw).
        values = {c.name: getattr(entry, c.name) for c in tables.audit_entry.c}
        if await _INSERT.fetch(self.session, values, autoflush=False) is None:  # asyncpg sends it itself
            with self.session.no_autoflush:
                await self.session.execute(_INSERT.statement, values)

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

    async def actors(self, *, keyword: str | None, limit: int) -> Sequence[tuple[UUID, str]]:
        a = tables.audit_entry
        stmt = (
            sa.select(a.c.actor_id, sa.func.max(a.c.actor_name))
            .where(a.c.actor_id.is_not(None))
            .group_by(a.c.actor_id)
            .order_by(sa.func.max(a.c.actor_name))
            .limit(limit)
        )
        if keyword:
            needle = keyword.lower()
            stmt = stmt.having(sa.func.lower(sa.func.max(a.c.actor_name)).contains(needle, autoescape=True))
        return [(row[0], row[1] or "") for row in (await self.session.execute(stmt)).all()]

    async def target_names(self, targets: Sequence[tuple[str, str]]) -> dict[tuple[str, str], TargetName]:
        ids: dict[str, list[UUID]] = defaultdict(list)
        for target_type, target_id in targets:
            try:
                ids[target_type].append(UUID(target_id))
            except ValueError:
                continue  # a document number (a receipt's PO number) is a name of its own
        names: dict[tuple[str, str], TargetName] = {}
        for target_type, wanted in ids.items():
            lookup = _LOOKUPS.get(target_type)
            if lookup is None:
                continue
            for row in (await self.session.execute(lookup(wanted))).all():
                names[(target_type, str(row.id))] = TargetName(
                    " · ".join(str(part) for part in row[1:3] if part), str(row[3]) if row[3] else None
                )
        return names


def _named(*columns: Any) -> Callable[[list[UUID]], sa.Select[Any]]:
    """A query giving (id, name, second name, page id) for the ids asked."""
    key, *rest = columns
    padded = [*rest, *[sa.null()] * (3 - len(rest))]

    def query(wanted: list[UUID]) -> sa.Select[Any]:
        return sa.select(key.label("id"), *padded).where(key.in_(wanted))

    return query


_c, _i, _v = catalog, identity, inventory
_LOOKUPS: dict[str, Callable[[list[UUID]], sa.Select[Any]]] = {
    "product": _named(_c.product.c.id, _c.product.c.name),
    "category": _named(_c.category.c.id, _c.category.c.path),
    "role": _named(_i.role.c.id, _i.role.c.name),
    "warehouse": _named(_v.warehouse.c.id, _v.warehouse.c.name),
    "stocktake": _named(_v.stocktake.c.id, _v.stocktake.c.number),
}


def _skus(wanted: list[UUID]) -> sa.Select[Any]:
    sku, product = catalog.sku, catalog.product
    return (
        sa.select(sku.c.id, product.c.name, sku.c.code, sku.c.product_id)
        .join(product, product.c.id == sku.c.product_id)
        .where(sku.c.id.in_(wanted))
    )


def _users(wanted: list[UUID]) -> sa.Select[Any]:
    user = identity.user_account
    shown = sa.func.coalesce(sa.func.nullif(user.c.display_name, ""), user.c.email, user.c.phone)
    return sa.select(user.c.id, shown, sa.func.coalesce(user.c.email, user.c.phone), sa.null()).where(
        user.c.id.in_(wanted)
    )


def _levels(wanted: list[UUID]) -> sa.Select[Any]:
    level, sku, warehouse = inventory.stock_level, catalog.sku, inventory.warehouse
    return (
        sa.select(level.c.id, sku.c.code, warehouse.c.name, level.c.sku_id)
        .join(sku, sku.c.id == level.c.sku_id)
        .join(warehouse, warehouse.c.id == level.c.warehouse_id)
        .where(level.c.id.in_(wanted))
    )


def _reservations(wanted: list[UUID]) -> sa.Select[Any]:
    r = inventory.stock_reservation
    return sa.select(r.c.id, r.c.reference_type, r.c.reference_id, sa.null()).where(r.c.id.in_(wanted))


_LOOKUPS.update(sku=_skus, user=_users, customer=_users, stock_level=_levels, reservation=_reservations)
