"""What the audit log needs from storage, and the unit of work of every feature that audits its writes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol
from uuid import UUID

from domain.audit.entities import AuditEntry, TargetName
from domain.unit_of_work import UnitOfWork


class AuditRepository(Protocol):
    async def add(self, entry: AuditEntry) -> None: ...
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
    ) -> tuple[list[AuditEntry], int]: ...
    async def actors(self, *, keyword: str | None, limit: int) -> Sequence[tuple[UUID, str]]:
        """People who appear in the log as actors (id, latest name), by part of their name."""
        ...

    async def target_names(self, targets: Sequence[tuple[str, str]]) -> dict[tuple[str, str], TargetName]:
        """The current names of the objects (target type, id) that still exist; others are left out."""
        ...


class AuditUoW(UnitOfWork, Protocol):
    @property
    def audit(self) -> AuditRepository: ...
