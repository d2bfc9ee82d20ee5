"""Bank transfer and the other offline payments as customers, finance and staff see them: the customer picks bank
transfer and uploads the receipt, finance confirms (the order is paid) or rejects (the customer starts again);
an order waiting for finance does not expire; staff marking an order paid records a succeeded Payment.

Starting a bank transfer is called at the use-case level: its route is the payment flow's
`POST /me/orders/{order_id}/payments` (method bank_transfer), wired when the branches meet."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import httpx
import pytest
from PIL import Image

from domain.errors import NotFound, RuleViolation
from domain.identity.actor import Actor
from domain.orders.entities import PaymentMethod
from domain.payments import use_cases as payments
from domain.payments.entities import Payment
from domain.payments.paying import Links
from infra.jobs import orders as order_jobs
from tests import factories as f
from tests.conftest import Shop, new_ip
from tests.fakes.clock import FakeClock
from tests.integration.test_orders_expiry import jobs_ctx


def picture(fmt: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


async def start(shop: Shop, buyer: f.Buyer, order_id: str) -> Payment:
    """The customer chooses bank transfer for their order (the payment flow's start, for method bank_transfer)."""
    customer = Actor(user_id=UUID(buyer.id), name="buyer")
    c = shop.container
    view, _ = await payments.start_payment(
        c.uow,
        c.clock,
        c.payment_gateways,
        Links(c.settings.public_base_url),
        customer,
        customer_id=UUID(buyer.id),
        order_id=UUID(order_id),
        method=PaymentMethod.BANK_TRANSFER,
        policy=c.settings.orders.policy(),
    )
    return view.payment


async def upload(client: httpx.AsyncClient, buyer: f.Buyer, payment_id: object, data: bytes) -> httpx.Response:
    files = {"file": ("receipt.png", data, "image/png")}
    return await client.post(f"/me/payments/{payment_id}/proof", files=files, headers=buyer.headers)


async def payments_of(shop: Shop, order_id: str) -> list[Payment]:
    async with shop.container.uow() as uow:
        return await uow.payments.for_order(UUID(order_id))


async def events_of(shop: Shop, payment_id: UUID) -> list[tuple[str, str | None, str]]:
    async with shop.container.uow() as uow:
        return [(e.kind, e.to_status, e.actor_kind) for e in await uow.payments.events_of(payment_id)]


async def finance_headers(client: httpx.AsyncClient, admin: dict[str, str]) -> dict[str, str]:
    staff = await f.create_staff(client, admin, "finance")
    return f.bearer(await f.login(client, staff["email"], f.PASSWORD))


async def unpaid_order(client: httpx.AsyncClient, admin: dict[str, str]) -> tuple[f.Buyer, dict[str, Any]]:
    sku = await f.stocked_sku(client, admin, 5)
    buyer = await f.customer_with_address(client, name="转账客户")
    return buyer, await f.place_order(client, buyer, {sku["id"]: 1})


async def test_a_customer_pays_by_bank_transfer_and_finance_confirms_it_so_the_order_is_paid(shop: Shop) -> None:
    # given: an order its customer pays by bank transfer
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    finance = await finance_headers(client, admin)
    buyer, order = await unpaid_order(client, admin)
    payment = await start(shop, buyer, order["id"])
    again = await start(shop, buyer, order["id"])  # asked twice: the same attempt
    assert (payment.status, payment.start_kind, again.id) == ("pending", "offline", payment.id)
    waits_until = datetime.fromisoformat(
        (await client.get(f"/me/orders/{order['id']}", headers=buyer.headers)).json()["expires_at"]
    )
    assert waits_until > datetime.now(UTC) + timedelta(hours=23)  # a transfer gets a day, not 30 minutes

    # when: the customer uploads the receipt
    uploaded = await upload(client, buyer, payment.id, picture())

    # then: finance sees it waiting, with the order, the customer and the picture
    assert uploaded.status_code == 200, uploaded.text
    assert uploaded.json()["status"] == "processing"
    [proof] = uploaded.json()["proofs"]
    assert proof["url"].startswith(
        f"/api/v1/payment-proofs/{proof['id']}?"
    )  # private: tests/…/test_payment_proof_privacy
    assert proof["thumbnail_url"].startswith(f"/api/v1/payment-proofs/{proof['id']}?size=thumbnail&")
    waiting = (
        await client.get("/bank-transfers", params={"status": "processing", "page_size": 200}, headers=finance)
    ).json()
    [line] = [t for t in waiting["items"] if t["id"] == str(payment.id)]
    assert (line["order_number"], line["customer"]["name"]) == (order["number"], "转账客户")
    assert line["amount"] == order["amounts"]["total"] and line["proofs"][0]["id"] == proof["id"]

    # when: finance confirms
    confirmed = await client.post(
        f"/payments/{payment.id}/confirm", json={"reference": "CMB20261130001", "note": "到账"}, headers=finance
    )
    twice = await client.post(f"/payments/{payment.id}/confirm", json={}, headers=finance)

    # then: the payment succeeded, the order is paid by bank transfer, once
    assert confirmed.status_code == 200, confirmed.text
    assert (confirmed.json()["status"], confirmed.json()["paid_at"] is not None) == ("succeeded", True)
    assert (twice.status_code, twice.json()["code"]) == (409, "payment.invalid_transition")
    paid = (await client.get(f"/orders/{order['id']}", headers=admin)).json()
    assert paid["status"] == "awaiting_shipment" and paid["payment_method"] == "bank_transfer"
    assert paid["amounts"]["paid"] == order["amounts"]["total"]
    assert [e["action"] for e in paid["events"]].count("pay") == 1
    assert await events_of(shop, payment.id) == [
        ("created", "pending", "customer"),
        ("started", "processing", "customer"),
        ("succeeded", "succeeded", "staff"),
    ]
    after = (
        await client.get("/bank-transfers", params={"status": "processing", "page_size": 200}, headers=finance)
    ).json()
    assert str(payment.id) not in {t["id"] for t in after["items"]}


async def test_finance_rejects_a_transfer_and_the_customer_starts_another(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    finance = await finance_headers(client, admin)
    buyer, order = await unpaid_order(client, admin)
    first = await start(shop, buyer, order["id"])
    await upload(client, buyer, first.id, picture("JPEG"))

    blank = await client.post(f"/payments/{first.id}/reject", json={"reason": " "}, headers=finance)
    rejected = await client.post(f"/payments/{first.id}/reject", json={"reason": "未查到该笔转账"}, headers=finance)
    late_proof = await upload(client, buyer, first.id, picture())
    second = await start(shop, buyer, order["id"])

    assert (blank.status_code, blank.json()["errors"][0]["field"]) == (422, "reason")
    assert (rejected.json()["status"], rejected.json()["failure_code"]) == ("failed", "rejected")
    assert (late_proof.status_code, late_proof.json()["code"]) == (409, "payment.invalid_transition")
    assert second.id != first.id and second.status == "pending"
    assert [(p.id, p.status) for p in await payments_of(shop, order["id"])] == [
        (first.id, "failed"),
        (second.id, "pending"),
    ]
    assert (await events_of(shop, first.id))[-1] == ("failed", "failed", "staff")
    assert (await client.get(f"/orders/{order['id']}", headers=admin)).json()["status"] == "pending_payment"


async def test_an_order_waiting_for_finance_does_not_expire_and_a_rejected_one_expires_in_its_time(shop: Shop) -> None:
    # given: a transfer whose proof was uploaded
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    finance = await finance_headers(client, admin)
    buyer, order = await unpaid_order(client, admin)
    payment = await start(shop, buyer, order["id"])
    await upload(client, buyer, payment.id, picture())
    month_later = FakeClock(datetime.now(UTC) + timedelta(days=30))

    # when: the order's expiry job runs long after its time, and the sweep looks for expired orders
    expired = await order_jobs.expire_unpaid_order(jobs_ctx(shop, month_later), order["id"])
    async with shop.container.uow() as uow:
        swept = await uow.orders.unpaid_expired(month_later.now(), 100_000)

    # then: the order waits for finance
    assert expired is False and UUID(order["id"]) not in swept
    waiting = (await client.get(f"/me/orders/{order['id']}", headers=buyer.headers)).json()
    assert (waiting["status"], waiting["expires_at"]) == ("pending_payment", None)

    # when: finance rejects it, the clock starts again: a day to pay another way, then it expires
    await client.post(f"/payments/{payment.id}/reject", json={"reason": "金额不符"}, headers=finance)
    deadline = datetime.fromisoformat((await client.get(f"/orders/{order['id']}", headers=admin)).json()["expires_at"])
    assert (
        await order_jobs.expire_unpaid_order(jobs_ctx(shop, FakeClock(deadline - timedelta(minutes=1))), order["id"])
        is False
    )
    assert await order_jobs.expire_unpaid_order(jobs_ctx(shop, FakeClock(deadline + timedelta(minutes=1))), order["id"])
    assert (await client.get(f"/orders/{order['id']}", headers=admin)).json()["status"] == "cancelled"


async def test_another_customers_payment_or_order_is_missing(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    buyer, order = await unpaid_order(client, admin)
    stranger = await f.customer_with_address(client)
    payment = await start(shop, buyer, order["id"])

    response = await upload(client, stranger, payment.id, picture())
    await upload(client, buyer, payment.id, picture())
    mine = await client.get(f"/me/payments/{payment.id}/proofs", headers=buyer.headers)
    theirs = await client.get(f"/me/payments/{payment.id}/proofs", headers=stranger.headers)
    with pytest.raises(NotFound):
        await start(shop, stranger, order["id"])

    assert (response.status_code, response.json()["code"]) == (404, "payment.not_found")
    assert (mine.status_code, len(mine.json()), theirs.status_code) == (200, 1, 404)
    assert (await upload(client, buyer, UUID(int=7), picture())).status_code == 404


async def test_a_proof_is_a_jpeg_png_or_webp_picture(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    buyer, order = await unpaid_order(client, admin)
    payment = await start(shop, buyer, order["id"])

    for data in (b"%PDF-1.7 not a picture", picture("GIF"), b"\x89PNG\r\n\x1a\n broken", b""):
        response = await upload(client, buyer, payment.id, data)
        assert response.status_code == 422, response.text
        assert response.json()["code"] in {"payment.proof_invalid", "media.invalid_image"}
    webp = await upload(client, buyer, payment.id, picture("WEBP"))
    assert webp.status_code == 200, webp.text


async def test_only_finance_confirms_or_rejects_transfers(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    buyer, order = await unpaid_order(client, admin)
    payment = await start(shop, buyer, order["id"])
    warehouse = await f.create_staff(client, admin, "warehouse")
    headers = f.bearer(await f.login(client, warehouse["email"], f.PASSWORD))

    for who in (headers, buyer.headers):
        assert (await client.post(f"/payments/{payment.id}/confirm", json={}, headers=who)).status_code == 403
        assert (
            await client.post(f"/payments/{payment.id}/reject", json={"reason": "x"}, headers=who)
        ).status_code == 403
        assert (await client.get("/bank-transfers", headers=who)).status_code == 403


async def test_staff_marking_an_order_paid_records_a_succeeded_offline_payment(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    _, order = await unpaid_order(client, admin)

    online = await client.post(f"/orders/{order['id']}/pay", json={"method": "alipay"}, headers=admin)
    paid = await client.post(f"/orders/{order['id']}/pay", json={"method": "cash", "reference": "POS-1"}, headers=admin)

    assert online.status_code == 422  # staff record only offline payments
    assert paid.status_code == 200, paid.text
    assert paid.json()["payment_method"] == "cash"
    [payment] = await payments_of(shop, order["id"])
    assert (payment.method, payment.status, payment.amount_minor, payment.provider_ref) == (
        "cash",
        "succeeded",
        round(float(order["amounts"]["total"]["amount"]) * 100),
        "POS-1",
    )
    assert await events_of(shop, payment.id) == [("created", "pending", "staff"), ("succeeded", "succeeded", "staff")]


async def test_staff_recording_a_bank_transfer_confirms_the_customers_attempt_and_cash_replaces_it(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    buyer, by_transfer = await unpaid_order(client, admin)
    _, by_cash = await unpaid_order(client, admin)
    transfer = await start(shop, buyer, by_transfer["id"])
    cash_buyer = f.Buyer(id=by_cash["customer"]["id"], headers={}, address_id="", email="")
    replaced = await start(shop, cash_buyer, by_cash["id"])

    await f.pay_order(client, admin, by_transfer["id"])  # bank transfer
    await client.post(f"/orders/{by_cash['id']}/pay", json={"method": "cash"}, headers=admin)

    assert [(p.id, p.status) for p in await payments_of(shop, by_transfer["id"])] == [(transfer.id, "succeeded")]
    assert [(p.method, p.status) for p in await payments_of(shop, by_cash["id"])] == [
        ("bank_transfer", "expired"),
        ("cash", "succeeded"),
    ]
    assert (await events_of(shop, replaced.id))[-1] == ("expired", "expired", "staff")


async def test_a_disabled_method_is_neither_started_nor_recorded(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    buyer, order = await unpaid_order(client, admin)
    off = {"enabled": False}
    try:
        assert (await client.put("/payment-methods/settings/bank_transfer", json=off, headers=admin)).status_code == 200
        assert (await client.put("/payment-methods/settings/cash", json=off, headers=admin)).status_code == 200
        with pytest.raises(RuleViolation) as refused:
            await start(shop, buyer, order["id"])
        cash = await client.post(f"/orders/{order['id']}/pay", json={"method": "cash"}, headers=admin)
    finally:
        on = {"enabled": True}
        await client.put("/payment-methods/settings/bank_transfer", json=on, headers=admin)
        await client.put("/payment-methods/settings/cash", json=on, headers=admin)
    assert refused.value.code == "payment_method.disabled"
    assert (cash.status_code, cash.json()["code"]) == (422, "payment_method.disabled")
    assert "bank_transfer" in {m["method"] for m in (await client.get("/payment-methods")).json()}


async def test_a_transfer_for_a_total_that_changed_is_not_confirmed_and_the_customer_starts_again(shop: Shop) -> None:
    # given: the customer's transfer is waiting, then staff add a unit to the order
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    finance = await finance_headers(client, admin)
    buyer, order = await unpaid_order(client, admin)
    old = await start(shop, buyer, order["id"])
    await upload(client, buyer, old.id, picture())
    current = (await client.get(f"/orders/{order['id']}", headers=admin)).json()
    edit = {"updated_at": current["updated_at"], "lines": [{"line_id": order["lines"][0]["id"], "quantity": 2}]}
    edited = await client.patch(f"/orders/{order['id']}", json=edit, headers=admin)
    assert edited.status_code == 200, edited.text

    # when finance confirms the old transfer, and the customer chooses bank transfer again
    refused = await client.post(f"/payments/{old.id}/confirm", json={}, headers=finance)
    new = await start(shop, buyer, order["id"])

    # then the old one pays nothing; the new one asks for the new total, and the order has a deadline again
    assert (refused.status_code, refused.json()["code"]) == (409, "payment.amount_changed")
    assert new.id != old.id and str(new.amount.rounded().amount) == edited.json()["amounts"]["total"]["amount"]
    assert new.amount_minor > old.amount_minor
    assert [(p.id, p.status) for p in await payments_of(shop, order["id"])] == [
        (old.id, "expired"),
        (new.id, "pending"),
    ]
    deadline = (await client.get(f"/orders/{order['id']}", headers=admin)).json()["expires_at"]
    assert deadline is not None and datetime.fromisoformat(deadline) > datetime.now(UTC) + timedelta(hours=23)
