"""Recording staff writes in the audit log, inside the same transaction as the write."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from domain.audit.entities import AuditEntry, NamedEntry, TargetName
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


async def search(uow: AuditUoW, /, **filters: Any) -> tuple[list[NamedEntry], int]:
    """The audit log filtered by actor, action prefix, target and time, paginated; each entry with the name of
    what it is about (the object's name now, or the name its snapshot kept when the object is gone)."""
    entries, total = await uow.audit.list(**filters)
    names = await uow.audit.target_names(sorted({(e.target_type, e.target_id) for e in entries}))
    return [NamedEntry(e, names.get((e.target_type, e.target_id)) or _snapshot_name(e)) for e in entries], total


async def actors(uow: AuditUoW, /, *, keyword: str | None, limit: int = 20) -> list[tuple[UUID, str]]:
    """Who may be picked in the log's actor filter: those who wrote something, by part of their name."""
    return list(await uow.audit.actors(keyword=keyword, limit=limit))


NAME_KEYS = ("name", "display_name", "number", "code", "file", "email", "phone")


def _snapshot_name(entry: AuditEntry) -> TargetName | None:
    """A deleted product, role or SKU keeps the name its last snapshot recorded."""
    for snapshot in (entry.after, entry.before):
        for key in NAME_KEYS:
            value = (snapshot or {}).get(key)
            if isinstance(value, str) and value:
                return TargetName(value)
    return None
