"""Reconciliation runs (imported provider statements) and their mismatches."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import Field

from api.schemas.common import MoneyOut, Schema
from domain.payments.reconciliation import Mismatch
from domain.payments.reconciling import RunSummary

StatementProvider = Literal["alipay", "wechat_pay"]
MismatchKindName = Literal["missing_ours", "missing_theirs", "amount_differs", "status_differs"]


class ReconciliationOut(Schema):
    id: UUID
    provider: str
    file_name: str
    period_from: datetime
    period_to: datetime
    line_count: int = Field(description="Detail lines of the bill")
    matched_count: int = Field(description="Bill lines that agree with our records")
    mismatched_count: int = Field(description="Differences found, those the bill lacks included")
    unresolved_count: int = Field(description="Differences nobody has resolved yet")
    fees_recorded: int = Field(description="Payments that took their fee from this bill")
    imported_by_name: str | None
    created_at: datetime

    @classmethod
    def of(cls, summary: RunSummary) -> ReconciliationOut:
        run = summary.run
        return cls(
            id=run.id,
            provider=str(run.provider),
            file_name=run.file_name,
            period_from=run.period_from,
            period_to=run.period_to,
            line_count=run.line_count,
            matched_count=run.matched_count,
            mismatched_count=run.mismatched_count,
            unresolved_count=summary.unresolved,
            fees_recorded=run.fees_recorded,
            imported_by_name=run.imported_by_name,
            created_at=run.created_at,
        )


class MismatchOut(Schema):
    id: UUID
    run_id: UUID
    kind: MismatchKindName
    payment_no: str
    refund_no: str | None
    line_no: int | None = Field(description="The bill's line; none for what the bill lacks")
    ours: MoneyOut | None = Field(description="Our amount; none when we have no record")
    theirs: MoneyOut | None = Field(description="The provider's amount; none when the bill lacks it")
    ours_status: str | None
    theirs_status: str | None
    provider_ref: str | None
    payment_id: UUID | None
    refund_id: UUID | None
    resolved: bool
    resolved_at: datetime | None
    resolved_by_name: str | None
    note: str

    @classmethod
    def of(cls, m: Mismatch) -> MismatchOut:
        return cls(
            id=m.id,
            run_id=m.run_id,
            kind=str(m.kind),  # type: ignore[arg-type]
            payment_no=m.payment_no,
            refund_no=m.refund_no,
            line_no=m.line_no,
            ours=MoneyOut.minor(m.ours_amount_minor, m.currency),
            theirs=MoneyOut.minor(m.theirs_amount_minor, m.currency),
            ours_status=m.ours_status,
            theirs_status=m.theirs_status,
            provider_ref=m.provider_ref,
            payment_id=m.payment_id,
            refund_id=m.refund_id,
            resolved=m.resolved,
            resolved_at=m.resolved_at,
            resolved_by_name=m.resolved_by_name,
            note=m.note,
        )


class ResolveIn(Schema):
    note: str = Field(min_length=1, max_length=500, description="How the difference was settled")
