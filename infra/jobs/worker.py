"""ARQ worker: `make worker` (arq infra.jobs.worker.WorkerSettings)."""

from __future__ import annotations

from typing import Any, ClassVar

from arq import cron
from arq.connections import RedisSettings

from infra.container import Container
from infra.jobs import tasks
from infra.settings import get_settings


async def startup(ctx: dict[str, Any]) -> None:
    ctx["container"] = Container(get_settings(), arq_redis=ctx["redis"])


async def shutdown(ctx: dict[str, Any]) -> None:
    await ctx["container"].close()


class WorkerSettings:
    functions: ClassVar[list[Any]] = list(tasks.FUNCTIONS.values())
    cron_jobs: ClassVar[list[Any]] = [cron(tasks.FUNCTIONS[name], second=0) for name in tasks.CRON_EVERY_MINUTE]
    on_startup = startup
    on_shutdown = shutdown
    redis_settings = RedisSettings.from_dsn(get_settings().redis_url or "redis://127.0.0.1:6379/0")
    max_tries = 5
