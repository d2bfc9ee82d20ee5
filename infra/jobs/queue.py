"""Job queues: ARQ on Redis in production, an in-process runner for the embedded default."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from arq import ArqRedis

log = logging.getLogger(__name__)

JobFunction = Callable[..., Awaitable[Any]]


class ArqQueue:
    def __init__(self, redis: ArqRedis) -> None:
        self._redis = redis

    async def enqueue(self, job: str, **kwargs: Any) -> None:
        try:
            await self._redis.enqueue_job(job, **kwargs)
        except Exception:  # the durable trigger in the database and the cron sweep catch up
            log.exception("could not enqueue %s", job)


class InProcessQueue:
    """Runs the same job functions as the ARQ worker, as tasks of this process, plus their cron sweeps."""

    def __init__(self, functions: Mapping[str, JobFunction], ctx: dict[str, Any]) -> None:
        self._functions = functions
        self._ctx = ctx
        self._tasks: set[asyncio.Task[Any]] = set()
        self._cron: asyncio.Task[None] | None = None

    async def enqueue(self, job: str, **kwargs: Any) -> None:
        task = asyncio.create_task(self._run(job, kwargs))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self, job: str, kwargs: dict[str, Any]) -> None:
        try:
            await self._functions[job](self._ctx, **kwargs)
        except Exception:
            log.exception("job %s failed", job)

    async def drain(self) -> None:
        """Wait for every job started so far (and those they start): used by tests and at shutdown."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    def start_cron(self, jobs: list[str], every_seconds: float = 60) -> None:
        async def loop() -> None:
            while True:
                await asyncio.sleep(every_seconds)
                for job in jobs:
                    await self.enqueue(job)

        self._cron = asyncio.create_task(loop())

    async def stop(self) -> None:
        if self._cron:
            self._cron.cancel()
        await self.drain()
