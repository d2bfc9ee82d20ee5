"""Inventory events, recorded by actions and dispatched after commit."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from domain.events import Event


@dataclass(frozen=True)
class LevelBecameLow(Event):
    """A level is at or below its threshold without a movement (a raised threshold): the scan alerts it."""

    level_id: UUID
