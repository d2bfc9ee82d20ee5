"""Each API process's own copy of the shared session cache, kept honest by invalidations pushed from Redis.

Asking Redis for the caller's token version cost a round trip on every authenticated request: about half the
CPU of `GET /me`. `NearSessionStore` answers from process memory instead, and Redis remains the shared truth:
every write-through of a changed user (`put`, after the commit that changed it) also publishes the user's id,
and each process drops its copy when the id arrives. The copy is trusted only while the subscription is known
to be up; before the subscription is confirmed, after the connection drops, and while it is re-established,
every read goes to Redis as before, and a reconnect empties the copy (an invalidation may have been missed).

Why a revocation still holds from the next request on: the revoking request publishes (after writing the new
state) before it answers, so the invalidation is on its way to every subscribed process before the caller can
send anything else; and a process trusts its copy only when nothing Redis sent is still waiting unread on the
subscription (a non-blocking peek at the socket, a few microseconds), else it reads Redis as before. A read
that went to Redis while an invalidation arrived does not keep what it read (a generation count), and copies
live at most `ttl` seconds, the bound the cache had for a missed write-through anyway.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import ssl
import time
from typing import Any
from uuid import UUID

from redis.asyncio.connection import parse_url

from infra.sessions import RedisSessionStore, SessionState

log = logging.getLogger(__name__)

CHANNEL = b"allorder:session:changed"
RECONNECT_SECONDS = 1.0


class NearSessionStore:
    """RedisSessionStore with a per-process copy of what it read, dropped on every published change."""

    def __init__(self, redis_url: str, shared: RedisSessionStore, ttl_seconds: float, max_entries: int = 100_000):
        self._url, self._shared, self._ttl, self._max = redis_url, shared, ttl_seconds, max_entries
        self._copies: dict[UUID, tuple[float, SessionState]] = {}
        self._live = False  # the subscription is confirmed and its connection open
        self._generation = 0  # counts invalidations: a read that overlapped one does not keep what it read
        self._task: asyncio.Task[None] | None = None
        self._subscriber: _Invalidations | None = None
        self._ready = asyncio.Event()  # set while live (tests wait for it)

    # --- the SessionStore protocol ------------------------------------------------------------------------------

    async def get(self, user_id: UUID) -> SessionState | None:
        held = self._copies.get(user_id) if self._live else None
        if held is not None and held[0] > time.monotonic() and self._subscriber and self._subscriber.caught_up():
            return held[1]
        generation = self._generation
        state = await self._shared.get(user_id)
        if state is not None and self._live and generation == self._generation:
            self._keep(user_id, state)
        return state

    async def add(self, user_id: UUID, state: SessionState) -> None:
        await self._shared.add(user_id, state)

    async def put(self, states: dict[UUID, SessionState]) -> None:
        self.drop(states)  # this process at once; the others when the published ids arrive
        await self._shared.put(states, publish=CHANNEL)
        self.drop(states)  # a read of the old state may have finished meanwhile

    # --- the subscription ---------------------------------------------------------------------------------------

    def drop(self, user_ids: Any) -> None:
        self._generation += 1
        for user_id in user_ids:
            self._copies.pop(user_id, None)

    def _keep(self, user_id: UUID, state: SessionState) -> None:
        if len(self._copies) >= self._max:  # drop the oldest copy: dicts keep insertion order
            self._copies.pop(next(iter(self._copies)))
        self._copies.pop(user_id, None)
        self._copies[user_id] = (time.monotonic() + self._ttl, state)

    def forget_all(self) -> None:
        self._copies.clear()
        self._generation += 1

    def go_live(self) -> None:
        self.forget_all()  # anything published before the subscription was confirmed is unknown
        self._live = True
        self._ready.set()

    def go_dark(self) -> None:
        self._live = False
        self._ready.clear()
        self.forget_all()

    async def live(self) -> None:
        """Until the subscription is confirmed."""
        await self._ready.wait()

    async def start(self) -> None:
        """Subscribe in the background; until the subscription is confirmed, reads go to Redis."""
        if self._task is None:
            self._task = asyncio.create_task(self._subscribe_forever(), name="session-invalidations")

    async def close(self) -> None:
        self.go_dark()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _subscribe_forever(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            lost = loop.create_future()
            self._subscriber = subscriber = _Invalidations(self, self._url, lost)
            try:
                await _connect(self._url, lambda: subscriber)  # noqa: B023 (called at once)
                await lost
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # Redis down or refusing: reads go to Redis (and fail or not) as before
                log.warning("session invalidations unavailable, reading every session from Redis: %s", exc)
            finally:
                self.go_dark()
                self._subscriber = None
                subscriber.close()
            await asyncio.sleep(RECONNECT_SECONDS)


class _Invalidations(asyncio.Protocol):
    """A RESP2 connection that authenticates, subscribes to CHANNEL and drops the ids published there."""

    def __init__(self, store: NearSessionStore, url: str, lost: asyncio.Future[None]) -> None:
        self._store, self._url, self._lost, self._buffer = store, url, lost, bytearray()
        self._auth: list[bytes] = []
        self._transport: asyncio.BaseTransport | None = None
        self._peek: socket.socket | None = None

    def connection_made(self, transport: Any) -> None:
        self._transport = transport
        raw = transport.get_extra_info("socket")
        # a second handle on the same socket, only to peek: asyncio's own handle may not be read from directly
        self._peek = socket.fromfd(raw.fileno(), raw.family, raw.type)
        self._peek.setblocking(False)
        parts = parse_url(self._url)
        if parts.get("password"):
            self._auth = [b"AUTH", *(str(v).encode() for v in (parts.get("username"), parts["password"]) if v)]
            transport.write(_command(self._auth))
        transport.write(_command([b"SUBSCRIBE", CHANNEL]))

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        try:
            while (parsed := _parse(self._buffer, 0)) is not None:
                reply, end = parsed
                del self._buffer[:end]
                self._handle(reply)
        except ConnectionError as exc:
            self._fail(exc)

    def _handle(self, reply: Any) -> None:
        if isinstance(reply, Exception):  # AUTH or SUBSCRIBE refused
            self._fail(reply)
        elif reply == b"OK" and self._auth:
            self._auth = []
        elif isinstance(reply, list) and len(reply) == 3 and reply[0] == b"subscribe" and reply[1] == CHANNEL:
            self._store.go_live()
        elif isinstance(reply, list) and len(reply) == 3 and reply[0] == b"message":
            try:
                self._store.drop([UUID(part.decode()) for part in reply[2].split()])
            except ValueError:  # not ours: forget everything rather than guess
                self._store.forget_all()

    def caught_up(self) -> bool:
        """Nothing Redis sent waits unread: not in the socket, not half-parsed here."""
        if self._buffer or self._peek is None:
            return False
        try:
            return not self._peek.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT)  # b"": closed, not caught up
        except BlockingIOError:
            return True
        except OSError:
            return False

    def _fail(self, exc: Exception) -> None:
        if self._transport is not None:
            self._transport.close()
        if not self._lost.done():
            self._lost.set_exception(exc)

    def close(self) -> None:
        if self._peek is not None:
            self._peek.close()
            self._peek = None
        if self._transport is not None:
            self._transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self._store.go_dark()
        if not self._lost.done():
            self._lost.set_result(None)


async def _connect(url: str, protocol: Any) -> asyncio.BaseTransport:
    loop = asyncio.get_running_loop()
    parts = parse_url(url)
    if "path" in parts:
        transport, _ = await loop.create_unix_connection(protocol, str(parts["path"]))
    else:
        context = ssl.create_default_context() if url.startswith("rediss:") else None
        host, port = str(parts.get("host", "localhost")), int(parts.get("port", 6379))  # type: ignore[call-overload]
        transport, _ = await loop.create_connection(protocol, host, port, ssl=context)
    return transport


def _command(args: list[bytes]) -> bytes:
    return b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%s\r\n" % (len(arg), arg) for arg in args)


def _parse(buffer: bytearray, at: int) -> tuple[Any, int] | None:
    """One RESP2 reply from `at`: (value, end) or None while incomplete. Errors come back as exceptions."""
    line_end = buffer.find(b"\r\n", at)
    if line_end < 0:
        return None
    kind, line, after = buffer[at : at + 1], bytes(buffer[at + 1 : line_end]), line_end + 2
    if kind == b"+":
        return line, after
    if kind == b"-":
        return ConnectionError(line.decode(errors="replace")), after
    if kind == b":":
        return int(line), after
    if kind == b"$":
        size = int(line)
        if size < 0:
            return None, after
        if len(buffer) < after + size + 2:
            return None
        return bytes(buffer[after : after + size]), after + size + 2
    if kind == b"*":
        items: list[Any] = []
        for _ in range(int(line)):
            parsed = _parse(buffer, after)
            if parsed is None:
                return None
            item, after = parsed
            items.append(item)
        return items, after
    raise ConnectionError(f"unexpected reply from Redis: {bytes(buffer[at : at + 20])!r}")
