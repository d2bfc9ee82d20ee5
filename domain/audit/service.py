"""Recording staff writes in the audit log, inside the same transaction as the write."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.audit.entities import AuditEntry
from domain.audit.ports import AuditUoW
from domain.identity.actor import Actor


async def record(
    uow: AuditUoW,
    actor: Actor,
    *,
    action: str,
    target_type: str,
    target_id: object,
    at: datetime,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Append one audit row; the caller commits it with the change it describes."""
    await uow.audit.add(
        AuditEntry(
            action=action,
            target_type=target_type,
            target_id=str(target_id),
            at=at,
            actor_id=actor.user_id,
            actor_name=actor.name,
            before=before,
            after=after,
            ip=actor.ip,
            request_id=actor.request_id,
        )
    )


async def search(uow: AuditUoW, /, **filters: Any) -> tuple[list[AuditEntry], int]:
    """The audit log filtered by actor, action prefix, target and time, paginated."""
    return await uow.audit.list(**filters)
