"""Reads made on every page of the busiest lists, kept in-process for a few seconds:
- `subtrees`: a category's subtree ids (the tree changes a few times a day; every category search reads it);
- `search_counts`: how many products a storefront search matches, up to its cap. Counting the matches was most
  of a search's database time on 100,000 products, and a shopper paging through "1000+ results" asks the same
  count again and again; the page itself is always read fresh;
- `capped_order_counts`: a staff order list's count once it passed the cap ("10,000+"): counting to the cap took
  more database time than the page, on every page of the busiest lists. New orders only add to such a count, and
  one that falls back under the cap shows "10,000+" for a few seconds more; a count under the cap is never kept.

A transaction that writes what a catalog entry depends on clears it when it commits, so this process never serves an
entry older than the last committed change it made; a change made by another worker process is seen once the
entry expires (TTL_SECONDS). A read that overlapped such a commit is not stored (the generation moved on).
ORM writes are noticed by the session's flush; the catalog's Core statements that change what a search filters
on (the in-stock flag, the listing price) say so with `products_changed`."""

from __future__ import annotations

import time
from collections.abc import Hashable
from typing import Any, Generic, TypeVar
from uuid import UUID

from sqlalchemy import event
from sqlalchemy.orm import Session

from domain.catalog.entities import Category, Product, Sku

TTL_SECONDS = 10.0
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class ReadCache(Generic[K, V]):
    def __init__(self, ttl: float = TTL_SECONDS, max_entries: int = 10_000) -> None:
        self.ttl, self.max_entries = ttl, max_entries
        self.generation = 0  # moves on with every committed change the entries depend on
        self._entries: dict[K, tuple[float, V]] = {}

    def get(self, key: K) -> V | None:
        entry = self._entries.get(key)
        if entry is None or entry[0] < time.monotonic():
            return None
        return entry[1]

    def put(self, key: K, value: V, generation: int) -> None:
        """Store what a read that began at `generation` found, unless a change committed since."""
        if generation != self.generation:
            return
        if len(self._entries) >= self.max_entries:
            self._entries.clear()
        self._entries[key] = (time.monotonic() + self.ttl, value)

    def clear(self) -> None:
        self.generation += 1
        self._entries.clear()


subtrees: ReadCache[UUID, list[UUID]] = ReadCache()
search_counts: ReadCache[Hashable, int] = ReadCache()
capped_order_counts: ReadCache[Hashable, int] = ReadCache()  # never cleared: see the module docstring

_CATEGORIES_CHANGED = "allorder_categories_changed"
_PRODUCTS_CHANGED = "allorder_products_changed"


def products_changed(session: Session) -> None:
    """A Core statement of this transaction changed what storefront searches filter on."""
    session.info[_PRODUCTS_CHANGED] = True


@event.listens_for(Session, "after_flush")
def _note_catalog_writes(session: Session, _context: Any) -> None:
    # after_flush still sees what the flush wrote
    written = (*session.new, *session.dirty, *session.deleted)
    if any(isinstance(obj, Category) for obj in written):
        session.info[_CATEGORIES_CHANGED] = session.info[_PRODUCTS_CHANGED] = True
    elif any(isinstance(obj, Product | Sku) for obj in written):
        session.info[_PRODUCTS_CHANGED] = True


@event.listens_for(Session, "after_commit")
def _clear_after_commit(session: Session) -> None:
    if session.info.pop(_CATEGORIES_CHANGED, False):
        subtrees.clear()
    if session.info.pop(_PRODUCTS_CHANGED, False):
        search_counts.clear()


@event.listens_for(Session, "after_rollback")
def _forget_on_rollback(session: Session) -> None:
    session.info.pop(_CATEGORIES_CHANGED, None)
    session.info.pop(_PRODUCTS_CHANGED, None)
