"""A bounded closed-loop load generator: N concurrent clients, a fixed number of requests, latency percentiles."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx

Request = Callable[[httpx.AsyncClient], Awaitable[httpx.Response]]


@dataclass
class Result:
    name: str
    requests: int
    seconds: float
    latencies: list[float]
    errors: int

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds

    def percentile(self, p: float) -> float:
        return statistics.quantiles(self.latencies, n=100)[int(p) - 1] * 1000

    def line(self, baseline: Result | None = None) -> str:
        ratio = f"  ({self.throughput / baseline.throughput:.2f}× baseline)" if baseline else ""
        return (
            f"{self.name:<34} {self.throughput:8.1f} req/s   p50 {self.percentile(50):7.1f} ms   "
            f"p95 {self.percentile(95):7.1f} ms   p99 {self.percentile(99):7.1f} ms   errors {self.errors}{ratio}"
        )


async def run(name: str, base: str, request: Request, *, total: int, concurrency: int) -> Result:
    latencies: list[float] = []
    errors = 0
    remaining = iter(range(total))

    async def client_loop(client: httpx.AsyncClient) -> None:
        nonlocal errors
        for _ in remaining:
            started = time.perf_counter()
            response = await request(client)
            latencies.append(time.perf_counter() - started)
            errors += response.status_code >= 400

    async with httpx.AsyncClient(
        base_url=f"{base}/api/v1", timeout=60, limits=httpx.Limits(max_connections=concurrency)
    ) as client:
        started = time.perf_counter()
        await asyncio.gather(*(client_loop(client) for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return Result(name, total, elapsed, latencies, errors)
