"""Reconciliation: a provider's statement (its bill for a period) set against our payments and refunds.

A statement arrives as lines (infra/payments/statements.py reads the Alipay and WeChat Pay layouts into
`StatementLine`s); `match` pairs each line with our payment (by our payment_no, the provider's out_trade_no) or
refund (our refund_no, the provider's out_refund_no / out_request_no) and says what differs:

- `missing_ours`: the provider reports money we have no record of (a payment or refund number we never issued);
- `missing_theirs`: we recorded a payment or refund as succeeded inside the statement's period, the bill lacks it;
- `amount_differs`: both know it, with different amounts;
- `status_differs`: both know it, one says it went through and the other not (they collected, we say expired;
  they revoked it, we say succeeded; a refund they report done that we still wait for or gave up on).

Pure rules, no I/O: the caller loads what it needs and stores what comes out (domain/payments/reconciling.py).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID, uuid4

from domain.errors import RuleViolation
from domain.orders.entities import PaymentMethod
from domain.payments.entities import Payment, PaymentStatus, Refund, RefundStatus

# the providers that send statements in a layout we read
STATEMENT_PROVIDERS = (PaymentMethod.ALIPAY, PaymentMethod.WECHAT_PAY)


class LineKind(enum.StrEnum):
    PAYMENT = "payment"
    REFUND = "refund"


class TheirStatus(enum.StrEnum):
    """What the provider's line says happened, in our words."""

    SUCCEEDED = "succeeded"
    PROCESSING = "processing"  # a refund the provider has accepted but not finished
    FAILED = "failed"  # a refund that did not go through, a payment closed unpaid
    REVOKED = "revoked"  # a payment cancelled after it succeeded (WeChat's REVOKED)


class MismatchKind(enum.StrEnum):
    MISSING_OURS = "missing_ours"
    MISSING_THEIRS = "missing_theirs"
    AMOUNT_DIFFERS = "amount_differs"
    STATUS_DIFFERS = "status_differs"


@dataclass(frozen=True)
class StatementLine:
    """One detail line of a bill. `line_no` is the line of the file, for finance to find it again."""

    line_no: int
    kind: LineKind
    payment_no: str
    amount_minor: int  # a payment's amount, or the refund's amount (always positive)
    currency: str = "CNY"
    status: TheirStatus = TheirStatus.SUCCEEDED
    refund_no: str | None = None
    provider_ref: str | None = None  # the provider's trade number (its refund number on refund lines)
    fee_minor: int | None = None  # the provider's service fee on a payment line
    at: datetime | None = None


@dataclass(frozen=True)
class Statement:
    provider: PaymentMethod
    period_from: datetime  # the bill covers [period_from, period_to), UTC
    period_to: datetime
    lines: tuple[StatementLine, ...]


class StatementUnreadable(RuleViolation):
    """The file is not a bill in the layout chosen, or one of its lines cannot be read: nothing is imported."""

    code = "reconciliation.unreadable"

    def __init__(self, line: int, reason: str, reason_zh: str) -> None:
        # the reason in both languages: the Chinese message (api/locales) is formatted with `reason_zh`
        message = f"Line {line} of the statement cannot be read: {reason}"
        super().__init__(message, line=line, reason=reason, reason_zh=reason_zh)


@dataclass(eq=False)
class ReconciliationRun:
    """One imported statement and what matching it found."""

    provider: PaymentMethod
    file_name: str
    file_sha256: str  # the same file twice is refused: its lines would be counted again
    period_from: datetime
    period_to: datetime
    currency: str
    line_count: int
    matched_count: int
    mismatched_count: int
    fees_recorded: int
    created_at: datetime
    imported_by_id: UUID | None = None
    imported_by_name: str | None = None
    id: UUID = field(default_factory=uuid4)


@dataclass(eq=False)
class Mismatch:
    run_id: UUID
    kind: MismatchKind
    payment_no: str
    currency: str
    refund_no: str | None = None
    line_no: int | None = None  # the bill's line; none for what the bill lacks
    ours_amount_minor: int | None = None
    theirs_amount_minor: int | None = None
    ours_status: str | None = None
    theirs_status: str | None = None
    provider_ref: str | None = None
    payment_id: UUID | None = None
    refund_id: UUID | None = None
    resolved_at: datetime | None = None
    resolved_by_id: UUID | None = None
    resolved_by_name: str | None = None
    note: str = ""
    id: UUID = field(default_factory=uuid4)

    @property
    def resolved(self) -> bool:
        return self.resolved_at is not None


@dataclass(frozen=True)
class OurRefund:
    """A refund of ours with the number of the payment it returns money from."""

    refund: Refund
    payment_no: str


@dataclass
class Outcome:
    matched: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)
    fees: list[tuple[Payment, int]] = field(default_factory=list)  # payments without a fee, and the bill's fee


# what our refund's status is called when the provider reports the same state
_SAME_REFUND_STATE = {
    TheirStatus.SUCCEEDED: RefundStatus.SUCCEEDED,
    TheirStatus.PROCESSING: RefundStatus.PENDING,
    TheirStatus.FAILED: RefundStatus.FAILED,
}


def match(
    run_id: UUID,
    statement: Statement,
    payments: dict[str, Payment],
    refunds: dict[str, OurRefund],
    settled_payments: list[Payment],
    settled_refunds: list[OurRefund],
) -> Outcome:
    """Pair the statement's lines with our records. `payments` and `refunds` are ours by number (those the lines
    name); `settled_*` are ours that succeeded within the statement's period with its provider (what the bill
    should list)."""
    outcome = Outcome()
    seen: set[UUID] = set()
    for line in statement.lines:
        if line.kind is LineKind.PAYMENT:
            payment = payments.get(line.payment_no)
            found = _payment_line(run_id, line, payment, outcome)
            if payment is not None:
                seen.add(payment.id)
        else:
            ours = refunds.get(line.refund_no or "")
            found = _refund_line(run_id, line, ours)
            if ours is not None:
                seen.add(ours.refund.id)
        if found is None:
            outcome.matched += 1
        else:
            outcome.mismatches.append(found)
    for payment in settled_payments:
        if payment.id not in seen:
            outcome.mismatches.append(_missing_theirs(run_id, payment, payment.payment_no, None))
    for ours in settled_refunds:
        if ours.refund.id not in seen:
            outcome.mismatches.append(_missing_theirs(run_id, ours.refund, ours.payment_no, ours.refund.refund_no))
    return outcome


def _payment_line(run_id: UUID, line: StatementLine, payment: Payment | None, outcome: Outcome) -> Mismatch | None:
    if payment is None:
        return _mismatch(run_id, MismatchKind.MISSING_OURS, line)
    succeeded = payment.status == PaymentStatus.SUCCEEDED
    # they collected what we think we did not, or they revoked or closed what we count as paid
    if (line.status is TheirStatus.SUCCEEDED) != succeeded:
        return _mismatch(run_id, MismatchKind.STATUS_DIFFERS, line, payment)
    if line.amount_minor != payment.amount_minor:
        return _mismatch(run_id, MismatchKind.AMOUNT_DIFFERS, line, payment)
    if line.fee_minor is not None and payment.fee_minor is None and succeeded:
        outcome.fees.append((payment, line.fee_minor))
    return None


def _refund_line(run_id: UUID, line: StatementLine, ours: OurRefund | None) -> Mismatch | None:
    if ours is None:
        return _mismatch(run_id, MismatchKind.MISSING_OURS, line)
    refund = ours.refund
    if _SAME_REFUND_STATE.get(line.status) != refund.status:
        return _mismatch(run_id, MismatchKind.STATUS_DIFFERS, line, refund)
    if line.amount_minor != refund.amount_minor:
        return _mismatch(run_id, MismatchKind.AMOUNT_DIFFERS, line, refund)
    return None


def _mismatch(run_id: UUID, kind: MismatchKind, line: StatementLine, ours: Payment | Refund | None = None) -> Mismatch:
    return Mismatch(
        run_id=run_id,
        kind=kind,
        payment_no=line.payment_no,
        refund_no=line.refund_no,
        currency=line.currency,
        line_no=line.line_no,
        theirs_amount_minor=line.amount_minor,
        theirs_status=str(line.status),
        provider_ref=line.provider_ref,
        ours_amount_minor=ours.amount_minor if ours else None,
        ours_status=str(ours.status) if ours else None,
        payment_id=ours.id if isinstance(ours, Payment) else (ours.payment_id if ours else None),
        refund_id=ours.id if isinstance(ours, Refund) else None,
    )


def _missing_theirs(run_id: UUID, ours: Payment | Refund, payment_no: str, refund_no: str | None) -> Mismatch:
    return Mismatch(
        run_id=run_id,
        kind=MismatchKind.MISSING_THEIRS,
        payment_no=payment_no,
        refund_no=refund_no,
        currency=ours.currency,
        ours_amount_minor=ours.amount_minor,
        ours_status=str(ours.status),
        provider_ref=ours.provider_ref,
        payment_id=ours.id if isinstance(ours, Payment) else ours.payment_id,
        refund_id=ours.id if isinstance(ours, Refund) else None,
    )
