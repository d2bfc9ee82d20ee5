"""What the search endpoint asks: one read-only unit of work for every source."""

from __future__ import annotations

from domain.search import service
from domain.unit_of_work import use_case

search = use_case(service.search)
