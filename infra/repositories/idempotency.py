"""Stored answers to requests sent with an `Idempotency-Key` (table `idempotency_record`).

A key is claimed by inserting its row first thing in the transaction of the change it guards, and the response
is written into that row before the same transaction commits. So the unique (scope, key) constraint decides
between concurrent duplicates (the loser waits on the index, then reads the winner's answer), and no crash can
leave a key claimed without its answer: either the change and its answer are both there, or neither is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Self
from uuid import uuid4

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.ports import Clock
from infra.db.driver import DriverStatement
from infra.db.tables import idempotency as tables
from infra.db.unit_of_work import Dispatch, SqlAlchemyUnitOfWork

rec = tables.idempotency_record


# built once and sent by asyncpg itself on PostgreSQL (see infra/db/driver.py)
_CLAIM = DriverStatement(sa.insert(rec).values({c.name: sa.bindparam(c.name, type_=c.type) for c in rec.c}))
_ANSWER = DriverStatement(
    sa.update(rec)
    .where(
        rec.c.scope == sa.bindparam("key_scope", type_=rec.c.scope.type),
        rec.c.key == sa.bindparam("key_value", type_=rec.c.key.type),
    )
    .values(
        status_code=sa.bindparam("status", type_=rec.c.status_code.type),
        response=sa.bindparam("body", type_=rec.c.response.type),
    )
)


@dataclass(frozen=True)
class StoredResponse:
    request_hash: str
    status_code: int
    body: dict[str, Any]


class IdempotencyRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, scope: str, key: str) -> StoredResponse | None:
        row = (
            await self.session.execute(
                sa.select(rec.c.request_hash, rec.c.status_code, rec.c.response).where(
                    rec.c.scope == scope, rec.c.key == key
                )
            )
        ).one_or_none()
        return StoredResponse(row.request_hash, row.status_code, row.response) if row else None

    async def claim(self, scope: str, key: str, request_hash: str, at: datetime) -> None:
        """Insert the key's row; IntegrityError when another request holds the key (PostgreSQL waits for that
        request's transaction to end first, so a rolled-back claim frees the key)."""
        values = {"id": uuid4(), "scope": scope, "key": key, "request_hash": request_hash, "status_code": 0}
        await _run(self.session, _CLAIM, values | {"response": {}, "created_at": at})

    async def answer(self, scope: str, key: str, status_code: int, body: dict[str, Any]) -> None:
        await _run(self.session, _ANSWER, {"key_scope": scope, "key_value": key, "status": status_code, "body": body})


async def _run(session: AsyncSession, statement: DriverStatement[Any], params: dict[str, Any]) -> None:
    if await statement.fetch(session, params) is None:
        await session.execute(statement.statement, params)


async def stored_answer(sessions: async_sessionmaker[AsyncSession], scope: str, key: str) -> StoredResponse | None:
    """The answer stored for a key, in a short read of its own (before any write lock is taken)."""
    async with sessions() as session:
        return await IdempotencyRepository(session).get(scope, key)


class KeyTaken(Exception):
    """Another request with the same key committed first; read its stored response."""


class KeyedUnitOfWork(SqlAlchemyUnitOfWork):
    """A unit of work whose transaction claims an idempotency key and ends only when the answer is stored.

    The use case runs unchanged: its `commit()` here only flushes and marks the change as wanted; the real
    commit happens in `answer()`, with the response in the same transaction."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        dispatch: Dispatch,
        clock: Clock,
        *,
        scope: str,
        key: str,
        request_hash: str,
    ) -> None:
        super().__init__(sessions, dispatch)
        self._clock, self._scope, self._key, self._hash = clock, scope, key, request_hash
        self._commit_wanted = False

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        # claimed first, so a duplicate waits here (or fails) before it touches any stock row
        try:
            await IdempotencyRepository(self.session).claim(self._scope, self._key, self._hash, self._clock.now())
        except IntegrityError as exc:
            await self.__aexit__(type(exc), exc, None)
            raise KeyTaken from exc
        return self

    async def __aexit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is not None or not self._commit_wanted:
            await super().__aexit__(exc_type or RuntimeError, *exc)  # nothing committed: the key is free again

    async def commit(self) -> None:
        await self.flush()
        self._commit_wanted = True

    async def abandon(self) -> None:
        """Roll back a change whose answer could not be made (the key is free again)."""
        if self._entered:
            await super().__aexit__(RuntimeError)

    async def answer(self, status_code: int, body: dict[str, Any]) -> bool:
        """Store the response and commit it with the change; False (nothing stored) when nothing was committed."""
        if not self._commit_wanted:
            return False
        try:
            await IdempotencyRepository(self.session).answer(self._scope, self._key, status_code, body)
            await super().commit()
        finally:
            await super().__aexit__(None)
        return True
