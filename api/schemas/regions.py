"""The region tree as the cascader reads it."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from api.schemas.common import Schema
from domain.regions.entities import Region

REGION_CODE = r"^\d{6}$"


class RegionOut(Schema):
    code: Annotated[str, Field(description="GB/T 2260 code", examples=["310115"])]
    name: Annotated[str, Field(description="Chinese name (what addresses store)", examples=["浦东新区"])]
    name_en: Annotated[
        str,
        Field(
            description="English name, made from the Chinese one when the data set is built (pinyin place name and "
            "English suffix: Guangdong, Shenzhen, Nanshan District); show it in an English UI",
            examples=["Pudong New Area"],
        ),
    ]
    level: Annotated[int, Field(description="1 province, 2 city, 3 district")]
    leaf: Annotated[
        bool, Field(description="No children: an address may point at it (a district, or a city without districts)")
    ]

    @classmethod
    def of(cls, region: Region) -> RegionOut:
        return cls(code=region.code, name=region.name, name_en=region.name_en, level=region.level, leaf=region.is_leaf)
