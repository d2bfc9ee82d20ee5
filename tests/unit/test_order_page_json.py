"""The staff order list is written from plain data, not through its documented response model: the two must agree
to the byte's meaning, whatever the orders hold (money in JPY and CNY, times with and without microseconds,
missing values)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from uuid import uuid4

from asyncpg.pgproto.pgproto import UUID as DriverUUID

from api.responses import data_response
from api.schemas.orders import OrderPage, OrderSummaryOut
from domain.orders.entities import Order, OrderStatus, SalesChannel
from domain.orders.ports import TOTAL_CAP


def _order(currency: str, total_minor: int, **fields: object) -> Order:
    fields.setdefault("status", OrderStatus.PENDING_PAYMENT)
    order = Order(
        number=f"N{total_minor}",
        channel=SalesChannel.PHONE,
        customer_id=uuid4(),
        currency=currency,
        customer_name="李四",
        total_minor=total_minor,
        item_count=3,
        first_item_name="茶杯",
        created_at=datetime(2026, 11, 29, 17, 30, tzinfo=UTC),
        **fields,
    )
    order.id = DriverUUID(str(uuid4()))  # as asyncpg hands ids back
    return order


def test_an_order_page_written_from_plain_data_reads_as_its_response_model() -> None:
    orders = [
        _order("CNY", 20_250, expires_at=datetime(2026, 11, 29, 18, 0, 0, 120_500, tzinfo=UTC)),
        _order(
            "JPY",
            1_500,
            status=OrderStatus.PAID,
            payment_method="alipay",
            paid_at=datetime(2026, 11, 29, 17, 31, 5, tzinfo=UTC),
            first_item_image_url="/media/cup.jpg",
            needs_review=True,
        ),
    ]

    written = json.loads(data_response(OrderPage.json_of(orders, TOTAL_CAP + 1, page=2, page_size=20)).body)
    modelled = OrderPage(
        items=[OrderSummaryOut.of(o) for o in orders], total=TOTAL_CAP, total_capped=True, page=2, page_size=20
    ).model_dump(mode="json")

    assert written == modelled
    assert [item["total"] for item in written["items"]] == [
        {"amount": "202.50", "currency": "CNY"},
        {"amount": "1500", "currency": "JPY"},
    ]
