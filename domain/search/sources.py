"""Where the global search looks: each feature contributes finders of its own (its `lookup` module), each
behind the permission that reads that feature. Orders join by adding a line here."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from domain.catalog import lookup as catalog_lookup
from domain.customers import lookup as customer_lookup
from domain.identity import lookup as staff_lookup
from domain.search.hits import Hit
from domain.search.ports import SearchUoW

Finder = Callable[[SearchUoW, str, int], Awaitable[list[Hit]]]


@dataclass(frozen=True)
class Source:
    group: str
    permission: str  # a reader without it never sees the group, nor is it searched for them
    find: Finder


SOURCES: tuple[Source, ...] = (
    Source("products", "catalog:read", catalog_lookup.products),
    Source("skus", "catalog:read", catalog_lookup.skus),
    Source("barcodes", "catalog:read", catalog_lookup.barcodes),
    Source("customers", "customers:read", customer_lookup.customers),
    Source("staff", "users:manage", staff_lookup.staff),
)
