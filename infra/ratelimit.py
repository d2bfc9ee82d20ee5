"""Fixed-window rate limiting: Redis when configured (shared by every replica), memory otherwise."""

from __future__ import annotations

import time
from collections.abc import Callable

from redis.asyncio import Redis


class RedisRateLimiter:
    def __init__(self, redis: Redis) -> None:
        self._redis = redis

    async def hit(self, key: str, *, limit: int, window_seconds: int) -> bool:
        bucket = f"ratelimit:{key}:{int(time.time()) // window_seconds}"
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.incr(bucket)
            pipe.expire(bucket, window_seconds + 1)
            count, _ = await pipe.execute()
        return int(count) <= limit


class MemoryRateLimiter:
    """For the single-process embedded default only."""

    def __init__(self, now: Callable[[], float] = time.time) -> None:
        self._counts: dict[str, int] = {}
        self._now = now

    async def hit(self, key: str, *, limit: int, window_seconds: int) -> bool:
        window = int(self._now()) // window_seconds
        bucket = f"{key}:{window}"
        if len(self._counts) > 100_000:  # drop old windows
            self._counts = {k: v for k, v in self._counts.items() if k.endswith(f":{window}")}
        self._counts[bucket] = self._counts.get(bucket, 0) + 1
        return self._counts[bucket] <= limit
