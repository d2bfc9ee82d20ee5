"""The in-memory "database" every fake repository reads and writes. One `Tables` is shared by the unit of work and
its repositories; rolling back restores its contents in place, so the repositories keep seeing the live state.

Entities are stored as the objects the domain holds (like a session's identity map): a change an action makes to a
loaded entity is visible at once and undone only by a rollback. The unique indexes the domain relies on as the last
guard are checked on flush and commit, with the codes `infra/db/unit_of_work.py` gives them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from uuid import UUID

from domain.audit.entities import AuditEntry
from domain.cart.entities import Cart
from domain.catalog.entities import Category, Product, Sku
from domain.customers.entities import CustomerNote, CustomerRecord
from domain.errors import Conflict, RuleViolation
from domain.freight.entities import FreightTemplate
from domain.identity.entities import Address, ExternalIdentity, LoginAttempt, OneTimeCode, RefreshToken, Role, User
from domain.inventory.entities import Reservation, StockLevel, StockMovement, Stocktake, Warehouse
from domain.notifications.entities import InAppNotification, OutboxMessage
from domain.orders.entities import Order, PaymentMethod
from domain.payments.entities import ACTIVE_STATUSES, Payment, PaymentEvent, Refund
from domain.payments.method_ports import MethodSetting, PaymentProof

T = TypeVar("T")


@dataclass
class Tables:
    audit: list[AuditEntry] = field(default_factory=list)
    outbox: list[OutboxMessage] = field(default_factory=list)
    inbox: list[InAppNotification] = field(default_factory=list)
    categories: dict[UUID, Category] = field(default_factory=dict)
    products: dict[UUID, Product] = field(default_factory=dict)  # SKUs and images live in their product
    warehouses: dict[UUID, Warehouse] = field(default_factory=dict)
    levels: dict[tuple[UUID, UUID], StockLevel] = field(default_factory=dict)  # by (sku_id, warehouse_id)
    movements: list[StockMovement] = field(default_factory=list)
    reservations: dict[UUID, Reservation] = field(default_factory=dict)
    stocktakes: dict[UUID, Stocktake] = field(default_factory=dict)
    users: dict[UUID, User] = field(default_factory=dict)
    roles: dict[UUID, Role] = field(default_factory=dict)  # a user's roles are the same objects
    refresh_tokens: list[RefreshToken] = field(default_factory=list)
    codes: list[OneTimeCode] = field(default_factory=list)  # SMS codes and link tokens
    sign_ins: list[LoginAttempt] = field(default_factory=list)
    external_identities: list[ExternalIdentity] = field(default_factory=list)
    addresses: dict[UUID, Address] = field(default_factory=dict)
    customer_records: dict[UUID, CustomerRecord] = field(default_factory=dict)  # by user id, with their tags
    customer_notes: list[CustomerNote] = field(default_factory=list)
    freight_templates: dict[UUID, FreightTemplate] = field(default_factory=dict)  # with their region rules
    carts: dict[UUID, Cart] = field(default_factory=dict)  # with their lines
    orders: dict[UUID, Order] = field(default_factory=dict)  # with their lines, events and remarks
    payments: dict[UUID, Payment] = field(default_factory=dict)
    refunds: dict[UUID, Refund] = field(default_factory=dict)
    payment_events: list[PaymentEvent] = field(default_factory=list)  # the payment log, in the order written
    method_settings: dict[PaymentMethod, MethodSetting] = field(default_factory=dict)
    payment_proofs: list[PaymentProof] = field(default_factory=list)

    def all_skus(self) -> list[Sku]:
        return [sku for product in self.products.values() for sku in product.skus]

    def sku(self, sku_id: UUID) -> Sku | None:
        return next((s for s in self.all_skus() if s.id == sku_id), None)

    def level(self, sku_id: UUID, warehouse_id: UUID) -> StockLevel | None:
        return self.levels.get((sku_id, warehouse_id))

    def quantities(self, sku_id: UUID, warehouse_id: UUID) -> tuple[int, int] | None:
        """(on hand, reserved) of a level, None when it has no row."""
        level = self.level(sku_id, warehouse_id)
        return (level.on_hand, level.reserved) if level else None

    def check_unique(self) -> None:
        """The unique indexes of the schema; Conflict with the code a lost race gets from the real database."""
        keys: list[tuple[str, str, Iterable[object]]] = [
            ("user.email_taken", "email", (u.email for u in self.users.values() if u.email)),
            ("user.phone_taken", "phone", (u.phone for u in self.users.values() if u.phone)),
            ("role.name_taken", "name", (r.name for r in self.roles.values())),
            ("category.name_taken", "name", (c.sibling_key for c in self.categories.values())),
            ("product.code_taken", "code", (p.code for p in self.products.values())),
            ("sku.code_taken", "code", (s.code for s in self.all_skus())),
            ("sku.barcode_taken", "barcode", (s.barcode for s in self.all_skus() if s.barcode)),
            ("warehouse.code_taken", "code", (w.code for w in self.warehouses.values())),
            ("stocktake.number_taken", "number", (s.number for s in self.stocktakes.values())),
            ("freight.name_taken", "name", (t.name for t in self.freight_templates.values())),
            ("freight.default_changed", "is_default", (1 for t in self.freight_templates.values() if t.is_default)),
            # the partial unique index of one active attempt per order: the real one answers conflict.integrity
            (
                "conflict.integrity",
                "order_id",
                (p.order_id for p in self.payments.values() if p.status in ACTIVE_STATUSES),
            ),
            ("conflict.integrity", "payment_no", (p.payment_no for p in self.payments.values())),
        ]
        for code, column, values in keys:
            if any(n > 1 for n in Counter(values).values()):
                raise Conflict("This value is already taken.", code=code, field=column)


def sort_by(items: Iterable[T], sort: str, columns: Iterable[str] | None = None) -> list[T]:
    """`sort=-at,name` over attributes, then by id, like infra/repositories/listing.py's `order_by` (which refuses
    an unknown column with `validation.sort`; with `columns` given, unknown names are ignored as the product
    search does)."""
    ordered = sorted(items, key=lambda item: str(getattr(item, "id", "")))
    parts = [p.strip() for p in sort.split(",") if p.strip()]
    for part in reversed(parts):  # stable sorts, least significant key first
        name = part.lstrip("-+")
        if columns is not None and name not in columns:
            continue
        if ordered and not hasattr(ordered[0], name):
            raise RuleViolation(f"Cannot sort by '{name}'.", code="validation.sort", field="sort")
        ordered.sort(key=_column(name), reverse=part.startswith("-"))
    return ordered


def _column(name: str) -> Callable[[Any], tuple[bool, Any]]:
    def key(item: Any) -> tuple[bool, Any]:
        value = getattr(item, name)
        return value is None, value if value is not None else 0

    return key


def page(items: list[T], offset: int, limit: int) -> tuple[list[T], int]:
    return items[offset : offset + limit], len(items)
