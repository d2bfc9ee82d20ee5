"""Imperative mapping of the domain classes onto the tables: the domain stays free of SQLAlchemy.

Each feature maps its own entities beside its tables (`infra/db/tables/<feature>.py`)."""

from __future__ import annotations

from sqlalchemy.orm import registry

from infra.db import tables
from infra.db.schema import metadata

mapper_registry = registry(metadata=metadata)
_started = False


def start_mappers() -> None:
    global _started
    if _started:
        return
    _started = True
    for feature in (
        tables.identity,
        tables.audit,
        tables.notifications,
        tables.catalog,
        tables.inventory,
        tables.catalog_imports,
        tables.customers,
        tables.freight,
        tables.cart,
        tables.orders,
        tables.payments,
        tables.payment_methods,
        tables.reconciliation,
    ):
        feature.map_entities(mapper_registry)
