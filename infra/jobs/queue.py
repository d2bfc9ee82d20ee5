"""Job queues: ARQ on Redis in production, an in-process runner for the embedded default.

Both take the same `JobCall`: a job function (a typed reference, never a name string), its keyword arguments,
and ARQ's options: `job_id` (a second call with the same id is dropped while the first is queued) and
`defer_until` / `defer_by` (run later, e.g. an unpaid order's expiry). Every job is safe to run twice.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from arq import ArqRedis

from domain.ports import Clock

log = logging.getLogger(__name__)

JobFunction = Callable[..., Awaitable[Any]]
EventHandler = Callable[[Any], list["JobCall"]]  # an event → the jobs it asks for


@dataclass(frozen=True)
class Job:
    """A job function with its cron schedule (`every_minutes`, at second 0), declared beside its feature."""

    function: JobFunction
    every_minutes: int | None = None

    @property
    def name(self) -> str:
        return self.function.__name__


@dataclass(frozen=True)
class JobCall:
    function: JobFunction
    kwargs: dict[str, Any] = field(default_factory=dict, hash=False)
    job_id: str | None = None
    defer_until: datetime | None = None
    defer_by: timedelta | None = None

    @property
    def key(self) -> tuple[Any, ...]:
        """Calls with the same key are the same work: one of them is enough (dispatch dedup)."""
        return (self.function, self.job_id, self.defer_until, self.defer_by, tuple(sorted(self.kwargs.items())))


class ArqQueue:
    def __init__(self, redis: ArqRedis) -> None:
        self._redis = redis

    async def enqueue(self, call: JobCall) -> None:
        try:
            await self._redis.enqueue_job(
                call.function.__name__,
                _job_id=call.job_id,
                _defer_until=call.defer_until,
                _defer_by=call.defer_by,
                **call.kwargs,
            )
        except Exception:  # the durable trigger in the database and the cron sweep catch up
            log.exception("could not enqueue %s", call.function.__name__)


class InProcessQueue:
    """Runs the same job functions as the ARQ worker, as tasks of this process, with the same options and cron
    schedule. Deferred calls wait in a heap until `run_due()` finds them due by the given clock (the cron loop
    calls it every second; tests call it after moving their clock)."""

    def __init__(self, ctx: dict[str, Any], clock: Clock) -> None:
        self._ctx = ctx
        self._clock = clock
        self._tasks: set[asyncio.Task[Any]] = set()
        self._deferred: list[tuple[datetime, int, JobCall]] = []
        self._order = itertools.count()
        self._held_ids: set[str] = set()  # ids of calls queued or running, as ARQ refuses a second one
        self._cron: asyncio.Task[None] | None = None

    async def enqueue(self, call: JobCall) -> None:
        if call.job_id is not None:
            if call.job_id in self._held_ids:
                return
            self._held_ids.add(call.job_id)
        due = call.defer_until or (self._clock.now() + call.defer_by if call.defer_by else None)
        if due is not None and due > self._clock.now():
            heapq.heappush(self._deferred, (due, next(self._order), call))
        else:
            self._start(call)

    def run_due(self) -> int:
        """Start every deferred call whose time has come; returns how many."""
        started = 0
        now = self._clock.now()
        while self._deferred and self._deferred[0][0] <= now:
            self._start(heapq.heappop(self._deferred)[2])
            started += 1
        return started

    def _start(self, call: JobCall) -> None:
        task = asyncio.create_task(self._run(call))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self, call: JobCall) -> None:
        try:
            await call.function(self._ctx, **call.kwargs)
        except Exception:
            log.exception("job %s failed", call.function.__name__)
        finally:
            if call.job_id is not None:
                self._held_ids.discard(call.job_id)

    async def drain(self) -> None:
        """Wait for every job started so far (and those they start): used by tests and at shutdown."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    def start_cron(self, jobs: Sequence[Job], tick_seconds: float = 1.0) -> None:
        async def loop() -> None:
            last_minute: datetime | None = None
            while True:
                await asyncio.sleep(tick_seconds)
                self.run_due()
                minute = self._clock.now().replace(second=0, microsecond=0)
                if minute == last_minute:
                    continue
                if last_minute is not None:  # not at start-up: the first sweep comes a minute in
                    for job in jobs:
                        if job.every_minutes and minute.minute % job.every_minutes == 0:
                            await self.enqueue(JobCall(job.function))
                last_minute = minute

        self._cron = asyncio.create_task(loop())

    async def stop(self) -> None:
        if self._cron:
            self._cron.cancel()
        await self.drain()
