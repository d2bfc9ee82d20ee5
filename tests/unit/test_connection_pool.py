"""The connection pool's queue (infra/db/pool.py): a returned connection goes to the request that has waited
longest, never to a newcomer, and none is lost to a waiter that timed out or was cancelled. Driven as the pool
drives it: `get` and `put` called from SQLAlchemy's greenlet on a running event loop."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy.util.concurrency import greenlet_spawn
from sqlalchemy.util.queue import Empty

from infra.db.pool import HandOffQueuePool

Queue = HandOffQueuePool._queue_class


async def _get(queue: object, seconds: float | None = None) -> str:
    return await greenlet_spawn(queue.get, True, seconds)  # type: ignore[attr-defined]


async def _until_waiting(queue: object, count: int) -> None:
    for _ in range(100):  # a few turns of the loop: the tasks started reach their wait
        if len(queue._waiters) >= count:  # type: ignore[attr-defined]
            return
        await asyncio.sleep(0)
    raise AssertionError(f"{count} requests should be waiting")


async def test_a_returned_connection_goes_to_the_longest_waiter_not_to_a_newcomer() -> None:
    queue = Queue(2)
    queue.put_nowait("a")
    assert await _get(queue) == "a"  # the pool's only free connection is out
    first = asyncio.create_task(_get(queue))
    await _until_waiting(queue, 1)
    second = asyncio.create_task(_get(queue))
    await _until_waiting(queue, 2)

    queue.put_nowait("a")  # returned while two wait
    newcomer = asyncio.create_task(_get(queue))  # asks before the first waiter has run again
    await _until_waiting(queue, 2)
    queue.put_nowait("b")

    assert (await first, await second) == ("a", "b")
    assert not newcomer.done()  # it lines up behind them
    queue.put_nowait("a")
    assert await newcomer == "a"


async def test_a_waiter_that_times_out_gets_nothing_and_loses_nothing() -> None:
    queue = Queue(1)
    with pytest.raises(Empty):
        await _get(queue, seconds=0.01)

    queue.put_nowait("a")  # returned after it gave up: kept for the next request

    assert await _get(queue) == "a"


async def test_a_connection_handed_to_a_waiter_cancelled_at_that_moment_goes_to_the_next() -> None:
    queue = Queue(1)
    cancelled = asyncio.create_task(_get(queue))
    await _until_waiting(queue, 1)
    following = asyncio.create_task(_get(queue))
    await _until_waiting(queue, 2)

    queue.put_nowait("a")  # handed to the first waiter...
    cancelled.cancel()  # ...whose request is cancelled before it runs again

    with pytest.raises(asyncio.CancelledError):
        await cancelled
    assert await following == "a"
