"""China's administrative divisions as one static tree: province → city → district (GB/T 2260 codes)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import IntEnum


class RegionLevel(IntEnum):
    PROVINCE = 1
    CITY = 2  # the municipalities' city level bears the municipality's name (北京市 → 北京市 → 朝阳区)
    DISTRICT = 3


@dataclass(frozen=True)
class Region:
    code: str
    parent_code: str | None
    level: int
    name: str
    is_leaf: bool = True  # no children: an address may point at it (a district, or 东莞市 which has none)
    name_en: str = ""  # made from the Chinese name when the data set is built (infra/data/README.md)


@dataclass(frozen=True)
class RegionList:
    """Regions as read from one version of the tree (the version is the HTTP ETag)."""

    version: str
    regions: list[Region]


@dataclass(frozen=True)
class AddressRegion:
    """The names an address stores beside its region code; `district` is empty for a city without districts.
    Always the Chinese names, whatever the customer's language: they are what a courier reads on the label and a
    snapshot of the address as given (the English names are only for showing the tree in the English UI)."""

    province: str
    city: str
    district: str


@dataclass
class RegionTree:
    """Every region, indexed by code and by parent. Built once per process: the tree changes only with a
    migration, so it is read-only and safe to share between requests."""

    by_code: dict[str, Region] = field(default_factory=dict)
    children_of: dict[str | None, list[Region]] = field(default_factory=dict)
    version: str = ""  # changes whenever a code or a name (Chinese or English) does: the HTTP ETag

    @classmethod
    def of(cls, regions: Iterable[Region]) -> RegionTree:
        listed = sorted(regions, key=lambda r: r.code)
        parents = {r.parent_code for r in listed}
        fingerprint = repr([(r.code, r.parent_code, r.name, r.name_en) for r in listed]).encode()
        tree = cls(version=hashlib.sha256(fingerprint).hexdigest()[:16])
        for region in listed:
            node = replace(region, is_leaf=region.code not in parents)
            tree.by_code[node.code] = node
            tree.children_of.setdefault(node.parent_code, []).append(node)
        return tree

    def path(self, code: str) -> list[Region]:
        """From the province down to the region; empty for an unknown code."""
        path: list[Region] = []
        node = self.by_code.get(code)
        while node is not None:
            path.append(node)
            node = self.by_code.get(node.parent_code) if node.parent_code else None
        return path[::-1]
