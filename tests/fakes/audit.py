"""In-memory audit log (infra/repositories/audit.py)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from domain.audit.entities import AuditEntry
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
