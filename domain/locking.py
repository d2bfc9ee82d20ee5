"""The one lock order: every transaction takes row locks (or conditional updates) on the same kind of row in
ascending id order, stock levels by (sku_id, warehouse_id). Two transactions that touch the same rows then queue
up instead of deadlocking (Saleor's `order/lock_objects.py`). UUIDs compare as PostgreSQL orders them.

Across kinds, a transaction that takes several takes them in this order:
1. the customer (their account row, `customers.buyer(locked=True)`): placing an order takes it as its first read, so one
   customer's checkouts run one at a time and the per-customer safety limits (unpaid orders, units a day, a double
   submit) count every order placed before; nothing that holds a later lock asks for a customer's;
2. orders, then stock levels (stock last: the rows every buyer of a SKU queues on are held for the shortest time).
On SQLite a writing transaction begins IMMEDIATE (infra/db/engine.py) and holds the database's write lock from its
first statement, so writers run one at a time and none of this can deadlock there."""

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
