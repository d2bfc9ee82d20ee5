"""Refunds racing each other on PostgreSQL: ten staff refunds of one order at once never give back more than was
paid (the payment's row lock; the database's check as the last guard), and ten sends of one refund at once reach
the provider once."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from decimal import Decimal
from uuid import UUID

import pytest

from domain.money import Money
from domain.orders.timeline import SYSTEM
from domain.payments import refund_use_cases
from tests import factories as f
from tests.conftest import Shop, new_ip
from tests.integration.test_bank_transfer import finance_headers
from tests.payments_support import Sandbox, paid_payment, payment, payment_sandbox, refunds_of

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
async def sandbox(shop: Shop) -> AsyncIterator[Sandbox]:
    async with payment_sandbox() as box:
        before = dict(shop.container.payment_gateways)
        shop.container.payment_gateways.update(box.gateways)
        yield box
        shop.container.payment_gateways.clear()
        shop.container.payment_gateways.update(before)


async def test_ten_partial_refunds_at_once_that_together_exceed_the_payment_never_over_refund(
    shop: Shop, sandbox: Sandbox
) -> None:
    # given a card payment, and ten refunds of a quarter of it each
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    sku = await f.stocked_sku(client, admin, 20, retail_price="40.00")
    order = await f.place_order(client, await f.customer_with_address(client), {sku["id"]: 1})
    paid = await paid_payment(shop.container, order["id"], "card", sandbox)
    quarter = Money.of_minor(paid.amount_minor // 4, "CNY")

    # when all ten are asked at once
    answers = await asyncio.gather(
        *(
            client.post(
                f"/orders/{order['id']}/refunds", json={"amount": str(quarter.amount), "reason": "race"}, headers=admin
            )
            for _ in range(10)
        )
    )
    await shop.run_jobs()

    # then four went through and six were refused with what was left; the provider gave back exactly those four
    assert Counter(a.status_code for a in answers) == {201: 4, 422: 6}, [a.text for a in answers]
    refused = [a.json() for a in answers if a.status_code == 422]
    assert {r["code"] for r in refused} == {"refund.exceeds_paid"}
    left = paid.amount_minor - 4 * quarter.minor
    assert {Decimal(r["refundable"]["amount"]) for r in refused} == {Money.of_minor(left, "CNY").amount}
    refunds = await refunds_of(shop.container, paid.id)
    assert len(refunds) == 4 and sum(r.amount_minor for r in refunds) <= paid.amount_minor
    assert {str(r.status) for r in refunds} == {"succeeded"}
    assert (await payment(shop.container, paid.id)).refunded_minor == 4 * quarter.minor
    now = (await client.get(f"/orders/{order['id']}", headers=admin)).json()
    assert Decimal(now["amounts"]["refunded"]["amount"]) == 4 * quarter.amount


async def test_ten_sends_of_one_refund_at_once_reach_the_provider_once(shop: Shop, sandbox: Sandbox) -> None:
    # given a refund asked for and not sent yet
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    sku = await f.stocked_sku(client, admin, 20, retail_price="40.00")
    order = await f.place_order(client, await f.customer_with_address(client), {sku["id"]: 1})
    paid = await paid_payment(shop.container, order["id"], "wechat_pay", sandbox)
    c = shop.container
    [asked] = await refund_use_cases.refund_order(
        c.uow(), c.clock, SYSTEM, UUID(order["id"]), amount=Decimal("5.00"), reason="race"
    )

    # when ten senders (jobs, sweeps on several workers) send it at once, and then the queued job runs too
    policy = c.settings.payments.refunds.policy()
    sent = await asyncio.gather(
        *(refund_use_cases.send_refund(c.uow, c.clock, c.payment_gateways, policy, asked.refund.id) for _ in range(10))
    )
    await shop.run_jobs()

    # then one of them sent it, and WeChat Pay holds one refund of 5.00 under its number
    assert sum(s is not None for s in sent) <= 1
    assert [(r.out_refund_no, r.refund) for r in sandbox.wechat_refunds(paid.payment_no)] == [
        (asked.refund.refund_no, 500)
    ]
    [refund] = await refunds_of(shop.container, paid.id)
    assert refund.attempts == 1


async def test_finance_confirming_one_offline_refund_twice_at_once_confirms_it_once(shop: Shop) -> None:
    # given: ten bank-transfer orders, each with a refund finance is to pay back by hand, and two finance users
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    first, second = await finance_headers(client, admin), await finance_headers(client, admin)
    sku = await f.stocked_sku(client, admin, 20, retail_price="30.00")
    for _ in range(10):
        order = await f.place_order(client, await f.customer_with_address(client), {sku["id"]: 1})
        paid = await paid_payment(shop.container, order["id"], "bank_transfer", None)
        asked = await client.post(
            f"/orders/{order['id']}/refunds", json={"amount": "12.00", "reason": "race"}, headers=admin
        )
        assert asked.status_code == 201, asked.text
        refund_id = asked.json()[0]["id"]

        # when: both confirm it at the same moment
        answers = await asyncio.gather(
            *(client.post(f"/refunds/{refund_id}/confirm", json={}, headers=h) for h in (first, second))
        )

        # then: one confirmation, one clear refusal; the log, the order and the audit count it once
        assert Counter(a.status_code for a in answers) == {200: 1, 409: 1}, [a.text for a in answers]
        [refused] = [a.json() for a in answers if a.status_code == 409]
        assert refused["code"] == "refund.invalid_transition"
        [refund] = await refunds_of(shop.container, paid.id)
        assert (str(refund.status), refund.amount_minor) == ("succeeded", 1200)
        async with shop.container.uow(read_only=True) as uow:
            logged = [str(e.kind) for e in await uow.payments.events_of(paid.id)]
        assert logged.count("refund_succeeded") == 1
        now = (await client.get(f"/orders/{order['id']}", headers=admin)).json()
        assert now["amounts"]["refunded"]["amount"] == "12.00"
        assert [e["action"] for e in now["events"]].count("refund") == 1
        audit = await client.get("/audit-log", params={"target_type": "refund", "target_id": refund_id}, headers=admin)
        assert [e["action"] for e in audit.json()["items"]].count("refund.confirm") == 1
