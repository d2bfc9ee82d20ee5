"""Categories, products, SKUs and product images."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import registry as Registry
from sqlalchemy.orm import relationship

from domain.catalog import entities
from infra.db.schema import POSTGRESQL_ONLY, metadata, timestamps
from infra.db.types import UTCDateTime

category = sa.Table(
    "category",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("parent_id", sa.Uuid, sa.ForeignKey("category.id", ondelete="RESTRICT"), nullable=True, index=True),
    sa.Column("name", sa.String(64), nullable=False),
    sa.Column("name_en", sa.String(64), nullable=True),
    sa.Column("position", sa.Integer, nullable=False, server_default="0"),
    sa.Column("path", sa.String(400), nullable=False, index=True),
    sa.Column("depth", sa.Integer, nullable=False),
    sa.Column("sibling_key", sa.String(120), nullable=False, unique=True),
    *timestamps(),
)

product = sa.Table(
    "product",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("code", sa.String(64), nullable=False, unique=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("name_en", sa.String(200), nullable=True),
    sa.Column("category_id", sa.Uuid, sa.ForeignKey("category.id", ondelete="RESTRICT"), nullable=True, index=True),
    sa.Column("brand", sa.String(64), nullable=False, server_default="", index=True),
    sa.Column("description", sa.Text, nullable=False, server_default=""),
    sa.Column("tags", sa.JSON, nullable=False),
    sa.Column("status", sa.String(16), nullable=False, index=True),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("price_minor", sa.BigInteger, nullable=False, server_default="0", index=True),
    sa.Column("sales_count", sa.Integer, nullable=False, server_default="0", index=True),
    sa.Column("search_text", sa.String(2000), nullable=False, server_default=""),
    sa.Column("search_tokens", sa.Text, nullable=False, server_default=""),
    # kept by the inventory in the same transaction as a stock change (domain/catalog/in_stock.py)
    sa.Column("in_stock", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("published_at", UTCDateTime, nullable=True),
    sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    *timestamps(),
)
sa.Index("ix_product_created_at", product.c.created_at)
# the storefront's in-stock lists, by price and by sales: walk one index in order, stop after a page
sa.Index("ix_product_status_in_stock_price_minor", product.c.status, product.c.in_stock, product.c.price_minor)
sa.Index("ix_product_status_in_stock_sales_count", product.c.status, product.c.in_stock, product.c.sales_count)
sa.Index("ix_product_published_at", product.c.published_at)  # the storefront's "newest"


def token_array(tokens: sa.ColumnElement[str]) -> sa.ColumnElement[list[str]]:
    """The bigram tokens as a text array: PostgreSQL only. (Not a tsvector: a bitmap scan rechecks each candidate
    row, and rebuilding a tsvector per row cost 10 µs, 10 ms for a word in 1,000 products.)"""
    # the separator as a literal, not a parameter: only then does a prepared statement's generic plan see the index
    return sa.func.string_to_array(tokens, sa.literal_column("' '"), type_=postgresql.ARRAY(sa.Text))


# PostgreSQL selects keyword candidates through a GIN index on the bigram tokens (SQLite scans: fine at shop scale)
sa.Index(
    "ix_product_search_tokens",
    token_array(product.c.search_tokens),
    postgresql_using="gin",
    info={POSTGRESQL_ONLY: True},
).ddl_if(dialect="postgresql")

sku = sa.Table(
    "sku",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("product_id", sa.Uuid, sa.ForeignKey("product.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("code", sa.String(64), nullable=False, unique=True),
    sa.Column("barcode", sa.String(64), nullable=True, unique=True),
    sa.Column("attributes", sa.JSON, nullable=False),
    sa.Column("attributes_en", sa.JSON, nullable=False, server_default="{}"),
    sa.Column("retail_price_minor", sa.BigInteger, nullable=False),
    sa.Column("wholesale_price_minor", sa.BigInteger, nullable=True),
    sa.Column("promo_price_minor", sa.BigInteger, nullable=True),
    sa.Column("promo_starts_at", UTCDateTime, nullable=True),
    sa.Column("promo_ends_at", UTCDateTime, nullable=True),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("weight_grams", sa.Integer, nullable=True),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("position", sa.Integer, nullable=False, server_default="0"),
    *timestamps(),
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


def map_entities(registry: Registry) -> None:
    registry.map_imperatively(entities.Category, category)
    sku_mapper = registry.map_imperatively(entities.Sku, sku)
    image_mapper = registry.map_imperatively(entities.ProductImage, product_image)
    registry.map_imperatively(
        entities.Product,
        product,
        # optimistic locking: every UPDATE of the row checks and bumps `version` (an editor's stale save is
        # refused by the domain first; this catches writers that did not lock the row)
        version_id_col=product.c.version,
        properties={
            "skus": relationship(
                sku_mapper,
                lazy="selectin",
                order_by=[sku.c.position, sku.c.code],
                cascade="all, delete-orphan",
            ),
            "images": relationship(
                image_mapper, lazy="selectin", order_by=product_image.c.position, cascade="all, delete-orphan"
            ),
        },
    )
