"""Shared fixtures: a migrated database (SQLite, or PostgreSQL when TEST_DATABASE_URL is set), the app served
on a real port (its SMS and OAuth sandboxes answer there), a local SMTP server, and clients per IP address."""

from __future__ import annotations

import asyncio
import itertools
import os
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any, cast

import httpx
import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from alembic import command
from alembic.config import Config
from arq.utils import timestamp_ms
from arq.worker import Worker

from api.app import create_app
from infra.container import Container
from infra.db.engine import create_engine
from infra.jobs.queue import InProcessQueue
from infra.jobs.registry import JOBS
from infra.seed import seed
from infra.settings import ROOT, AuthSettings, EmailSettings, OAuthProviderSettings, Settings, SmsSettings
from tests.servers import free_socket, serve

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")
REDIS_URL = os.environ.get("TEST_REDIS_URL")
ON_POSTGRES = bool(POSTGRES_URL)
TEST_SECRET = "a-test-only-secret-that-is-long-enough-for-hs256"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skip = pytest.mark.skip(reason="needs PostgreSQL: set TEST_DATABASE_URL (make test does)")
    for item in items:
        if "postgres" in item.keywords and not ON_POSTGRES:
            item.add_marker(skip)


@pytest.fixture(scope="session")
async def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A fresh database with every migration applied."""
    if POSTGRES_URL:
        engine = create_engine(POSTGRES_URL)
        async with engine.begin() as conn:
            await conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            await conn.execute(sa.text("CREATE SCHEMA public"))
        await engine.dispose()
        url = POSTGRES_URL
    else:
        url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    config = Config(str(ROOT / "alembic.ini"))
    config.attributes["database_url"] = url
    config.attributes["configure_logging"] = False
    await asyncio.to_thread(command.upgrade, config, "head")
    return url


class Mailbox:
    """Collects what the app sends to the local SMTP server."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[arg-type]
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


@pytest.fixture(scope="session")
def mailbox() -> Iterator[Mailbox]:
    sock = free_socket()
    box = Mailbox(sock.getsockname()[1])
    sock.close()
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    yield box
    controller.stop()


class DueJobsOnly:
    """The Redis pool as a burst worker should see it: a burst worker stops once its queue is empty, and counts
    the deferred jobs waiting there (an unpaid order's expiry, 30 minutes out); those are not for now."""

    def __init__(self, pool: Any) -> None:
        self._pool = pool

    def __getattr__(self, name: str) -> Any:
        return getattr(self._pool, name)

    async def zcard(self, name: str) -> int:
        return int(await self._pool.zcount(name, "-inf", timestamp_ms()))


@dataclass
class Shop:
    """The app under test: its container, its live URL and ways to reach it."""

    app: Any
    container: Container
    url: str
    mailbox: Mailbox
    clients: list[httpx.AsyncClient] = field(default_factory=list)

    def client(self, ip: str = "127.0.0.1") -> httpx.AsyncClient:
        """A client whose requests come from `ip` (sign-in history, lockouts and rate limits key on it)."""
        transport = httpx.ASGITransport(app=self.app, client=(ip, 40000), raise_app_exceptions=False)
        client = httpx.AsyncClient(transport=transport, base_url="http://testserver/api/v1")
        self.clients.append(client)
        return client

    async def run_jobs(self) -> None:
        """Run every queued job to completion: the in-process runner, or a burst ARQ worker on Redis."""
        queue = self.container.queue
        if isinstance(queue, InProcessQueue):
            await queue.drain()
            return
        worker = Worker(
            functions=[job.function for job in JOBS],
            redis_pool=cast(Any, DueJobsOnly(self.container._arq)),
            burst=True,
            ctx={"container": self.container},
            handle_signals=False,
            poll_delay=0.01,
            max_jobs=10,
            keep_result=0,
        )
        await worker.main()  # no worker.close(): the Redis pool is the container's, shared with the app

    async def sms_to(self, phone: str) -> list[dict[str, Any]]:
        async with httpx.AsyncClient() as http:
            response = await http.get(f"{self.url}/sandbox/sms/messages", params={"phone": phone})
        response.raise_for_status()
        body = response.json()
        return body["messages"] if isinstance(body, dict) else body


def test_settings(database_url: str, base: str, tmp: Path, smtp_port: int, **auth: Any) -> Settings:
    return Settings(
        database_url=database_url,
        redis_url=REDIS_URL,
        public_base_url=base,
        media_dir=tmp / "media",
        private_dir=tmp / "private",
        mail_dir=tmp / "mail",
        log_json=False,
        log_level="WARNING",
        cron_enabled=False,
        app_env="development",
        sandbox_enabled=True,
        oauth_redirect_origins=[base, "http://testserver"],
        var_dir=tmp / "var",
        # the cheapest argon2id: sign-ins are part of nearly every test, and no test measures hashing cost
        auth=AuthSettings(
            **{
                "rate_limit_per_minute": 100_000,
                "account_rate_limit_per_minute": 100_000,
                "jwt_secret": TEST_SECRET,
                "password_hash_memory_kib": 1024,
                "password_hash_time_cost": 1,
                "password_hash_parallelism": 1,
            }
            | auth
        ),
        sms=SmsSettings(endpoint=f"{base}/sandbox/sms/"),
        email=EmailSettings(backend="smtp", smtp_host="127.0.0.1", smtp_port=smtp_port),
        wechat=OAuthProviderSettings(
            authorize_url=f"{base}/sandbox/oauth/wechat/connect/qrconnect", api_base=f"{base}/sandbox/oauth/wechat"
        ),
        alipay=OAuthProviderSettings(
            authorize_url=f"{base}/sandbox/oauth/alipay/oauth2/publicAppAuthorize.htm",
            api_base=f"{base}/sandbox/oauth/alipay",
        ),
    )


@pytest.fixture(scope="session")
async def shop(database_url: str, mailbox: Mailbox, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Shop]:
    sock = free_socket()
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    settings = test_settings(database_url, base, tmp_path_factory.mktemp("shop"), mailbox.port)
    app = create_app(settings)
    container: Container = app.state.container
    await container.start()
    async with serve(app, sock=sock) as url:
        await seed(container, catalog=False)  # tests build the catalog they need; test_demo_seed covers it
        shop = Shop(app=app, container=container, url=url, mailbox=mailbox)
        yield shop
        for client in shop.clients:
            await client.aclose()
    await container.close()


@pytest.fixture
def client(shop: Shop) -> httpx.AsyncClient:
    return shop.client()


_ips = itertools.count(1)


def new_ip() -> str:
    """A client address no other test uses, so sign-in history and rate limits do not leak between tests."""
    n = next(_ips)
    return f"10.{n // 65025 % 250}.{n // 255 % 255}.{n % 255 + 1}"
