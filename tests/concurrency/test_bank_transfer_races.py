"""Bank-transfer races decided by PostgreSQL: two finance users confirming one transfer at once pay its order
once, and a confirmation racing a rejection leaves exactly one decision (the order's lock, then the payment's)."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from tests import factories as f
from tests.conftest import Shop, new_ip
from tests.integration.test_bank_transfer import finance_headers, payments_of, picture, start, unpaid_order, upload

pytestmark = pytest.mark.postgres


async def test_two_finance_users_confirming_one_transfer_at_once_pay_the_order_once(shop: Shop) -> None:
    # given: ten transfers waiting for finance, two finance users
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    first, second = await finance_headers(client, admin), await finance_headers(client, admin)
    waiting = []
    for _ in range(10):
        buyer, order = await unpaid_order(client, admin)
        payment = await start(shop, buyer, order["id"])
        assert (await upload(client, buyer, payment.id, picture())).status_code == 200
        waiting.append((order, payment))

    for order, payment in waiting:
        # when: both confirm at the same moment
        answers = await asyncio.gather(
            *(client.post(f"/payments/{payment.id}/confirm", json={}, headers=h) for h in (first, second))
        )

        # then: one confirmation, one refusal; one payment succeeded, the order paid once
        assert Counter(r.status_code for r in answers) == {200: 1, 409: 1}, [r.text for r in answers]
        paid = (await client.get(f"/orders/{order['id']}", headers=admin)).json()
        assert [e["action"] for e in paid["events"]].count("pay") == 1
        assert paid["amounts"]["paid"] == order["amounts"]["total"]
        assert [p.status for p in await payments_of(shop, order["id"])] == ["succeeded"]


async def test_a_confirmation_racing_a_rejection_leaves_one_decision(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    finance = await finance_headers(client, admin)
    outcomes: Counter[str] = Counter()
    for _ in range(8):
        buyer, order = await unpaid_order(client, admin)
        payment = await start(shop, buyer, order["id"])
        await upload(client, buyer, payment.id, picture())

        confirm, reject = await asyncio.gather(
            client.post(f"/payments/{payment.id}/confirm", json={}, headers=finance),
            client.post(f"/payments/{payment.id}/reject", json={"reason": "查无此款"}, headers=finance),
        )

        assert sorted([confirm.status_code, reject.status_code]) == [200, 409]
        [status] = [p.status for p in await payments_of(shop, order["id"])]
        state = (await client.get(f"/orders/{order['id']}", headers=admin)).json()["status"]
        assert (status, state) in {("succeeded", "awaiting_shipment"), ("failed", "pending_payment")}
        outcomes[status] += 1
    assert sum(outcomes.values()) == 8


async def test_two_bank_transfer_starts_of_one_order_at_once_leave_one_open_transfer(shop: Shop) -> None:
    # given: ten unpaid orders; on each the customer presses "Pay by bank transfer" twice at once (two tabs)
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    for _ in range(10):
        buyer, order = await unpaid_order(client, admin)

        # when: both starts arrive at the same moment
        answers = await asyncio.gather(
            *(
                client.post(f"/me/orders/{order['id']}/payments", json={"method": "bank_transfer"}, headers=h)
                for h in (buyer.headers, buyer.headers)
            )
        )

        # then: one attempt was opened and handed to both; the order has exactly one open bank transfer
        assert Counter(r.status_code for r in answers) == {201: 1, 200: 1}, [r.text for r in answers]
        assert len({r.json()["id"] for r in answers}) == 1
        attempts = await payments_of(shop, order["id"])
        assert [(p.method, p.status) for p in attempts] == [("bank_transfer", "pending")]
