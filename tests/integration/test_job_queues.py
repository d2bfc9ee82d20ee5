"""Both job runners take the same calls: deferred ones run when their time comes (an unpaid order's expiry),
and a second call with the same job id is dropped while the first is queued (a job asked for twice runs once)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from arq import create_pool
from arq.connections import RedisSettings

from infra.jobs.queue import ArqQueue, InProcessQueue, JobCall
from tests.conftest import REDIS_URL, Shop

ran: list[str] = []


async def remember(ctx: dict[str, Any], *, what: str) -> None:
    ran.append(what)


class MovableClock:
    def __init__(self) -> None:
        self.at = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.at


@pytest.fixture
def runner() -> tuple[InProcessQueue, MovableClock]:
    ran.clear()
    clock = MovableClock()
    return InProcessQueue({}, clock), clock


async def test_a_deferred_call_runs_in_process_only_once_its_time_has_come(
    runner: tuple[InProcessQueue, MovableClock],
) -> None:
    queue, clock = runner
    await queue.enqueue(JobCall(remember, {"what": "expire SO-1"}, defer_by=timedelta(minutes=30)))
    await queue.enqueue(JobCall(remember, {"what": "expire SO-2"}, defer_until=clock.at + timedelta(minutes=45)))

    clock.at += timedelta(minutes=29)
    assert queue.run_due() == 0
    clock.at += timedelta(minutes=1)
    assert queue.run_due() == 1
    await queue.drain()
    assert ran == ["expire SO-1"]

    clock.at += timedelta(minutes=15)
    queue.run_due()
    await queue.drain()
    assert ran == ["expire SO-1", "expire SO-2"]


async def test_in_process_a_second_call_with_the_same_job_id_is_dropped_until_the_first_has_run(
    runner: tuple[InProcessQueue, MovableClock],
) -> None:
    queue, clock = runner
    later = clock.at + timedelta(minutes=30)
    for _ in range(3):
        await queue.enqueue(JobCall(remember, {"what": "expire SO-3"}, job_id="expire:SO-3", defer_until=later))
    clock.at = later
    queue.run_due()
    await queue.drain()
    assert ran == ["expire SO-3"]

    # once it has run, the id is free again: a job is safe to run twice, so the runner need not remember it
    await queue.enqueue(JobCall(remember, {"what": "expire SO-3"}, job_id="expire:SO-3"))
    await queue.drain()
    assert ran == ["expire SO-3", "expire SO-3"]


@pytest.mark.postgres
async def test_on_arq_a_deferred_call_waits_in_redis_for_its_time_and_a_repeated_job_id_is_queued_once(
    shop: Shop,
) -> None:
    assert REDIS_URL
    redis = await create_pool(RedisSettings.from_dsn(REDIS_URL), default_queue_name="test-job-queues")
    try:
        queue = ArqQueue(redis)
        due = datetime.now(UTC) + timedelta(minutes=30)
        for _ in range(3):
            await queue.enqueue(JobCall(remember, {"what": "expire SO-4"}, job_id="expire:SO-4", defer_until=due))

        [job] = await redis.queued_jobs(queue_name="test-job-queues")
        assert (job.function, job.kwargs, job.job_id) == ("remember", {"what": "expire SO-4"}, "expire:SO-4")
        assert abs(job.score - due.timestamp() * 1000) < 1000  # runs no earlier than its time
    finally:
        await redis.delete("test-job-queues", "arq:job:expire:SO-4")
        await redis.aclose()
