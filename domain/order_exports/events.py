"""Order export events: a queued export asks for its job once the transaction commits."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from domain.events import Event


@dataclass(frozen=True)
class ExportQueued(Event):
    export_id: UUID
