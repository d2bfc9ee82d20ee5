"""Catalog events, recorded by actions and dispatched after commit."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from domain.events import Event


@dataclass(frozen=True)
class ImportQueued(Event):
    """A large catalog file was accepted for applying: its job runs it once this transaction has committed."""

    import_id: UUID
