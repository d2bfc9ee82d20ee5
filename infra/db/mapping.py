"""Imperative mapping of the domain classes onto the tables: the domain stays free of SQLAlchemy."""

from __future__ import annotations

from sqlalchemy.orm import registry, relationship

from domain.audit import entities as audit
from domain.catalog import entities as catalog
from domain.identity import entities as identity
from domain.inventory import entities as inventory
from domain.notifications import entities as notifications
from infra.db import tables

mapper_registry = registry(metadata=tables.metadata)
_started = False


def start_mappers() -> None:
    global _started
    if _started:
        return
    _started = True
    role_mapper = mapper_registry.map_imperatively(identity.Role, tables.role)
    mapper_registry.map_imperatively(
        identity.User,
        tables.user_account,
        properties={
            "roles": relationship(
                role_mapper, secondary=tables.user_role, lazy="selectin", order_by=tables.role.c.name
            ),
        },
    )
    mapper_registry.map_imperatively(identity.RefreshToken, tables.refresh_token)
    mapper_registry.map_imperatively(identity.OneTimeCode, tables.one_time_code)
    mapper_registry.map_imperatively(identity.LoginAttempt, tables.login_attempt)
    mapper_registry.map_imperatively(identity.ExternalIdentity, tables.external_identity)
    mapper_registry.map_imperatively(identity.Address, tables.address)
    mapper_registry.map_imperatively(audit.AuditEntry, tables.audit_entry)
    mapper_registry.map_imperatively(notifications.OutboxMessage, tables.outbox_message)
    mapper_registry.map_imperatively(notifications.InAppNotification, tables.in_app_notification)
    _map_catalog()
    _map_inventory()


def _map_catalog() -> None:
    mapper_registry.map_imperatively(catalog.Category, tables.category)
    sku_mapper = mapper_registry.map_imperatively(catalog.Sku, tables.sku)
    image_mapper = mapper_registry.map_imperatively(catalog.ProductImage, tables.product_image)
    mapper_registry.map_imperatively(
        catalog.Product,
        tables.product,
        properties={
            "skus": relationship(
                sku_mapper,
                lazy="selectin",
                order_by=[tables.sku.c.position, tables.sku.c.code],
                cascade="all, delete-orphan",
            ),
            "images": relationship(
                image_mapper, lazy="selectin", order_by=tables.product_image.c.position, cascade="all, delete-orphan"
            ),
        },
    )


def _map_inventory() -> None:
    mapper_registry.map_imperatively(inventory.Warehouse, tables.warehouse)
    mapper_registry.map_imperatively(inventory.StockLevel, tables.stock_level)
    mapper_registry.map_imperatively(inventory.StockMovement, tables.stock_movement)
    line_mapper = mapper_registry.map_imperatively(inventory.ReservationLine, tables.stock_reservation_line)
    mapper_registry.map_imperatively(
        inventory.Reservation,
        tables.stock_reservation,
        properties={
            "lines": relationship(
                line_mapper,
                lazy="selectin",
                order_by=[tables.stock_reservation_line.c.sku_id, tables.stock_reservation_line.c.warehouse_id],
                cascade="all, delete-orphan",
            )
        },
    )
    count_mapper = mapper_registry.map_imperatively(inventory.StocktakeLine, tables.stocktake_line)
    mapper_registry.map_imperatively(
        inventory.Stocktake,
        tables.stocktake,
        properties={
            "lines": relationship(
                count_mapper,
                lazy="selectin",
                order_by=tables.stocktake_line.c.recorded_at,
                cascade="all, delete-orphan",
            )
        },
    )
