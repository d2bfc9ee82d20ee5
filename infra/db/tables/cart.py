"""Carts and their lines. A line's `sku_id` has no foreign key on purpose: a SKU deleted from the catalog leaves
its lines behind, shown as no longer available, rather than vanishing from the shopper's cart unexplained."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import registry as Registry
from sqlalchemy.orm import relationship

from domain.cart import entities
from infra.db.schema import metadata
from infra.db.types import UTCDateTime

cart = sa.Table(
    "cart",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("customer_id", sa.Uuid, sa.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=True),
    sa.Column("guest_token_digest", sa.String(64), nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False, index=True),  # the guest-cart purge filters on it
    sa.UniqueConstraint("customer_id"),
    sa.UniqueConstraint("guest_token_digest"),
    sa.CheckConstraint("(customer_id IS NULL) <> (guest_token_digest IS NULL)", name="one_owner"),
)

cart_line = sa.Table(
    "cart_line",
    metadata,
    sa.Column("cart_id", sa.Uuid, sa.ForeignKey("cart.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("sku_id", sa.Uuid, primary_key=True, index=True),
    sa.Column("quantity", sa.Integer, nullable=False),
    sa.Column("selected", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("added_price_minor", sa.BigInteger, nullable=False),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("added_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=True),
    sa.CheckConstraint(f"quantity BETWEEN 1 AND {entities.MAX_LINE_QUANTITY}", name="quantity_in_range"),
)


def map_entities(registry: Registry) -> None:
    line_mapper = registry.map_imperatively(entities.CartLine, cart_line)
    registry.map_imperatively(
        entities.Cart,
        cart,
        properties={
            "lines": relationship(
                line_mapper,
                lazy="selectin",
                order_by=[cart_line.c.added_at, cart_line.c.sku_id],
                cascade="all, delete-orphan",
                passive_deletes=True,
            )
        },
    )
