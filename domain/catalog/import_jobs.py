"""Large catalog imports applied by a job: the file's rows are kept with the import, so a restart resumes it.

The request that accepts the file stores its rows and answers 202 at once; the job claims the import
(queued → running, a conditional update, so two runs never both apply it), then applies every row in one
transaction, all or nothing, and records the outcome in that same transaction. A second run finds it finished
and changes nothing; a run that died half-way left nothing applied, and the sweep claims it again once stale.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol
from uuid import UUID, uuid4

from domain.catalog import import_export
from domain.catalog.events import ImportQueued
from domain.catalog.ports import CatalogUoW
from domain.errors import DomainError, NotFound
from domain.identity.actor import Actor
from domain.ports import Clock

# A run that holds an import this long without finishing has died (the apply is one transaction, so it left
# nothing behind); the sweep hands the import to a new run.
STALE_AFTER = timedelta(minutes=15)


class ImportStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


@dataclass(eq=False)
class CatalogImport:
    id: UUID
    filename: str
    status: ImportStatus
    header: list[str]
    records: list[list[Any]]  # [line, cells] per row below the header; emptied once the import has finished
    rows: int
    actor_id: UUID | None
    actor_name: str | None
    created_at: datetime
    attempts: int = 0
    started_at: datetime | None = None
    finished_at: datetime | None = None
    counts: dict[str, int] = field(default_factory=dict)  # products/SKUs created and updated
    errors: list[dict[str, Any]] = field(default_factory=list)  # line, column, code, message, params
    error_count: int = 0

    def finish(self, report: import_export.ImportReport, at: datetime) -> None:
        self.status = ImportStatus.FAILED if report.errors else ImportStatus.SUCCEEDED
        applied = not report.errors  # a failed import wrote nothing: it counts nothing either
        self.counts = {
            "products_created": report.products_created if applied else 0,
            "products_updated": report.products_updated if applied else 0,
            "skus_created": report.skus_created if applied else 0,
            "skus_updated": report.skus_updated if applied else 0,
        }
        self.errors = [
            {"line": e.line, "column": e.column, "code": e.code, "message": e.message, "params": e.params}
            for e in report.errors[:MAX_ERRORS_KEPT]
        ]
        self.error_count = len(report.errors)
        self.finished_at = at
        self.records = []

    def refuse(self, error: DomainError, at: datetime) -> None:
        """The apply failed as a whole (a code taken by a concurrent edit): nothing was written."""
        self.status = ImportStatus.FAILED
        self.errors = [{"line": 0, "column": None, "code": error.code, "message": error.message, "params": {}}]
        self.error_count = 1
        self.finished_at = at
        self.records = []


MAX_ERRORS_KEPT = 1000


class CatalogImportRepository(Protocol):
    async def add(self, catalog_import: CatalogImport) -> None: ...
    async def get(self, import_id: UUID) -> CatalogImport | None: ...
    async def get_for_update(self, import_id: UUID) -> CatalogImport | None: ...
    async def claim(self, import_id: UUID, *, at: datetime, stale_before: datetime) -> int | None:
        """Mark a queued (or stale running) import running; its new attempt number, or None if not claimable."""
        ...

    async def to_resume(self, *, stale_before: datetime, limit: int) -> list[UUID]:
        """Imports queued, or running since before `stale_before`, oldest first."""
        ...


class CatalogImportUoW(CatalogUoW, Protocol):
    @property
    def catalog_imports(self) -> CatalogImportRepository: ...


async def queue_import(
    uow: CatalogImportUoW, clock: Clock, actor: Actor, table: import_export.Table, *, filename: str
) -> CatalogImport:
    """Keep a checked file's rows as a queued import; its job is enqueued once the transaction commits."""
    catalog_import = CatalogImport(
        id=uuid4(),
        filename=filename[:200],
        status=ImportStatus.QUEUED,
        header=table.header,
        records=[[line, cells] for line, cells in table.records],
        rows=len(table.records),
        actor_id=actor.user_id,
        actor_name=actor.name,
        created_at=clock.now(),
    )
    await uow.catalog_imports.add(catalog_import)
    uow.record(ImportQueued(catalog_import.id))
    return catalog_import


async def get_import(uow: CatalogImportUoW, import_id: UUID) -> CatalogImport:
    catalog_import = await uow.catalog_imports.get(import_id)
    if catalog_import is None:
        raise NotFound("The import does not exist.", code="import.not_found")
    return catalog_import


async def imports_to_resume(uow: CatalogImportUoW, clock: Clock) -> list[UUID]:
    return await uow.catalog_imports.to_resume(stale_before=clock.now() - STALE_AFTER, limit=100)


async def run_import(
    uows: Callable[[], CatalogImportUoW], clock: Clock, import_id: UUID, *, currency: str
) -> ImportStatus | None:
    """Apply a queued import, all or nothing (a use case of two transactions: claim, then apply). Returns the
    outcome, or None when another run has it or it has already finished."""
    async with uows() as uow:
        now = clock.now()
        attempt = await uow.catalog_imports.claim(import_id, at=now, stale_before=now - STALE_AFTER)
        await uow.commit()
    if attempt is None:
        return None
    async with uows() as uow:
        catalog_import = await uow.catalog_imports.get_for_update(import_id)
        if catalog_import is None or catalog_import.attempts != attempt:  # a later run took it over
            return None
        table = import_export.Table(
            header=catalog_import.header, records=[(int(line), list(cells)) for line, cells in catalog_import.records]
        )
        actor = Actor(user_id=catalog_import.actor_id, name=catalog_import.actor_name)
        try:
            async with uow.savepoint():  # undoes a half-applied file; the outcome below is still recorded
                report = await import_export.import_catalog(
                    uow, clock, actor, table, currency=currency, dry_run=False, filename=catalog_import.filename
                )
        except import_export.ImportRejected as rejected:
            catalog_import.finish(rejected.report, clock.now())
        except DomainError as error:
            catalog_import.refuse(error, clock.now())
        else:
            catalog_import.finish(report, clock.now())
        await uow.commit()
        return catalog_import.status
