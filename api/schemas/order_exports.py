"""Order exports written by a job: where they stand and where to fetch the file."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field

from domain.order_exports.entities import OrderExport


class OrderExportOut(BaseModel):
    """A large order export: `queued`, `running` (with `rows_done` of `rows_total`), then `done` (fetch
    `download_url` until `expires_at`) or `failed`; `expired` once its file was purged."""

    id: UUID
    format: Literal["csv", "xlsx"]
    status: Literal["queued", "running", "done", "failed", "expired"]
    rows_total: int = Field(description="Orders matching the filters when asked (the final count once done)")
    rows_done: int
    filters: dict[str, Any] = Field(description="The order list filters applied")
    filename: str
    download_url: str | None = Field(description="Set once done: GET it (the requester only)")
    created_at: datetime
    finished_at: datetime | None
    expires_at: datetime | None

    @classmethod
    def of(cls, export: OrderExport, download_url: str | None) -> OrderExportOut:
        return cls(
            id=export.id,
            format=export.format.value,
            status=export.status.value,
            rows_total=export.rows_total,
            rows_done=export.rows_done,
            filters=export.filters,
            filename=export.filename,
            download_url=download_url if export.status == "done" else None,
            created_at=export.created_at,
            finished_at=export.finished_at,
            expires_at=export.expires_at,
        )
