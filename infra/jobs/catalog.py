"""Catalog jobs: promotions start and end by the clock, so listing prices are refreshed every minute."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from domain.catalog import use_cases as catalog
from infra.jobs.queue import Job

if TYPE_CHECKING:
    from infra.container import Container


async def refresh_listing_prices(ctx: dict[str, Any]) -> int:
    """Keep the prices products are listed and sorted by current as promotions start and end."""
    c: Container = ctx["container"]
    return await catalog.refresh_listing_prices(c.uow(), c.clock)


JOBS = [Job(refresh_listing_prices, every_minutes=1)]
