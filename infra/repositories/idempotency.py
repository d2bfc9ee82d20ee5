"""Stored answers to requests sent with an `Idempotency-Key` (table `idempotency_record`).

A key is claimed by inserting its row inside the same transaction as the change it guards, so the unique
(scope, key) constraint decides between concurrent duplicates: the loser's transaction fails before committing
anything. The winner writes its response into the row right after its commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import uuid4

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.ports import Clock
from infra.db.tables import idempotency as tables
from infra.db.unit_of_work import JobQueue, SqlAlchemyUnitOfWork

rec = tables.idempotency_record
PENDING = 0  # status_code of a claimed key whose change has committed but whose response is not stored yet


@dataclass(frozen=True)
class StoredResponse:
    request_hash: str
    status_code: int
    body: dict[str, Any]

    @property
    def pending(self) -> bool:
        return self.status_code == PENDING


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
        """Insert the pending row; IntegrityError when another request holds the key (PostgreSQL waits for that
        request's transaction to end first, so a rolled-back claim frees the key)."""
        await self.session.execute(
            sa.insert(rec).values(
                id=uuid4(),
                scope=scope,
                key=key,
                request_hash=request_hash,
                status_code=PENDING,
                response={},
                created_at=at,
            )
        )

    async def complete(self, scope: str, key: str, status_code: int, body: dict[str, Any]) -> None:
        await self.session.execute(
            sa.update(rec).where(rec.c.scope == scope, rec.c.key == key).values(status_code=status_code, response=body)
        )


class KeyTaken(Exception):
    """Another request with the same key committed first; read its stored response."""


class KeyedUnitOfWork(SqlAlchemyUnitOfWork):
    """A unit of work whose transaction also claims an idempotency key (lives here as the claim's only user)."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        queue: JobQueue,
        clock: Clock,
        *,
        scope: str,
        key: str,
        request_hash: str,
    ) -> None:
        super().__init__(sessions, queue)
        self._clock, self._scope, self._key, self._hash = clock, scope, key, request_hash

    async def __aenter__(self) -> SqlAlchemyUnitOfWork:
        uow = await super().__aenter__()
        # claimed first, so a duplicate waits here (or fails) before it touches any stock row
        try:
            await IdempotencyRepository(self.session).claim(self._scope, self._key, self._hash, self._clock.now())
        except IntegrityError as exc:
            await self.session.close()
            raise KeyTaken from exc
        return uow
