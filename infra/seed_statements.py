"""The demo's reconciliation: WeChat Pay's trade bill of a past day, written from the seeded WeChat Pay payments and
refunds in the layout WeChat Pay's merchant platform downloads (the one infra/payments/statements.py reads; see
tests/data/statements/wechat_trade_all.csv), with three differences finance has to look at:
- a payment WeChat Pay reports with another amount (`amount_differs`),
- a payment of ours the bill lacks (`missing_theirs`),
- a payment WeChat Pay collected that we have no record of (`missing_ours`).
Finance imports it the next morning through the reconciliation use case and settles the amount difference with a
note; the other two stay open in the mismatch list.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from domain.identity.actor import Actor
from domain.money import Money
from domain.orders.entities import PaymentMethod
from domain.payments import reconciliation_use_cases as reconciliation
from domain.payments.entities import PaymentStatus, RefundStatus
from domain.payments.reconciliation import MismatchKind
from infra.db.tables import payments as tables
from infra.db.unit_of_work import SqlAlchemyUnitOfWork
from infra.payments.statements import read_statement
from infra.seed_provider import FEES

if TYPE_CHECKING:
    from infra.seed_orders import SeedClock

BEIJING = ZoneInfo("Asia/Shanghai")
APP_ID, MCH_ID, OPENID = "wx2421b1c4370ec43b", "1900000109", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"
HEADER = (
    "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,"
    "应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,"
    "手续费,费率,订单金额,申请退款金额,费率备注"
)
TOTALS = "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额"
RESOLVED_NOTE = "已与微信支付商户客服核实：账单金额有误，以我方订单金额为准，次日账单已更正"
AMOUNT_OFF = 100  # fen WeChat Pay's line differs by
Row = dict[str, object]


async def reconcile_a_day(
    uow: Callable[[], SqlAlchemyUnitOfWork], clock: SeedClock, finance: Actor, now: datetime
) -> None:
    """Import the bill of the recent day with the most WeChat Pay business, and settle one difference."""
    payments, refunds = await _wechat_business(uow, now - timedelta(days=8))
    days: dict[date, list[Row]] = defaultdict(list)
    for row in payments + refunds:
        days[_beijing(row["at"]).date()].append(row)
    today = now.astimezone(BEIJING).date()
    candidates = [day for day in days if timedelta(days=2) <= today - day <= timedelta(days=7)]
    day = max(candidates, key=lambda d: (sum(r["kind"] == "payment" for r in days[d]), d))
    data = wechat_bill(day, days[day])
    statement = read_statement(PaymentMethod.WECHAT_PAY, data)
    next_morning = datetime.combine(day + timedelta(days=1), datetime.min.time(), BEIJING) + timedelta(hours=10)
    clock.at = min(next_morning.astimezone(UTC), now - timedelta(minutes=5))
    summary = await reconciliation.import_statement(uow(), clock, finance, statement, file_name=f"微信支付交易账单_{day:%Y%m%d}.csv",
                                                    file_sha256=hashlib.sha256(data).hexdigest())  # fmt: skip
    differs, _ = await reconciliation.list_mismatches(
        uow(), summary.run.id, kind=MismatchKind.AMOUNT_DIFFERS, resolved=False
    )
    if differs:
        clock.at = min(clock.at + timedelta(minutes=40), now - timedelta(minutes=1))
        await reconciliation.resolve_mismatch(uow(), clock, finance, differs[0].id, note=RESOLVED_NOTE)


async def _wechat_business(uow: Callable[[], SqlAlchemyUnitOfWork], since: datetime) -> tuple[list[Row], list[Row]]:
    pay, ref = tables.payment, tables.refund
    wechat = str(PaymentMethod.WECHAT_PAY)
    async with uow() as work:
        session = work.session
        paid = (
            await session.execute(
                sa.select(pay.c.payment_no, pay.c.provider_ref, pay.c.amount_minor, pay.c.fee_minor, pay.c.paid_at)
                .where(pay.c.method == wechat, pay.c.status == PaymentStatus.SUCCEEDED, pay.c.paid_at >= since)
                .order_by(pay.c.paid_at)
            )
        ).all()
        back = (
            await session.execute(
                sa.select(
                    ref.c.refund_no,
                    ref.c.provider_ref,
                    ref.c.amount_minor,
                    ref.c.succeeded_at,
                    pay.c.payment_no,
                    pay.c.provider_ref.label("trade_ref"),
                    pay.c.amount_minor.label("paid_minor"),
                )
                .join(pay, pay.c.id == ref.c.payment_id)
                .where(ref.c.method == wechat, ref.c.status == RefundStatus.SUCCEEDED, ref.c.succeeded_at >= since)
                .order_by(ref.c.succeeded_at)
            )
        ).all()
    payments: list[Row] = [
        {
            "kind": "payment",
            "no": r.payment_no,
            "ref": r.provider_ref,
            "amount": r.amount_minor,
            "fee": r.fee_minor,
            "at": r.paid_at,
        }
        for r in paid
    ]
    refunds: list[Row] = [
        {
            "kind": "refund",
            "no": r.payment_no,
            "ref": r.trade_ref,
            "refund_no": r.refund_no,
            "refund_ref": r.provider_ref,
            "amount": r.amount_minor,
            "paid": r.paid_minor,
            "at": r.succeeded_at,
        }
        for r in back
    ]
    return payments, refunds


def _beijing(at: object) -> datetime:
    assert isinstance(at, datetime)
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(BEIJING)


def _yuan(minor: int) -> str:
    return str(Money.of_minor(minor, "CNY").amount)


def _fee(minor: int) -> str:
    return f"{minor / 100:.5f}" if minor >= 0 else f"-{-minor / 100:.5f}"


def wechat_bill(day: date, business: list[Row]) -> bytes:
    """The day's bill: every line of `business` as WeChat Pay lists it, with the three differences made."""
    business = sorted(business, key=lambda r: _beijing(r["at"]))
    paid = [r for r in business if r["kind"] == "payment"]
    left_out = paid[0] if len(paid) >= 2 else None  # ours, not on their bill
    changed = paid[-1]  # on their bill with another amount
    stranger: Row = {"kind": "payment", "no": f"P{day:%y%m%d}073312{_digits(day, 10)}", "ref": f"4200001888{day:%Y%m%d}{_digits(day, 10)}",
                     "amount": 3900, "fee": 23, "at": datetime.combine(day, datetime.min.time(), BEIJING) + timedelta(hours=15, minutes=33)}  # fmt: skip
    rate = f"{FEES[PaymentMethod.WECHAT_PAY][0] / 100:.2f}%"
    lines = [HEADER]
    totals = {"count": 0, "settled": 0, "refunded": 0, "fee": 0}
    for row in sorted([*business, stranger], key=lambda r: _beijing(r["at"])):
        if row is left_out:
            continue
        at = f"{_beijing(row['at']):%Y-%m-%d %H:%M:%S}"
        amount = int(row["amount"]) + (AMOUNT_OFF if row is changed else 0)  # type: ignore[call-overload]
        if row["kind"] == "payment":
            fee = int(row["fee"] or 0)  # type: ignore[call-overload]
            cells = [at, APP_ID, MCH_ID, "0", "", row["ref"], row["no"], OPENID, "NATIVE", "SUCCESS", "CMB_DEBIT",
                     "CNY", _yuan(amount), "0.00", "0", "", "0.00", "0.00", "", "", "全单通订单", "", _fee(fee), rate,
                     _yuan(amount), "0.00", ""]  # fmt: skip
            totals["settled"] += amount
        else:
            fee = -round(amount * FEES[PaymentMethod.WECHAT_PAY][0] / 10000)  # the fee given back with the refund
            cells = [at, APP_ID, MCH_ID, "0", "", row["ref"], row["no"], OPENID, "NATIVE", "REFUND", "CMB_DEBIT",
                     "CNY", "0.00", "0.00", row["refund_ref"], row["refund_no"], _yuan(amount), "0.00", "ORIGINAL",
                     "SUCCESS", "全单通订单", "", _fee(fee), rate, "0.00", _yuan(amount), ""]  # fmt: skip
            totals["refunded"] += amount
        totals["count"] += 1
        totals["fee"] += fee
        lines.append(",".join(f"`{cell or ''}" for cell in cells))
    lines.append(TOTALS)
    sums = [str(totals["count"]), _yuan(totals["settled"]), _yuan(totals["refunded"]), "0.00", _fee(totals["fee"]),
            _yuan(totals["settled"]), _yuan(totals["refunded"])]  # fmt: skip
    lines.append(",".join(f"`{cell}" for cell in sums))
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _digits(day: date, count: int) -> str:
    """Digits of a number WeChat Pay made up that day (the same every run for the same day)."""
    seed = int(hashlib.sha256(day.isoformat().encode()).hexdigest(), 16)
    return f"{seed % 10**count:0{count}d}"
