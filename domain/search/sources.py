"""Where the global search looks: each feature contributes a finder of its own (its `lookup` module) answering one
or more groups, behind the permission that reads that feature. Orders join by adding a line here."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from domain.catalog import lookup as catalog_lookup
from domain.customers import lookup as customer_lookup
from domain.identity import lookup as staff_lookup
from domain.orders import lookup as order_lookup
from domain.search.hits import Group
from domain.search.ports import SearchUoW

Finder = Callable[[SearchUoW, str, int], Awaitable[list[Group]]]


@dataclass(frozen=True)
class Source:
    permission: str  # a reader without it is not searched for, and never sees the source's groups
    find: Finder  # its groups, in the order they are shown; empty ones are dropped


SOURCES: tuple[Source, ...] = (
    Source("catalog:read", catalog_lookup.find),  # products, skus, barcodes
    Source("orders:read", order_lookup.find),  # by number
    Source("customers:read", customer_lookup.find),
    Source("users:manage", staff_lookup.find),  # staff
)
