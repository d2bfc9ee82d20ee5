"""The unit of work the global search reads through: every feature that contributes a source."""

from __future__ import annotations

from typing import Protocol

from domain.catalog.ports import CatalogUoW
from domain.customers.ports import CustomersUoW
from domain.identity.ports import IdentityUoW


class SearchUoW(IdentityUoW, CatalogUoW, CustomersUoW, Protocol):
    """Orders join by adding their unit of work here and a source in sources.py."""
