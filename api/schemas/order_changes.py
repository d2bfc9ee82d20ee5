"""What a staff edit, a split and a merge of orders take and answer (domain/orders/editing.py, splitting.py)."""

from __future__ import annotations

from typing import Annotated, Self
from uuid import UUID

from pydantic import BaseModel, Field, model_validator

from api.schemas.account import RegionCode
from api.schemas.common import PHONE_PATTERN, AwareIsoTime, DecimalText, Schema
from api.schemas.orders import OrderOut, Quantity
from domain.orders.editing import AddressEdit, LineEdit, OrderEdit

UpdatedAt = Annotated[
    AwareIsoTime, Field(description="The order's `updated_at` as last read; stale: 409 order.modified")
]


class EditLineIn(Schema):
    """A line the order keeps (`line_id`) or a SKU it gains (`sku_id`); lines left out are removed."""

    line_id: UUID | None = None
    sku_id: UUID | None = None
    quantity: Quantity
    unit_price: DecimalText | None = Field(default=None, description="A new agreed price (needs orders:review)")

    @model_validator(mode="after")
    def one_of(self) -> Self:
        if (self.line_id is None) == (self.sku_id is None):
            raise ValueError("give either line_id or sku_id")
        return self


class EditAddressIn(Schema):
    """From the customer's address book (`address_id`), or typed in full."""

    address_id: UUID | None = None
    recipient: Annotated[str, Field(min_length=1, max_length=64)] | None = None
    phone: Annotated[str, Field(pattern=PHONE_PATTERN)] | None = None
    region_code: RegionCode | None = None
    province: Annotated[str, Field(min_length=1, max_length=32)] | None = None
    city: Annotated[str, Field(min_length=1, max_length=32)] | None = None
    district: Annotated[str, Field(min_length=1, max_length=32)] | None = None
    detail: Annotated[str, Field(min_length=1, max_length=255)] | None = None
    postal_code: Annotated[str, Field(pattern=r"^\d{6}$")] | None = None

    @model_validator(mode="after")
    def book_or_full(self) -> Self:
        typed = (self.recipient, self.phone, self.region_code, self.province, self.city, self.district, self.detail)
        if self.address_id is None and any(x is None for x in typed):
            raise ValueError("give address_id, or recipient, phone, region_code, province, city, district, detail")
        return self

    def edit(self) -> AddressEdit:
        if self.address_id is not None:
            return AddressEdit(address_id=self.address_id)
        return AddressEdit(
            recipient=self.recipient or "",
            phone=self.phone or "",
            region_code=self.region_code or "",
            province=self.province or "",
            city=self.city or "",
            district=self.district or "",
            detail=self.detail or "",
            postal_code=self.postal_code,
        )


class OrderEditIn(Schema):
    updated_at: UpdatedAt
    lines: Annotated[list[EditLineIn], Field(min_length=1, max_length=100)] | None = None
    address: EditAddressIn | None = None
    note: Annotated[str, Field(max_length=500)] | None = None
    remark: Annotated[str, Field(max_length=1000)] = ""

    def edit(self) -> OrderEdit:
        lines = None
        if self.lines is not None:
            lines = [
                LineEdit(x.quantity, line_id=x.line_id, sku_id=x.sku_id, unit_price=x.unit_price) for x in self.lines
            ]
        return OrderEdit(
            expected_updated_at=self.updated_at,
            lines=lines,
            address=self.address.edit() if self.address else None,
            note=self.note,
            remark=self.remark,
        )

    def changes_prices(self) -> bool:
        return any(x.unit_price is not None for x in self.lines or [])


class SplitLineIn(Schema):
    line_id: UUID
    quantity: Quantity


class SplitIn(Schema):
    """Chosen `lines` (and quantities) move to a new order; without them, one order per warehouse."""

    updated_at: UpdatedAt
    lines: Annotated[list[SplitLineIn], Field(min_length=1, max_length=100)] | None = None


class SplitOut(BaseModel):
    orders: list[OrderOut] = Field(description="The original order first, then the orders split off it")


class MergeIn(Schema):
    order_ids: Annotated[list[UUID], Field(min_length=2, max_length=20)]
    updated_at: dict[UUID, AwareIsoTime] | None = Field(
        default=None, description="Each order's `updated_at` as last read (order id → time); stale: 409"
    )
