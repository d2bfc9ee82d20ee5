"""Reconciliation runs and mismatches, and our payments and refunds as a provider's bill names them. Never
commits."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import datetime
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.payments.entities import Payment, PaymentStatus, Refund, RefundStatus
from domain.payments.reconciliation import Mismatch, MismatchKind, OurRefund, ReconciliationRun
from infra.db.tables import payments as pay_tables
from infra.db.tables import reconciliation as tables

run, mis = tables.reconciliation_run, tables.reconciliation_mismatch
pay, ref = pay_tables.payment, pay_tables.refund
CHUNK = 500  # numbers per IN (…) list: far below every database's limit on bound parameters


def _chunks(values: Collection[str]) -> Iterator[list[str]]:
    ordered = sorted(values)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


class ReconciliationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_run(self, reconciliation: ReconciliationRun) -> None:
        self.session.add(reconciliation)

    async def get_run(self, run_id: UUID) -> ReconciliationRun | None:
        return await self.session.get(ReconciliationRun, run_id)

    async def run_by_hash(self, file_sha256: str) -> ReconciliationRun | None:
        return await self.session.scalar(sa.select(ReconciliationRun).where(run.c.file_sha256 == file_sha256))

    async def list_runs(self, *, provider: str | None, offset: int, limit: int) -> tuple[list[ReconciliationRun], int]:
        where = [run.c.provider == provider] if provider else []
        total = await self.session.scalar(sa.select(sa.func.count()).select_from(run).where(*where))
        stmt = (
            sa.select(ReconciliationRun)
            .where(*where)
            .order_by(run.c.created_at.desc(), run.c.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return list((await self.session.scalars(stmt)).all()), int(total or 0)

    async def unresolved_counts(self, run_ids: Collection[UUID]) -> dict[UUID, int]:
        if not run_ids:
            return {}
        stmt = (
            sa.select(mis.c.run_id, sa.func.count())
            .where(mis.c.run_id.in_(list(run_ids)), mis.c.resolved_at.is_(None))
            .group_by(mis.c.run_id)
        )
        return {row[0]: int(row[1]) for row in (await self.session.execute(stmt)).all()}

    async def add_mismatches(self, mismatches: list[Mismatch]) -> None:
        self.session.add_all(mismatches)

    async def get_mismatch(self, mismatch_id: UUID) -> Mismatch | None:
        return await self.session.get(Mismatch, mismatch_id)

    async def get_mismatch_for_update(self, mismatch_id: UUID) -> Mismatch | None:
        return await self.session.get(Mismatch, mismatch_id, with_for_update=True, populate_existing=True)

    async def list_mismatches(
        self, run_id: UUID, *, kind: MismatchKind | None, resolved: bool | None, offset: int, limit: int
    ) -> tuple[list[Mismatch], int]:
        where = [mis.c.run_id == run_id]
        if kind is not None:
            where.append(mis.c.kind == str(kind))
        if resolved is not None:
            where.append(mis.c.resolved_at.is_not(None) if resolved else mis.c.resolved_at.is_(None))
        total = await self.session.scalar(sa.select(sa.func.count()).select_from(mis).where(*where))
        stmt = (
            sa.select(Mismatch)
            .where(*where)
            # the bill's lines in its order, then what it lacks (no line) by number
            .order_by(mis.c.line_no.is_(None), mis.c.line_no, mis.c.payment_no, mis.c.refund_no, mis.c.id)
            .offset(offset)
            .limit(limit)
        )
        return list((await self.session.scalars(stmt)).all()), int(total or 0)

    async def payments_by_number(self, numbers: Collection[str]) -> dict[str, Payment]:
        found: dict[str, Payment] = {}
        for chunk in _chunks(numbers):
            rows = await self.session.scalars(sa.select(Payment).where(pay.c.payment_no.in_(chunk)))
            found.update({p.payment_no: p for p in rows})
        return found

    async def refunds_by_number(self, numbers: Collection[str]) -> dict[str, OurRefund]:
        found: dict[str, OurRefund] = {}
        for chunk in _chunks(numbers):
            stmt = sa.select(Refund, pay.c.payment_no).join(pay, pay.c.id == ref.c.payment_id)
            rows = await self.session.execute(stmt.where(ref.c.refund_no.in_(chunk)))
            found.update({r.refund_no: OurRefund(r, payment_no) for r, payment_no in rows.all()})
        return found

    async def settled_payments(self, method: str, start: datetime, end: datetime) -> list[Payment]:
        stmt = (
            sa.select(Payment)
            .where(
                pay.c.method == method,
                pay.c.paid_at >= start,
                pay.c.paid_at < end,
                pay.c.status == PaymentStatus.SUCCEEDED,
            )
            .order_by(pay.c.payment_no)
        )
        return list((await self.session.scalars(stmt)).all())

    async def settled_refunds(self, method: str, start: datetime, end: datetime) -> list[OurRefund]:
        stmt = (
            sa.select(Refund, pay.c.payment_no)
            .join(pay, pay.c.id == ref.c.payment_id)
            .where(
                ref.c.method == method,
                ref.c.succeeded_at >= start,
                ref.c.succeeded_at < end,
                ref.c.status == RefundStatus.SUCCEEDED,
            )
            .order_by(ref.c.refund_no)
        )
        return [OurRefund(r, payment_no) for r, payment_no in (await self.session.execute(stmt)).all()]
