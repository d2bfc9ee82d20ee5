"""A cart and its lines. Plain classes; infra/db/tables/cart.py maps them to tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from uuid import UUID, uuid4

MAX_LINE_QUANTITY = 99
MAX_LINES = 100
# A guest cart nobody changed for this long is purged (infra/jobs/cart.py); a customer's cart is kept.
GUEST_CART_LIFETIME = timedelta(days=30)


@dataclass(eq=False)
class CartLine:
    """One SKU in a cart. `added_price_minor` is the unit price the shopper saw when they last added it, so a read
    can say the price changed since."""

    cart_id: UUID
    sku_id: UUID
    quantity: int
    added_price_minor: int
    currency: str
    added_at: datetime
    selected: bool = True  # taken to checkout
    updated_at: datetime | None = None


@dataclass(eq=False)
class Cart:
    """A customer's cart (`customer_id`) or a guest's (`guest_token_digest`: only the digest of the token the
    guest's browser keeps is stored). `updated_at` is the last change; guest carts expire after it."""

    customer_id: UUID | None = None
    guest_token_digest: str | None = None
    lines: list[CartLine] = field(default_factory=list)
    id: UUID = field(default_factory=uuid4)
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def line(self, sku_id: UUID) -> CartLine | None:
        return next((line for line in self.lines if line.sku_id == sku_id), None)

    @property
    def is_guest(self) -> bool:
        return self.customer_id is None
