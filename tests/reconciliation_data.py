"""Test data for reconciliation: payments and refunds of ours written through the payments repository (as the
payment flow would leave them), and providers' bills written in their own layouts around our numbers."""

from __future__ import annotations

import itertools
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any, cast

import httpx

from domain.orders.entities import PaymentMethod
from domain.payments.entities import Payment, PaymentStatus, Refund, RefundStatus
from infra.container import Container
from tests import factories as f

BEIJING = timezone(timedelta(hours=8))
# Each test reconciles its own day, years back: nothing else in the shared test database was paid on it, so what
# "our side" holds for the day is exactly what the test wrote.
_days = itertools.count(uuid.uuid4().int % 3000)


def a_quiet_day() -> date:
    return date(2014, 1, 1) + timedelta(days=next(_days) % 3000)


def beijing(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BEIJING).astimezone(UTC)


def number(prefix: str) -> str:
    return f"{prefix}{secrets.randbelow(10**22):022d}"


@dataclass
class Customer:
    order_id: uuid.UUID
    customer_id: uuid.UUID


async def an_order(client: httpx.AsyncClient) -> Customer:
    """A real order of a real customer, for payments to belong to (placed at checkout)."""
    admin = await f.admin_headers(client)
    sku = await f.stocked_sku(client, admin, 50)
    buyer = await f.customer_with_address(client)
    order = await f.place_order(client, buyer, {sku["id"]: 1})
    return Customer(uuid.UUID(order["id"]), uuid.UUID(buyer.id))


def container_of(client: httpx.AsyncClient) -> Container:
    transport = client._transport
    assert isinstance(transport, httpx.ASGITransport), "a client of tests.conftest.Shop.client"
    return cast(Container, cast(Any, transport.app).state.container)


async def insert_payment(
    container: Container,
    customer: Customer,
    *,
    method: PaymentMethod,
    amount_minor: int,
    paid_at: datetime,
    status: PaymentStatus = PaymentStatus.SUCCEEDED,
    fee_minor: int | None = None,
) -> Payment:
    payment = Payment(
        payment_no=number("P"),
        order_id=customer.order_id,
        customer_id=customer.customer_id,
        method=method,
        currency="CNY",
        amount_minor=amount_minor,
        expires_at=paid_at + timedelta(minutes=30),
        created_at=paid_at - timedelta(minutes=1),
        status=status,
        provider_ref=number("42"),
        fee_minor=fee_minor,
        paid_at=paid_at if status == PaymentStatus.SUCCEEDED else None,
    )
    async with container.uow() as uow:
        await uow.payments.add(payment)
        await uow.commit()
    return payment


async def insert_refund(
    container: Container,
    payment: Payment,
    *,
    amount_minor: int,
    at: datetime,
    status: RefundStatus = RefundStatus.SUCCEEDED,
) -> Refund:
    refund = Refund(
        refund_no=number("R"),
        payment_id=payment.id,
        order_id=payment.order_id,
        method=payment.method,
        currency="CNY",
        amount_minor=amount_minor,
        reason="returned by the customer",
        created_at=at,
        status=status,
        succeeded_at=at if status == RefundStatus.SUCCEEDED else None,
    )
    async with container.uow() as uow:
        locked = await uow.payments.get_for_update(payment.id)
        assert locked is not None
        locked.refunded_minor += amount_minor
        await uow.payments.add_refund(refund)
        await uow.commit()
    return refund


WECHAT_HEADER = (
    "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,"
    "应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,"
    "手续费,费率,订单金额,申请退款金额,费率备注"
)


def wechat_paid(at: datetime, payment_no: str, amount: str, *, fee: str = "0.00000", state: str = "SUCCESS") -> str:
    local = at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")
    values = [local, "wx2421b1c4370ec43b", "1900000109", "0", "", number("42"), payment_no, "oUpF8uMu", "NATIVE"]
    values += [state, "CMB_CREDIT", "CNY", amount, "0.00", "0", "", "0.00", "0.00", "", "", "全单通订单", ""]
    values += [fee, "0.60%", amount, "0.00", ""]
    return ",".join(f"`{v}" for v in values)


def wechat_refunded(at: datetime, payment_no: str, refund_no: str, amount: str, *, state: str = "SUCCESS") -> str:
    local = at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")
    values = [local, "wx2421b1c4370ec43b", "1900000109", "0", "", number("42"), payment_no, "oUpF8uMu", "NATIVE"]
    values += ["REFUND", "CMB_CREDIT", "CNY", "0.00", "0.00", number("50"), refund_no, amount, "0.00", "ORIGINAL"]
    values += [state, "全单通订单", "", "-0.00000", "0.60%", "0.00", amount, ""]
    return ",".join(f"`{v}" for v in values)


def wechat_bill(*lines: str) -> bytes:
    summary = "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额"
    totals = ",".join(f"`{v}" for v in [str(len(lines)), "0.00", "0.00", "0.00", "0.00000", "0.00", "0.00"])
    return "\n".join([WECHAT_HEADER, *lines, summary, totals, ""]).encode("utf-8")


ALIPAY_HEADER = (
    "支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,"
    "商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,"
    "商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注"
)


def alipay_line(
    kind: str, at: datetime, payment_no: str, amount: str, received: str, fee: str, refund_no: str = ""
) -> str:
    local = at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")
    values = [number("2026"), payment_no, kind, "全单通订单", local, local, "", "", "", "", "a***@163.com", amount]
    values += [received, "0.00", "0.00", "0.00", "0.00", "0.00", "", "0.00", "0.00", refund_no, fee, "0.00", ""]
    return ",".join(f"{v}\t" for v in values)


def alipay_bill(day: date, *lines: str, encoding: str = "gbk") -> bytes:
    start, end = day.strftime("%Y年%m月%d日"), (day + timedelta(days=1)).strftime("%Y年%m月%d日")
    text = "\r\n".join(
        [
            "#支付宝业务明细查询",
            "#账号：[20889211234567890156]",
            f"#起始日期：[{start} 00:00:00]   终止日期：[{end} 00:00:00]",
            "#-----------------------------------------业务明细列表----------------------------------------",
            ALIPAY_HEADER,
            *lines,
            "#-----------------------------------------业务明细列表结束------------------------------------",
            "#交易合计：0笔，商家实收共：0.00元，商家优惠共：0.00元",
            f"#导出时间：[{end} 09:00:00]",
            "",
        ]
    )
    return text.encode(encoding)
