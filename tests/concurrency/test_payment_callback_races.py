"""Payment races decided by PostgreSQL: twenty deliveries of one callback at once, twenty workers applying them at
once, two "Pay" clicks at once, and an ARQ worker killed (SIGKILL) while it applies a batch of callbacks. Each
order is paid once, its sales counted once, every callback applied."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest
import sqlalchemy as sa

from domain.payments import use_cases as payments
from infra.settings import ROOT
from tests import factories as f
from tests.conftest import REDIS_URL, Shop, new_ip
from tests.fakes.clock import FakeClock
from tests.paying import card_event, card_headers, keys, kinds, moments_ago, post_callback, start, unpaid_order

pytestmark = pytest.mark.postgres


@pytest.fixture
def many_orders_per_customer(shop: Shop, monkeypatch: pytest.MonkeyPatch) -> None:
    """One customer places the worker test's orders (the race is on the callbacks, not on the safety limits)."""
    rules = shop.container.settings.orders
    monkeypatch.setattr(rules, "max_unpaid_orders", 1_000)
    monkeypatch.setattr(rules, "duplicate_window_seconds", 0)


async def scalar(shop: Shop, query: str, **params: Any) -> Any:
    async with shop.container.engine.connect() as conn:
        return (await conn.execute(sa.text(query), params)).scalar()


async def pay_events(shop: Shop, order_id: str) -> int:
    return int(
        await scalar(shop, "SELECT count(*) FROM order_event WHERE order_id = :o AND action = 'pay'", o=order_id)
    )


async def test_twenty_concurrent_deliveries_and_applies_of_one_callback_pay_the_order_once(shop: Shop) -> None:
    # given a started card payment and its signed "succeeded" event
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    sku = await f.stocked_sku(client, admin, 10, retail_price="12.00")
    buyer = await f.customer_with_address(client)
    order = await f.place_order(client, buyer, {sku["id"]: 2})
    payment = await start(client, buyer, order["id"], "card")
    event = card_event(payment)
    headers = card_headers(keys(shop).card_webhook_secret, event)

    # when the provider delivers it twenty times at once, and twenty workers apply each stored copy at once
    answers = await asyncio.gather(*(post_callback(client, "card", event, headers) for _ in range(20)))
    stored = await callback_ids(shop, payment["id"])
    c, policy = shop.container, shop.container.settings.orders.policy()
    applied = await asyncio.gather(
        *(payments.apply_callback(c.uow(), c.clock, policy, event_id) for event_id in stored),
        *(payments.apply_callback(c.uow(), c.clock, policy, stored[0]) for _ in range(20)),
    )
    await shop.run_jobs()  # the jobs the deliveries enqueued find every callback applied

    # then
    assert [a.status_code for a in answers] == [200] * 20
    assert len(stored) == 20 and sum(applied) == 20  # each stored copy applied by exactly one of its appliers
    assert (await kinds(shop, payment["id"])).count("succeeded") == 1
    assert await pay_events(shop, order["id"]) == 1
    product = (await client.get(f"/products/{sku['product_id']}", headers=admin)).json()
    assert product["sales_count"] == 2
    mine = (await client.get(f"/me/orders/{order['id']}", headers=buyer.headers)).json()
    assert (mine["status"], mine["amounts"]["paid"]["amount"]) == ("awaiting_shipment", "24.00")


async def test_two_concurrent_starts_open_one_attempt(shop: Shop) -> None:
    client = shop.client(new_ip())
    buyer, order = await unpaid_order(client)

    answers = await asyncio.gather(
        *(
            client.post(f"/me/orders/{order['id']}/payments", json={"method": "card"}, headers=buyer.headers)
            for _ in range(2)
        )
    )

    assert sorted(a.status_code for a in answers) == [200, 201]
    assert answers[0].json()["id"] == answers[1].json()["id"]
    assert await scalar(shop, "SELECT count(*) FROM payment WHERE order_id = :o", o=order["id"]) == 1


async def callback_ids(shop: Shop, payment_id: str) -> list[UUID]:
    async with shop.container.engine.connect() as conn:
        rows = await conn.execute(
            sa.text("SELECT id FROM payment_event WHERE payment_id = :p AND kind = 'callback' ORDER BY at"),
            {"p": payment_id},
        )
        return [UUID(str(row[0])) for row in rows]


@asynccontextmanager
async def arq_worker(shop: Shop) -> AsyncIterator[asyncio.subprocess.Process]:
    """`make worker` in a process of its own, on the test database and Redis, so it can be killed for real."""
    settings = shop.container.settings
    env = {
        **os.environ,
        "APP_ENV": "development",
        "SANDBOX_ENABLED": "false",
        "VAR_DIR": str(settings.var_dir),
        "DATABASE_URL": settings.database_url,
        "REDIS_URL": REDIS_URL or "",
        "AUTH__JWT_SECRET": settings.auth.jwt_secret or "",
        "LOG_LEVEL": "WARNING",
    }
    process = await asyncio.create_subprocess_exec(
        *[sys.executable, "-m", "arq", "infra.jobs.worker.WorkerSettings"],
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        yield process
    finally:
        if process.returncode is None:
            process.kill()
        await process.wait()


async def until(condition: Any, *, deadline_seconds: float = 60.0) -> None:
    """Wait for `condition()` (async) to hold, checking every few milliseconds, failing after the deadline."""
    loop = asyncio.get_running_loop()
    end = loop.time() + deadline_seconds
    while not await condition():
        assert loop.time() < end, "the condition did not hold before the deadline"
        await asyncio.sleep(0.005)


UNAPPLIED = (
    "SELECT count(*) FROM payment_event WHERE kind = 'callback' AND applied_at IS NULL AND payment_id = ANY(:ids)"
)


async def test_an_arq_worker_killed_while_applying_callbacks_loses_none_and_applies_none_twice(
    shop: Shop, many_orders_per_customer: None
) -> None:
    # given sixty paid card payments whose callbacks are stored, their jobs waiting in Redis
    count = 60
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    sku = await f.stocked_sku(client, admin, count, retail_price="5.00")
    buyer = await f.customer_with_address(client)
    orders = [await f.place_order(client, buyer, {sku["id"]: 1}) for _ in range(count)]
    started = [await start(client, buyer, order["id"], "card") for order in orders]
    secret = keys(shop).card_webhook_secret
    for payment in started:
        event = card_event(payment)
        assert (await post_callback(client, "card", event, card_headers(secret, event))).status_code == 200
    ids = [UUID(p["id"]) for p in started]

    async def unapplied() -> int:
        return int(await scalar(shop, UNAPPLIED, ids=ids))

    assert await unapplied() == count

    # when a worker starts on them and is killed (SIGKILL) as soon as the first are applied
    async with arq_worker(shop) as worker:

        async def some_applied() -> bool:
            assert worker.returncode is None, "the worker died on its own"
            return await unapplied() < count

        await until(some_applied)
        worker.send_signal(signal.SIGKILL)
        await worker.wait()
    left_by_the_kill = await unapplied()

    # then a new worker and the sweep finish the work: the jobs the dead worker held are retried once their
    # in-progress marks lapse (dropped here instead of waiting out ARQ's timeout), the rest run as queued
    redis = shop.container._arq
    assert redis is not None
    stale = await redis.keys("arq:in-progress:*")
    if stale:
        await redis.delete(*stale)
    await shop.run_jobs()
    c = shop.container
    await payments.apply_unapplied_callbacks(
        c.uow, FakeClock(moments_ago(0) + timedelta(minutes=2)), c.settings.orders.policy()
    )

    assert 0 < left_by_the_kill < count, "the kill landed mid-batch"
    assert await unapplied() == 0
    succeeded = await scalar(
        shop, "SELECT count(*) FROM payment_event WHERE kind = 'succeeded' AND payment_id = ANY(:ids)", ids=ids
    )
    assert succeeded == count
    pays = Counter([await pay_events(shop, order["id"]) for order in orders])
    assert pays == {1: count}
    product = (await client.get(f"/products/{sku['product_id']}", headers=admin)).json()
    assert product["sales_count"] == count
