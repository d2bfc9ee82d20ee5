"""What order exports need from storage and from the file store."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from domain.audit.ports import AuditUoW
from domain.order_exports.entities import ExportStatus, OrderExport
from domain.orders.entities import Order
from domain.orders.ports import OrderQuery

Cursor = tuple[datetime, UUID]  # (created_at, id) of the last order written: the next batch starts after it


class OrderExportRepository(Protocol):
    async def add(self, export: OrderExport) -> None: ...
    async def get(self, export_id: UUID) -> OrderExport | None: ...
    async def active(self, requested_by: UUID | None, filters_key: str) -> OrderExport | None:
        """The same export by the same person, still queued or running."""
        ...

    async def claim(self, export_id: UUID, *, at: datetime, stale_before: datetime) -> int | None:
        """Mark a queued (or stale running) export running; its attempt number, or None if not claimable."""
        ...

    async def progress(self, export_id: UUID, attempt: int, *, rows_done: int, at: datetime) -> bool:
        """Count rows written; False when a later run has taken the export over."""
        ...

    async def finish(self, export_id: UUID, attempt: int, **values: Any) -> bool: ...
    async def to_resume(self, *, stale_before: datetime, limit: int) -> list[UUID]: ...
    async def expired(self, at: datetime, limit: int) -> list[OrderExport]:
        """Finished exports whose file is due for purging."""
        ...

    async def mark(self, export_id: UUID, status: ExportStatus) -> None: ...

    async def count_orders(self, query: OrderQuery) -> int: ...
    async def orders_after(
        self, query: OrderQuery, after: Cursor | None, limit: int, *, newest_first: bool
    ) -> Sequence[Order]:
        """The next batch of matching orders with their lines, by (created_at, id): keyset, never OFFSET, so
        each batch costs the same however deep the export is."""
        ...


class OrderExportsUoW(AuditUoW, Protocol):
    @property
    def order_exports(self) -> OrderExportRepository: ...


class ExportSink(Protocol):
    """An export file being written (infra/order_export_files.py)."""

    async def write(self, orders: Sequence[Order]) -> None: ...
    async def close(self) -> str:
        """Complete the file; its path."""
        ...

    async def abort(self) -> None: ...


class ExportFiles(Protocol):
    def open(self, export: OrderExport) -> ExportSink: ...
    def remove(self, path: str) -> None: ...
