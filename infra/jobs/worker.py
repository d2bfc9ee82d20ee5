"""ARQ worker: `make worker` (arq infra.jobs.worker.WorkerSettings)."""

from __future__ import annotations

import gc
from typing import Any, ClassVar, cast

from arq import cron
from arq.connections import RedisSettings

from infra.container import Container
from infra.jobs.registry import JOBS
from infra.settings import get_settings


async def startup(ctx: dict[str, Any]) -> None:
    ctx["container"] = Container(get_settings(), arq_redis=ctx["redis"])
    gc.collect()
    gc.freeze()  # as the API does (api/app.py): full collections then skip what lives as long as the process


async def shutdown(ctx: dict[str, Any]) -> None:
    await ctx["container"].close()


class WorkerSettings:
    functions: ClassVar[list[Any]] = [job.function for job in JOBS]
    cron_jobs: ClassVar[list[Any]] = [
        cron(cast(Any, job.function), minute=set(range(0, 60, job.every_minutes)), second=0)
        for job in JOBS
        if job.every_minutes
    ]
    on_startup = startup
    on_shutdown = shutdown
    redis_settings = RedisSettings.from_dsn(get_settings().redis_url or "redis://127.0.0.1:6379/0")
    max_tries = 5
