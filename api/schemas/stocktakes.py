"""Request and response bodies for stocktakes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import Field, StrictBool, model_validator

from api.schemas.common import Schema, WholeNumber
from api.schemas.inventory import MAX_LINES
from domain.inventory.count_sheet import StocktakeView
from domain.inventory.entities import StocktakeStatus


class StocktakeIn(Schema):
    warehouse_id: UUID
    note: Annotated[str, Field(max_length=255)] = ""
    category_id: UUID | None = Field(None, description="Count only this category's products (sub-categories too)")
    count_sheet: StrictBool = Field(
        False, description="List every SKU stocked in the scope as a line to count (always, with a category)"
    )
    blind: StrictBool = Field(False, description="Hide expected quantities from counters while the count is open")


class CountIn(Schema):
    sku_id: UUID | None = None
    barcode: Annotated[str, Field(min_length=1, max_length=64)] | None = None
    counted: Annotated[int, Field(ge=0, le=10_000_000, strict=True), WholeNumber]

    @model_validator(mode="after")
    def _one_identifier(self) -> CountIn:
        if (self.sku_id is None) == (self.barcode is None):
            raise ValueError("Give either sku_id or barcode.")
        return self


class CountsIn(Schema):
    items: Annotated[list[CountIn], Field(min_length=1, max_length=MAX_LINES)]


class StocktakeLineOut(Schema):
    sku_id: UUID
    sku_code: str
    barcode: str | None
    product_name: str
    sku_title: str
    expected: int | None = Field(description="Null while a blind count is open")
    counted: int | None = Field(description="Null: on the count sheet, not counted yet")
    difference: int | None = Field(description="Null when not counted yet, or while a blind count is open")
    current_on_hand: int | None = Field(description="Null while a blind count is open")


class StocktakeSummary(Schema):
    lines: int
    counted: int
    uncounted: int
    gains: int | None = Field(description="Null while a blind count is open")
    losses: int | None = Field(description="Null while a blind count is open")


class StocktakeListItem(Schema):
    id: UUID
    number: str
    warehouse_id: UUID
    warehouse_name: str
    status: StocktakeStatus
    note: str
    category_id: UUID | None
    blind: bool
    created_at: datetime
    applied_at: datetime | None
    closed_at: datetime | None


class StocktakeOut(StocktakeListItem):
    expected_hidden: bool
    lines: list[StocktakeLineOut] = Field(description="The lines the `lines` filter asked for")
    summary: StocktakeSummary = Field(description="Over all lines, whatever the filter")

    @classmethod
    def of(cls, view: StocktakeView) -> StocktakeOut:
        st, hidden = view.stocktake, view.expected_hidden
        return cls(
            id=st.id,
            number=st.number,
            warehouse_id=st.warehouse_id,
            warehouse_name=view.warehouse_name,
            status=StocktakeStatus(st.status),
            note=st.note,
            category_id=st.category_id,
            blind=st.blind,
            created_at=st.created_at,
            applied_at=st.applied_at,
            closed_at=st.closed_at,
            expected_hidden=hidden,
            lines=[
                StocktakeLineOut(
                    sku_id=v.line.sku_id,
                    sku_code=v.sku_code,
                    barcode=v.barcode,
                    product_name=v.product_name,
                    sku_title=v.sku_title,
                    expected=None if hidden else v.line.expected,
                    counted=v.line.counted,
                    difference=None if hidden or v.line.counted is None else v.line.difference,
                    current_on_hand=None if hidden else v.current_on_hand,
                )
                for v in view.lines
            ],
            summary=StocktakeSummary(
                lines=len(view.all_lines),
                counted=len(view.all_lines) - view.uncounted,
                uncounted=view.uncounted,
                gains=None if hidden else view.gains,
                losses=None if hidden else view.losses,
            ),
        )
