"""Table definitions: the one source the migrations are generated from."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from infra.db.types import UTCDateTime

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _timestamps() -> list[sa.Column[object]]:
    return [
        sa.Column("created_at", UTCDateTime, nullable=False, server_default=sa.func.now()),
        sa.Column("updated_at", UTCDateTime, nullable=True),
    ]


role = sa.Table(
    "role",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("name", sa.String(64), nullable=False, unique=True),
    sa.Column("description", sa.String(255), nullable=False, server_default=""),
    sa.Column("permissions", sa.JSON, nullable=False),
    sa.Column("builtin", sa.Boolean, nullable=False, server_default=sa.false()),
    *_timestamps(),
)

user_account = sa.Table(
    "user_account",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("email", sa.String(254), nullable=True, unique=True),
    sa.Column("phone", sa.String(20), nullable=True, unique=True),
    sa.Column("password_hash", sa.String(255), nullable=True),
    sa.Column("display_name", sa.String(100), nullable=False, server_default=""),
    sa.Column("avatar_url", sa.String(500), nullable=True),
    sa.Column("locale", sa.String(10), nullable=False, server_default="zh_CN"),
    sa.Column("status", sa.String(16), nullable=False, index=True),
    sa.Column("email_verified_at", UTCDateTime, nullable=True),
    sa.Column("phone_verified_at", UTCDateTime, nullable=True),
    sa.Column("last_login_at", UTCDateTime, nullable=True),
    sa.Column("token_version", sa.Integer, nullable=False, server_default="0"),
    *_timestamps(),
)
sa.Index("ix_user_account_created_at", user_account.c.created_at)

user_role = sa.Table(
    "user_role",
    metadata,
    sa.Column("user_id", sa.Uuid, sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("role_id", sa.Uuid, sa.ForeignKey("role.id", ondelete="CASCADE"), primary_key=True, index=True),
)

refresh_token = sa.Table(
    "refresh_token",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("user_id", sa.Uuid, sa.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("family_id", sa.Uuid, nullable=False, index=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("expires_at", UTCDateTime, nullable=False),
    sa.Column("ip", sa.String(64), nullable=True),
    sa.Column("user_agent", sa.String(255), nullable=True),
    sa.Column("used_at", UTCDateTime, nullable=True),
    sa.Column("revoked_at", UTCDateTime, nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=False, server_default=sa.func.now()),
)

one_time_code = sa.Table(
    "one_time_code",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("purpose", sa.String(32), nullable=False),
    sa.Column("target", sa.String(254), nullable=False),
    sa.Column("user_id", sa.Uuid, sa.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=True),
    sa.Column("code_hash", sa.String(64), nullable=False),
    sa.Column("expires_at", UTCDateTime, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("consumed_at", UTCDateTime, nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=False, server_default=sa.func.now()),
)
sa.Index("ix_one_time_code_purpose_target", one_time_code.c.purpose, one_time_code.c.target)
sa.Index("ix_one_time_code_code_hash", one_time_code.c.code_hash)

login_attempt = sa.Table(
    "login_attempt",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("user_id", sa.Uuid, sa.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=True),
    sa.Column("login", sa.String(254), nullable=False),
    sa.Column("ip", sa.String(64), nullable=False),
    sa.Column("success", sa.Boolean, nullable=False),
    sa.Column("at", UTCDateTime, nullable=False),
)
sa.Index("ix_login_attempt_user_id_at", login_attempt.c.user_id, login_attempt.c.at)

external_identity = sa.Table(
    "external_identity",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("user_id", sa.Uuid, sa.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("provider", sa.String(32), nullable=False),
    sa.Column("subject", sa.String(128), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False, server_default=sa.func.now()),
    sa.UniqueConstraint("provider", "subject"),
)

address = sa.Table(
    "address",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("user_id", sa.Uuid, sa.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("recipient", sa.String(64), nullable=False),
    sa.Column("phone", sa.String(20), nullable=False),
    sa.Column("region_code", sa.String(12), nullable=False),
    sa.Column("province", sa.String(32), nullable=False),
    sa.Column("city", sa.String(32), nullable=False),
    sa.Column("district", sa.String(32), nullable=False),
    sa.Column("detail", sa.String(255), nullable=False),
    sa.Column("postal_code", sa.String(12), nullable=True),
    sa.Column("tag", sa.String(16), nullable=True),
    sa.Column("is_default", sa.Boolean, nullable=False, server_default=sa.false()),
    *_timestamps(),
)

audit_entry = sa.Table(
    "audit_entry",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("at", UTCDateTime, nullable=False, index=True),
    sa.Column("actor_id", sa.Uuid, nullable=True, index=True),
    sa.Column("actor_name", sa.String(254), nullable=True),
    sa.Column("action", sa.String(64), nullable=False, index=True),
    sa.Column("target_type", sa.String(64), nullable=False),
    sa.Column("target_id", sa.String(64), nullable=False),
    sa.Column("before", sa.JSON, nullable=True),
    sa.Column("after", sa.JSON, nullable=True),
    sa.Column("ip", sa.String(64), nullable=True),
    sa.Column("request_id", sa.String(64), nullable=True),
)
sa.Index("ix_audit_entry_target", audit_entry.c.target_type, audit_entry.c.target_id)

outbox_message = sa.Table(
    "outbox_message",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("event", sa.String(64), nullable=False),
    sa.Column("channel", sa.String(16), nullable=False),
    sa.Column("user_id", sa.Uuid, sa.ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True),
    sa.Column("recipient", sa.String(254), nullable=False),
    sa.Column("subject", sa.String(255), nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("payload", sa.JSON, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("next_attempt_at", UTCDateTime, nullable=True),
    sa.Column("sent_at", UTCDateTime, nullable=True),
    sa.Column("last_error", sa.String(500), nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
)
sa.Index("ix_outbox_message_status_created_at", outbox_message.c.status, outbox_message.c.created_at)

in_app_notification = sa.Table(
    "in_app_notification",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("user_id", sa.Uuid, sa.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False),
    sa.Column("event", sa.String(64), nullable=False),
    sa.Column("title", sa.String(255), nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("read_at", UTCDateTime, nullable=True),
)
sa.Index("ix_in_app_notification_user_id_created_at", in_app_notification.c.user_id, in_app_notification.c.created_at)

# ---- catalog ---------------------------------------------------------------------------------------------------

category = sa.Table(
    "category",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("parent_id", sa.Uuid, sa.ForeignKey("category.id", ondelete="RESTRICT"), nullable=True, index=True),
    sa.Column("name", sa.String(64), nullable=False),
    sa.Column("position", sa.Integer, nullable=False, server_default="0"),
    sa.Column("path", sa.String(400), nullable=False, index=True),
    sa.Column("depth", sa.Integer, nullable=False),
    sa.Column("sibling_key", sa.String(120), nullable=False, unique=True),
    *_timestamps(),
)

product = sa.Table(
    "product",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("code", sa.String(64), nullable=False, unique=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("category_id", sa.Uuid, sa.ForeignKey("category.id", ondelete="RESTRICT"), nullable=True, index=True),
    sa.Column("brand", sa.String(64), nullable=False, server_default="", index=True),
    sa.Column("description", sa.Text, nullable=False, server_default=""),
    sa.Column("tags", sa.JSON, nullable=False),
    sa.Column("status", sa.String(16), nullable=False, index=True),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("price_minor", sa.BigInteger, nullable=False, server_default="0", index=True),
    sa.Column("sales_count", sa.Integer, nullable=False, server_default="0", index=True),
    sa.Column("search_text", sa.String(2000), nullable=False, server_default=""),
    sa.Column("published_at", UTCDateTime, nullable=True),
    *_timestamps(),
)
sa.Index("ix_product_created_at", product.c.created_at)
# PostgreSQL finds keywords anywhere in the text through a trigram index (SQLite scans: fine at shop scale)
POSTGRESQL_ONLY_INDEXES = {"ix_product_search_text_trgm"}
sa.Index(
    "ix_product_search_text_trgm",
    product.c.search_text,
    postgresql_using="gin",
    postgresql_ops={"search_text": "gin_trgm_ops"},
).ddl_if(dialect="postgresql")

sku = sa.Table(
    "sku",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("product_id", sa.Uuid, sa.ForeignKey("product.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("code", sa.String(64), nullable=False, unique=True),
    sa.Column("barcode", sa.String(64), nullable=True, unique=True),
    sa.Column("attributes", sa.JSON, nullable=False),
    sa.Column("retail_price_minor", sa.BigInteger, nullable=False),
    sa.Column("wholesale_price_minor", sa.BigInteger, nullable=True),
    sa.Column("promo_price_minor", sa.BigInteger, nullable=True),
    sa.Column("promo_starts_at", UTCDateTime, nullable=True),
    sa.Column("promo_ends_at", UTCDateTime, nullable=True),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("weight_grams", sa.Integer, nullable=True),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("position", sa.Integer, nullable=False, server_default="0"),
    *_timestamps(),
    sa.CheckConstraint("retail_price_minor >= 0", name="retail_price_not_negative"),
    sa.CheckConstraint("wholesale_price_minor >= 0", name="wholesale_price_not_negative"),
    sa.CheckConstraint("promo_price_minor >= 0", name="promo_price_not_negative"),
)

product_image = sa.Table(
    "product_image",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("product_id", sa.Uuid, sa.ForeignKey("product.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("url", sa.String(500), nullable=False),
    sa.Column("thumbnail_url", sa.String(500), nullable=False),
    sa.Column("position", sa.Integer, nullable=False, server_default="0"),
    sa.Column("created_at", UTCDateTime, nullable=False, server_default=sa.func.now()),
)

# ---- inventory -------------------------------------------------------------------------------------------------

warehouse = sa.Table(
    "warehouse",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("code", sa.String(32), nullable=False, unique=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("region_code", sa.String(12), nullable=True),
    sa.Column("address", sa.String(255), nullable=False, server_default=""),
    sa.Column("contact", sa.String(64), nullable=False, server_default=""),
    sa.Column("phone", sa.String(20), nullable=True),
    sa.Column("priority", sa.Integer, nullable=False, server_default="0"),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    *_timestamps(),
)

stock_level = sa.Table(
    "stock_level",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("sku_id", sa.Uuid, sa.ForeignKey("sku.id", ondelete="RESTRICT"), nullable=False),
    sa.Column("warehouse_id", sa.Uuid, sa.ForeignKey("warehouse.id", ondelete="RESTRICT"), nullable=False, index=True),
    sa.Column("on_hand", sa.Integer, nullable=False, server_default="0"),
    sa.Column("reserved", sa.Integer, nullable=False, server_default="0"),
    sa.Column("low_stock_threshold", sa.Integer, nullable=False, server_default="0"),
    sa.Column("sale_paused", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("pause_at_zero", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("low_stock_alerted_at", UTCDateTime, nullable=True),
    *_timestamps(),
    sa.UniqueConstraint("sku_id", "warehouse_id"),
    # the last guard against overselling, whatever the code above does
    sa.CheckConstraint("reserved >= 0 AND on_hand >= reserved", name="quantities_consistent"),
    sa.CheckConstraint("low_stock_threshold >= 0", name="threshold_not_negative"),
)

stock_movement = sa.Table(
    "stock_movement",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("sku_id", sa.Uuid, sa.ForeignKey("sku.id", ondelete="RESTRICT"), nullable=False),
    sa.Column("warehouse_id", sa.Uuid, sa.ForeignKey("warehouse.id", ondelete="RESTRICT"), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False, index=True),
    sa.Column("on_hand_delta", sa.Integer, nullable=False),
    sa.Column("reserved_delta", sa.Integer, nullable=False),
    sa.Column("on_hand_after", sa.Integer, nullable=False),
    sa.Column("reserved_after", sa.Integer, nullable=False),
    sa.Column("reason", sa.String(255), nullable=False, server_default=""),
    sa.Column("actor_id", sa.Uuid, nullable=True),
    sa.Column("actor_name", sa.String(254), nullable=True),
    sa.Column("reference_type", sa.String(32), nullable=True),
    sa.Column("reference_id", sa.String(64), nullable=True),
    sa.Column("at", UTCDateTime, nullable=False, index=True),
)
sa.Index("ix_stock_movement_sku_id_at", stock_movement.c.sku_id, stock_movement.c.at)
sa.Index("ix_stock_movement_warehouse_id_at", stock_movement.c.warehouse_id, stock_movement.c.at)
sa.Index("ix_stock_movement_reference", stock_movement.c.reference_type, stock_movement.c.reference_id)

stock_reservation = sa.Table(
    "stock_reservation",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("reference_type", sa.String(32), nullable=False),
    sa.Column("reference_id", sa.String(64), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("expires_at", UTCDateTime, nullable=True),
    sa.Column("idempotency_key", sa.String(128), nullable=True, unique=True),
    *_timestamps(),
)
sa.Index("ix_stock_reservation_reference", stock_reservation.c.reference_type, stock_reservation.c.reference_id)
sa.Index("ix_stock_reservation_status_expires_at", stock_reservation.c.status, stock_reservation.c.expires_at)

stock_reservation_line = sa.Table(
    "stock_reservation_line",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column(
        "reservation_id",
        sa.Uuid,
        sa.ForeignKey("stock_reservation.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("sku_id", sa.Uuid, sa.ForeignKey("sku.id", ondelete="RESTRICT"), nullable=False),
    sa.Column("warehouse_id", sa.Uuid, sa.ForeignKey("warehouse.id", ondelete="RESTRICT"), nullable=False),
    sa.Column("quantity", sa.Integer, nullable=False),
    sa.Column("shipped", sa.Integer, nullable=False, server_default="0"),
    sa.CheckConstraint("quantity > 0 AND shipped >= 0 AND shipped <= quantity", name="quantities_consistent"),
)

stocktake = sa.Table(
    "stocktake",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("number", sa.String(32), nullable=False, unique=True),
    sa.Column("warehouse_id", sa.Uuid, sa.ForeignKey("warehouse.id", ondelete="RESTRICT"), nullable=False, index=True),
    sa.Column("status", sa.String(16), nullable=False, index=True),
    sa.Column("note", sa.String(255), nullable=False, server_default=""),
    sa.Column("created_by", sa.Uuid, nullable=True),
    sa.Column("applied_at", UTCDateTime, nullable=True),
    sa.Column("closed_at", UTCDateTime, nullable=True),
    *_timestamps(),
)

stocktake_line = sa.Table(
    "stocktake_line",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("stocktake_id", sa.Uuid, sa.ForeignKey("stocktake.id", ondelete="CASCADE"), nullable=False),
    sa.Column("sku_id", sa.Uuid, sa.ForeignKey("sku.id", ondelete="RESTRICT"), nullable=False),
    sa.Column("expected", sa.Integer, nullable=False),
    sa.Column("counted", sa.Integer, nullable=False),
    sa.Column("recorded_at", UTCDateTime, nullable=False),
    sa.Column("recorded_by", sa.Uuid, nullable=True),
    sa.UniqueConstraint("stocktake_id", "sku_id"),
    sa.CheckConstraint("counted >= 0", name="counted_not_negative"),
)

# ---- idempotency -----------------------------------------------------------------------------------------------

idempotency_record = sa.Table(
    "idempotency_record",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("scope", sa.String(128), nullable=False),  # caller and operation: the same key means nothing elsewhere
    sa.Column("key", sa.String(128), nullable=False),
    sa.Column("request_hash", sa.String(64), nullable=False),
    sa.Column("status_code", sa.Integer, nullable=False),
    sa.Column("response", sa.JSON, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("scope", "key"),
)


def in_schema_of(dialect: str) -> Callable[[object, str | None, str, bool, object], bool]:
    """Alembic `include_object` hook: PostgreSQL-only indexes are not expected elsewhere."""

    def include(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
        return not (type_ == "index" and name in POSTGRESQL_ONLY_INDEXES and dialect != "postgresql")

    return include
