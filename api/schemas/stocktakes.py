"""Request and response bodies for stocktakes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import Field, model_validator

from api.schemas.common import Schema, WholeNumber
from api.schemas.inventory import MAX_LINES
from domain.inventory.entities import StocktakeStatus
from domain.inventory.stocktakes import StocktakeView


class StocktakeIn(Schema):
    warehouse_id: UUID
    note: Annotated[str, Field(max_length=255)] = ""


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
    product_name: str
    sku_title: str
    expected: int
    counted: int
    difference: int
    current_on_hand: int


class StocktakeSummary(Schema):
    lines: int
    gains: int
    losses: int


class StocktakeListItem(Schema):
    id: UUID
    number: str
    warehouse_id: UUID
    warehouse_name: str
    status: StocktakeStatus
    note: str
    created_at: datetime
    applied_at: datetime | None
    closed_at: datetime | None


class StocktakeOut(StocktakeListItem):
    lines: list[StocktakeLineOut]
    summary: StocktakeSummary

    @classmethod
    def of(cls, view: StocktakeView) -> StocktakeOut:
        st = view.stocktake
        return cls(
            id=st.id,
            number=st.number,
            warehouse_id=st.warehouse_id,
            warehouse_name=view.warehouse_name,
            status=StocktakeStatus(st.status),
            note=st.note,
            created_at=st.created_at,
            applied_at=st.applied_at,
            closed_at=st.closed_at,
            lines=[
                StocktakeLineOut(
                    sku_id=v.line.sku_id,
                    sku_code=v.sku_code,
                    product_name=v.product_name,
                    sku_title=v.sku_title,
                    expected=v.line.expected,
                    counted=v.line.counted,
                    difference=v.line.difference,
                    current_on_hand=v.current_on_hand,
                )
                for v in view.lines
            ],
            summary=StocktakeSummary(lines=len(view.lines), gains=view.gains, losses=view.losses),
        )
