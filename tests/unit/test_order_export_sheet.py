"""The pure parts of an order export: the filters kept with an export come back as asked, and a row says the
order in the reader's language with typed money and the shop's wall-clock time."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from uuid import uuid4

from openpyxl import load_workbook

from domain.order_exports import filters, sheet
from domain.orders.entities import Order, OrderLine, OrderStatus, SalesChannel
from domain.orders.ports import OrderQuery
from infra.order_export_files import CsvWriter, XlsxWriter

SHANGHAI = timezone(timedelta(hours=8))


def test_the_filters_kept_with_an_export_read_back_as_the_same_query() -> None:
    query = OrderQuery(
        customer="张",
        statuses=(OrderStatus.PAID, OrderStatus.SHIPPED),
        amount_min_minor=1000,
        created_from=datetime(2026, 11, 1, tzinfo=UTC),
        created_to=datetime(2026, 11, 2, tzinfo=SHANGHAI),
        needs_review=False,
        sort="total",
    )

    kept = filters.to_json(query)

    assert kept["statuses"] == ["paid", "shipped"] and "number" not in kept
    assert filters.from_json(kept) == query
    assert filters.key(kept, "csv", "en") != filters.key(kept, "xlsx", "en")


def test_a_row_says_the_order_in_the_readers_words_with_money_as_decimals_and_shop_time() -> None:
    order = Order(
        number="N1",
        channel=SalesChannel.PHONE,
        customer_id=uuid4(),
        currency="CNY",
        customer_name="李四",
        status=OrderStatus.AWAITING_SHIPMENT,
        subtotal_minor=19800,
        discount_minor=500,
        points_deduction_minor=100,
        shipping_fee_minor=1000,
        total_minor=20200,
        paid_minor=20200,
        ship_province="浙江省",
        ship_city="杭州市",
        ship_detail="文三路 1 号",
        created_at=datetime(2026, 11, 29, 17, 30, tzinfo=UTC),
    )
    line = OrderLine(
        order_id=order.id,
        sku_id=uuid4(),
        product_id=uuid4(),
        product_name="茶杯",
        product_name_en="Tea cup",
        sku_code="CUP-1",
        unit_price_minor=9900,
        quantity=2,
        subtotal_minor=19800,
        discount_minor=0,
        tax_minor=0,
        total_minor=19800,
        attributes={"颜色": "白"},
    )

    zh = dict(zip(sheet.headers(sheet.ORDER_COLUMNS, "zh_CN"), sheet.order_row(order, "zh_CN", SHANGHAI), strict=True))
    en = dict(zip(sheet.headers(sheet.ORDER_COLUMNS, "en"), sheet.order_row(order, "en", SHANGHAI), strict=True))

    assert (zh["状态"], zh["渠道"], en["Status"], en["Channel"]) == ("待发货", "电话下单", "Awaiting shipment", "Phone")
    assert zh["下单时间"] == datetime(2026, 11, 30, 1, 30)  # the next morning in Shanghai
    assert (zh["应付金额"], zh["优惠"], zh["运费"]) == (Decimal("202.00"), Decimal("6.00"), Decimal("10.00"))
    assert str(zh["应付金额"]) == "202.00"
    assert zh["收货地址"] == "浙江省 杭州市 文三路 1 号"
    assert sheet.line_row(order, line, "en") == [
        "N1",
        "CUP-1",
        "Tea cup",
        "颜色: 白",
        2,
        Decimal("99.00"),
        Decimal("198.00"),
    ]
    assert sheet.line_row(order, line, "zh_CN")[2] == "茶杯"


def test_a_customer_named_like_a_formula_stays_text_in_both_files() -> None:
    order = Order(
        number="N2",
        channel=SalesChannel.WEB,
        customer_id=uuid4(),
        currency="CNY",
        customer_name='=HYPERLINK("http://x","y")',
        total_minor=100,
        created_at=datetime(2026, 11, 29, tzinfo=UTC),
    )
    text = io.StringIO()
    CsvWriter(text, "en", SHANGHAI).write([order])
    book = XlsxWriter("en", SHANGHAI)
    book.write([order])
    data = io.BytesIO()
    book.book.save(data)

    row = next(csv.reader(io.StringIO(text.getvalue().lstrip("\ufeff").splitlines()[1])))
    assert row[3] == '\'=HYPERLINK("http://x","y")'  # quoted: a spreadsheet shows it, never runs it
    cell = load_workbook(data).worksheets[0]["D2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x","y")', "s")
    assert load_workbook(data).worksheets[0]["O2"].value == 1  # the total, a number
