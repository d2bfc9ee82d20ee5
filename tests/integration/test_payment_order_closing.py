"""An order that stops waiting for its money ends its open payment attempts: a bank transfer finance was checking
leaves their queue (expired, `order_cancelled`; money that arrives after all is refunded), an unstarted transfer ends with the order's expiry
(`order_expired`), and an online attempt the provider holds is asked first by the active query, which settles
money that came late (refunded in full) or ends it with the same note."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.payments import use_cases as payments
from infra.jobs import orders as order_jobs
from tests import factories as f
from tests.conftest import Shop, new_ip
from tests.fakes.clock import FakeClock
from tests.integration.test_bank_transfer import finance_headers, picture, upload
from tests.integration.test_bank_transfer import start as start_transfer
from tests.integration.test_bank_transfer import unpaid_order as transfer_order
from tests.integration.test_orders_expiry import jobs_ctx
from tests.paying import (
    assert_transfer_ended_with_its_order,
    events,
    kinds,
    payment_row,
    press,
    refunds_of,
    sandbox_behaviour,
    start,
    unpaid_order,
)


async def test_cancelling_an_order_whose_transfer_finance_checks_ends_it_and_late_money_is_refunded(shop: Shop) -> None:
    # given: the customer uploaded the receipt of their transfer; finance has not decided
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    finance = await finance_headers(client, admin)
    buyer, order = await transfer_order(client, admin)
    payment = await start_transfer(shop, buyer, order["id"])
    await upload(client, buyer, payment.id, picture())

    # when: the customer cancels the order
    cancelled = await client.post(f"/me/orders/{order['id']}/cancel", json={"reason": "不要了"}, headers=buyer.headers)

    # then: the transfer ended with the order, logged with why, and is no longer finance's to decide
    assert cancelled.status_code == 200, cancelled.text
    assert (await payment_row(shop, str(payment.id))).status == "expired"
    await assert_transfer_ended_with_its_order(
        shop, client, finance, str(payment.id), note="order_cancelled", actor_kind="customer"
    )

    # when: the money arrives after all, and finance confirms it
    confirmed = await client.post(f"/payments/{payment.id}/confirm", json={"note": "到账"}, headers=finance)
    twice = await client.post(f"/payments/{payment.id}/confirm", json={}, headers=finance)

    # then: recorded as late money and refunded in full, which finance pays back by hand; the order stays cancelled
    assert (confirmed.status_code, confirmed.json()["status"]) == (200, "succeeded"), confirmed.text
    assert (twice.status_code, twice.json()["code"]) == (409, "payment.invalid_transition")
    assert (await kinds(shop, str(payment.id)))[-3:] == ["succeeded", "late_payment", "refund_requested"]
    [refund] = await refunds_of(shop, str(payment.id))
    assert (refund.amount_minor, refund.reason, refund.status) == (payment.amount_minor, "late_payment", "pending")
    paid_back = await client.post(f"/refunds/{refund.id}/confirm", json={}, headers=admin)
    assert (paid_back.status_code, paid_back.json()["status"]) == (200, "succeeded"), paid_back.text
    mine = (await client.get(f"/me/orders/{order['id']}", headers=buyer.headers)).json()
    assert (mine["status"], mine["amounts"]["paid"]["amount"]) == ("cancelled", "0.00")


async def test_an_order_expiring_ends_its_unstarted_transfer(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    buyer, order = await transfer_order(client, admin)
    payment = await start_transfer(shop, buyer, order["id"])
    two_days_later = FakeClock(datetime.now(UTC) + timedelta(days=2))

    assert await order_jobs.expire_unpaid_order(jobs_ctx(shop, two_days_later), order["id"])

    assert (await payment_row(shop, str(payment.id))).status == "expired"
    assert (await events(shop, str(payment.id)))[-1].note == "order_expired"


async def test_an_online_attempt_of_a_cancelled_order_is_asked_first_then_ended_or_its_late_money_refunded(
    shop: Shop,
) -> None:
    # given: two orders at Alipay's page; one customer pays (the callback is lost), the other does not
    client = shop.client(new_ip())
    buyer, unpaid = await unpaid_order(client, price="12.00", quantity=1)
    abandoned = await start(client, buyer, unpaid["id"], "alipay")
    payer, paid = await unpaid_order(client, price="21.00", quantity=1)
    paying = await start(client, payer, paid["id"], "alipay")
    admin = await f.admin_headers(client)

    # when: staff cancel both orders while the provider holds the attempts, then the customer pays the other
    for order in (unpaid, paid):
        answer = await client.post(f"/orders/{order['id']}/cancel", json={"reason": "缺货"}, headers=admin)
        assert answer.status_code == 200, answer.text
    held = [(await payment_row(shop, p["id"])).status for p in (abandoned, paying)]
    async with sandbox_behaviour(shop, drop_callbacks=True):
        await press(shop, paying)
    c, clock = shop.container, FakeClock(datetime.now(UTC) + timedelta(minutes=3))
    await payments.query_processing_payments(c.uow, clock, c.settings.orders.policy(), c.payment_gateways)
    await shop.run_jobs()

    # then: nothing was ended before the provider was asked; the unpaid attempt ends, the late money goes back
    assert held == ["processing", "processing"]
    assert (await payment_row(shop, abandoned["id"])).status == "expired"
    ended = {(e.kind, e.note) for e in await events(shop, abandoned["id"])}
    assert {("expired", "order_cancelled"), ("queried", "active_query")} <= ended
    assert (await payment_row(shop, paying["id"])).status == "succeeded"
    assert "late_payment" in await kinds(shop, paying["id"])
    [refund] = await refunds_of(shop, paying["id"])
    assert (refund.amount_minor, refund.reason) == (2100, "late_payment")  # sent by the refund job when due
