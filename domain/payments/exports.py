"""Payments and refunds as spreadsheet rows for finance: the columns in the reader's language, amounts as decimals
(numeric cells in XLSX, so a spreadsheet sums them), times in the shop's zone, codes in words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from decimal import Decimal

from domain.money import Money
from domain.payments.queries import PaymentRow, RefundRow

EXPORT_LIMIT = 10_000  # rows in one synchronous export; past it, finance narrows the filters (422)
Cell = str | int | Decimal | None


@dataclass(frozen=True)
class Column:
    key: str
    en: str
    zh: str


PAYMENT_COLUMNS: tuple[Column, ...] = (
    Column("payment_no", "Payment no.", "支付单号"),
    Column("order_number", "Order no.", "订单号"),
    Column("customer_name", "Customer", "客户"),
    Column("method", "Method", "支付方式"),
    Column("status", "Status", "状态"),
    Column("currency", "Currency", "币种"),
    Column("amount", "Amount", "金额"),
    Column("refunded", "Refunded", "已退款"),
    Column("fee", "Fee", "手续费"),
    Column("provider_ref", "Provider reference", "渠道交易号"),
    Column("failure_code", "Failure", "失败原因"),
    Column("created_at", "Created", "创建时间"),
    Column("paid_at", "Paid", "支付时间"),
)

REFUND_COLUMNS: tuple[Column, ...] = (
    Column("refund_no", "Refund no.", "退款单号"),
    Column("payment_no", "Payment no.", "支付单号"),
    Column("order_number", "Order no.", "订单号"),
    Column("customer_name", "Customer", "客户"),
    Column("method", "Method", "支付方式"),
    Column("status", "Status", "状态"),
    Column("currency", "Currency", "币种"),
    Column("amount", "Amount", "金额"),
    Column("reason", "Reason", "原因"),
    Column("requested_by", "Requested by", "申请人"),
    Column("attempts", "Attempts", "尝试次数"),
    Column("failure_code", "Failure", "失败原因"),
    Column("created_at", "Created", "创建时间"),
    Column("succeeded_at", "Refunded", "退款成功时间"),
)

_WORDS: dict[str, tuple[str, str]] = {
    "alipay": ("Alipay", "支付宝"),
    "wechat_pay": ("WeChat Pay", "微信支付"),
    "card": ("Card", "银行卡"),
    "bank_transfer": ("Bank transfer", "银行转账"),
    "cash_on_delivery": ("Cash on delivery", "货到付款"),
    "cash": ("Cash", "现金"),
    "pending": ("Pending", "待支付"),
    "processing": ("Processing", "处理中"),
    "succeeded": ("Succeeded", "成功"),
    "failed": ("Failed", "失败"),
    "expired": ("Expired", "已过期"),
    "customer": ("Customer", "客户"),
    "staff": ("Staff", "员工"),
    "system": ("System", "系统"),
}
_REFUND_PENDING = ("Pending", "退款中")


def _zh(locale: str) -> bool:
    return locale.lower().startswith("zh")


def header(columns: tuple[Column, ...], locale: str) -> list[str]:
    return [c.zh if _zh(locale) else c.en for c in columns]


def _word(code: str, locale: str) -> str:
    words = _WORDS.get(code)
    return code if words is None else words[1 if _zh(locale) else 0]


def _amount(minor: int | None, currency: str) -> Decimal | None:
    return None if minor is None else Money.of_minor(minor, currency).rounded().amount


def _time(at: datetime | None, zone: tzinfo) -> str:
    return "" if at is None else at.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")


def payment_cells(row: PaymentRow, locale: str, zone: tzinfo) -> list[Cell]:
    p = row.payment
    values: dict[str, Cell] = {
        "payment_no": p.payment_no,
        "order_number": row.order_number,
        "customer_name": row.customer_name,
        "method": _word(str(p.method), locale),
        "status": _word(str(p.status), locale),
        "currency": p.currency,
        "amount": _amount(p.amount_minor, p.currency),
        "refunded": _amount(p.refunded_minor, p.currency),
        "fee": _amount(p.fee_minor, p.currency),
        "provider_ref": p.provider_ref or "",
        "failure_code": p.failure_code or "",
        "created_at": _time(p.created_at, zone),
        "paid_at": _time(p.paid_at, zone),
    }
    return [values[c.key] for c in PAYMENT_COLUMNS]


def refund_cells(row: RefundRow, locale: str, zone: tzinfo) -> list[Cell]:
    r = row.refund
    status = str(r.status)
    by = _word(r.requested_by_kind, locale)
    values: dict[str, Cell] = {
        "refund_no": r.refund_no,
        "payment_no": row.payment_no,
        "order_number": row.order_number,
        "customer_name": row.customer_name,
        "method": _word(str(r.method), locale),
        "status": _REFUND_PENDING[1 if _zh(locale) else 0] if status == "pending" else _word(status, locale),
        "currency": r.currency,
        "amount": _amount(r.amount_minor, r.currency),
        "reason": r.reason,
        "requested_by": f"{by} {r.requested_by_name}" if r.requested_by_name else by,
        "attempts": r.attempts,
        "failure_code": r.failure_code or "",
        "created_at": _time(r.created_at, zone),
        "succeeded_at": _time(r.succeeded_at, zone),
    }
    return [values[c.key] for c in REFUND_COLUMNS]
