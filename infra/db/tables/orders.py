"""Orders: the order, its lines (price snapshots), its timeline and the staff's remarks. Money in minor units of
the order's currency."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import registry as Registry
from sqlalchemy.orm import relationship

from domain.orders import entities
from infra.db.schema import metadata
from infra.db.types import UTCDateTime

sales_order = sa.Table(
    "sales_order",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("number", sa.String(32), nullable=False, unique=True),
    sa.Column("channel", sa.String(16), nullable=False, index=True),
    sa.Column("customer_id", sa.Uuid, sa.ForeignKey("user_account.id", ondelete="RESTRICT"), nullable=False),
    sa.Column("customer_name", sa.String(100), nullable=False, server_default=""),
    sa.Column("customer_phone", sa.String(20), nullable=True),
    sa.Column("customer_email", sa.String(254), nullable=True),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("subtotal_minor", sa.BigInteger, nullable=False),
    sa.Column("discount_minor", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("points_deduction_minor", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("shipping_fee_minor", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("tax_minor", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("total_minor", sa.BigInteger, nullable=False),
    sa.Column("paid_minor", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("refunded_minor", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("tax_inclusive", sa.Boolean, nullable=False),
    sa.Column("address_id", sa.Uuid, nullable=True),
    sa.Column("ship_recipient", sa.String(64), nullable=False, server_default=""),
    sa.Column("ship_phone", sa.String(20), nullable=False, server_default=""),
    sa.Column("ship_region_code", sa.String(12), nullable=False, server_default=""),
    sa.Column("ship_province", sa.String(64), nullable=False, server_default=""),
    sa.Column("ship_city", sa.String(64), nullable=False, server_default=""),
    sa.Column("ship_district", sa.String(64), nullable=False, server_default=""),
    sa.Column("ship_detail", sa.String(255), nullable=False, server_default=""),
    sa.Column("ship_postal_code", sa.String(12), nullable=True),
    sa.Column("note", sa.String(500), nullable=False, server_default=""),
    sa.Column("payment_method", sa.String(32), nullable=True, index=True),
    sa.Column("payment_reference", sa.String(128), nullable=True),
    sa.Column("needs_review", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("review_flags", sa.JSON, nullable=False),
    sa.Column("hold_reason", sa.String(500), nullable=True),
    sa.Column("cancel_reason", sa.String(500), nullable=True),
    sa.Column("cancel_reason_params", sa.JSON(none_as_null=True), nullable=True),  # set: the reason is a code
    sa.Column("carrier", sa.String(64), nullable=True),
    sa.Column("tracking_number", sa.String(64), nullable=True),
    sa.Column("reservation_id", sa.Uuid, nullable=True),
    sa.Column("placed_by_id", sa.Uuid, nullable=True),
    sa.Column("split_from_id", sa.Uuid, nullable=True, index=True),
    sa.Column("fingerprint", sa.String(64), nullable=False, server_default=""),
    sa.Column("item_count", sa.Integer, nullable=False),
    sa.Column("first_item_name", sa.String(200), nullable=False, server_default=""),
    sa.Column("first_item_image_url", sa.String(500), nullable=True),
    sa.Column("expires_at", UTCDateTime, nullable=True),
    sa.Column("paid_at", UTCDateTime, nullable=True),
    sa.Column("shipped_at", UTCDateTime, nullable=True),
    sa.Column("completed_at", UTCDateTime, nullable=True),
    sa.Column("cancelled_at", UTCDateTime, nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=True),
    sa.CheckConstraint("total_minor >= 0 AND paid_minor >= 0 AND refunded_minor >= 0", name="amounts_not_negative"),
)
o = sales_order.c
# the list's default order and each filter with its sort (status tabs, review queue, expiry sweep, customer tabs)
# (…, created_at DESC, id DESC) is the list's ORDER BY exactly, so a page reads 20 index entries and stops; the
# same index read backwards serves sort=created_at
sa.Index("ix_sales_order_created_at_id", o.created_at.desc(), o.id.desc())
sa.Index("ix_sales_order_status_created_at_id", o.status, o.created_at.desc(), o.id.desc())
sa.Index("ix_sales_order_customer_id_created_at", o.customer_id, o.created_at)
sa.Index("ix_sales_order_paid_at", o.paid_at)
sa.Index("ix_sales_order_shipped_at", o.shipped_at)
sa.Index("ix_sales_order_total_minor", o.total_minor)
sa.Index("ix_sales_order_status_expires_at", o.status, o.expires_at)
sa.Index("ix_sales_order_needs_review_created_at", o.needs_review, o.created_at)
# the customer filter matches a prefix of the name, phone or e-mail (case-insensitively); pattern_ops let
# PostgreSQL use the B-tree for LIKE 'x%' whatever the database's collation
_PATTERN = {"postgresql_ops": {"customer_name_lower": "text_pattern_ops", "customer_phone": "varchar_pattern_ops",
            "customer_email_lower": "text_pattern_ops"}}  # fmt: skip
sa.Index("ix_sales_order_customer_name_prefix", sa.func.lower(o.customer_name).label("customer_name_lower"),
         postgresql_ops=_PATTERN["postgresql_ops"])  # fmt: skip
sa.Index("ix_sales_order_customer_phone_prefix", o.customer_phone, postgresql_ops=_PATTERN["postgresql_ops"])
# a phone's last digits: reverse(phone) LIKE '4321%' (PostgreSQL only: SQLite has no reverse() and small tables)
sa.Index(
    "ix_sales_order_customer_phone_suffix",
    sa.func.reverse(o.customer_phone).label("customer_phone_reversed"),
    postgresql_ops={"customer_phone_reversed": "text_pattern_ops"},
).ddl_if(dialect="postgresql")
sa.Index("ix_sales_order_customer_email_prefix", sa.func.lower(o.customer_email).label("customer_email_lower"),
         postgresql_ops=_PATTERN["postgresql_ops"])  # fmt: skip

order_line = sa.Table(
    "order_line",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("order_id", sa.Uuid, sa.ForeignKey("sales_order.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("sku_id", sa.Uuid, sa.ForeignKey("sku.id", ondelete="RESTRICT"), nullable=False, index=True),
    sa.Column("product_id", sa.Uuid, nullable=False),
    sa.Column("product_name", sa.String(200), nullable=False),
    sa.Column("product_name_en", sa.String(200), nullable=True),
    sa.Column("sku_code", sa.String(64), nullable=False, index=True),
    sa.Column("attributes", sa.JSON, nullable=False),
    sa.Column("image_url", sa.String(500), nullable=True),
    sa.Column("unit_price_minor", sa.BigInteger, nullable=False),
    sa.Column("quantity", sa.Integer, nullable=False),
    sa.Column("subtotal_minor", sa.BigInteger, nullable=False),
    sa.Column("discount_minor", sa.BigInteger, nullable=False),
    sa.Column("tax_minor", sa.BigInteger, nullable=False),
    sa.Column("total_minor", sa.BigInteger, nullable=False),
    sa.Column("shipped_quantity", sa.Integer, nullable=False, server_default="0"),
    sa.Column("position", sa.Integer, nullable=False, server_default="0"),
    sa.CheckConstraint(
        "quantity > 0 AND shipped_quantity >= 0 AND shipped_quantity <= quantity", name="quantities_consistent"
    ),
)
sa.Index("ix_order_line_product_name", order_line.c.product_name)

order_event = sa.Table(
    "order_event",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("order_id", sa.Uuid, sa.ForeignKey("sales_order.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("action", sa.String(32), nullable=False),
    sa.Column("actor_kind", sa.String(16), nullable=False),
    sa.Column("actor_id", sa.Uuid, nullable=True),
    sa.Column("actor_name", sa.String(254), nullable=True),
    sa.Column("from_status", sa.String(20), nullable=True),
    sa.Column("to_status", sa.String(20), nullable=False),
    sa.Column("note", sa.String(500), nullable=False, server_default=""),
    sa.Column("note_params", sa.JSON(none_as_null=True), nullable=True),  # set: the note is a code (orders/notes.py)
)

order_remark = sa.Table(
    "order_remark",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("order_id", sa.Uuid, sa.ForeignKey("sales_order.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("author_id", sa.Uuid, nullable=True),
    sa.Column("author_name", sa.String(254), nullable=True),
    sa.Column("text", sa.String(1000), nullable=False),
)


def map_entities(registry: Registry) -> None:
    lines = registry.map_imperatively(entities.OrderLine, order_line)
    events = registry.map_imperatively(entities.OrderEvent, order_event)
    remarks = registry.map_imperatively(entities.OrderRemark, order_remark)
    registry.map_imperatively(
        entities.Order,
        sales_order,
        properties={
            "lines": relationship(lines, lazy="selectin", order_by=order_line.c.position, cascade="all, delete-orphan"),
            "events": relationship(
                events, lazy="selectin", order_by=[order_event.c.at, order_event.c.id], cascade="all, delete-orphan"
            ),
            "remarks": relationship(
                remarks, lazy="selectin", order_by=[order_remark.c.at, order_remark.c.id], cascade="all, delete-orphan"
            ),
        },
    )
