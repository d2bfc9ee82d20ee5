"""Tables per feature, all on one metadata (`infra.db.schema`); importing this package registers them all."""

from infra.db.tables import (
    audit,
    catalog,
    catalog_imports,
    customers,
    freight,
    idempotency,
    identity,
    inventory,
    notifications,
    orders,
)

__all__ = [
    "audit",
    "catalog",
    "catalog_imports",
    "customers",
    "freight",
    "idempotency",
    "identity",
    "inventory",
    "notifications",
    "orders",
]
