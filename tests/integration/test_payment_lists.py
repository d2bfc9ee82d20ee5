"""Finance's payment and refund lists, a payment's detail with its log, the exports, a customer's own payment history
and an order's payments: filters that combine, pages, permissions, and what the files hold."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
from openpyxl import load_workbook

from domain.orders.entities import PaymentMethod
from domain.payments.entities import EventKind, PaymentStatus, RefundStatus
from tests.conftest import Shop, new_ip
from tests.factories import (
    PASSWORD,
    admin_headers,
    bearer,
    create_staff,
    customer_with_address,
    login,
    place_order,
    stocked_sku,
)
from tests.payment_lists_support import add_payment, window

S, R = PaymentStatus, RefundStatus


def _day(start: datetime) -> dict[str, str]:
    return {"created_from": start.isoformat(), "created_to": (start + timedelta(days=1)).isoformat()}


async def _orders(client: httpx.AsyncClient, admin: dict[str, str], count: int) -> tuple[Any, list[dict[str, Any]]]:
    sku = await stocked_sku(client, admin, 20, retail_price="10.00")
    buyer = await customer_with_address(client, name="Payer Tester")
    return buyer, [await place_order(client, buyer, {sku["id"]: n + 1}) for n in range(count)]


async def _finance(client: httpx.AsyncClient, admin: dict[str, str]) -> dict[str, str]:
    staff = await create_staff(client, admin, "finance")
    return bearer(await login(client, staff["email"], PASSWORD))


async def test_finance_filter_payments_by_method_status_amount_and_order_number_and_page_through_them(
    shop: Shop,
) -> None:
    # given: four payments of one customer on a day of their own
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    finance = await _finance(client, admin)
    _, orders = await _orders(client, admin, 3)
    start = window()
    uows = shop.container.uow
    a = await add_payment(uows, orders[0], at=start, amount_minor=1000, method=PaymentMethod.ALIPAY, status=S.FAILED)
    b = await add_payment(uows, orders[0], at=start + timedelta(hours=1), amount_minor=2000)
    c = await add_payment(uows, orders[1], at=start + timedelta(hours=2), amount_minor=3050, method=PaymentMethod.CARD)
    d = await add_payment(
        uows, orders[2], at=start + timedelta(hours=3), amount_minor=4000, method=PaymentMethod.WECHAT_PAY,
        status=S.PROCESSING,
    )  # fmt: skip

    async def numbers(**params: Any) -> list[str]:
        response = await client.get("/payments", params={**_day(start), **params}, headers=finance)
        assert response.status_code == 200, response.text
        return [p["payment_no"] for p in response.json()["items"]]

    # then: newest first by default, each filter narrows, and they combine
    everything = [d.payment.payment_no, c.payment.payment_no, b.payment.payment_no, a.payment.payment_no]
    assert await numbers() == everything
    assert await numbers(sort="amount") == everything[::-1]
    assert await numbers(method="card") == [c.payment.payment_no]
    assert await numbers(method=["card", "wechat_pay"]) == [d.payment.payment_no, c.payment.payment_no]
    assert await numbers(status=["succeeded"]) == [c.payment.payment_no, b.payment.payment_no]
    assert await numbers(status=["failed", "processing"]) == [d.payment.payment_no, a.payment.payment_no]
    assert await numbers(amount_min="20.00", amount_max="30.50") == [c.payment.payment_no, b.payment.payment_no]
    assert await numbers(order_number=orders[0]["number"]) == [b.payment.payment_no, a.payment.payment_no]
    assert await numbers(payment_no=c.payment.payment_no) == [c.payment.payment_no]
    paid_from = (start + timedelta(hours=2)).isoformat()
    assert await numbers(paid_from=paid_from) == [c.payment.payment_no]
    assert await numbers(status=["succeeded"], method="alipay") == [b.payment.payment_no]

    # and: pages of two, with the order's number, customer and money as the list shows them
    page = (await client.get("/payments", params={**_day(start), "page_size": 2, "page": 2}, headers=finance)).json()
    assert (page["total"], page["page"], len(page["items"])) == (4, 2, 2)
    row = page["items"][0]
    assert row["payment_no"] == b.payment.payment_no
    assert (row["order_number"], row["customer_name"]) == (orders[0]["number"], "Payer Tester")
    assert row["amount"] == {"amount": "20.00", "currency": "CNY"}
    assert (row["status"], row["method"], row["start"]) == ("succeeded", "alipay", None)


async def test_a_payment_opens_with_its_log_in_codes_and_its_refunds(shop: Shop) -> None:
    # given
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    finance = await _finance(client, admin)
    _, orders = await _orders(client, admin, 1)
    stored = await add_payment(
        shop.container.uow,
        orders[0],
        at=window(),
        amount_minor=5000,
        fee_minor=30,
        refunds=((1000, R.SUCCEEDED), (500, R.FAILED)),
        notes=((EventKind.CALLBACK_REJECTED, "signature"), (EventKind.SUCCEEDED, "")),
    )

    # when
    response = await client.get(f"/payments/{stored.payment.id}", headers=finance)

    # then
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["refunded"] == {"amount": "10.00", "currency": "CNY"}
    assert body["refundable"] == {"amount": "40.00", "currency": "CNY"}
    assert body["fee"] == {"amount": "0.30", "currency": "CNY"}
    assert body["provider_ref"] == stored.payment.provider_ref
    assert [(e["kind"], e["note"], e["note_is_code"]) for e in body["events"]] == [
        ("callback_rejected", "signature", True),
        ("succeeded", "", False),
    ]
    assert [(r["refund_no"], r["status"], r["amount"]["amount"]) for r in body["refunds"]] == [
        (stored.refunds[0].refund_no, "succeeded", "10.00"),
        (stored.refunds[1].refund_no, "failed", "5.00"),
    ]
    assert (await client.get(f"/payments/{orders[0]['id']}", headers=finance)).json()["code"] == "payment.not_found"


async def test_finance_filter_refunds_and_staff_see_an_orders_payments_with_their_refunds(shop: Shop) -> None:
    # given
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    finance = await _finance(client, admin)
    _, orders = await _orders(client, admin, 2)
    start = window()
    first = await add_payment(
        shop.container.uow, orders[0], at=start, amount_minor=5000, refunds=((1000, R.SUCCEEDED), (2000, R.PENDING))
    )
    other = await add_payment(
        shop.container.uow, orders[1], at=start + timedelta(hours=1), amount_minor=900,
        method=PaymentMethod.CARD, refunds=((900, R.FAILED),),
    )  # fmt: skip

    async def numbers(**params: Any) -> list[str]:
        response = await client.get("/refunds", params={**_day(start), **params}, headers=finance)
        assert response.status_code == 200, response.text
        return [r["refund_no"] for r in response.json()["items"]]

    # then
    one, two, three = first.refunds[0].refund_no, first.refunds[1].refund_no, other.refunds[0].refund_no
    assert await numbers() == [three, two, one]
    assert await numbers(status="pending") == [two]
    assert await numbers(method="card") == [three]
    assert await numbers(order_number=orders[0]["number"], sort="amount") == [one, two]
    assert await numbers(amount_min="15.00") == [two]
    row = (await client.get("/refunds", params={**_day(start), "method": "card"}, headers=finance)).json()["items"][0]
    assert (row["payment_no"], row["order_number"]) == (other.payment.payment_no, orders[1]["number"])
    assert (row["requested_by_kind"], row["requested_by_name"], row["reason"]) == ("staff", "Finance", "refund 1")

    # and: the order's detail page reads its payments with their refunds and what is left to refund
    response = await client.get(f"/orders/{orders[0]['id']}/payments", headers=admin)
    assert response.status_code == 200, response.text
    [payment] = response.json()
    assert payment["refundable"] == {"amount": "20.00", "currency": "CNY"}
    assert [r["refund_no"] for r in payment["refunds"]] == [one, two]


async def test_customers_see_only_their_own_payments_and_never_finance_lists(shop: Shop) -> None:
    # given: two customers, each with a payment
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    buyer, [order] = await _orders(client, admin, 1)
    other_buyer, [other_order] = await _orders(client, admin, 1)
    start = window()
    mine = await add_payment(shop.container.uow, order, at=start, status=S.PROCESSING)
    theirs = await add_payment(shop.container.uow, other_order, at=start + timedelta(minutes=5))

    # when
    response = await client.get("/me/payments", headers=buyer.headers)

    # then
    assert response.status_code == 200, response.text
    body = response.json()
    assert [p["payment_no"] for p in body["items"]] == [mine.payment.payment_no]
    assert body["total"] == 1
    assert body["items"][0]["start"] == {"kind": "redirect", "url": "https://pay.example/p", "qr_code": None}
    assert "customer_name" not in body["items"][0]
    assert [p["id"] for p in (await client.get("/me/payments", headers=other_buyer.headers)).json()["items"]] == [
        str(theirs.payment.id)
    ]
    for path in ("/payments", "/refunds", f"/payments/{mine.payment.id}", "/payments/export", "/refunds/export"):
        refused = await client.get(path, headers=buyer.headers)
        assert refused.status_code == 403, path
    assert (await client.get(f"/orders/{order['id']}/payments", headers=buyer.headers)).status_code == 403
    assert (await client.get("/me/payments")).status_code == 401


async def test_exports_hold_the_filtered_rows_with_amounts_as_numbers(shop: Shop) -> None:
    # given
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    finance = await _finance(client, admin)
    _, orders = await _orders(client, admin, 2)
    start = window()
    card = await add_payment(
        shop.container.uow, orders[0], at=start, amount_minor=12_345, method=PaymentMethod.CARD,
        refunds=((2_345, R.SUCCEEDED),),
    )  # fmt: skip
    await add_payment(shop.container.uow, orders[1], at=start + timedelta(hours=1), amount_minor=500)
    filters = {**_day(start), "method": "card"}

    # when
    as_csv = await client.get("/payments/export", params={**filters, "format": "csv"}, headers=finance)
    assert (await client.patch("/me", json={"locale": "en"}, headers=finance)).status_code == 200
    as_xlsx = await client.get("/payments/export", params={**filters, "format": "xlsx"}, headers=finance)
    refunds = await client.get("/refunds/export", params={**_day(start), "format": "xlsx"}, headers=finance)

    # then: the CSV in Chinese (the user's language then), one row for the card payment
    assert as_csv.status_code == 200, as_csv.text
    assert "payments-" in as_csv.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["支付单号", "订单号", "客户"]
    assert len(rows) == 2
    assert rows[1][0] == card.payment.payment_no
    assert rows[1][3:8] == ["银行卡", "成功", "CNY", "123.45", "23.45"]
    # and: the XLSX in English (their language now) with numeric amount cells
    sheet = load_workbook(io.BytesIO(as_xlsx.content)).active
    assert sheet is not None
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:7] == ["Payment no.", "Order no.", "Customer", "Method", "Status", "Currency", "Amount"]
    assert values[1][0] == card.payment.payment_no
    assert (values[1][3], values[1][4]) == ("Card", "Succeeded")
    assert isinstance(values[1][6], int | float) and Decimal(str(values[1][6])) == Decimal("123.45")
    assert len(values) == 2
    refund_sheet = load_workbook(io.BytesIO(refunds.content)).active
    assert refund_sheet is not None
    refund_rows = [[cell.value for cell in row] for row in refund_sheet.iter_rows()]
    assert [r[0] for r in refund_rows[1:]] == [card.refunds[0].refund_no]
    assert Decimal(str(refund_rows[1][7])) == Decimal("23.45")


async def test_an_export_of_more_rows_than_the_limit_is_refused_in_words(shop: Shop, monkeypatch: Any) -> None:
    from domain.payments import exports

    client = shop.client(new_ip())
    admin = await admin_headers(client)
    _, orders = await _orders(client, admin, 1)
    start = window()
    for hour in range(2):
        await add_payment(shop.container.uow, orders[0], at=start + timedelta(hours=hour), status=S.FAILED)
    monkeypatch.setattr(exports, "EXPORT_LIMIT", 1)

    response = await client.get("/payments/export", params=_day(start), headers=admin)

    assert response.status_code == 422
    assert response.json()["code"] == "payment.export_too_large"
    assert "1" in response.json()["detail"]
