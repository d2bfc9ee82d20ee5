"""What an order export holds: one row per order and one per order line, headed and worded in the reader's
language. Cells keep their type (money as Decimal with the currency's digits, times in the shop's zone, counts
as int) so a spreadsheet can sum them; infra/order_export_files.py writes them as CSV or XLSX."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from decimal import Decimal

from domain.orders.entities import Order, OrderLine

Cell = str | int | Decimal | datetime | None


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str
    kind: str = "text"  # text, money, time, count

    def label(self, locale: str) -> str:
        return self.en if locale == "en" else self.zh


ORDER_COLUMNS = (
    Column("number", "订单号", "Order number"),
    Column("status", "状态", "Status"),
    Column("channel", "渠道", "Channel"),
    Column("customer", "客户", "Customer"),
    Column("phone", "电话", "Phone"),
    Column("created_at", "下单时间", "Placed at", "time"),
    Column("paid_at", "付款时间", "Paid at", "time"),
    Column("shipped_at", "发货时间", "Shipped at", "time"),
    Column("item_count", "件数", "Items", "count"),
    Column("currency", "币种", "Currency"),
    Column("subtotal", "商品金额", "Subtotal", "money"),
    Column("discount", "优惠", "Discount", "money"),
    Column("shipping_fee", "运费", "Shipping", "money"),
    Column("tax", "税费", "Tax", "money"),
    Column("total", "应付金额", "Total", "money"),
    Column("paid", "已付金额", "Paid", "money"),
    Column("address", "收货地址", "Address"),
    Column("note", "买家留言", "Customer note"),
)
LINE_COLUMNS = (
    Column("number", "订单号", "Order number"),
    Column("sku_code", "SKU 编码", "SKU code"),
    Column("product_name", "商品名称", "Product"),
    Column("attributes", "规格", "Attributes"),
    Column("quantity", "数量", "Quantity", "count"),
    Column("unit_price", "单价", "Unit price", "money"),
    Column("total", "小计", "Line total", "money"),
)
SHEET_TITLES = {"orders": ("订单", "Orders"), "lines": ("订单明细", "Order lines")}

STATUS_LABELS = {
    "pending_payment": ("待付款", "Pending payment"),
    "paid": ("已付款", "Paid"),
    "on_hold": ("已挂起", "On hold"),
    "awaiting_shipment": ("待发货", "Awaiting shipment"),
    "partially_shipped": ("部分发货", "Partially shipped"),
    "shipped": ("已发货", "Shipped"),
    "completed": ("已完成", "Completed"),
    "cancelled": ("已取消", "Cancelled"),
    "closed": ("已关闭", "Closed"),
}
CHANNEL_LABELS = {
    "web": ("网店", "Web store"),
    "mobile": ("移动端", "Mobile"),
    "phone": ("电话下单", "Phone"),
    "pos": ("门店", "In store"),
}


def _word(labels: dict[str, tuple[str, str]], code: str, locale: str) -> str:
    zh, en = labels.get(code, (code, code))
    return en if locale == "en" else zh


def sheet_title(name: str, locale: str) -> str:
    return _word(SHEET_TITLES, name, locale)


def headers(columns: tuple[Column, ...], locale: str) -> list[str]:
    return [c.label(locale) for c in columns]


def _local(moment: datetime | None, zone: tzinfo) -> datetime | None:
    # spreadsheets have no time zones: the shop's wall-clock time, without an offset, is what staff read
    return None if moment is None else moment.astimezone(zone).replace(tzinfo=None)


def order_row(order: Order, locale: str, zone: tzinfo) -> list[Cell]:
    def money(minor: int) -> Decimal:  # with the currency's digits: 12.50, not 12.5
        return order.money(minor).amount

    address = " ".join(
        part
        for part in (order.ship_province, order.ship_city, order.ship_district, order.ship_detail, order.ship_recipient)
        if part
    )
    return [
        order.number,
        _word(STATUS_LABELS, str(order.status), locale),
        _word(CHANNEL_LABELS, str(order.channel), locale),
        order.customer_name,
        order.customer_phone or "",
        _local(order.created_at, zone),
        _local(order.paid_at, zone),
        _local(order.shipped_at, zone),
        order.item_count,
        order.currency,
        money(order.subtotal_minor),
        money(order.discount_minor + order.points_deduction_minor),
        money(order.shipping_fee_minor),
        money(order.tax_minor),
        money(order.total_minor),
        money(order.paid_minor),
        address,
        order.note,
    ]


def line_row(order: Order, line: OrderLine, locale: str) -> list[Cell]:
    name = (line.product_name_en or line.product_name) if locale == "en" else line.product_name
    return [
        order.number,
        line.sku_code,
        name,
        "; ".join(f"{k}: {v}" for k, v in line.attributes.items()),
        line.quantity,
        order.money(line.unit_price_minor).amount,
        order.money(line.total_minor).amount,
    ]
