"""The one lock order: every transaction takes row locks (or conditional updates) on the same kind of row in
ascending id order, stock levels by (sku_id, warehouse_id). Two transactions that touch the same rows then queue
up instead of deadlocking (Saleor's `order/lock_objects.py`). UUIDs compare as PostgreSQL orders them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar
from uuid import UUID

T = TypeVar("T")


def levels_in_lock_order(items: Iterable[T], level: Callable[[T], tuple[UUID, UUID]]) -> list[T]:
    """Stock changes in the order their (sku_id, warehouse_id) levels are locked."""
    return sorted(items, key=level)


def ids_in_lock_order(ids: Iterable[UUID]) -> list[UUID]:
    """Aggregates (products, orders…) locked one by one: each id once, ascending."""
    return sorted(set(ids))
