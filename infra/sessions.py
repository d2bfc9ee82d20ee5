"""Who is signed in, from the access token and a short-lived cache: no account load on each request.

An access token carries its user's token version and permissions. Raising the version (sign-out, "log out
everywhere", disable, password change or reset, role change) ends every access token issued before it; the
client then trades its refresh token (if that still lives) for a new one that says what is true now. Each request
compares the token's version with the current one, held in a cache that expires after a few seconds and is
written through after every commit that changes a user, so a revocation holds from the next request on:
in-process for the embedded single-process app, in Redis when REDIS_URL is set so all API replicas agree.

A reader that loaded the account only adds to the cache when nothing is there, and a write after commit never
replaces a newer version: a request that read the row before a bump cannot bring the old version back.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

import sqlalchemy as sa
from redis.asyncio import Redis
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import Session

from domain.errors import AuthenticationFailed
from domain.identity.entities import User, UserStatus
from domain.identity.principal import Principal, Profile
from infra.db.engine import READ_ONLY
from infra.db.tables.identity import user_account
from infra.security import JwtTokens

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SessionState:
    """What a request needs to know about its caller's account beyond the token."""

    version: int
    active: bool
    profile: Profile

    def dump(self) -> str:
        p = self.profile
        created = p.created_at.isoformat() if p.created_at else None
        fields = (p.email, p.phone, p.display_name, p.avatar_url, p.locale, p.email_verified, p.phone_verified, created)
        return json.dumps([self.version, self.active, *fields])

    @classmethod
    def load(cls, raw: str | bytes) -> SessionState:
        version, active, email, phone, name, avatar, locale, email_ok, phone_ok, created = json.loads(raw)
        created_at = datetime.fromisoformat(created) if created else None
        return cls(version, active, Profile(email, phone, name, avatar, locale, email_ok, phone_ok, created_at))

    @classmethod
    def of(cls, user: Any) -> SessionState:
        """From a User or a user_account row with the COLUMNS below."""
        return cls(
            version=user.token_version,
            active=user.status == UserStatus.ACTIVE,
            profile=Profile(
                email=user.email,
                phone=user.phone,
                display_name=user.display_name,
                avatar_url=user.avatar_url,
                locale=user.locale,
                email_verified=user.email_verified_at is not None,
                phone_verified=user.phone_verified_at is not None,
                created_at=user.created_at,
            ),
        )


_u = user_account.c
COLUMNS = (
    _u.id,
    _u.token_version,
    _u.status,
    _u.email,
    _u.phone,
    _u.display_name,
    _u.avatar_url,
    _u.locale,
    _u.email_verified_at,
    _u.phone_verified_at,
    _u.created_at,
)


class SessionStore(Protocol):
    async def get(self, user_id: UUID) -> SessionState | None: ...

    async def add(self, user_id: UUID, state: SessionState) -> None:
        """Remember what a reader loaded, unless something is already there."""

    async def put(self, states: dict[UUID, SessionState]) -> None:
        """After a commit: replace what is held, unless it holds a newer version."""


class MemorySessionStore:
    """One process's cache (the embedded default); several workers without Redis agree only after `ttl`."""

    def __init__(self, ttl_seconds: float, max_entries: int = 100_000) -> None:
        self._ttl, self._max = ttl_seconds, max_entries
        self._entries: dict[UUID, tuple[float, SessionState]] = {}

    async def get(self, user_id: UUID) -> SessionState | None:
        entry = self._entries.get(user_id)
        if entry is None or entry[0] <= time.monotonic():
            return None
        return entry[1]

    async def add(self, user_id: UUID, state: SessionState) -> None:
        if await self.get(user_id) is None:
            self._set(user_id, state)

    async def put(self, states: dict[UUID, SessionState]) -> None:
        for user_id, state in states.items():
            held = await self.get(user_id)
            if held is None or held.version <= state.version:
                self._set(user_id, state)

    def _set(self, user_id: UUID, state: SessionState) -> None:
        if len(self._entries) >= self._max:  # drop the oldest entry: dicts keep insertion order
            self._entries.pop(next(iter(self._entries)))
        self._entries.pop(user_id, None)
        self._entries[user_id] = (time.monotonic() + self._ttl, state)


# Replace the held state unless it has a newer version (versions only grow).
_PUT_UNLESS_NEWER = """
local held = redis.call('GET', KEYS[1])
if held and cjson.decode(held)[1] > tonumber(ARGV[2]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
return 1
"""


class RedisSessionStore:
    """Shared by every API replica and worker."""

    def __init__(self, redis: Redis, ttl_seconds: int) -> None:
        self._redis, self._ttl = redis, max(1, int(ttl_seconds))
        self._put = redis.register_script(_PUT_UNLESS_NEWER)

    @staticmethod
    def _key(user_id: UUID) -> str:
        return f"allorder:session:{user_id}"

    async def get(self, user_id: UUID) -> SessionState | None:
        raw = await self._redis.get(self._key(user_id))
        return SessionState.load(raw) if raw is not None else None

    async def add(self, user_id: UUID, state: SessionState) -> None:
        await self._redis.set(self._key(user_id), state.dump(), ex=self._ttl, nx=True)

    async def put(self, states: dict[UUID, SessionState], *, publish: bytes | None = None) -> None:
        """Write through; with `publish`, also name the users on that channel (see infra/session_cache.py)."""
        async with self._redis.pipeline(transaction=False) as pipe:
            for user_id, state in states.items():
                await self._put(keys=[self._key(user_id)], args=[state.dump(), state.version, self._ttl], client=pipe)
            if publish is not None:
                pipe.publish(publish, " ".join(str(user_id) for user_id in states))
            await pipe.execute()


class Sessions:
    """Turns a bearer token into the caller, checking the token's version against the account's current one."""

    def __init__(self, tokens: JwtTokens, store: SessionStore, engine: AsyncEngine) -> None:
        self._tokens, self._store, self._engine = tokens, store, engine

    async def principal(self, token: str) -> Principal:
        claims = self._tokens.access_claims(token)
        state = await self._state(claims.user_id)
        if state is None or not state.active:
            raise AuthenticationFailed("The account is not active.", code="auth.account_disabled")
        if state.version != claims.version:
            raise AuthenticationFailed("The session has ended; sign in again.", code="auth.session_revoked")
        return Principal(id=claims.user_id, roles=claims.roles, permissions=claims.permissions, profile=state.profile)

    async def _state(self, user_id: UUID) -> SessionState | None:
        if (state := await self._store.get(user_id)) is not None:
            return state
        query = sa.select(*COLUMNS).where(_u.id == user_id)
        async with self._engine.connect() as conn:
            await conn.execution_options(**{READ_ONLY: True})
            row = (await conn.execute(query)).first()
        if row is None:
            return None
        state = SessionState.of(row)
        await self._store.add(user_id, state)
        return state


# --- write-through: a session remembers the users its flushes changed and publishes them after commit ---------

_CHANGED = "allorder_changed_users"
_STORE = "allorder_session_store"


def changed_users(session: Session) -> dict[UUID, SessionState]:
    """The users this transaction changed so far; repositories that update users in bulk add theirs here."""
    changed: dict[UUID, SessionState] = session.info.setdefault(_CHANGED, {})
    return changed


class TrackingSession(Session):
    """The ORM session: remembers every user a flush wrote (see `_remember_users`)."""


@event.listens_for(TrackingSession, "after_flush")
def _remember_users(session: Session, _context: Any) -> None:
    # after_flush still sees the pre-flush dirty set
    changed = [obj for obj in session.dirty if isinstance(obj, User)]
    if changed:
        states = changed_users(session)
        for user in changed:
            states[user.id] = SessionState.of(user)


@event.listens_for(TrackingSession, "after_rollback")
def _forget_users(session: Session) -> None:
    session.info.pop(_CHANGED, None)


class PublishingSession(AsyncSession):
    """Writes the changed users through to the session store once their transaction is committed."""

    async def commit(self) -> None:
        await super().commit()
        changed = self.sync_session.info.pop(_CHANGED, None)
        store: SessionStore | None = self.sync_session.info.get(_STORE)
        if changed and store is not None:
            try:
                await store.put(changed)
            except Exception:  # committed already; the cache entry then expires by itself
                log.exception("could not write changed sessions through to the cache")


def store_info(store: SessionStore) -> dict[str, Any]:
    """The `info` a session factory needs for `PublishingSession` to reach the store."""
    return {_STORE: store}
