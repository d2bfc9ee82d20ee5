"""Reading providers' bills: Alipay's 业务明细 (GBK or UTF-8 with a BOM) and WeChat Pay's backtick trade bill."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from domain.orders.entities import PaymentMethod
from domain.payments.reconciliation import LineKind, StatementUnreadable, TheirStatus
from infra.payments.statements import read_statement

DATA = Path(__file__).resolve().parents[1] / "data" / "statements"


def _read(name: str, provider: PaymentMethod):  # type: ignore[no-untyped-def]
    return read_statement(provider, (DATA / name).read_bytes())


@pytest.mark.parametrize("name", ["alipay_trade_gbk.csv", "alipay_trade_utf8_bom.csv"])
def test_an_alipay_bill_reads_its_payments_refunds_fees_and_period_in_either_encoding(name: str) -> None:
    statement = _read(name, PaymentMethod.ALIPAY)

    assert statement.provider == PaymentMethod.ALIPAY
    # 起始日期 2026-11-28 00:00 Beijing time is 16:00 UTC the day before
    assert statement.period_from == datetime(2026, 11, 27, 16, 0, tzinfo=UTC)
    assert statement.period_to == datetime(2026, 11, 28, 16, 0, tzinfo=UTC)
    first, second, refund = statement.lines
    assert (first.kind, first.payment_no, first.amount_minor, first.fee_minor) == (
        LineKind.PAYMENT,
        "P2611280930111111111111",
        19900,
        119,
    )
    assert first.provider_ref == "2026112822001401231234567890"
    assert first.at == datetime(2026, 11, 28, 1, 30, 25, tzinfo=UTC)  # 完成时间, Beijing time
    assert (second.payment_no, second.amount_minor, second.fee_minor) == ("P2611281405222222222222", 8850, 53)
    assert (refund.kind, refund.refund_no, refund.payment_no, refund.amount_minor) == (
        LineKind.REFUND,
        "R2611281759333333333333",
        "P2611280930111111111111",
        5000,
    )
    assert [line.line_no for line in statement.lines] == [6, 7, 8]  # the file's own lines, comments counted
    assert all(line.status is TheirStatus.SUCCEEDED for line in statement.lines)


def test_an_alipay_line_with_too_few_values_is_refused_naming_its_line() -> None:
    with pytest.raises(StatementUnreadable) as refused:
        _read("alipay_short_line.csv", PaymentMethod.ALIPAY)

    assert refused.value.code == "reconciliation.unreadable"
    assert refused.value.data["line"] == 7
    assert "values where the header names" in refused.value.data["reason"]


def test_a_wechat_bill_reads_payments_refunds_and_revoked_lines_and_ignores_its_summary() -> None:
    statement = _read("wechat_trade_all.csv", PaymentMethod.WECHAT_PAY)

    paid, refund, revoked = statement.lines  # the summary header and totals are not lines
    assert (paid.kind, paid.payment_no, paid.amount_minor, paid.status) == (
        LineKind.PAYMENT,
        "P2611281014444444444444",
        6600,
        TheirStatus.SUCCEEDED,
    )
    assert paid.fee_minor == 40  # `0.40000 yuan, rounded to the fen
    assert paid.provider_ref == "4200001234202611281234567890"
    assert (refund.kind, refund.refund_no, refund.amount_minor, refund.status) == (
        LineKind.REFUND,
        "R2611281620555555555555",
        2000,
        TheirStatus.SUCCEEDED,
    )
    assert refund.provider_ref == "50300001234202611281234567"
    assert (revoked.payment_no, revoked.status, revoked.amount_minor) == (
        "P2611282359666666666666",
        TheirStatus.REVOKED,
        1234,
    )
    # a daily bill: the whole Beijing day its lines fall on
    assert statement.period_from == datetime(2026, 11, 27, 16, 0, tzinfo=UTC)
    assert statement.period_to == datetime(2026, 11, 28, 16, 0, tzinfo=UTC)


def test_a_wechat_amount_that_is_not_a_number_is_refused_naming_its_line() -> None:
    with pytest.raises(StatementUnreadable) as refused:
        _read("wechat_bad_amount.csv", PaymentMethod.WECHAT_PAY)

    assert refused.value.data["line"] == 3
    assert "申请退款金额" in refused.value.data["reason"]


def test_a_wechat_bill_uploaded_as_alipay_is_refused_at_its_header() -> None:
    with pytest.raises(StatementUnreadable) as refused:
        _read("wechat_trade_all.csv", PaymentMethod.ALIPAY)

    assert refused.value.data["line"] == 1
    assert "支付宝交易号" in refused.value.data["reason"]


def test_an_amount_with_more_than_two_decimals_is_refused_rather_than_rounded() -> None:
    text = (DATA / "wechat_trade_all.csv").read_text(encoding="utf-8").replace("`0.60%,`66.00", "`0.60%,`66.005", 1)

    with pytest.raises(StatementUnreadable) as refused:
        read_statement(PaymentMethod.WECHAT_PAY, text.encode())

    assert refused.value.data["line"] == 2


def test_bytes_that_are_neither_utf8_nor_gbk_are_refused() -> None:
    with pytest.raises(StatementUnreadable):
        read_statement(PaymentMethod.WECHAT_PAY, b"\x80\x80\xff\xfe\xff")


def test_a_time_that_is_no_date_is_refused_naming_its_line() -> None:
    text = (
        (DATA / "wechat_trade_all.csv")
        .read_text(encoding="utf-8")
        .replace("`2026-11-28 23:59:59", "`2026-11-31 23:59:59")
    )

    with pytest.raises(StatementUnreadable) as refused:
        read_statement(PaymentMethod.WECHAT_PAY, text.encode())

    assert refused.value.data["line"] == 4
    assert "交易时间" in refused.value.data["reason"]


def test_an_alipay_refund_without_a_request_number_is_the_refund_numbered_like_its_trade() -> None:
    text = (DATA / "alipay_trade_utf8_bom.csv").read_bytes().decode("utf-8-sig").replace("R2611281759333333333333", "")

    refund = read_statement(PaymentMethod.ALIPAY, text.encode("gbk")).lines[2]

    assert (refund.kind, refund.refund_no) == (LineKind.REFUND, "P2611280930111111111111")
