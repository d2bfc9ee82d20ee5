"""An order export too large to answer at once: written to a file by a job, batch by batch, with its progress.

The request that asks for it answers 202 with the export; the job claims it (queued → running, a conditional
update, so two runs never both write it), writes the orders in batches and counts `rows_done` as it goes, then
marks it done with the file and the time the file is purged. A run that died half-way is claimed again by the
minute sweep once stale; the file is written under a temporary name and renamed when complete.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

# A run holding an export this long without a progress update has died; the sweep hands it to a new run.
STALE_AFTER = timedelta(minutes=10)


class ExportStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    EXPIRED = "expired"  # done, and its file has been purged


class ExportFormat(enum.StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


@dataclass(eq=False)
class OrderExport:
    id: UUID
    requested_by: UUID | None
    requested_by_name: str | None
    filters: dict[str, Any]  # the order list's filters (domain/order_exports/filters.py)
    filters_key: str  # a digest of filters + format: the same request while one runs reuses it
    format: ExportFormat
    locale: str  # headers and statuses are written in the requester's language
    status: ExportStatus
    created_at: datetime
    rows_total: int = 0
    rows_done: int = 0
    attempts: int = 0
    file_path: str | None = None
    error: str | None = None
    started_at: datetime | None = None
    updated_at: datetime | None = None  # the last sign of life of the run writing it
    finished_at: datetime | None = None
    expires_at: datetime | None = None

    @property
    def filename(self) -> str:
        stamp = self.created_at.strftime("%Y%m%d-%H%M%S")
        return f"orders-{stamp}.{self.format}"
