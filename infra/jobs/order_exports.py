"""Order export jobs: write a queued export's file with its progress (job id per export, so it is queued once),
the minute sweep that resumes exports whose enqueue was lost or whose worker died, and the purge of files past
their time. All are safe to run twice."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID

from domain.events import Event
from domain.order_exports import use_cases as exports
from domain.order_exports.events import ExportQueued
from infra.jobs.queue import EventHandler, Job, JobCall
from infra.order_export_files import local_files

if TYPE_CHECKING:
    from infra.container import Container


async def write_order_export(ctx: dict[str, Any], export_id: str) -> str | None:
    """Write one export's file batch by batch; a second run finds it claimed or finished and does nothing."""
    c: Container = ctx["container"]
    config = c.settings.order_export
    status = await exports.run_export(
        c.uow,
        c.clock,
        local_files(c.settings),
        UUID(export_id),
        batch_size=config.batch_size,
        keep=timedelta(hours=config.keep_hours),
    )
    return str(status) if status else None


async def resume_order_exports(ctx: dict[str, Any]) -> int:
    """Enqueue exports still queued (the enqueue after commit was lost) or left running by a dead worker."""
    c: Container = ctx["container"]
    export_ids = await exports.exports_to_resume(c.uow(), c.clock)
    for export_id in export_ids:
        await c.queue.enqueue(write_export(export_id))
    return len(export_ids)


async def purge_order_exports(ctx: dict[str, Any]) -> int:
    """Delete export files older than their keep time (a day by default)."""
    c: Container = ctx["container"]
    return await exports.purge_expired(c.uow(), c.clock, local_files(c.settings))


def write_export(export_id: UUID) -> JobCall:
    return JobCall(write_order_export, {"export_id": str(export_id)}, job_id=f"order-export:{export_id}")


JOBS = [
    Job(write_order_export),
    Job(resume_order_exports, every_minutes=1),
    Job(purge_order_exports, every_minutes=10),
]
ON_EVENT: dict[type[Event], EventHandler] = {ExportQueued: lambda event: [write_export(event.export_id)]}
