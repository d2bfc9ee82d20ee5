"""The category subtrees storefront searches filter by, kept in-process: the tree changes a few times a day and is
read by every category search.

A transaction that writes a category clears the cache when it commits, so this process never serves a subtree
older than the last committed change it made; a change made by another worker process is seen once the entry
expires (TTL_SECONDS). A read that overlapped a commit is not stored (the generation moved on meanwhile)."""

from __future__ import annotations

import time
from typing import Any
from uuid import UUID

from sqlalchemy import event
from sqlalchemy.orm import Session

from domain.catalog.entities import Category

TTL_SECONDS = 10.0
_CHANGED = "allorder_categories_changed"


class SubtreeCache:
    def __init__(self, ttl: float = TTL_SECONDS, max_entries: int = 10_000) -> None:
        self.ttl, self.max_entries = ttl, max_entries
        self.generation = 0  # moves on with every committed category change
        self._entries: dict[UUID, tuple[float, list[UUID]]] = {}

    def get(self, category_id: UUID) -> list[UUID] | None:
        entry = self._entries.get(category_id)
        if entry is None or entry[0] < time.monotonic():
            return None
        return entry[1]

    def put(self, category_id: UUID, ids: list[UUID], generation: int) -> None:
        """Store what a read that began at `generation` found, unless a category change committed since."""
        if generation != self.generation:
            return
        if len(self._entries) >= self.max_entries:
            self._entries.clear()
        self._entries[category_id] = (time.monotonic() + self.ttl, ids)

    def clear(self) -> None:
        self.generation += 1
        self._entries.clear()


subtrees = SubtreeCache()


@event.listens_for(Session, "after_flush")
def _note_category_writes(session: Session, _context: Any) -> None:
    # after_flush still sees what the flush wrote
    if any(isinstance(obj, Category) for obj in (*session.new, *session.dirty, *session.deleted)):
        session.info[_CHANGED] = True


@event.listens_for(Session, "after_commit")
def _clear_after_commit(session: Session) -> None:
    if session.info.pop(_CHANGED, False):
        subtrees.clear()


@event.listens_for(Session, "after_rollback")
def _forget_on_rollback(session: Session) -> None:
    session.info.pop(_CHANGED, None)
