"""Tables per feature, all on one metadata (`infra.db.schema`); importing this package registers them all."""

from infra.db.tables import (
    audit,
    catalog,
    catalog_imports,
    customers,
    idempotency,
    identity,
    inventory,
    notifications,
    order_exports,
    orders,
)

__all__ = [
    "audit",
    "catalog",
    "catalog_imports",
    "customers",
    "idempotency",
    "identity",
    "inventory",
    "notifications",
    "order_exports",
    "orders",
]
