"""In-memory audit log (infra/repositories/audit.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from domain.audit.entities import AuditEntry, TargetName
from tests.fakes.tables import Tables, page, sort_by


class FakeAuditRepository:
    def __init__(self, tables: Tables) -> None:
        self._t = tables

    async def add(self, entry: AuditEntry) -> None:
        self._t.audit.append(entry)

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
        found = [
            e
            for e in self._t.audit
            if (not actor_id or e.actor_id == actor_id)
            and (not action or e.action.startswith(action))
            and (not target_type or e.target_type == target_type)
            and (not target_id or e.target_id == target_id)
            and (not since or e.at >= since)
            and (not until or e.at < until)
        ]
        return page(sort_by(found, sort), offset, limit)

    async def actors(self, *, keyword: str | None, limit: int) -> Sequence[tuple[UUID, str]]:
        latest = {e.actor_id: e.actor_name or "" for e in self._t.audit if e.actor_id}
        found = sorted((name, i) for i, name in latest.items() if not keyword or keyword.lower() in name.lower())
        return [(i, name) for name, i in found][:limit]

    async def target_names(self, targets: Sequence[tuple[str, str]]) -> dict[tuple[str, str], TargetName]:
        t = self._t
        skus = {str(s.id): s for s in t.all_skus()}
        by_type: dict[str, dict[str, TargetName]] = {
            "product": {str(p.id): TargetName(p.name) for p in t.products.values()},
            "warehouse": {str(w.id): TargetName(w.name) for w in t.warehouses.values()},
            "stocktake": {str(s.id): TargetName(s.number) for s in t.stocktakes.values()},
            "role": {str(r.id): TargetName(r.name) for r in t.roles.values()},
            "user": {str(u.id): TargetName(u.display_name or u.email or u.phone or "") for u in t.users.values()},
            "sku": {i: TargetName(s.code, str(s.product_id)) for i, s in skus.items()},
        }
        return {(kind, i): by_type[kind][i] for kind, i in targets if i in by_type.get(kind, {})}
