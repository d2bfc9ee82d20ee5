"""The providers' webhook and the applying job: forged, mismatched and unknown callbacks are refused without a
reason and recorded; duplicates, replays and out-of-order callbacks pay once and never un-pay; money arriving for
an order that expired is refunded in full; a dropped callback is made up for by the active query."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from domain.money import Money
from domain.orders import use_cases as orders
from domain.payments import use_cases as payments
from domain.payments.entities import EventKind
from domain.payments.gateway import ProviderPayment, ProviderStatus
from infra.container import Container
from infra.providers import rsa2
from infra.ratelimit import MemoryRateLimiter
from tests.conftest import Shop, new_ip
from tests.fakes.clock import FakeClock
from tests.paying import (
    card_event,
    card_headers,
    events,
    keys,
    kinds,
    moments_ago,
    payment_row,
    post_callback,
    press,
    refunds_of,
    rejected_since,
    sandbox_behaviour,
    start,
    unpaid_order,
)


async def test_forged_mismatched_and_unknown_callbacks_are_refused_alike_and_recorded(shop: Shop) -> None:
    # given
    client = shop.client(new_ip())
    buyer, order = await unpaid_order(client)
    payment = await start(client, buyer, order["id"], "card")
    secret = keys(shop).card_webhook_secret
    since = moments_ago(0)
    forged = card_event(payment)
    wrong_amount = card_event(payment, amount=1)
    wrong_currency = card_event(payment, currency="usd")
    unknown = card_event({**payment, "payment_no": "P000000000000" + "9" * 10})

    # when
    answers = [
        await post_callback(client, "card", forged, card_headers("whsec_not_ours", forged)),
        await post_callback(client, "card", wrong_amount, card_headers(secret, wrong_amount)),
        await post_callback(client, "card", wrong_currency, card_headers(secret, wrong_currency)),
        await post_callback(client, "card", unknown, card_headers(secret, unknown)),
        await post_callback(client, "card", forged, card_headers(secret, forged, at=moments_ago(3600))),
    ]
    await shop.run_jobs()

    # then
    assert [(a.status_code, a.text) for a in answers] == [(400, "rejected")] * 5
    notes = [e.note for e in await rejected_since(shop, since) if e.method == "card"]
    assert notes[1:4] == ["amount_mismatch", "currency_mismatch", "unknown_payment"]
    assert notes[0] == "signature does not match" and notes[4].startswith("timestamp outside")
    mine = (await client.get(f"/me/orders/{order['id']}", headers=buyer.headers)).json()
    assert mine["status"] == "pending_payment"
    assert (await payment_row(shop, payment["id"])).status == "processing"


async def test_an_alipay_notify_signed_with_another_key_is_answered_fail_and_recorded(shop: Shop) -> None:
    client = shop.client(new_ip())
    buyer, order = await unpaid_order(client)
    payment = await start(client, buyer, order["id"], "alipay")
    notify = {
        "app_id": "sandbox-pay-app",
        "sign_type": "RSA2",
        "out_trade_no": payment["payment_no"],
        "trade_no": "2026113022001400000000000009",
        "trade_status": "TRADE_SUCCESS",
        "total_amount": payment["amount"]["amount"],
    }
    notify["sign"] = rsa2.sign(rsa2.generate_private_key(), rsa2.signing_content(notify, rsa2.NOTIFY_UNSIGNED))
    since = moments_ago(0)

    answer = await post_callback(
        client, "alipay", urlencode(notify).encode(), {"Content-Type": "application/x-www-form-urlencoded"}
    )
    await shop.run_jobs()

    assert (answer.status_code, answer.text) == (400, "fail")
    [rejected] = [e for e in await rejected_since(shop, since) if e.method == "alipay"]
    assert rejected.note == "signature does not verify with Alipay's public key" and rejected.payment_id is None
    assert (await payment_row(shop, payment["id"])).status == "processing"


async def test_an_unknown_method_is_not_found_and_an_oversized_callback_is_refused_before_it_is_read(
    shop: Shop,
) -> None:
    client = shop.client(new_ip())

    unknown = await post_callback(client, "paypal", b"{}", {"Content-Type": "application/json"})
    huge = await post_callback(client, "alipay", b"x" * (64 * 1024 + 1), {"Content-Type": "text/plain"})

    assert (unknown.status_code, unknown.json()["code"]) == (404, "payment.unknown_method")
    assert (huge.status_code, huge.json()["code"]) == (413, "payment.callback_too_large")


async def test_duplicated_and_replayed_callbacks_pay_the_order_once(shop: Shop) -> None:
    # given: the provider delivers twice, and the same signed event is replayed three more times
    client = shop.client(new_ip())
    buyer, order = await unpaid_order(client, price="10.00", quantity=3)
    payment = await start(client, buyer, order["id"], "card")
    async with sandbox_behaviour(shop, duplicate_callbacks=True):
        await press(shop, payment)
    event = card_event(payment)
    secret = keys(shop).card_webhook_secret

    # when
    replays = [await post_callback(client, "card", event, card_headers(secret, event)) for _ in range(3)]
    await shop.run_jobs()

    # then
    assert [r.status_code for r in replays] == [200] * 3
    assert (await kinds(shop, payment["id"])).count("succeeded") == 1
    assert (await kinds(shop, payment["id"])).count("callback") == 5
    mine = (await client.get(f"/me/orders/{order['id']}", headers=buyer.headers)).json()
    assert mine["amounts"]["paid"]["amount"] == "30.00"
    assert [e["action"] for e in mine["events"]].count("pay") == 1


async def test_a_failure_reported_after_the_success_keeps_the_order_paid(shop: Shop) -> None:
    client = shop.client(new_ip())
    buyer, order = await unpaid_order(client)
    payment = await start(client, buyer, order["id"], "card")
    await press(shop, payment)
    await shop.run_jobs()
    failed = card_event(payment, kind="payment_intent.payment_failed", last_payment_error={"code": "card_declined"})

    answer = await post_callback(client, "card", failed, card_headers(keys(shop).card_webhook_secret, failed))
    await shop.run_jobs()

    assert answer.status_code == 200
    assert (await payment_row(shop, payment["id"])).status == "succeeded"
    mine = (await client.get(f"/me/orders/{order['id']}", headers=buyer.headers)).json()
    assert mine["status"] == "awaiting_shipment"


async def test_a_declined_payment_fails_the_attempt_and_the_customer_may_pay_again(shop: Shop) -> None:
    client = shop.client(new_ip())
    buyer, order = await unpaid_order(client)
    payment = await start(client, buyer, order["id"], "card")

    await press(shop, payment, "fail")
    await shop.run_jobs()
    again = await start(client, buyer, order["id"], "card")

    failed = (await client.get(f"/me/payments/{payment['id']}", headers=buyer.headers)).json()
    assert (failed["status"], failed["failure_code"]) == ("failed", "declined")
    assert again["id"] != payment["id"] and again["status"] == "processing"


async def test_money_arriving_for_an_expired_order_is_logged_as_late_and_refunded_in_full(shop: Shop) -> None:
    # given: the customer opened Alipay's page, and the order expired before they paid
    client = shop.client(new_ip())
    buyer, order = await unpaid_order(client, price="33.30", quantity=1)
    payment = await start(client, buyer, order["id"], "alipay")
    later = FakeClock((await payment_row(shop, payment["id"])).expires_at + timedelta(seconds=1))
    assert await orders.expire_order(shop.container.uow(), later, UUID(order["id"]))

    # when
    await press(shop, payment)
    await shop.run_jobs()

    # then
    mine = (await client.get(f"/me/orders/{order['id']}", headers=buyer.headers)).json()
    assert mine["status"] == "cancelled" and mine["amounts"]["paid"]["amount"] == "0.00"
    log = await kinds(shop, payment["id"])
    assert log[-5:] == ["callback", "succeeded", "late_payment", "refund_requested", "refund_succeeded"]
    [refund] = await refunds_of(shop, payment["id"])  # sent to Alipay by the refund job, and made
    assert (refund.status, refund.amount_minor, refund.reason) == ("succeeded", 3330, "late_payment")
    assert refund.requested_by_kind == "system"


async def test_the_active_query_settles_a_payment_whose_callback_was_dropped(shop: Shop) -> None:
    # given: the customer paid, and the provider's callback never came
    client = shop.client(new_ip())
    buyer, order = await unpaid_order(client)
    payment = await start(client, buyer, order["id"], "alipay")
    async with sandbox_behaviour(shop, drop_callbacks=True):
        await press(shop, payment)
    await shop.run_jobs()
    assert (await payment_row(shop, payment["id"])).status == "processing"

    # when: the query job runs three minutes later, twice
    c, clock = shop.container, FakeClock(moments_ago(0) + timedelta(minutes=3))
    first = await payments.query_processing_payments(c.uow, clock, c.settings.orders.policy(), c.payment_gateways)
    await payments.query_processing_payments(c.uow, clock, c.settings.orders.policy(), c.payment_gateways)

    # then
    assert first >= 1
    mine = (await client.get(f"/me/orders/{order['id']}", headers=buyer.headers)).json()
    assert mine["status"] == "awaiting_shipment"
    log = await kinds(shop, payment["id"])  # the last two share the fake clock's time: compared as a set
    assert log[:2] == ["created", "started"] and sorted(log[2:]) == ["queried", "succeeded"]
    assert log.count(EventKind.SUCCEEDED) == 1


async def test_the_query_expires_an_attempt_never_paid_once_its_time_is_up(shop: Shop) -> None:
    client = shop.client(new_ip())
    buyer, order = await unpaid_order(client)
    payment = await start(client, buyer, order["id"], "wechat_pay")
    expires_at = (await payment_row(shop, payment["id"])).expires_at

    c, clock = shop.container, FakeClock(expires_at + timedelta(minutes=1))
    await payments.query_processing_payments(c.uow, clock, c.settings.orders.policy(), c.payment_gateways)

    assert (await payment_row(shop, payment["id"])).status == "expired"


async def test_a_worker_that_serves_no_sandbox_queries_the_apps_sandbox_over_http_with_the_same_keys(
    shop: Shop,
) -> None:
    # given: a started WeChat Pay payment, and a second container as `make worker` builds it (nothing mounted)
    client = shop.client(new_ip())
    buyer, order = await unpaid_order(client)
    payment = await start(client, buyer, order["id"], "wechat_pay")
    worker = Container(shop.container.settings)

    # when
    try:
        reported = await worker.payment_gateways["wechat_pay"].query(payment["payment_no"])
    finally:
        await worker.close()

    # then: the sandbox this app serves answered, signed with the keys kept under var/
    assert worker.payment_sandbox is not shop.container.payment_sandbox
    assert (reported.payment_no, reported.status) == (payment["payment_no"], ProviderStatus.PENDING)


class MisreportingGateway:
    """A provider whose query answers another amount than ours (a bug on their side, or a tampered trade)."""

    def __init__(self, real: Any) -> None:
        self._real = real

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    async def query(self, payment_no: str) -> ProviderPayment:
        reported = await self._real.query(payment_no)
        return replace(reported, amount=Money.of_minor(reported.amount.minor + 1, reported.amount.currency))


async def test_an_amount_mismatch_found_by_the_query_is_recorded_for_finance_once_and_never_paid(shop: Shop) -> None:
    # given: the customer paid, the callback never came, and the provider's query reports another amount
    client = shop.client(new_ip())
    buyer, order = await unpaid_order(client, price="12.50", quantity=1)
    payment = await start(client, buyer, order["id"], "alipay")
    async with sandbox_behaviour(shop, drop_callbacks=True):
        await press(shop, payment)
    c, clock = shop.container, FakeClock(moments_ago(0) + timedelta(minutes=3))
    gateways = {**c.payment_gateways, "alipay": MisreportingGateway(c.payment_gateways["alipay"])}

    # when: the query runs twice
    for _ in range(2):
        await payments.query_processing_payments(c.uow, clock, c.settings.orders.policy(), gateways)

    # then
    mine = (await client.get(f"/me/orders/{order['id']}", headers=buyer.headers)).json()
    assert mine["status"] == "pending_payment"
    assert (await payment_row(shop, payment["id"])).status == "processing"
    [rejected] = [e for e in await events(shop, payment["id"]) if e.kind == EventKind.CALLBACK_REJECTED]
    assert rejected.note == "amount_mismatch"
    assert rejected.raw == {
        "payment_no": payment["payment_no"],
        "amount": "12.51",
        "currency": "CNY",
        "status": "succeeded",
        "source": "query",
    }
    assert EventKind.SUCCEEDED not in await kinds(shop, payment["id"])


async def test_forgeries_past_the_rate_are_refused_alike_unrecorded_and_accepted_callbacks_never_limited(
    shop: Shop,
) -> None:
    # given: three refusals a minute recorded per address, in a minute that does not end during the test
    client = shop.client(new_ip())
    buyer, order = await unpaid_order(client)
    payment = await start(client, buyer, order["id"], "card")
    secret = keys(shop).card_webhook_secret
    forged, wrong_amount, paid = card_event(payment), card_event(payment, amount=1), card_event(payment)
    c, since = shop.container, moments_ago(0)
    limiter, limit = c.rate_limiter, c.settings.payments.rejected_callbacks_per_minute
    c.rate_limiter, c.settings.payments.rejected_callbacks_per_minute = MemoryRateLimiter(now=lambda: 0.0), 3
    try:
        # when: six forgeries and mismatches, then the provider's own callbacks, from the same address
        refused = []
        for _ in range(3):
            refused.append(await post_callback(client, "card", forged, card_headers("whsec_not_ours", forged)))
            refused.append(await post_callback(client, "card", wrong_amount, card_headers(secret, wrong_amount)))
        accepted = [await post_callback(client, "card", paid, card_headers(secret, paid)) for _ in range(5)]
        await shop.run_jobs()
    finally:
        c.rate_limiter, c.settings.payments.rejected_callbacks_per_minute = limiter, limit

    # then
    answers = {(a.status_code, a.text, a.headers.get("content-type")) for a in refused}
    assert len(answers) == 1 and next(iter(answers))[:2] == (400, "rejected")
    recorded = [e for e in await rejected_since(shop, since) if e.payment_id in (None, UUID(payment["id"]))]
    assert len(recorded) == 3
    assert [a.status_code for a in accepted] == [200] * 5
    assert (await kinds(shop, payment["id"])).count("callback") == 5
    mine = (await client.get(f"/me/orders/{order['id']}", headers=buyer.headers)).json()
    assert mine["status"] == "awaiting_shipment"
