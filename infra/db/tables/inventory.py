"""Warehouses, stock levels, the movement ledger, reservations and stocktakes."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import registry as Registry
from sqlalchemy.orm import relationship

from domain.inventory import entities
from infra.db.schema import metadata, timestamps
from infra.db.types import UTCDateTime

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
    *timestamps(),
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
    *timestamps(),
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
    *timestamps(),
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
    # the count sheet's scope: the warehouse, or only this category's products in it (sub-categories too)
    sa.Column("category_id", sa.Uuid, sa.ForeignKey("category.id", ondelete="RESTRICT"), nullable=True),
    sa.Column("blind", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("created_by", sa.Uuid, nullable=True),
    sa.Column("applied_at", UTCDateTime, nullable=True),
    sa.Column("closed_at", UTCDateTime, nullable=True),
    *timestamps(),
)

stocktake_line = sa.Table(
    "stocktake_line",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("stocktake_id", sa.Uuid, sa.ForeignKey("stocktake.id", ondelete="CASCADE"), nullable=False),
    sa.Column("sku_id", sa.Uuid, sa.ForeignKey("sku.id", ondelete="RESTRICT"), nullable=False),
    sa.Column("expected", sa.Integer, nullable=False),
    sa.Column("counted", sa.Integer, nullable=True),  # empty: on the count sheet, not counted yet
    sa.Column("recorded_at", UTCDateTime, nullable=True),
    sa.Column("recorded_by", sa.Uuid, nullable=True),
    sa.UniqueConstraint("stocktake_id", "sku_id"),
    sa.CheckConstraint("counted >= 0", name="counted_not_negative"),
)


def map_entities(registry: Registry) -> None:
    registry.map_imperatively(entities.Warehouse, warehouse)
    registry.map_imperatively(entities.StockLevel, stock_level)
    registry.map_imperatively(entities.StockMovement, stock_movement)
    line_mapper = registry.map_imperatively(entities.ReservationLine, stock_reservation_line)
    registry.map_imperatively(
        entities.Reservation,
        stock_reservation,
        properties={
            "lines": relationship(
                line_mapper,
                lazy="selectin",
                order_by=[stock_reservation_line.c.sku_id, stock_reservation_line.c.warehouse_id],
                cascade="all, delete-orphan",
            )
        },
    )
    count_mapper = registry.map_imperatively(entities.StocktakeLine, stocktake_line)
    registry.map_imperatively(
        entities.Stocktake,
        stocktake,
        properties={
            "lines": relationship(
                count_mapper,
                lazy="selectin",
                order_by=stocktake_line.c.id,
                cascade="all, delete-orphan",
            )
        },
    )
