"""The region tree as the cascader reads it."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from api.schemas.common import Schema
from domain.regions.entities import Region

REGION_CODE = r"^\d{6}$"


class RegionOut(Schema):
    code: Annotated[str, Field(description="GB/T 2260 code", examples=["310115"])]
    name: Annotated[str, Field(description="Chinese name (the data set has no English names yet)")]
    level: Annotated[int, Field(description="1 province, 2 city, 3 district")]
    leaf: Annotated[
        bool, Field(description="No children: an address may point at it (a district, or a city without districts)")
    ]

    @classmethod
    def of(cls, region: Region) -> RegionOut:
        return cls(code=region.code, name=region.name, level=region.level, leaf=region.is_leaf)
