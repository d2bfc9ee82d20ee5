"""Refunds from asking to money back, against the payment sandbox on a loopback socket: staff refund part of an
order through the API, the job sends each refund to Alipay, WeChat Pay or the card gateway and books the answer,
retries what the provider could not settle, fails what it refused (the amount refundable again); offline refunds
wait for finance; a paid order's cancellation refunds it in full, once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

import httpx
import pytest

from domain.money import Money
from domain.orders import use_cases as orders
from domain.orders.timeline import SYSTEM
from domain.payments import refund_use_cases
from domain.payments.entities import EventKind, Payment
from domain.payments.gateway import ProviderUnavailable, RefundRequest, RefundStatus
from domain.payments.refunding import RefundPolicy
from infra.db.unit_of_work import SqlAlchemyUnitOfWork
from tests import factories as f
from tests.conftest import Shop, new_ip
from tests.fakes.clock import FakeClock
from tests.integration.test_orders_lifecycle import staff_with
from tests.payments_support import Sandbox, paid_payment, payment, payment_sandbox, refunds_of

ONLINE = ["alipay", "wechat_pay", "card"]


@pytest.fixture(scope="module")
async def sandbox(shop: Shop) -> AsyncIterator[Sandbox]:
    async with payment_sandbox() as box:
        before = dict(shop.container.payment_gateways)
        shop.container.payment_gateways.update(box.gateways)
        yield box
        shop.container.payment_gateways.clear()
        shop.container.payment_gateways.update(before)


async def paid_order(
    shop: Shop, client: httpx.AsyncClient, admin: dict[str, str], method: str, sandbox: Sandbox | None, price: str
) -> tuple[dict[str, Any], Payment, f.Buyer]:
    sku = await f.stocked_sku(client, admin, 20, retail_price=price)
    buyer = await f.customer_with_address(client)
    order = await f.place_order(client, buyer, {sku["id"]: 1})
    paid = await paid_payment(shop.container, order["id"], method, sandbox)
    return order, paid, buyer


async def ask(
    client: httpx.AsyncClient, headers: dict[str, str], order_id: str, amount: str, **body: Any
) -> httpx.Response:
    return await client.post(
        f"/orders/{order_id}/refunds", json={"amount": amount, "reason": "damaged box", **body}, headers=headers
    )


async def sweep(shop: Shop, minutes: int, policy: RefundPolicy | None = None) -> int:
    """The every-minute sweep, run as it would be `minutes` from now."""
    clock = FakeClock(datetime.now(UTC) + timedelta(minutes=minutes))
    c = shop.container
    return await refund_use_cases.send_due_refunds(c.uow, clock, c.payment_gateways, policy or RefundPolicy())


async def log_kinds(shop: Shop, payment_id: UUID) -> list[str]:
    async with shop.container.uow(read_only=True) as uow:
        return [str(e.kind) for e in await uow.payments.events_of(payment_id)]


@pytest.mark.parametrize("method", ONLINE)
async def test_partial_refunds_reach_the_provider_and_add_up_on_the_order(
    shop: Shop, sandbox: Sandbox, method: str
) -> None:
    # given an order paid 30.00 (and its shipping) through the provider
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    order, paid, _ = await paid_order(shop, client, admin, method, sandbox, "30.00")

    # when staff refund 3.00, then 2.50
    first = await ask(client, admin, order["id"], "3.00")
    second = await ask(client, admin, order["id"], "2.50")
    await shop.run_jobs()
    await sweep(shop, minutes=2)  # WeChat Pay answers "processing" first; the next send finds it done

    # then both went back through the provider and the order counts 5.50 refunded
    assert first.status_code == 201, first.text
    assert [(r["amount"]["amount"], r["method"], r["payment_no"]) for r in first.json()] == [
        ("3.00", method, paid.payment_no)
    ]
    assert second.status_code == 201 and second.json()[0]["status"] == "pending"
    refunds = await refunds_of(shop.container, paid.id)
    assert sorted((r.amount_minor, str(r.status)) for r in refunds) == [(250, "succeeded"), (300, "succeeded")]
    assert all(r.provider_ref and r.succeeded_at for r in refunds)
    now = (await client.get(f"/orders/{order['id']}", headers=admin)).json()
    assert now["amounts"]["refunded"] == {"amount": "5.50", "currency": "CNY"}
    notes = [
        (e["action"], e["note"], e["note_params"]["amount"]["amount"]) for e in now["events"] if e["note"] == "refunded"
    ]
    assert sorted(notes) == [("refund", "refunded", "2.50"), ("refund", "refunded", "3.00")]
    assert (await payment(shop.container, paid.id)).refunded_minor == 550
    assert (await log_kinds(shop, paid.id)).count("refund_succeeded") == 2
    # and the provider holds exactly that: the rest can be refunded there, not a cent more
    rest = paid.amount_minor - 550
    gateway = sandbox.gateways[method]
    over = RefundRequest(paid.payment_no, "RTESTOVER" + method[:3], Money.of_minor(rest + 1, "CNY"), paid.amount)
    try:
        refused = (await gateway.refund(over)).status is RefundStatus.FAILED
    except ProviderUnavailable:  # WeChat Pay answers an over-refund with INVALID_REQUEST
        refused = True
    assert refused
    exact = RefundRequest(paid.payment_no, "RTESTREST" + method[:3], Money.of_minor(rest, "CNY"), paid.amount)
    assert (await gateway.refund(exact)).status in (RefundStatus.SUCCEEDED, RefundStatus.PROCESSING)


async def test_more_than_is_left_is_refused_with_what_is_still_refundable(shop: Shop, sandbox: Sandbox) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    order, paid, buyer = await paid_order(shop, client, admin, "card", sandbox, "20.00")
    left = Money.of_minor(paid.amount_minor - 500, "CNY")
    assert (await ask(client, admin, order["id"], "5.00")).status_code == 201

    too_much = await ask(client, admin, order["id"], str(left.amount + Decimal("0.01")))
    zero = await ask(client, admin, order["id"], "0")
    precise = await ask(client, admin, order["id"], "1.001")
    chinese = await client.post(
        f"/orders/{order['id']}/refunds",
        json={"amount": "999.00", "reason": "x"},
        headers={**admin, "Accept-Language": "zh-CN"},
    )
    customer = await ask(client, buyer.headers, order["id"], "1.00")
    unknown = await ask(client, admin, order["id"], "1.00", payment_id=str(UUID(int=7)))
    chosen = await ask(client, admin, order["id"], "1.00", payment_id=str(paid.id))

    assert too_much.status_code == 422 and too_much.json()["code"] == "refund.exceeds_paid"
    assert too_much.json()["refundable"] == {"amount": str(left.amount), "currency": "CNY"}
    assert zero.status_code == 422 and zero.json()["code"] == "refund.amount_not_positive"
    assert precise.status_code == 422 and precise.json()["code"] == "refund.amount_precision"
    assert "尚可退" in chinese.json()["detail"]
    assert customer.status_code == 403 and customer.json()["permission"] == "payments:refund"
    assert unknown.status_code == 404 and unknown.json()["code"] == "refund.payment_not_found"
    assert chosen.status_code == 201 and [r["payment_id"] for r in chosen.json()] == [str(paid.id)]
    assert len(await refunds_of(shop.container, paid.id)) == 2


async def test_the_same_idempotency_key_refunds_once_and_answers_the_same(shop: Shop, sandbox: Sandbox) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    finance = await staff_with(client, admin, "finance")
    order, paid, _ = await paid_order(shop, client, admin, "alipay", sandbox, "20.00")
    keyed = {**finance, "Idempotency-Key": f"refund-{paid.payment_no}"}

    first = await ask(client, keyed, order["id"], "4.00")
    again = await ask(client, keyed, order["id"], "4.00")
    other = await ask(client, keyed, order["id"], "5.00")

    assert first.status_code == 201 and again.status_code == 201, again.text
    assert again.headers.get("Idempotent-Replayed") == "true" and again.json() == first.json()
    assert other.status_code == 409 and other.json()["code"] == "idempotency.conflict"
    assert len(await refunds_of(shop.container, paid.id)) == 1
    assert first.json()[0]["requested_by_kind"] == "staff" and first.json()[0]["requested_by_name"]
    audit = await client.get("/audit-log", params={"action": "refund.create"}, headers=admin)
    assert first.json()[0]["id"] in {row["target_id"] for row in audit.json()["items"]}


async def test_a_provider_error_is_retried_later_and_then_succeeds(shop: Shop, sandbox: Sandbox) -> None:
    # given the provider answers refunds with errors
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    order, paid, _ = await paid_order(shop, client, admin, "card", sandbox, "20.00")
    sandbox.error_refunds(True)
    try:
        asked = await ask(client, admin, order["id"], "6.00")
        await shop.run_jobs()
        await sweep(shop, minutes=0)  # not due again before its wait is over
        [waiting] = await refunds_of(shop.container, paid.id)
    finally:
        sandbox.error_refunds(False)

    # when the provider is back and the wait is over
    await sweep(shop, minutes=2)

    # then it went through on the second send
    assert asked.status_code == 201
    assert (str(waiting.status), waiting.attempts) == ("pending", 1)
    assert waiting.next_attempt_at is not None and waiting.next_attempt_at > datetime.now(UTC) + timedelta(seconds=30)
    [done] = await refunds_of(shop.container, paid.id)
    assert (str(done.status), done.attempts) == ("succeeded", 2)
    assert await log_kinds(shop, paid.id) == ["refund_requested", "refund_retry", "refund_succeeded"]
    now = (await client.get(f"/orders/{order['id']}", headers=admin)).json()
    assert now["amounts"]["refunded"]["amount"] == "6.00"


async def test_when_retries_run_out_the_refund_fails_and_its_amount_is_refundable_again(
    shop: Shop, sandbox: Sandbox
) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    order, paid, _ = await paid_order(shop, client, admin, "alipay", sandbox, "20.00")
    two_tries = RefundPolicy(max_attempts=2)
    sandbox.error_refunds(True)
    try:
        await ask(client, admin, order["id"], str(paid.amount.amount))  # all of it
        await shop.run_jobs()  # the first send (8 tries allowed by the settings: still pending)
        await sweep(shop, minutes=2, policy=two_tries)
    finally:
        sandbox.error_refunds(False)

    [failed] = await refunds_of(shop.container, paid.id)
    assert (str(failed.status), failed.failure_code, failed.next_attempt_at) == ("failed", "retries_exhausted", None)
    assert (await payment(shop.container, paid.id)).refunded_minor == 0
    assert (await log_kinds(shop, paid.id))[-1] == "refund_failed"
    # staff issue a new refund for the same money, and it goes through
    again = await ask(client, admin, order["id"], str(paid.amount.amount))
    await shop.run_jobs()
    assert again.status_code == 201, again.text
    refunds = await refunds_of(shop.container, paid.id)
    assert sorted(str(r.status) for r in refunds) == ["failed", "succeeded"]
    assert (await client.get(f"/orders/{order['id']}", headers=admin)).json()["amounts"]["refunded"]["amount"] == str(
        paid.amount.amount
    )


async def test_an_offline_refund_waits_for_finance_to_confirm_it_paid_the_money_back(
    shop: Shop, sandbox: Sandbox
) -> None:
    # given an order paid by bank transfer, and one paid by card
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    finance = await staff_with(client, admin, "finance")
    order, paid, buyer = await paid_order(shop, client, admin, "bank_transfer", None, "20.00")
    card_order, _, _ = await paid_order(shop, client, admin, "card", sandbox, "20.00")

    # when staff refund 8.00 of it, and the jobs run
    asked = (await ask(client, admin, order["id"], "8.00")).json()[0]
    await shop.run_jobs()
    await sweep(shop, minutes=30)
    [waiting] = await refunds_of(shop.container, paid.id)

    # then it waits, with nothing sent, until finance confirms it
    assert (str(waiting.status), waiting.attempts, waiting.next_attempt_at) == ("pending", 0, None)
    confirmed = await client.post(f"/refunds/{asked['id']}/confirm", json={"note": "transferred back"}, headers=finance)
    twice = await client.post(f"/refunds/{asked['id']}/confirm", json={}, headers=finance)
    card_refund = (await ask(client, admin, card_order["id"], "1.00")).json()[0]
    online = await client.post(f"/refunds/{card_refund['id']}/confirm", json={}, headers=finance)
    missing = await client.post(f"/refunds/{UUID(int=9)}/confirm", json={}, headers=finance)
    customer = await client.post(f"/refunds/{asked['id']}/confirm", json={}, headers=buyer.headers)

    assert confirmed.status_code == 200, confirmed.text
    assert (confirmed.json()["status"], confirmed.json()["method"]) == ("succeeded", "bank_transfer")
    assert confirmed.json()["succeeded_at"] is not None
    assert twice.status_code == 409 and twice.json()["code"] == "refund.invalid_transition"
    assert online.status_code == 409 and online.json()["code"] == "refund.not_offline"
    assert missing.status_code == 404 and missing.json()["code"] == "refund.not_found"
    assert customer.status_code == 403
    now = (await client.get(f"/orders/{order['id']}", headers=admin)).json()
    assert now["amounts"]["refunded"]["amount"] == "8.00"
    async with shop.container.uow(read_only=True) as uow:
        events = await uow.payments.events_of(paid.id)
    assert [(str(e.kind), e.note) for e in events if e.kind == EventKind.REFUND_SUCCEEDED] == [
        ("refund_succeeded", "transferred back")
    ]


async def test_cancelling_a_paid_order_refunds_all_of_it_once(shop: Shop, sandbox: Sandbox) -> None:
    # given a card-paid order with 2.00 refunded already
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    order, paid, buyer = await paid_order(shop, client, admin, "card", sandbox, "25.00")
    await ask(client, admin, order["id"], "2.00")
    await shop.run_jobs()

    # when staff cancel it, and the closing job runs again afterwards
    cancelled = await client.post(f"/orders/{order['id']}/cancel", json={"reason": "out of stock"}, headers=admin)
    await shop.run_jobs()
    again = await refund_use_cases.refund_closed_order(shop.container.uow(), shop.container.clock, UUID(order["id"]))

    # then the rest went back in one refund, and the second run asked for nothing
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "closed"
    assert again == []
    refunds = await refunds_of(shop.container, paid.id)
    closing = [r for r in refunds if r.reason == "order_closed"]
    assert [(r.amount_minor, str(r.status), r.requested_by_kind) for r in closing] == [
        (paid.amount_minor - 200, "succeeded", "system")
    ]
    now = (await client.get(f"/orders/{order['id']}", headers=admin)).json()
    assert now["amounts"]["refunded"] == now["amounts"]["paid"]
    assert (await payment(shop.container, paid.id)).refundable_minor == 0
    # the customer was told of each refund
    inbox = (await client.get("/me/notifications", headers=buyer.headers)).json()["items"]
    assert [n["event"] for n in inbox].count("payment.refunded") == 2


async def test_a_merged_paid_order_is_not_refunded_and_cancelling_the_survivor_refunds_both_payments(
    shop: Shop, sandbox: Sandbox
) -> None:
    # given two paid orders of one customer to one address, each paid by its own card payment
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    sku = await f.stocked_sku(client, admin, 20, retail_price="15.00")
    buyer = await f.customer_with_address(client)
    first = await f.place_order(client, buyer, {sku["id"]: 1})
    second = await f.place_order(client, buyer, {sku["id"]: 2})
    pay_first = await paid_payment(shop.container, first["id"], "card", sandbox)
    pay_second = await paid_payment(shop.container, second["id"], "wechat_pay", sandbox)

    # when they are merged, and later the merged order is cancelled
    merged = await client.post("/orders/merge", json={"order_ids": [first["id"], second["id"]]}, headers=admin)
    await shop.run_jobs()
    refunds_after_merge = [
        *await refunds_of(shop.container, pay_first.id),
        *await refunds_of(shop.container, pay_second.id),
    ]
    survivor = merged.json()
    partial = await ask(client, admin, survivor["id"], str(Money.of_minor(pay_second.amount_minor + 100, "CNY").amount))
    await client.post(f"/orders/{survivor['id']}/cancel", json={"reason": "customer left"}, headers=admin)
    await shop.run_jobs()
    await sweep(shop, minutes=2)

    # then nothing went back at the merge; the survivor's refunds took both payments, all of both, no more
    assert merged.status_code == 200, merged.text
    assert refunds_after_merge == []
    assert partial.status_code == 201, partial.text  # the newest payment first, then the other
    assert [(r["payment_no"], r["amount"]["amount"]) for r in partial.json()] == [
        (pay_second.payment_no, str(pay_second.amount.amount)),
        (pay_first.payment_no, "1.00"),
    ]
    given_back = [*await refunds_of(shop.container, pay_first.id), *await refunds_of(shop.container, pay_second.id)]
    assert all(r.order_id == UUID(survivor["id"]) for r in given_back)
    assert sum(r.amount_minor for r in given_back) == pay_first.amount_minor + pay_second.amount_minor
    assert {str(r.status) for r in given_back} == {"succeeded"}
    now = (await client.get(f"/orders/{survivor['id']}", headers=admin)).json()
    assert now["amounts"]["refunded"] == now["amounts"]["paid"]
    other_id = second["id"] if survivor["id"] == first["id"] else first["id"]
    other = (await client.get(f"/orders/{other_id}", headers=admin)).json()
    assert (other["status"], other["amounts"]["paid"]["amount"], other["amounts"]["refunded"]["amount"]) == (
        "closed",
        "0.00",
        "0.00",
    )


async def test_the_refund_job_run_twice_refunds_once_at_the_provider(shop: Shop, sandbox: Sandbox) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    order, paid, _ = await paid_order(shop, client, admin, "wechat_pay", sandbox, "20.00")
    asked = (await ask(client, admin, order["id"], "3.00")).json()[0]
    await shop.run_jobs()

    # the job again (an ARQ retry, the sweep racing it): the refund is held by the first send or settled
    c = shop.container
    policy = c.settings.payments.refunds.policy()
    again = await refund_use_cases.send_refund(c.uow, c.clock, c.payment_gateways, policy, UUID(asked["id"]))

    assert again is None
    at_provider = sandbox.wechat_refunds(paid.payment_no)
    assert [(r.out_refund_no, r.refund) for r in at_provider] == [(asked["refund_no"], 300)]
    await sweep(shop, minutes=3)  # WeChat Pay's "processing" settles on the next send, under the same number
    assert [(r.out_refund_no, r.status) for r in sandbox.wechat_refunds(paid.payment_no)] == [
        (asked["refund_no"], "SUCCESS")
    ]
    [done] = await refunds_of(shop.container, paid.id)
    assert (str(done.status), done.attempts) == ("succeeded", 2)


async def test_cancelling_a_split_off_part_refunds_its_share_from_the_payment_of_the_order_it_came_from(
    shop: Shop, sandbox: Sandbox
) -> None:
    # given a card-paid order of 3 units, one of which is split off into an order of its own
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    sku = await f.stocked_sku(client, admin, 20, retail_price="10.00")
    buyer = await f.customer_with_address(client)
    order = await f.place_order(client, buyer, {sku["id"]: 3})
    paid = await paid_payment(shop.container, order["id"], "card", sandbox)
    before = (await client.get(f"/orders/{order['id']}", headers=admin)).json()
    line = before["lines"][0]["id"]
    split = await client.post(
        f"/orders/{order['id']}/split",
        json={"updated_at": before["updated_at"], "lines": [{"line_id": line, "quantity": 1}]},
        headers=admin,
    )
    original, part = split.json()["orders"]

    # when the part is cancelled
    await client.post(f"/orders/{part['id']}/cancel", json={"reason": "not wanted"}, headers=admin)
    await shop.run_jobs()
    too_much = await ask(client, admin, original["id"], str(Decimal(original["amounts"]["paid"]["amount"]) + 1))

    # then its share went back from the original's payment, booked on the part; the original keeps its own
    assert split.status_code == 200, split.text
    [refund] = await refunds_of(shop.container, paid.id)
    share = part["amounts"]["paid"]
    assert (refund.order_id, Money.of_minor(refund.amount_minor, "CNY").amount) == (
        UUID(part["id"]),
        Decimal(share["amount"]),
    )
    assert str(refund.status) == "succeeded"
    part_now = (await client.get(f"/orders/{part['id']}", headers=admin)).json()
    original_now = (await client.get(f"/orders/{original['id']}", headers=admin)).json()
    assert part_now["amounts"]["refunded"] == share
    assert original_now["amounts"]["refunded"]["amount"] == "0.00"
    assert too_much.status_code == 422 and too_much.json()["refundable"] == original["amounts"]["paid"]


async def test_a_closed_order_whose_refund_job_was_lost_is_refunded_by_the_sweep_once(
    shop: Shop, sandbox: Sandbox
) -> None:
    # given a paid order cancelled in a transaction whose jobs were never enqueued (a crash right after commit)
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    order, paid, _ = await paid_order(shop, client, admin, "alipay", sandbox, "12.00")
    c = shop.container

    async def lost(events: list[Any]) -> None:
        return None

    await orders.cancel_order(
        SqlAlchemyUnitOfWork(c.sessions, lost), c.clock, SYSTEM, UUID(order["id"]), reason="crash"
    )

    # when the sweep runs a few minutes later, twice
    later = FakeClock(datetime.now(UTC) + timedelta(minutes=3))
    first = await refund_use_cases.refund_closed_orders(c.uow, later)
    second = await refund_use_cases.refund_closed_orders(c.uow, later)
    await sweep(shop, minutes=4)  # sent when due by the sweep's clock

    # then the order was refunded in full, once
    assert (first, second) == (1, 0)
    [refund] = await refunds_of(c, paid.id)
    assert (refund.amount_minor, refund.reason, str(refund.status)) == (paid.amount_minor, "order_closed", "succeeded")
