"""What reconciliation needs from storage (infra/repositories/reconciliations.py): its runs and mismatches, and
our payments and refunds looked up the way a provider's bill names them."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Protocol
from uuid import UUID

from domain.audit.ports import AuditUoW
from domain.payments.entities import Payment
from domain.payments.ports import PaymentsUoW
from domain.payments.reconciliation import Mismatch, MismatchKind, OurRefund, ReconciliationRun


class ReconciliationRepository(Protocol):
    async def add_run(self, run: ReconciliationRun) -> None: ...
    async def get_run(self, run_id: UUID) -> ReconciliationRun | None: ...
    async def run_by_hash(self, file_sha256: str) -> ReconciliationRun | None: ...
    async def list_runs(self, *, provider: str | None, offset: int, limit: int) -> tuple[list[ReconciliationRun], int]:
        """Newest first."""
        ...

    async def unresolved_counts(self, run_ids: Collection[UUID]) -> dict[UUID, int]: ...
    async def add_mismatches(self, mismatches: list[Mismatch]) -> None: ...
    async def get_mismatch(self, mismatch_id: UUID) -> Mismatch | None: ...
    async def get_mismatch_for_update(self, mismatch_id: UUID) -> Mismatch | None: ...
    async def list_mismatches(
        self, run_id: UUID, *, kind: MismatchKind | None, resolved: bool | None, offset: int, limit: int
    ) -> tuple[list[Mismatch], int]:
        """In the bill's order, then what the bill lacks by number."""
        ...

    async def payments_by_number(self, numbers: Collection[str]) -> dict[str, Payment]: ...
    async def refunds_by_number(self, numbers: Collection[str]) -> dict[str, OurRefund]: ...
    async def settled_payments(self, method: str, start: datetime, end: datetime) -> list[Payment]:
        """The method's payments that succeeded (paid_at) in [start, end)."""
        ...

    async def settled_refunds(self, method: str, start: datetime, end: datetime) -> list[OurRefund]:
        """The method's refunds that succeeded (succeeded_at) in [start, end)."""
        ...


class ReconciliationUoW(PaymentsUoW, AuditUoW, Protocol):
    @property
    def reconciliations(self) -> ReconciliationRepository: ...
