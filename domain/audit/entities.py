"""The audit trail of staff writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4


@dataclass(eq=False)
class AuditEntry:
    action: str
    target_type: str
    target_id: str
    at: datetime
    actor_id: UUID | None = None
    actor_name: str | None = None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    ip: str | None = None
    request_id: str | None = None
    id: UUID = field(default_factory=uuid4)


@dataclass(frozen=True)
class TargetName:
    """What an entry is about, as a person reads it: a name, and the object whose page shows it (a SKU's
    product, a stock level's SKU), when that is not the object itself."""

    name: str
    page_id: str | None = None


@dataclass(frozen=True)
class NamedEntry:
    entry: AuditEntry
    target: TargetName | None
