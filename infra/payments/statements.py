"""Providers' bills (statements) as they download them, read into domain StatementLines.

**Alipay** — the 业务明细 (trade detail) CSV of the merchant centre and of `alipay.data.dataservice.bill.downloadurl
.query` (bill_type=trade): GBK (older downloads) or UTF-8 with or without a BOM; `#` comment lines before and after
the table (`#支付宝业务明细查询`, `#账号：[…]`, `#起始日期：[2026年11月29日 00:00:00]   终止日期：[…]`, the
`业务明细列表结束` rule, `#交易合计…`, `#导出时间…`); cells padded with spaces and tabs. Columns read, by name
(their order varies between versions): 支付宝交易号 (provider ref), 商户订单号 (our payment_no), 业务类型 (交易 = a
payment, 退款 = a refund), 完成时间 (or 创建时间), 订单金额（元） (a payment's amount), 商家实收（元） (a refund's
amount, negative in the bill), 服务费（元） (the fee, negative in the bill), 退款批次号/请求号 (our refund_no; when
empty, the trade's own number, as Alipay defaults out_request_no). Every line in this bill went through, so each
is `succeeded`. The period comes from the 起始日期/终止日期 header.

**WeChat Pay** — the trade bill (交易账单, bill_type=ALL) of `GET /v3/bill/tradebill` and the merchant platform:
a header line (`交易时间,公众账号ID,商户号,…`), detail lines whose every value starts with a backtick (so Excel
keeps long numbers), then a summary header (`总交易单数,应结订单总金额,…`) and one summary line, which are ignored.
Columns read: 交易时间, 微信订单号 (provider ref), 商户订单号 (our payment_no), 交易状态 (SUCCESS = a payment;
REFUND = a refund line; REVOKED = a payment revoked; CLOSED/NOTPAY/PAYERROR = not paid), 货币种类, 订单金额 (a
payment's amount; 应结订单金额 when the bill has no 订单金额), 微信退款单号 (provider ref of a refund), 商户退款单号
(our refund_no), 申请退款金额 (the amount we asked; 退款金额 when absent), 退款状态 (SUCCESS, PROCESSING, or
REFUNDCLOSE/FAIL/CHANGE = not refunded), 手续费 (five decimals: rounded half up to the fen, as WeChat settles it).
WeChat bills are daily and carry no period: it is the whole days (Beijing time) their lines fall on.

Times in both are Beijing time (UTC+8). Amounts are yuan strings turned into fen exactly (Decimal), never float.
Anything unreadable stops the import with the file's line number (domain StatementUnreadable).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from domain.orders.entities import PaymentMethod
from domain.payments.reconciliation import LineKind, Statement, StatementLine, StatementUnreadable, TheirStatus

BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")
_AMOUNT = re.compile(r"^-?\d{1,12}(\.\d{1,2})?$", re.ASCII)
_FEE = re.compile(r"^-?\d{1,12}(\.\d{1,6})?$", re.ASCII)
_PERIOD = re.compile(r"起始日期[:：]\s*\[([^\]]+)\].*?终止日期[:：]\s*\[([^\]]+)\]")
_TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M", "%Y年%m月%d日 %H:%M:%S")
_PLAIN_TIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$", re.ASCII)


def read_statement(provider: PaymentMethod, data: bytes) -> Statement:
    """The bill in `data` in the layout of `provider` (alipay or wechat_pay)."""
    text = decode(data)
    if provider == PaymentMethod.ALIPAY:
        return _alipay(text)
    if provider == PaymentMethod.WECHAT_PAY:
        return _wechat(text)
    raise StatementUnreadable(1, f"no statement layout is known for {provider}", f"不支持 {provider} 的账单格式")


def decode(data: bytes) -> str:
    """UTF-8 (a BOM is dropped), else GBK: Alipay's downloads were GBK for years, newer ones are UTF-8. GBK text
    is almost never valid UTF-8, so trying UTF-8 first tells them apart. (GB18030 reads all of GBK.)"""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise StatementUnreadable(
            line, "the file is neither UTF-8 nor GBK text", "文件不是 UTF-8 或 GBK 编码的文本"
        ) from exc


def _rows(text: str) -> Iterator[tuple[int, str, list[str]]]:
    """(line number, raw line, cells) of every non-blank line. A bill never breaks a cell across lines."""
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            cells = next(csv.reader([raw]))
        except csv.Error as exc:
            raise StatementUnreadable(number, f"not a CSV line ({exc})", "不是有效的 CSV 行") from exc
        yield number, raw, cells


def _clean(cell: str) -> str:
    cell = cell.strip()  # Alipay pads cells with spaces and a tab
    return cell[1:].strip() if cell.startswith("`") else cell  # WeChat's backtick before each value


def _header(cells: list[str]) -> dict[str, int]:
    # some exports write the unit in ASCII brackets: 订单金额(元)
    return {cell.replace("(", "（").replace(")", "）"): i for i, cell in enumerate(cells)}


class _Line:
    """One detail line's cells by column name, each read with the line's number in any complaint."""

    def __init__(self, number: int, cells: list[str], columns: dict[str, int]) -> None:
        # a value with a comma in it (1,00) splits in two: more values than columns is as wrong as fewer
        if len(cells) < len(columns) or any(cell.strip() for cell in cells[len(columns) :]):
            raise StatementUnreadable(
                number,
                f"{len(cells)} values where the header names {len(columns)}",
                f"该行有 {len(cells)} 个值，表头有 {len(columns)} 列",
            )
        self.number, self.cells, self.columns = number, cells, columns

    def text(self, *names: str, required: bool = True) -> str:
        for name in names:
            if name in self.columns and (value := _clean(self.cells[self.columns[name]])):
                return value
        if required:
            raise StatementUnreadable(self.number, f"{names[0]} is empty", f"{names[0]}为空")
        return ""

    def amount(self, *names: str) -> int:
        """Fen of a yuan amount, whatever its sign."""
        value = self.text(*names)
        if not _AMOUNT.match(value):
            raise StatementUnreadable(
                self.number,
                f"{names[0]} is not an amount in yuan: {value!r}",
                f"{names[0]}不是以元为单位的金额：{value}",
            )
        return abs(int(Decimal(value) * 100))

    def fee(self, *names: str) -> int | None:
        value = self.text(*names, required=False)
        if not value:
            return None
        if not _FEE.match(value):
            raise StatementUnreadable(
                self.number,
                f"{names[0]} is not an amount in yuan: {value!r}",
                f"{names[0]}不是以元为单位的金额：{value}",
            )
        try:
            return abs(int((Decimal(value) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)))
        except InvalidOperation as exc:  # pragma: no cover - the pattern admits only plain decimals
            raise StatementUnreadable(self.number, f"{names[0]} is not an amount", f"{names[0]}不是金额") from exc

    def time(self, *names: str) -> datetime:
        value = self.text(*names)
        return _beijing(value, self.number, names[0])


def _beijing(value: str, number: int, name: str) -> datetime:
    if plain := _PLAIN_TIME.match(value):  # the usual shape, read without strptime (a bill has many lines)
        try:
            year, month, day, hour, minute, second = (int(part) for part in plain.groups())
            return datetime(year, month, day, hour, minute, second, tzinfo=BEIJING).astimezone(UTC)
        except ValueError as exc:
            raise StatementUnreadable(
                number, f"{name} is not a time: {value!r}", f"{name}不是有效的时间：{value}"
            ) from exc
    for fmt in _TIME_FORMATS:
        try:
            return datetime.strptime(value, fmt).replace(tzinfo=BEIJING).astimezone(UTC)
        except ValueError:
            continue
    raise StatementUnreadable(number, f"{name} is not a time: {value!r}", f"{name}不是有效的时间：{value}")


def _require(columns: dict[str, int], number: int, *names: str) -> None:
    missing = [name for name in names if name not in columns]
    if missing:
        raise StatementUnreadable(number, f"the header lacks {', '.join(missing)}", f"表头缺少{'、'.join(missing)}")


# ---- Alipay ----------------------------------------------------------------------------------------------------

ALIPAY_REQUIRED = ("支付宝交易号", "商户订单号", "业务类型", "订单金额（元）", "商家实收（元）")


def _alipay(text: str) -> Statement:
    period: tuple[datetime, datetime] | None = None
    columns: dict[str, int] | None = None
    lines: list[StatementLine] = []
    for number, raw, cells in _rows(text):
        if raw.lstrip().startswith("#"):
            if found := _PERIOD.search(raw):
                period = (
                    _beijing(found[1].strip(), number, "起始日期"),
                    _beijing(found[2].strip(), number, "终止日期"),
                )
            continue
        if columns is None:
            columns = _header([_clean(cell) for cell in cells])
            _require(columns, number, *ALIPAY_REQUIRED)
            continue
        lines.append(_alipay_line(_Line(number, cells, columns)))
    if columns is None:
        raise StatementUnreadable(
            1, "no header line with 支付宝交易号, 商户订单号 … was found", "找不到含支付宝交易号、商户订单号等列的表头"
        )
    return Statement(PaymentMethod.ALIPAY, *(period or _whole_days(lines)), lines=tuple(lines))


def _alipay_line(line: _Line) -> StatementLine:
    kind = line.text("业务类型")
    at = line.time("完成时间", "创建时间")
    if kind == "交易":
        return StatementLine(
            line_no=line.number,
            kind=LineKind.PAYMENT,
            payment_no=line.text("商户订单号"),
            amount_minor=line.amount("订单金额（元）"),
            provider_ref=line.text("支付宝交易号"),
            fee_minor=line.fee("服务费（元）"),
            at=at,
        )
    if kind == "退款":
        payment_no = line.text("商户订单号")
        return StatementLine(
            line_no=line.number,
            kind=LineKind.REFUND,
            payment_no=payment_no,
            # Alipay takes out_request_no to be the out_trade_no when a refund was asked without one
            refund_no=line.text("退款批次号/请求号", required=False) or payment_no,
            amount_minor=line.amount("商家实收（元）"),
            provider_ref=line.text("支付宝交易号"),
            at=at,
        )
    raise StatementUnreadable(
        line.number, f"业务类型 {kind!r} is neither 交易 nor 退款", f"业务类型“{kind}”既不是交易也不是退款"
    )


# ---- WeChat Pay ------------------------------------------------------------------------------------------------

WECHAT_REQUIRED = ("交易时间", "微信订单号", "商户订单号", "交易状态", "商户退款单号", "退款状态")
_WECHAT_PAYMENT = {
    "SUCCESS": TheirStatus.SUCCEEDED,
    "REVOKED": TheirStatus.REVOKED,
    "CLOSED": TheirStatus.FAILED,
    "NOTPAY": TheirStatus.FAILED,
    "PAYERROR": TheirStatus.FAILED,
}
_WECHAT_REFUND = {
    "SUCCESS": TheirStatus.SUCCEEDED,
    "PROCESSING": TheirStatus.PROCESSING,
    "REFUNDCLOSE": TheirStatus.FAILED,
    "FAIL": TheirStatus.FAILED,
    "CHANGE": TheirStatus.FAILED,  # the money could not reach the customer's card: it is back with the merchant
}


def _wechat(text: str) -> Statement:
    columns: dict[str, int] | None = None
    lines: list[StatementLine] = []
    for number, raw, cells in _rows(text):
        if raw.lstrip().startswith("#"):
            continue
        if columns is None:
            columns = _header([_clean(cell) for cell in cells])
            _require(columns, number, *WECHAT_REQUIRED)
            continue
        if _clean(cells[0]).startswith("总交易单"):
            break  # the summary block: its header and one line of totals
        lines.append(_wechat_line(_Line(number, cells, columns)))
    if columns is None:
        raise StatementUnreadable(
            1, "no header line with 交易时间, 微信订单号 … was found", "找不到含交易时间、微信订单号等列的表头"
        )
    if not lines:
        raise StatementUnreadable(
            1, "the bill has no lines: it names no day to reconcile", "账单没有明细行，无法确定对账日期"
        )
    return Statement(PaymentMethod.WECHAT_PAY, *_whole_days(lines), lines=tuple(lines))


def _wechat_line(line: _Line) -> StatementLine:
    state = line.text("交易状态").upper()
    currency = line.text("货币种类", required=False) or "CNY"
    at = line.time("交易时间")
    if state == "REFUND":
        refund_state = line.text("退款状态").upper()
        if refund_state not in _WECHAT_REFUND:
            raise StatementUnreadable(
                line.number,
                f"退款状态 {refund_state!r} is not one WeChat Pay reports",
                f"退款状态“{refund_state}”不是微信支付的状态值",
            )
        return StatementLine(
            line_no=line.number,
            kind=LineKind.REFUND,
            payment_no=line.text("商户订单号"),
            refund_no=line.text("商户退款单号"),
            amount_minor=line.amount("申请退款金额", "退款金额"),
            currency=currency,
            status=_WECHAT_REFUND[refund_state],
            provider_ref=line.text("微信退款单号", required=False) or None,
            at=at,
        )
    if state not in _WECHAT_PAYMENT:
        raise StatementUnreadable(
            line.number, f"交易状态 {state!r} is not one WeChat Pay reports", f"交易状态“{state}”不是微信支付的状态值"
        )
    return StatementLine(
        line_no=line.number,
        kind=LineKind.PAYMENT,
        payment_no=line.text("商户订单号"),
        amount_minor=line.amount("订单金额", "应结订单金额"),
        currency=currency,
        status=_WECHAT_PAYMENT[state],
        provider_ref=line.text("微信订单号"),
        fee_minor=line.fee("手续费"),
        at=at,
    )


def _whole_days(lines: list[StatementLine]) -> tuple[datetime, datetime]:
    """From the start of the first line's day to the end of the last line's day, Beijing time."""
    times = [line.at for line in lines if line.at is not None]
    if not times:
        raise StatementUnreadable(
            1,
            "the bill names no period and has no lines to take one from",
            "账单既没有起止日期也没有明细行，无法确定对账日期",
        )
    first = min(times).astimezone(BEIJING).replace(hour=0, minute=0, second=0, microsecond=0)
    last = max(times).astimezone(BEIJING).replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    return first.astimezone(UTC), last.astimezone(UTC)
