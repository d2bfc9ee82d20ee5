"""Builds every infra part from Settings once; the API app and the ARQ worker both start from here."""

from __future__ import annotations

from typing import Any

import httpx
from arq import ArqRedis, create_pool
from arq.connections import RedisSettings
from fastapi import FastAPI
from redis.asyncio import Redis

from domain.clock import SystemClock
from domain.events import Event
from domain.identity.policy import AuthContext, AuthPolicy
from domain.payments.gateway import PaymentGateway
from domain.ports import EmailSender, OAuthProvider, RateLimiter
from infra import deployment
from infra.db.engine import create_engine, session_factory
from infra.db.mapping import start_mappers
from infra.db.unit_of_work import SqlAlchemyUnitOfWork
from infra.jobs import registry
from infra.jobs.queue import ArqQueue, InProcessQueue
from infra.payments import gateways
from infra.payments.method_keys import SettingsProviderKeys
from infra.providers.email.file import FileEmailSender
from infra.providers.email.smtp import SmtpEmailSender
from infra.providers.oauth.alipay import AlipayOAuth
from infra.providers.oauth.sandbox import AlipaySandboxKeys, generate_sandbox_keys
from infra.providers.oauth.wechat import WeChatOAuth
from infra.providers.sms.aliyun import AliyunSmsSender
from infra.providers.sms.sandbox import create_sms_sandbox
from infra.providers.storage.local import LocalMediaStorage
from infra.providers.storage.private import PrivateFiles
from infra.ratelimit import MemoryRateLimiter, RedisRateLimiter
from infra.security import Argon2Hasher, JwtTokens, OAuthStates
from infra.session_cache import NearSessionStore
from infra.sessions import (
    MemorySessionStore,
    PublishingSession,
    RedisSessionStore,
    Sessions,
    SessionStore,
    TrackingSession,
    store_info,
)
from infra.settings import Settings


class Container:
    def __init__(self, settings: Settings, *, arq_redis: ArqRedis | None = None) -> None:
        start_mappers()
        self.settings = settings = deployment.prepared(settings)  # refuses unsafe production settings
        self.clock = SystemClock()
        self.engine = create_engine(settings.database_url)
        jwt_secret = settings.auth.jwt_secret
        assert jwt_secret, "deployment.prepared always leaves a secret"
        self.tokens = JwtTokens(jwt_secret, settings.auth.jwt_algorithm, settings.auth.access_token_minutes, self.clock)
        self.redis: Redis | None = Redis.from_url(settings.redis_url) if settings.redis_url else None
        ttl = settings.auth.session_cache_seconds
        self.session_store: SessionStore = MemorySessionStore(ttl)
        if self.redis is not None and settings.redis_url:  # each process keeps a copy, invalidated through Redis
            self.session_store = NearSessionStore(settings.redis_url, RedisSessionStore(self.redis, ttl), ttl)
        # sessions write the users they change through to the session store after commit
        self.sessions = session_factory(
            self.engine,
            class_=PublishingSession,
            sync_session_class=TrackingSession,
            info=store_info(self.session_store),
        )
        self.signed_in = Sessions(self.tokens, self.session_store, self.engine)
        self.oauth_states = OAuthStates(
            jwt_secret, self.clock, redirect_origins=settings.oauth_redirect_origins or [settings.public_base_url]
        )
        self.sms_sandbox = (
            create_sms_sandbox({settings.sms.access_key_id: settings.sms.access_key_secret})
            if settings.sandbox_enabled
            else None
        )
        # One pool of outbound connections for every provider: a client per call would build a TLS context and
        # open a connection each time.
        self._http = httpx.AsyncClient(timeout=10.0)
        self._sms_client = self._http
        sms_settings = settings.sms
        if sms_settings.endpoint is None and self.sms_sandbox is not None:
            # No gateway named: talk to this app's own sandbox in-process, not to whatever listens on some port.
            transport = httpx.ASGITransport(app=self.sms_sandbox)
            self._sms_client = httpx.AsyncClient(transport=transport, timeout=10.0)
            sms_settings = sms_settings.model_copy(update={"endpoint": "http://sms-sandbox.internal/"})
        self.sms = AliyunSmsSender(sms_settings, self._sms_client)
        self.email: EmailSender = (
            SmtpEmailSender(settings.email)
            if settings.email.backend == "smtp"
            else FileEmailSender(settings.mail_dir, settings.email.sender)
        )
        self.storage = LocalMediaStorage(settings.media_dir)
        self.private_files = PrivateFiles(settings.private_dir, legacy_root=settings.media_dir)
        self.provider_keys = SettingsProviderKeys(settings)  # whether payment keys resolve; never the keys
        # Payments: one gateway per enabled online method (infra/payments/gateways.py). In development with the
        # sandbox, the sandboxed methods talk to the sandbox the app mounts, in-process once it is mounted.
        self.payment_sandbox: FastAPI | None = None
        self.payment_loopback: gateways.SandboxLoopback | None = None
        self._payments_client = self._http
        payment_settings = settings.payments
        if settings.is_development and settings.sandbox_enabled:
            keys = gateways.sandbox_keys(settings.var_dir)
            payment_settings = gateways.sandboxed_settings(settings, keys)
            self.payment_loopback = gateways.SandboxLoopback()
            self._payments_client = httpx.AsyncClient(transport=self.payment_loopback, timeout=10.0)
            self.payment_sandbox = gateways.create_sandbox(payment_settings, keys, self._payments_client)
        self.payment_gateways: dict[str, PaymentGateway] = gateways.build_gateways(
            settings, payment_settings, self._payments_client, self.clock
        )
        # The sandbox Alipay keys live as long as the process; real keys come from settings in production.
        self.alipay_keys: AlipaySandboxKeys = generate_sandbox_keys()
        oauth: dict[str, OAuthProvider] = {
            "wechat": WeChatOAuth(settings.wechat, self._http),
            "alipay": AlipayOAuth(
                settings.alipay,
                self._http,
                self.alipay_keys.app_private_key_pem,
                self.alipay_keys.alipay_public_key_pem,
            ),
        }
        oauth = {name: provider for name, provider in oauth.items() if name in deployment.oauth_providers(settings)}
        a = settings.auth
        self.auth = AuthContext(
            clock=self.clock,
            hasher=Argon2Hasher(
                memory_kib=a.password_hash_memory_kib,
                time_cost=a.password_hash_time_cost,
                parallelism=a.password_hash_parallelism,
            ),
            tokens=self.tokens,
            oauth=oauth,
            policy=AuthPolicy(
                refresh_token_days=a.refresh_token_days,
                lockout_failures=a.lockout_failures,
                lockout_minutes=a.lockout_minutes,
                throttle_base_seconds=a.throttle_base_seconds,
                otp_ttl_minutes=a.otp_ttl_minutes,
                otp_resend_seconds=a.otp_resend_seconds,
                otp_max_per_hour=a.otp_max_per_hour,
                reset_token_minutes=a.reset_token_minutes,
                email_verify_hours=a.email_verify_hours,
                public_base_url=settings.public_base_url,
                default_locale=settings.default_locale,
            ),
        )
        self.rate_limiter: RateLimiter = RedisRateLimiter(self.redis) if self.redis else MemoryRateLimiter()
        self._arq = arq_redis
        self.queue: ArqQueue | InProcessQueue = (
            ArqQueue(arq_redis) if arq_redis else InProcessQueue({"container": self}, self.clock)
        )

    async def start(self) -> None:
        """Connect to Redis for jobs when configured; otherwise start the in-process cron sweeps."""
        if self.settings.redis_url and self._arq is None:
            self._arq = await create_pool(RedisSettings.from_dsn(self.settings.redis_url))
            self.queue = ArqQueue(self._arq)
        if isinstance(self.queue, InProcessQueue) and self.settings.cron_enabled:
            self.queue.start_cron(registry.JOBS)
        if isinstance(self.session_store, NearSessionStore):
            await self.session_store.start()

    def uow(self, *, read_only: bool = False) -> SqlAlchemyUnitOfWork:
        return SqlAlchemyUnitOfWork(self.sessions, self.dispatch, read_only=read_only)

    async def dispatch(self, events: list[Event]) -> None:
        """After a commit: enqueue the jobs its events ask for (each durable trigger is in the database)."""
        for call in registry.calls_for(events):
            await self.queue.enqueue(call)

    async def ping(self) -> dict[str, Any]:
        """What /readyz reports: the database and, when configured, Redis."""
        import sqlalchemy as sa

        async with self.engine.connect() as conn:
            await conn.execute(sa.text("SELECT 1"))
        checks: dict[str, Any] = {"database": "ok"}
        if self.redis is not None:
            await self.redis.ping()
            checks["redis"] = "ok"
        return checks

    async def close(self) -> None:
        if isinstance(self.session_store, NearSessionStore):
            await self.session_store.close()
        if isinstance(self.queue, InProcessQueue):
            await self.queue.stop()
        if self._arq is not None:
            await self._arq.aclose()
        if self.redis is not None:
            await self.redis.aclose()
        if self._sms_client is not self._http:
            await self._sms_client.aclose()
        if self._payments_client is not self._http:
            await self._payments_client.aclose()
        await self._http.aclose()
        await self.engine.dispose()
