"""Request and response bodies for warehouses, stock, the movement ledger and reservations."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from pydantic import Field, StrictBool, model_validator

from api.schemas.common import PHONE_PATTERN, Schema, WholeNumber
from domain.inventory.entities import MovementKind, Reservation, ReservationStatus, Warehouse
from domain.inventory.ports import MovementRow, StockRow

Quantity = Annotated[int, Field(ge=1, le=1_000_000, strict=True), WholeNumber]  # strict: no "5", no true
Reason = Annotated[str, Field(max_length=255)]
Code = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
MAX_LINES = 500


class WarehouseIn(Schema):
    code: Code
    name: Annotated[str, Field(min_length=1, max_length=100)]
    region_code: Annotated[str, Field(max_length=12, pattern=r"^\d+$")] | None = None
    address: Annotated[str, Field(max_length=255)] = ""
    contact: Annotated[str, Field(max_length=64)] = ""
    phone: Annotated[str, Field(pattern=PHONE_PATTERN)] | None = None
    priority: Annotated[int, Field(ge=0, le=10_000, strict=True, description="Lower is tried first"), WholeNumber] = 0


class WarehouseUpdate(Schema):
    code: Code | None = None
    name: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    region_code: Annotated[str, Field(max_length=12, pattern=r"^\d+$")] | None = None
    address: Annotated[str, Field(max_length=255)] | None = None
    contact: Annotated[str, Field(max_length=64)] | None = None
    phone: Annotated[str, Field(pattern=PHONE_PATTERN)] | None = None
    priority: Annotated[int, Field(ge=0, le=10_000, strict=True), WholeNumber] | None = None
    active: StrictBool | None = None

    def changes(self) -> dict[str, Any]:
        """The fields sent; `null` clears region_code and phone, and means "unchanged" for the rest."""
        sent = self.model_dump(exclude_unset=True)
        return {k: v for k, v in sent.items() if v is not None or k in ("region_code", "phone")}


class WarehouseOut(Schema):
    id: UUID
    code: str
    name: str
    region_code: str | None
    address: str
    contact: str
    phone: str | None
    priority: int
    active: bool
    created_at: datetime | None
    updated_at: datetime | None

    @classmethod
    def of(cls, warehouse: Warehouse) -> WarehouseOut:
        return cls.model_validate(warehouse)


class StockLevelOut(Schema):
    id: UUID
    sku_id: UUID
    sku_code: str
    sku_title: str
    barcode: str | None
    product_id: UUID
    product_name: str
    warehouse_id: UUID
    warehouse_code: str
    warehouse_name: str
    on_hand: int
    reserved: int
    available: int
    low_stock_threshold: int
    sale_paused: bool
    pause_at_zero: bool
    is_low: bool
    updated_at: datetime | None

    @classmethod
    def of(cls, row: StockRow) -> StockLevelOut:
        lvl = row.level
        return cls(
            id=lvl.id,
            sku_id=lvl.sku_id,
            sku_code=row.sku_code,
            sku_title=row.sku_title,
            barcode=row.barcode,
            product_id=row.product_id,
            product_name=row.product_name,
            warehouse_id=lvl.warehouse_id,
            warehouse_code=row.warehouse_code,
            warehouse_name=row.warehouse_name,
            on_hand=lvl.on_hand,
            reserved=lvl.reserved,
            available=lvl.available,
            low_stock_threshold=lvl.low_stock_threshold,
            sale_paused=lvl.sale_paused,
            pause_at_zero=lvl.pause_at_zero,
            is_low=lvl.is_low,
            updated_at=lvl.updated_at,
        )


def stock_level_json(row: StockRow) -> dict[str, Any]:
    """StockLevelOut as plain data for orjson: building and checking a page of 20 models cost more CPU than
    reading the page from the database (tests/unit/test_stock_page_json.py holds the two shapes equal)."""
    lvl = row.level
    return {
        "id": lvl.id,
        "sku_id": lvl.sku_id,
        "sku_code": row.sku_code,
        "sku_title": row.sku_title,
        "barcode": row.barcode,
        "product_id": row.product_id,
        "product_name": row.product_name,
        "warehouse_id": lvl.warehouse_id,
        "warehouse_code": row.warehouse_code,
        "warehouse_name": row.warehouse_name,
        "on_hand": lvl.on_hand,
        "reserved": lvl.reserved,
        "available": lvl.available,
        "low_stock_threshold": lvl.low_stock_threshold,
        "sale_paused": lvl.sale_paused,
        "pause_at_zero": lvl.pause_at_zero,
        "is_low": lvl.is_low,
        "updated_at": lvl.updated_at,
    }


class LevelSettingsIn(Schema):
    low_stock_threshold: Annotated[int, Field(ge=0, le=1_000_000, strict=True), WholeNumber] | None = None
    sale_paused: StrictBool | None = None
    pause_at_zero: StrictBool | None = Field(
        default=None, description="Pause sale automatically when none is available"
    )


class ReceiptLineIn(Schema):
    sku_id: UUID
    quantity: Quantity


class ReceiptIn(Schema):
    warehouse_id: UUID
    reference: (
        Annotated[str, Field(min_length=1, max_length=64, description="e.g. the purchase order number")] | None
    ) = None
    reason: Reason = ""
    lines: Annotated[list[ReceiptLineIn], Field(min_length=1, max_length=MAX_LINES)]


class AdjustmentLineIn(Schema):
    sku_id: UUID
    warehouse_id: UUID
    delta: Annotated[
        int, Field(ge=-1_000_000, le=1_000_000, strict=True, description="Positive adds, negative removes"), WholeNumber
    ]

    @model_validator(mode="after")
    def _not_zero(self) -> AdjustmentLineIn:
        if self.delta == 0:
            raise ValueError("An adjustment cannot be zero.")
        return self


class AdjustmentIn(Schema):
    reason: Annotated[str, Field(min_length=1, max_length=255)]
    lines: Annotated[list[AdjustmentLineIn], Field(min_length=1, max_length=MAX_LINES)]


class TransferIn(Schema):
    sku_id: UUID
    from_warehouse_id: UUID
    to_warehouse_id: UUID
    quantity: Quantity
    reason: Reason = ""

    @model_validator(mode="after")
    def _two_warehouses(self) -> TransferIn:
        if self.from_warehouse_id == self.to_warehouse_id:
            raise ValueError("Choose two different warehouses.")
        return self


class MovementOut(Schema):
    id: UUID
    sku_id: UUID
    sku_code: str
    product_name: str
    warehouse_id: UUID
    warehouse_code: str
    kind: MovementKind
    quantity: int
    on_hand_before: int
    on_hand_after: int
    reserved_before: int
    reserved_after: int
    reason: str
    actor_name: str | None
    reference_type: str | None
    reference_id: str | None
    at: datetime

    @classmethod
    def of(cls, row: MovementRow) -> MovementOut:
        m = row.movement
        return cls(
            id=m.id,
            sku_id=m.sku_id,
            sku_code=row.sku_code,
            product_name=row.product_name,
            warehouse_id=m.warehouse_id,
            warehouse_code=row.warehouse_code,
            kind=MovementKind(m.kind),
            quantity=m.quantity,
            on_hand_before=m.on_hand_before,
            on_hand_after=m.on_hand_after,
            reserved_before=m.reserved_before,
            reserved_after=m.reserved_after,
            reason=m.reason,
            actor_name=m.actor_name,
            reference_type=m.reference_type,
            reference_id=m.reference_id,
            at=m.at,
        )


class MovementsOut(Schema):
    movements: list[MovementOut]

    @classmethod
    def of(cls, rows: list[MovementRow]) -> MovementsOut:
        return cls(movements=[MovementOut.of(r) for r in rows])


class ReservationLineIn(Schema):
    sku_id: UUID
    quantity: Quantity


class ReservationIn(Schema):
    lines: Annotated[list[ReservationLineIn], Field(min_length=1, max_length=MAX_LINES)]
    reference_type: Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[a-z][a-z0-9_]*$")]
    reference_id: Annotated[str, Field(min_length=1, max_length=64)]
    ttl_seconds: (
        Annotated[int, Field(ge=0, le=30 * 24 * 3600, description="Released when not shipped in time")] | None
    ) = None


class ReservationLineOut(Schema):
    sku_id: UUID
    warehouse_id: UUID
    quantity: int
    shipped: int
    outstanding: int


class ReservationOut(Schema):
    id: UUID
    status: ReservationStatus
    reference_type: str
    reference_id: str
    expires_at: datetime | None
    created_at: datetime
    updated_at: datetime | None
    lines: list[ReservationLineOut]

    @classmethod
    def of(cls, reservation: Reservation) -> ReservationOut:
        return cls.model_validate(reservation)


class ReservationCommitIn(Schema):
    lines: Annotated[list[ReservationLineIn], Field(min_length=1, max_length=MAX_LINES)] | None = Field(
        default=None, description="What ships now, per SKU; everything outstanding when left out"
    )
