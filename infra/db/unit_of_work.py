"""SQLAlchemy unit of work: one transaction per use case; jobs collected inside are enqueued after commit."""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from infra.repositories import audit, identity, notifications


class JobQueue(Protocol):
    async def enqueue(self, job: str, **kwargs: Any) -> None: ...


class SqlAlchemyUnitOfWork:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], queue: JobQueue) -> None:
        self._sessions = sessions
        self._queue = queue
        self._pending_jobs: list[tuple[str, dict[str, Any]]] = []

    async def __aenter__(self) -> SqlAlchemyUnitOfWork:
        self.session = self._sessions()
        self._pending_jobs = []
        self.users = identity.UserRepository(self.session)
        self.roles = identity.RoleRepository(self.session)
        self.credentials = identity.CredentialRepository(self.session)
        self.addresses = identity.AddressRepository(self.session)
        self.audit = audit.AuditRepository(self.session)
        self.notifications = notifications.NotificationRepository(self.session)
        return self

    async def __aexit__(self, exc_type: object, *exc: object) -> None:
        # close() discards uncommitted work but, unlike rollback(), keeps loaded objects readable for the caller
        try:
            if exc_type is not None:
                await self.rollback()
        finally:
            await self.session.close()

    async def commit(self) -> None:
        await self.session.commit()
        jobs, self._pending_jobs = self._pending_jobs, []
        for job, kwargs in jobs:
            await self._queue.enqueue(job, **kwargs)

    async def rollback(self) -> None:
        await self.session.rollback()
        self._pending_jobs = []

    async def flush(self) -> None:
        await self.session.flush()

    def after_commit(self, job: str, **kwargs: Any) -> None:
        self._pending_jobs.append((job, kwargs))
