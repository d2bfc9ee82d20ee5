"""The back office's global search answer."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import Field

from api.schemas.common import Schema
from domain.search.hits import Group

GroupName = Literal["products", "skus", "barcodes", "orders", "customers", "staff"]


class HitOut(Schema):
    id: UUID
    title: str
    detail: str | None
    opens: UUID = Field(description="The object whose page shows the hit: a SKU or barcode opens its product")


class GroupOut(Schema):
    name: GroupName
    hits: list[HitOut]


class SearchOut(Schema):
    q: str
    groups: list[GroupOut] = Field(description="Only groups with hits that the reader may read, in a fixed order")

    @classmethod
    def of(cls, q: str, groups: list[Group]) -> SearchOut:
        return cls.model_validate(
            {"q": q, "groups": [{"name": g.name, "hits": [vars(h) for h in g.hits]} for g in groups]}
        )
