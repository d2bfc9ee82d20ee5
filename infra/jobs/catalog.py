"""Catalog jobs: promotions start and end by the clock, so listing prices are refreshed every minute; large
imports are applied after the request that accepted them, and swept every minute in case that enqueue was lost."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from domain.catalog import use_cases as catalog
from domain.catalog.events import ImportQueued
from domain.events import Event
from infra.jobs.queue import EventHandler, Job, JobCall

if TYPE_CHECKING:
    from infra.container import Container


async def refresh_listing_prices(ctx: dict[str, Any]) -> int:
    """Keep the prices products are listed and sorted by current as promotions start and end."""
    c: Container = ctx["container"]
    return await catalog.refresh_listing_prices(c.uow(), c.clock)


async def apply_catalog_import(ctx: dict[str, Any], *, import_id: UUID) -> str | None:
    """Apply one queued import all or nothing; a second run finds it claimed or finished and does nothing."""
    c: Container = ctx["container"]
    status = await catalog.run_import(c.uow, c.clock, import_id, currency=c.settings.base_currency)
    return str(status) if status else None


async def resume_catalog_imports(ctx: dict[str, Any]) -> int:
    """Enqueue imports still queued (the enqueue after commit was lost) or left running by a dead worker."""
    c: Container = ctx["container"]
    import_ids = await catalog.imports_to_resume(c.uow(), c.clock)
    for import_id in import_ids:
        await c.queue.enqueue(apply_import(import_id))
    return len(import_ids)


def apply_import(import_id: UUID) -> JobCall:
    return JobCall(apply_catalog_import, {"import_id": import_id}, job_id=f"catalog-import:{import_id}")


JOBS = [
    Job(refresh_listing_prices, every_minutes=1),
    Job(apply_catalog_import),
    Job(resume_catalog_imports, every_minutes=1),
]
ON_EVENT: dict[type[Event], EventHandler] = {ImportQueued: lambda event: [apply_import(event.import_id)]}
