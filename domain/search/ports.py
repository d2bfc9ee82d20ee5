"""The unit of work the global search reads through: every feature that contributes a source."""

from __future__ import annotations

from typing import Protocol

from domain.catalog.ports import CatalogUoW
from domain.customers.ports import CustomersUoW
from domain.identity.ports import IdentityUoW
from domain.orders.lookup import OrderLookupUoW


class SearchUoW(IdentityUoW, CatalogUoW, CustomersUoW, OrderLookupUoW, Protocol):
    """Each feature with a source in sources.py adds its unit of work here."""
