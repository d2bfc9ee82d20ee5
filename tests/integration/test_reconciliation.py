"""Reconciliation through the API: finance imports a provider's bill, sees each difference from our payments and
refunds, resolves one with a note; the same bill twice, an unreadable one and a too large one are refused."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import httpx
import pytest

from api.routers import reconciliations as reconciliation_routes
from domain.orders.entities import PaymentMethod
from domain.payments.entities import PaymentStatus
from tests import factories as f
from tests import reconciliation_data as data

WECHAT, ALIPAY = PaymentMethod.WECHAT_PAY, PaymentMethod.ALIPAY


async def finance(client: httpx.AsyncClient) -> dict[str, str]:
    staff = await f.create_staff(client, await f.admin_headers(client), "finance")
    return f.bearer(await f.login(client, staff["email"], f.PASSWORD))


async def upload(
    client: httpx.AsyncClient, headers: dict[str, str], provider: str, bill: bytes, name: str = "bill.csv"
) -> httpx.Response:
    files = {"file": (name, bill, "text/csv")}
    return await client.post("/reconciliations", data={"provider": provider}, files=files, headers=headers)


async def mismatches(client: httpx.AsyncClient, headers: dict[str, str], run_id: str, **query: Any) -> list[Any]:
    response = await client.get(f"/reconciliations/{run_id}/mismatches", params=query, headers=headers)
    assert response.status_code == 200, response.text
    return list(response.json()["items"])


async def test_a_wechat_bill_shows_every_kind_of_difference_and_gives_our_payment_its_fee(
    client: httpx.AsyncClient,
) -> None:
    # given our payments of one day: one the bill agrees with (and its refund), one it charges a fen more, one we
    # let expire that it says was paid, one it lacks; and the bill has a payment we never issued
    headers = await finance(client)
    shop = data.container_of(client)
    customer = await data.an_order(client)
    day = data.a_quiet_day()
    at = data.beijing(day, 10)
    agreed = await data.insert_payment(shop, customer, method=WECHAT, amount_minor=6600, paid_at=at)
    refund = await data.insert_refund(shop, agreed, amount_minor=2000, at=data.beijing(day, 16))
    dearer = await data.insert_payment(shop, customer, method=WECHAT, amount_minor=1000, paid_at=at)
    expired = await data.insert_payment(
        shop, customer, method=WECHAT, amount_minor=500, paid_at=at, status=PaymentStatus.EXPIRED
    )
    lacking = await data.insert_payment(shop, customer, method=WECHAT, amount_minor=300, paid_at=data.beijing(day, 23))
    stranger = data.number("P")
    bill = data.wechat_bill(
        data.wechat_paid(at, agreed.payment_no, "66.00", fee="0.40000"),
        data.wechat_refunded(data.beijing(day, 16), agreed.payment_no, refund.refund_no, "20.00"),
        data.wechat_paid(at, dearer.payment_no, "10.01"),
        data.wechat_paid(at, expired.payment_no, "5.00"),
        data.wechat_paid(at, stranger, "8.88"),
    )

    # when finance imports it
    response = await upload(client, headers, "wechat_pay", bill, "wechat-20141001.csv")

    # then the run counts its lines and what differs
    assert response.status_code == 201, response.text
    run = response.json()
    assert (run["provider"], run["file_name"]) == ("wechat_pay", "wechat-20141001.csv")
    assert (run["line_count"], run["matched_count"], run["mismatched_count"]) == (5, 2, 4)
    assert (run["unresolved_count"], run["fees_recorded"]) == (4, 1)
    assert run["period_from"].startswith(f"{day - timedelta(days=1)}T16:00:00")  # the Beijing day, in UTC
    found = {(m["kind"], m["payment_no"]): m for m in await mismatches(client, headers, run["id"])}
    assert set(found) == {
        ("amount_differs", dearer.payment_no),
        ("status_differs", expired.payment_no),
        ("missing_theirs", lacking.payment_no),
        ("missing_ours", stranger),
    }
    assert (
        found["amount_differs", dearer.payment_no]["ours"],
        found["amount_differs", dearer.payment_no]["theirs"],
    ) == (
        {"amount": "10.00", "currency": "CNY"},
        {"amount": "10.01", "currency": "CNY"},
    )
    differs = found["status_differs", expired.payment_no]
    assert (differs["ours_status"], differs["theirs_status"], differs["line_no"]) == ("expired", "succeeded", 5)
    assert found["missing_theirs", lacking.payment_no]["theirs"] is None
    assert found["missing_ours", stranger]["ours"] is None
    # and the payment without a fee took the bill's, logged on the payment
    async with shop.uow() as uow:
        paid = await uow.payments.by_number(agreed.payment_no)
        assert paid is not None and paid.fee_minor == 40
        assert [e.note for e in await uow.payments.events_of(paid.id) if e.kind == "fee_recorded"] == [
            "statement wechat-20141001.csv"
        ]
    # and the run is listed and can be read again
    listed = await client.get("/reconciliations", params={"provider": "wechat_pay"}, headers=headers)
    assert run["id"] in [r["id"] for r in listed.json()["items"]]
    again = await client.get(f"/reconciliations/{run['id']}", headers=headers)
    assert again.json()["mismatched_count"] == 4


async def test_a_gbk_alipay_bill_with_a_refund_matches_our_records(client: httpx.AsyncClient) -> None:
    # given an Alipay payment with a partial refund, both in the bill's day
    headers = await finance(client)
    shop = data.container_of(client)
    customer = await data.an_order(client)
    day = data.a_quiet_day()
    paid = await data.insert_payment(shop, customer, method=ALIPAY, amount_minor=19900, paid_at=data.beijing(day, 9))
    refund = await data.insert_refund(shop, paid, amount_minor=5000, at=data.beijing(day, 18))
    bill = data.alipay_bill(
        day,
        data.alipay_line("交易", data.beijing(day, 9), paid.payment_no, "199.00", "199.00", "-1.19"),
        data.alipay_line("退款", data.beijing(day, 18), paid.payment_no, "199.00", "-50.00", "0.30", refund.refund_no),
    )

    response = await upload(client, headers, "alipay", bill)

    assert response.status_code == 201, response.text
    run = response.json()
    assert (run["line_count"], run["matched_count"], run["mismatched_count"], run["fees_recorded"]) == (2, 2, 0, 1)
    assert await mismatches(client, headers, run["id"]) == []


async def test_the_same_bill_twice_is_refused_with_the_first_imports_id(client: httpx.AsyncClient) -> None:
    headers = await finance(client)
    day = data.a_quiet_day()
    bill = data.wechat_bill(data.wechat_paid(data.beijing(day, 8), data.number("P"), "1.00"))
    first = await upload(client, headers, "wechat_pay", bill)
    assert first.status_code == 201, first.text

    second = await upload(client, headers, "wechat_pay", bill, "renamed.csv")

    assert second.status_code == 409
    assert second.json()["code"] == "reconciliation.already_imported"
    assert second.json()["run_id"] == first.json()["id"]
    listed = await client.get("/reconciliations", params={"page_size": 200}, headers=headers)
    assert [r["file_name"] for r in listed.json()["items"]].count("renamed.csv") == 0


async def test_resolving_a_mismatch_keeps_who_and_why_and_the_filters_follow(client: httpx.AsyncClient) -> None:
    # given a run with two strangers in the bill
    staff = await f.create_staff(client, await f.admin_headers(client), "finance")
    headers = f.bearer(await f.login(client, staff["email"], f.PASSWORD))
    day = data.a_quiet_day()
    first, second = data.number("P"), data.number("P")
    bill = data.wechat_bill(
        data.wechat_paid(data.beijing(day, 8), first, "1.00"), data.wechat_paid(data.beijing(day, 9), second, "2.00")
    )
    run = (await upload(client, headers, "wechat_pay", bill)).json()
    target = next(m for m in await mismatches(client, headers, run["id"]) if m["payment_no"] == first)

    # when finance resolves one with a note
    response = await client.post(
        f"/reconciliation-mismatches/{target['id']}/resolve", json={"note": "  补录了线下订单  "}, headers=headers
    )

    # then it is resolved by them, the note kept, and the lists and counts follow
    assert response.status_code == 200, response.text
    resolved = response.json()
    assert (resolved["resolved"], resolved["note"], resolved["resolved_by_name"]) == (
        True,
        "补录了线下订单",
        staff["email"],
    )
    assert resolved["resolved_at"] is not None
    open_ = await mismatches(client, headers, run["id"], resolved="false")
    assert [m["payment_no"] for m in open_] == [second]
    assert [m["payment_no"] for m in await mismatches(client, headers, run["id"], resolved="true")] == [first]
    assert len(await mismatches(client, headers, run["id"], kind="missing_ours")) == 2
    assert await mismatches(client, headers, run["id"], kind="amount_differs") == []
    assert (await client.get(f"/reconciliations/{run['id']}", headers=headers)).json()["unresolved_count"] == 1
    # and resolving it again is refused, as is a blank note
    again = await client.post(
        f"/reconciliation-mismatches/{target['id']}/resolve", json={"note": "again"}, headers=headers
    )
    assert (again.status_code, again.json()["code"]) == (409, "reconciliation.already_resolved")
    blank = await client.post(
        f"/reconciliation-mismatches/{open_[0]['id']}/resolve", json={"note": "   "}, headers=headers
    )
    assert blank.status_code == 422
    # and the audit log has the import and the resolution
    admin = await f.admin_headers(client)
    log = await client.get("/audit-log", params={"action": "reconciliation."}, headers=admin)
    targets = {(e["action"], e["target_id"]) for e in log.json()["items"]}
    assert {("reconciliation.import", run["id"]), ("reconciliation.resolve", target["id"])} <= targets


async def test_an_unreadable_bill_is_refused_naming_its_line_in_chinese(client: httpx.AsyncClient) -> None:
    headers = await finance(client)
    day = data.a_quiet_day()
    bill = data.wechat_bill(
        data.wechat_paid(data.beijing(day, 8), data.number("P"), "1.00"),
        data.wechat_paid(data.beijing(day, 9), data.number("P"), "1,00"),  # its two amounts split in four values
    )

    response = await upload(client, {**headers, "Accept-Language": "zh-CN"}, "wechat_pay", bill)

    assert response.status_code == 422
    body = response.json()
    assert (body["code"], body["line"]) == ("reconciliation.unreadable", 3)
    assert body["detail"].startswith("对账单第 3 行无法读取：该行有 29 个值，表头有 27 列。")


async def test_a_file_above_the_limit_is_refused_before_it_is_read(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    headers = await finance(client)
    monkeypatch.setattr(reconciliation_routes, "MAX_STATEMENT_BYTES", 100)

    response = await upload(client, headers, "wechat_pay", b"x" * 101)

    assert (response.status_code, response.json()["code"]) == (413, "reconciliation.file_too_large")


async def test_only_staff_with_payment_permissions_see_or_import_bills(client: httpx.AsyncClient) -> None:
    admin = await f.admin_headers(client)
    staff = await f.create_staff(client, admin, "warehouse")
    headers = f.bearer(await f.login(client, staff["email"], f.PASSWORD))

    listed = await client.get("/reconciliations", headers=headers)
    imported = await upload(client, headers, "wechat_pay", b"whatever")

    assert (listed.status_code, imported.status_code) == (403, 403)
    missing = await client.get("/reconciliations/00000000-0000-0000-0000-000000000000", headers=admin)
    assert (missing.status_code, missing.json()["code"]) == (404, "reconciliation.not_found")


async def test_the_same_bill_sent_twice_at_once_is_imported_once(client: httpx.AsyncClient) -> None:
    headers = await finance(client)
    day = data.a_quiet_day()
    bill = data.wechat_bill(data.wechat_paid(data.beijing(day, 8), data.number("P"), "3.00"))

    answers = await asyncio.gather(*(upload(client, headers, "wechat_pay", bill) for _ in range(2)))

    assert sorted(a.status_code for a in answers) == [201, 409]
    refused = next(a for a in answers if a.status_code == 409)
    assert refused.json()["code"] == "reconciliation.already_imported"


async def test_two_people_settling_one_difference_at_once_settle_it_once(client: httpx.AsyncClient) -> None:
    headers = await finance(client)
    other = await finance(client)
    day = data.a_quiet_day()
    run = (
        await upload(
            client,
            headers,
            "wechat_pay",
            data.wechat_bill(data.wechat_paid(data.beijing(day, 8), data.number("P"), "4.00")),
        )
    ).json()
    (mismatch,) = await mismatches(client, headers, run["id"])
    path = f"/reconciliation-mismatches/{mismatch['id']}/resolve"

    answers = await asyncio.gather(
        client.post(path, json={"note": "first"}, headers=headers),
        client.post(path, json={"note": "second"}, headers=other),
    )

    assert sorted(a.status_code for a in answers) == [200, 409]
    (settled,) = await mismatches(client, headers, run["id"], resolved="true")
    winner = next(a for a in answers if a.status_code == 200).json()
    assert settled["note"] == winner["note"]
