"""A server killed (kill -9) in the middle of keyed writes leaves no key stuck and no change applied twice.

The change and its stored answer commit in one transaction, so after the crash each key either holds both
(and replays) or neither (and applies afresh). Where the kill lands differs from run to run; the invariants
below hold wherever it lands."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx

from infra.settings import ROOT
from tests import factories as f
from tests.conftest import Shop, new_ip
from tests.integration.test_inventory_reservations import level_of, stocked
from tests.servers import free_socket

KEYS = 40


@asynccontextmanager
async def server(shop: Shop) -> AsyncIterator[tuple[str, asyncio.subprocess.Process]]:
    """The app in a process of its own on the test database, so it can be killed for real."""
    sock = free_socket()
    port = sock.getsockname()[1]
    sock.close()
    settings = shop.container.settings
    env = {
        **os.environ,
        "APP_ENV": "development",  # a demo secret and no real providers, as in the test settings
        "VAR_DIR": str(settings.var_dir),
        "DATABASE_URL": settings.database_url,
        "AUTH__JWT_SECRET": settings.auth.jwt_secret,
        "CRON_ENABLED": "false",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    process = await asyncio.create_subprocess_exec(
        *[sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/api/v1"
    try:
        async with httpx.AsyncClient() as http:
            for _ in range(600):  # up to 30 s to start on a busy machine
                if process.returncode is not None:
                    assert process.stderr is not None
                    raise RuntimeError((await process.stderr.read()).decode())
                try:
                    if (await http.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.05)
        yield url, process
    finally:
        if process.returncode is None:
            process.kill()
        await process.wait()


def reservation(sku_id: str, n: int) -> dict[str, Any]:
    return {"lines": [{"sku_id": sku_id, "quantity": 1}], "reference_type": "order", "reference_id": f"CRASH-{n}"}


async def send(http: httpx.AsyncClient, url: str, headers: dict[str, str], sku_id: str, n: int) -> int | None:
    try:
        response = await http.post(
            f"{url}/stock/reservations",
            json=reservation(sku_id, n),
            headers={**headers, "Idempotency-Key": f"crash-{sku_id}-{n}"},
            timeout=30,
        )
    except httpx.TransportError:
        return None  # the server died under this request
    return response.status_code


async def test_keys_sent_while_the_server_is_killed_apply_once_each_and_none_is_left_stuck(shop: Shop) -> None:
    # given stock for every key and an admin's token (valid on the separate server: same database and secret)
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    sku_id, warehouse_id = await stocked(client, admin, 1000)

    # when the server is killed once the first answers are out
    async with server(shop) as (url, process), httpx.AsyncClient() as http:
        tasks = [asyncio.create_task(send(http, url, admin, sku_id, n)) for n in range(KEYS)]
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        process.send_signal(signal.SIGKILL)
        first = await asyncio.gather(*tasks)
    assert any(status == 201 for status in first)

    # then, on a fresh server, every key answers at once: the first answer again, or a first application
    async with server(shop) as (url, _), httpx.AsyncClient() as http:
        again = await asyncio.gather(*(send(http, url, admin, sku_id, n) for n in range(KEYS)))
    assert again == [201] * KEYS
    assert await level_of(client, admin, sku_id, warehouse_id) == (1000, KEYS)
