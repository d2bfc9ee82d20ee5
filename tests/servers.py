"""Serve an ASGI app on a real socket for the length of a test, so adapters talk real HTTP to it."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator

import uvicorn
from starlette.types import ASGIApp


def free_socket() -> socket.socket:
    """A socket bound to a free loopback port, for when the app must know its URL before it is served."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@contextlib.asynccontextmanager
async def serve(
    app: ASGIApp, *, startup_timeout: float = 10.0, sock: socket.socket | None = None
) -> AsyncIterator[str]:
    """Run `app` with uvicorn on 127.0.0.1 and a free port; yields its base URL (no trailing slash)."""
    sock = sock or free_socket()
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, lifespan="off", log_level="warning", access_log=False, timeout_graceful_shutdown=2)
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        for _ in range(int(startup_timeout / 0.01)):
            if server.started or task.done():
                break
            await asyncio.sleep(0.01)
        if task.done():
            task.result()  # re-raise the startup failure
        if not server.started:
            raise TimeoutError(f"uvicorn did not start within {startup_timeout}s")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, timeout=startup_timeout)
        sock.close()
