"""Exporting the back office's order list: small results at once, large ones by a job with progress.

Every export, either way, is audited with who asked and the filters. The job's run is three kinds of
transaction: claim, one per batch (read the next orders by keyset, count progress), finish.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from datetime import timedelta
from uuid import UUID, uuid4

from domain.audit import service as audit
from domain.errors import Conflict, NotFound
from domain.identity.actor import Actor
from domain.order_exports import filters
from domain.order_exports.entities import STALE_AFTER, ExportFormat, ExportStatus, OrderExport
from domain.order_exports.events import ExportQueued
from domain.order_exports.ports import Cursor, ExportFiles, OrderExportsUoW
from domain.orders.entities import Order
from domain.orders.ports import OrderQuery
from domain.ports import Clock


def _newest_first(query: OrderQuery) -> bool:
    # Exports follow the list's time order; other sorts (total, paid time) are not keyset-friendly, so a large
    # file is written newest first whatever the list showed (the file can be sorted in the spreadsheet).
    return query.sort != "created_at"


async def count_orders(uow: OrderExportsUoW, query: OrderQuery) -> int:
    async with uow:
        return await uow.order_exports.count_orders(query)


async def record_export(
    uow: OrderExportsUoW, clock: Clock, actor: Actor, query: OrderQuery, *, format: ExportFormat, rows: int
) -> None:
    """Audit an export answered at once."""
    async with uow:
        await _audit(uow, clock, actor, uuid4(), query, format=format, rows=rows)
        await uow.commit()


async def _audit(
    uow: OrderExportsUoW, clock: Clock, actor: Actor, export_id: UUID, query: OrderQuery, *, format: str, rows: int
) -> None:
    at = clock.now()
    await audit.record(
        uow,
        actor,
        action="order.export",
        target_type="order_export",
        target_id=export_id,
        at=at,
        after={"file": f"orders-{at:%Y%m%d-%H%M%S}.{format}", "filters": filters.to_json(query), "rows": rows},
    )


async def queue_export(
    uow: OrderExportsUoW,
    clock: Clock,
    actor: Actor,
    query: OrderQuery,
    *,
    format: ExportFormat,
    locale: str,
    rows: int,
) -> OrderExport:
    """A queued export of the list; the same request by the same person while one is pending gets that one."""
    kept = filters.to_json(query)
    digest = filters.key(kept, str(format), locale)
    async with uow:
        pending = await uow.order_exports.active(actor.user_id, digest)
        if pending is not None:
            return pending
        export = OrderExport(
            id=uuid4(),
            requested_by=actor.user_id,
            requested_by_name=actor.name,
            filters=kept,
            filters_key=digest,
            format=format,
            locale=locale,
            status=ExportStatus.QUEUED,
            created_at=clock.now(),
            rows_total=rows,
        )
        await uow.order_exports.add(export)
        await _audit(uow, clock, actor, export.id, query, format=str(format), rows=rows)
        uow.record(ExportQueued(export.id))
        await uow.commit()
    return export


async def get_export(uow: OrderExportsUoW, export_id: UUID, *, requester: UUID | None) -> OrderExport:
    """An export, only for the person who asked for it (to anyone else it does not exist)."""
    async with uow:
        export = await uow.order_exports.get(export_id)
    if export is None or export.requested_by is None or export.requested_by != requester:
        raise NotFound("No such export.", code="order_export.not_found")
    return export


def file_of(export: OrderExport) -> str:
    """The finished file's path; refused while it is being written or once purged."""
    if export.status == ExportStatus.EXPIRED:
        raise Conflict("The export file has been deleted; export again.", code="order_export.expired")
    if export.status != ExportStatus.DONE or export.file_path is None:
        raise Conflict("The export is not finished yet.", code="order_export.not_ready", status=str(export.status))
    return export.file_path


async def order_batches(
    uows: Callable[[], OrderExportsUoW], query: OrderQuery, *, batch_size: int
) -> AsyncIterator[Sequence[Order]]:
    """Every matching order with its lines, a batch per short read-only transaction."""
    after: Cursor | None = None
    newest_first = _newest_first(query)
    while True:
        async with uows() as uow:
            batch = await uow.order_exports.orders_after(query, after, batch_size, newest_first=newest_first)
        if not batch:
            return
        yield batch
        last = batch[-1]
        assert last.created_at is not None
        after = (last.created_at, last.id)
        if len(batch) < batch_size:
            return


async def run_export(
    uows: Callable[[], OrderExportsUoW],
    clock: Clock,
    files: ExportFiles,
    export_id: UUID,
    *,
    batch_size: int,
    keep: timedelta,
) -> ExportStatus | None:
    """Write a queued export's file, counting progress per batch. None when another run has it or it is
    finished (a second run changes nothing)."""
    async with uows() as uow:
        now = clock.now()
        attempt = await uow.order_exports.claim(export_id, at=now, stale_before=now - STALE_AFTER)
        export = await uow.order_exports.get(export_id)
        await uow.commit()
    if attempt is None or export is None:
        return None
    sink = files.open(export)
    done = 0
    try:
        async for batch in order_batches(uows, filters.from_json(export.filters), batch_size=batch_size):
            await sink.write(batch)
            done += len(batch)
            async with uows() as uow:
                ours = await uow.order_exports.progress(export_id, attempt, rows_done=done, at=clock.now())
                await uow.commit()
            if not ours:  # taken over by a later run: leave the file to it
                await sink.abort()
                return None
        path = await sink.close()
    except Exception as error:
        await sink.abort()
        async with uows() as uow:
            await uow.order_exports.finish(
                export_id, attempt, status=ExportStatus.FAILED, error=type(error).__name__, finished_at=clock.now()
            )
            await uow.commit()
        raise
    async with uows() as uow:
        finished = clock.now()
        ours = await uow.order_exports.finish(
            export_id,
            attempt,
            status=ExportStatus.DONE,
            file_path=path,
            rows_done=done,
            rows_total=done,  # the orders written: any placed since the request are in the file too
            finished_at=finished,
            expires_at=finished + keep,
        )
        await uow.commit()
    if not ours:
        files.remove(path)
        return None
    return ExportStatus.DONE


async def exports_to_resume(uow: OrderExportsUoW, clock: Clock) -> list[UUID]:
    async with uow:
        return await uow.order_exports.to_resume(stale_before=clock.now() - STALE_AFTER, limit=100)


async def purge_expired(uow: OrderExportsUoW, clock: Clock, files: ExportFiles) -> int:
    """Delete export files past their time; the export stays, marked expired (the audit log keeps who)."""
    async with uow:
        due = await uow.order_exports.expired(clock.now(), 500)
        for export in due:
            if export.file_path:
                files.remove(export.file_path)
            await uow.order_exports.mark(export.id, ExportStatus.EXPIRED)
        await uow.commit()
    return len(due)
