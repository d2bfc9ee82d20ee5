"""Matching a statement's lines against our payments and refunds: every kind of difference, and fees learnt."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

from domain.orders.entities import PaymentMethod
from domain.payments.entities import Payment, PaymentStatus, Refund, RefundStatus
from domain.payments.reconciliation import (
    LineKind,
    MismatchKind,
    OurRefund,
    Statement,
    StatementLine,
    TheirStatus,
    match,
)

DAY = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)
RUN = uuid4()


def _payment(
    number: str, amount: int, status: PaymentStatus = PaymentStatus.SUCCEEDED, fee: int | None = None
) -> Payment:
    return Payment(
        payment_no=number,
        order_id=uuid4(),
        customer_id=uuid4(),
        method=PaymentMethod.WECHAT_PAY,
        currency="CNY",
        amount_minor=amount,
        expires_at=DAY + timedelta(hours=1),
        created_at=DAY,
        status=status,
        fee_minor=fee,
        paid_at=DAY + timedelta(hours=2) if status == PaymentStatus.SUCCEEDED else None,
    )


def _refund(payment: Payment, number: str, amount: int, status: RefundStatus = RefundStatus.SUCCEEDED) -> OurRefund:
    refund = Refund(
        refund_no=number,
        payment_id=payment.id,
        order_id=payment.order_id,
        method=payment.method,
        currency="CNY",
        amount_minor=amount,
        reason="returned",
        created_at=DAY,
        status=status,
    )
    return OurRefund(refund, payment.payment_no)


def _paid(line_no: int, number: str, amount: int, **fields: object) -> StatementLine:
    return StatementLine(line_no=line_no, kind=LineKind.PAYMENT, payment_no=number, amount_minor=amount, **fields)  # type: ignore[arg-type]


def _refunded(line_no: int, number: str, refund_no: str, amount: int, **fields: object) -> StatementLine:
    return StatementLine(
        line_no=line_no,
        kind=LineKind.REFUND,
        payment_no=number,
        refund_no=refund_no,
        amount_minor=amount,
        **fields,  # type: ignore[arg-type]
    )


def _statement(*lines: StatementLine) -> Statement:
    return Statement(PaymentMethod.WECHAT_PAY, DAY, DAY + timedelta(days=1), tuple(lines))


def test_lines_that_agree_with_ours_are_matched_and_nothing_is_reported() -> None:
    payment = _payment("P1", 6600)
    refund = _refund(payment, "R1", 2000)

    outcome = match(
        RUN,
        _statement(_paid(2, "P1", 6600), _refunded(3, "P1", "R1", 2000)),
        {"P1": payment},
        {"R1": refund},
        [payment],
        [refund],
    )

    assert outcome.matched == 2
    assert outcome.mismatches == []


def test_a_line_we_have_no_record_of_is_missing_ours() -> None:
    outcome = match(
        RUN, _statement(_paid(2, "P9", 100, provider_ref="4200"), _refunded(3, "P9", "R9", 50)), {}, {}, [], []
    )

    assert [
        (m.kind, m.payment_no, m.refund_no, m.theirs_amount_minor, m.ours_amount_minor) for m in outcome.mismatches
    ] == [
        (MismatchKind.MISSING_OURS, "P9", None, 100, None),
        (MismatchKind.MISSING_OURS, "P9", "R9", 50, None),
    ]
    assert outcome.mismatches[0].provider_ref == "4200"
    assert outcome.mismatches[0].line_no == 2
    assert outcome.matched == 0


def test_ours_settled_in_the_period_but_absent_from_the_bill_is_missing_theirs() -> None:
    payment = _payment("P2", 1000)
    refund = _refund(payment, "R2", 300)

    outcome = match(RUN, _statement(), {}, {}, [payment], [refund])

    assert [(m.kind, m.payment_no, m.refund_no, m.ours_amount_minor, m.line_no) for m in outcome.mismatches] == [
        (MismatchKind.MISSING_THEIRS, "P2", None, 1000, None),
        (MismatchKind.MISSING_THEIRS, "P2", "R2", 300, None),
    ]
    assert outcome.mismatches[1].refund_id == refund.refund.id
    assert outcome.mismatches[1].payment_id == payment.id


def test_different_amounts_are_amount_differs_with_both_amounts() -> None:
    payment = _payment("P3", 1000)
    refund = _refund(payment, "R3", 300)

    outcome = match(
        RUN,
        _statement(_paid(2, "P3", 1001), _refunded(3, "P3", "R3", 299)),
        {"P3": payment},
        {"R3": refund},
        [payment],
        [refund],
    )

    assert [(m.kind, m.ours_amount_minor, m.theirs_amount_minor) for m in outcome.mismatches] == [
        (MismatchKind.AMOUNT_DIFFERS, 1000, 1001),
        (MismatchKind.AMOUNT_DIFFERS, 300, 299),
    ]


def test_they_collected_what_we_let_expire_and_revoked_what_we_count_as_paid_are_status_differs() -> None:
    expired = _payment("P4", 500, PaymentStatus.EXPIRED)
    paid = _payment("P5", 700)

    outcome = match(
        RUN,
        _statement(_paid(2, "P4", 500), _paid(3, "P5", 700, status=TheirStatus.REVOKED)),
        {"P4": expired, "P5": paid},
        {},
        [paid],
        [],
    )

    assert [(m.kind, m.payment_no, m.ours_status, m.theirs_status) for m in outcome.mismatches] == [
        (MismatchKind.STATUS_DIFFERS, "P4", "expired", "succeeded"),
        (MismatchKind.STATUS_DIFFERS, "P5", "succeeded", "revoked"),
    ]


def test_a_refund_they_finished_that_we_still_wait_for_is_status_differs_and_one_both_wait_for_matches() -> None:
    payment = _payment("P6", 900)
    waiting = _refund(payment, "R6", 100, RefundStatus.PENDING)
    both_waiting = _refund(payment, "R7", 200, RefundStatus.PENDING)

    outcome = match(
        RUN,
        _statement(
            _refunded(2, "P6", "R6", 100),
            _refunded(3, "P6", "R7", 200, status=TheirStatus.PROCESSING),
        ),
        {},
        {"R6": waiting, "R7": both_waiting},
        [],
        [],
    )

    assert [(m.kind, m.refund_no, m.ours_status) for m in outcome.mismatches] == [
        (MismatchKind.STATUS_DIFFERS, "R6", "pending")
    ]
    assert outcome.matched == 1


def test_a_revoked_payment_we_also_never_collected_matches() -> None:
    failed = _payment("P8", 400, PaymentStatus.FAILED)

    outcome = match(RUN, _statement(_paid(2, "P8", 400, status=TheirStatus.REVOKED)), {"P8": failed}, {}, [], [])

    assert outcome.mismatches == []
    assert outcome.matched == 1


def test_the_bills_fee_is_offered_only_for_matched_payments_without_one() -> None:
    without = _payment("P10", 1000)
    with_fee = _payment("P11", 1000, fee=5)

    outcome = match(
        RUN,
        _statement(
            _paid(2, "P10", 1000, fee_minor=6), _paid(3, "P11", 1000, fee_minor=6), _paid(4, "P12", 1, fee_minor=1)
        ),
        {"P10": without, "P11": with_fee},
        {},
        [without, with_fee],
        [],
    )

    assert outcome.fees == [(without, 6)]
