"""Tables per feature, all on one metadata (`infra.db.schema`); importing this package registers them all."""

from infra.db.tables import (
    audit,
    cart,
    catalog,
    catalog_imports,
    customers,
    freight,
    idempotency,
    identity,
    inventory,
    notifications,
    order_exports,
    orders,
    payment_methods,
    payments,
    reconciliation,
    regions,
)

__all__ = [
    "audit",
    "cart",
    "catalog",
    "catalog_imports",
    "customers",
    "freight",
    "idempotency",
    "identity",
    "inventory",
    "notifications",
    "order_exports",
    "orders",
    "payment_methods",
    "payments",
    "reconciliation",
    "regions",
]
