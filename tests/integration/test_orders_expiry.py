"""Unpaid orders expire by the job deferred when they are placed, with the minute sweep as a backstop, on the
in-process runner and on ARQ; shipped orders are confirmed for the customer after the auto-confirm period. The
clock is the test's: nothing sleeps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any
from uuid import UUID

import pytest

from domain.orders.events import OrderPlaced
from infra.jobs import orders as order_jobs
from infra.jobs.queue import InProcessQueue
from infra.jobs.registry import calls_for
from tests.conftest import REDIS_URL, Shop, new_ip
from tests.factories import admin_headers, customer_with_address, pay_order, place_order, stocked_sku
from tests.fakes.clock import FakeClock
from tests.integration.test_orders_placing import available


def jobs_ctx(shop: Shop, clock: FakeClock) -> dict[str, Any]:
    """What a job finds in its context: the app's database and settings, with the test's clock."""
    c = shop.container
    return {"container": SimpleNamespace(uow=c.uow, clock=clock, settings=c.settings)}


def placed(order: dict[str, Any]) -> OrderPlaced:
    return OrderPlaced(UUID(order["id"]), datetime.fromisoformat(order["expires_at"]))


async def test_the_deferred_job_expires_an_unpaid_order_when_its_time_comes_and_running_again_changes_nothing(
    shop: Shop,
) -> None:
    # given: an order placed now, its expiry job on an in-process runner with a clock the test moves
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    sku = await stocked_sku(client, admin, 5)
    buyer = await customer_with_address(client)
    order = await place_order(client, buyer, {sku["id"]: 2})
    clock = FakeClock(datetime.now(UTC))
    queue = InProcessQueue(jobs_ctx(shop, clock), clock)
    [call] = calls_for([placed(order)])
    assert (call.function, call.job_id) == (order_jobs.expire_unpaid_order, f"order-expiry:{order['id']}")
    await queue.enqueue(call)
    await queue.enqueue(call)  # asked twice: queued once

    # when / then: not a minute early
    clock.advance(timedelta(minutes=29))
    assert queue.run_due() == 0
    clock.set(datetime.fromisoformat(order["expires_at"]) + timedelta(seconds=1))
    assert queue.run_due() == 1
    await queue.drain()

    expired = (await client.get(f"/me/orders/{order['id']}", headers=buyer.headers)).json()
    assert (expired["status"], expired["cancel_reason"]) == ("cancelled", "expired")
    assert [(e["action"], e["actor_kind"]) for e in expired["events"]][-1] == ("expire", "system")
    assert await available(client, admin, sku["id"]) == 5

    # the job runs again (a retry, the sweep): nothing more happens
    assert await order_jobs.expire_unpaid_order(jobs_ctx(shop, clock), order["id"]) is False
    again = (await client.get(f"/me/orders/{order['id']}", headers=buyer.headers)).json()
    assert len(again["events"]) == len(expired["events"])
    assert await available(client, admin, sku["id"]) == 5


async def test_a_job_that_comes_early_or_after_payment_leaves_the_order_alone(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    sku = await stocked_sku(client, admin, 5)
    buyer = await customer_with_address(client)
    early = await place_order(client, buyer, {sku["id"]: 1})
    paid = await place_order(client, buyer, {sku["id"]: 2})
    await pay_order(client, admin, paid["id"])
    clock = FakeClock(datetime.now(UTC))

    assert await order_jobs.expire_unpaid_order(jobs_ctx(shop, clock), early["id"]) is False
    clock.advance(timedelta(hours=1))
    assert await order_jobs.expire_unpaid_order(jobs_ctx(shop, clock), paid["id"]) is False

    assert (await client.get(f"/orders/{early['id']}", headers=admin)).json()["status"] == "pending_payment"
    assert (await client.get(f"/orders/{paid['id']}", headers=admin)).json()["status"] == "awaiting_shipment"
    assert await available(client, admin, sku["id"]) == 2


async def test_the_sweep_expires_unpaid_orders_whose_job_was_lost(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    sku = await stocked_sku(client, admin, 5)
    buyer = await customer_with_address(client)
    lost = await place_order(client, buyer, {sku["id"]: 3})
    clock = FakeClock(datetime.fromisoformat(lost["expires_at"]) + timedelta(minutes=1))

    swept = await order_jobs.expire_unpaid_orders(jobs_ctx(shop, clock))
    twice = await order_jobs.expire_unpaid_orders(jobs_ctx(shop, clock))

    assert swept >= 1 and twice == 0
    assert (await client.get(f"/orders/{lost['id']}", headers=admin)).json()["status"] == "cancelled"
    assert await available(client, admin, sku["id"]) == 5


async def test_receipt_is_confirmed_for_the_customer_once_the_auto_confirm_period_has_passed(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    sku = await stocked_sku(client, admin, 5)
    buyer = await customer_with_address(client)
    order = await place_order(client, buyer, {sku["id"]: 1})
    await pay_order(client, admin, order["id"])
    shipped = await client.post(
        f"/orders/{order['id']}/ship", json={"carrier": "SF", "tracking_number": "SF9"}, headers=admin
    )
    shipped_at = datetime.fromisoformat(shipped.json()["shipped_at"])
    clock = FakeClock(shipped_at + timedelta(days=7) - timedelta(minutes=1))

    assert await order_jobs.auto_confirm_receipts(jobs_ctx(shop, clock)) >= 0
    still = (await client.get(f"/orders/{order['id']}", headers=admin)).json()
    clock.advance(timedelta(minutes=2))
    await order_jobs.auto_confirm_receipts(jobs_ctx(shop, clock))
    done = (await client.get(f"/orders/{order['id']}", headers=admin)).json()

    assert still["status"] == "shipped"
    assert done["status"] == "completed"
    assert done["events"][-1]["action"] == "confirm" and done["events"][-1]["actor_kind"] == "system"


@pytest.mark.postgres
async def test_on_arq_placing_an_order_defers_its_expiry_job_in_redis_until_its_time(shop: Shop) -> None:
    assert REDIS_URL
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    sku = await stocked_sku(client, admin, 5)
    buyer = await customer_with_address(client)

    order = await place_order(client, buyer, {sku["id"]: 1})

    redis = shop.container._arq
    assert redis is not None
    jobs = {job.job_id: job for job in await redis.queued_jobs()}
    job = jobs[f"order-expiry:{order['id']}"]
    assert (job.function, job.kwargs) == ("expire_unpaid_order", {"order_id": order["id"]})
    expires_at = datetime.fromisoformat(order["expires_at"])
    assert abs(job.score - expires_at.timestamp() * 1000) < 1000  # runs no earlier than the order's time

    # what the worker runs then, twice (ARQ runs a job at least once): cancelled once
    clock = FakeClock(expires_at + timedelta(seconds=1))
    assert await order_jobs.expire_unpaid_order(jobs_ctx(shop, clock), order["id"]) is True
    assert await order_jobs.expire_unpaid_order(jobs_ctx(shop, clock), order["id"]) is False
    seen = (await client.get(f"/orders/{order['id']}", headers=admin)).json()
    assert [e["action"] for e in seen["events"]].count("expire") == 1
    assert await available(client, admin, sku["id"]) == 5
