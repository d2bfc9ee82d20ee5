"""Engine and session factory for SQLite (embedded) or PostgreSQL (production)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session

from infra.db.pool import HandOffQueuePool

READ_ONLY = "allorder_read_only"


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    if url.startswith("sqlite"):
        engine = create_async_engine(url, connect_args={"timeout": 30}, **kwargs)
        _configure_sqlite(engine)
        return engine
    # No pre-ping: it costs a round trip on every checkout. Stale connections are handled optimistically instead:
    # a connection error is recognised as a disconnect (asyncpg's ConnectionDoesNotExistError and the like), which
    # invalidates that connection and every pooled one older than it, so the next checkout reconnects; and
    # pool_recycle replaces connections before server or firewall idle timeouts close them. The pool is as wide
    # as a worker's useful concurrency, so requests queue for a connection, first come first served, instead of
    # opening throw-away overflow: under a load wider than the pool, overflow connections were opened and closed
    # by the hundred (up to 100 ms each to open), and throughput fell by a fifth.
    engine = create_async_engine(
        url, poolclass=HandOffQueuePool, pool_size=25, max_overflow=0, pool_recycle=1800, **kwargs
    )
    _configure_postgresql(engine)
    return engine


def _configure_postgresql(engine: AsyncEngine) -> None:
    """A read-only unit of work runs its statements in autocommit: under READ COMMITTED each statement takes its
    own snapshot anyway, so the BEGIN and ROLLBACK round trips around a read bought nothing."""

    @event.listens_for(engine.sync_engine, "set_connection_execution_options")
    def on_options(_conn: Any, opts: dict[str, Any]) -> None:
        if opts.get(READ_ONLY):
            opts["isolation_level"] = "AUTOCOMMIT"


def _configure_sqlite(engine: AsyncEngine) -> None:
    """WAL + busy timeout, and BEGIN IMMEDIATE so a writing transaction never fails with 'database is locked'."""

    @event.listens_for(engine.sync_engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def on_begin(conn: Any) -> None:
        # readers need no write lock; a read-only unit of work says so (see SqlAlchemyUnitOfWork.read_only)
        deferred = conn.get_execution_options().get(READ_ONLY)
        conn.exec_driver_sql("BEGIN DEFERRED" if deferred else "BEGIN IMMEDIATE")


def session_factory(
    engine: AsyncEngine,
    *,
    class_: type[AsyncSession] = AsyncSession,
    sync_session_class: type[Session] = Session,
    info: dict[str, Any] | None = None,
) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(
        engine,
        class_=class_,
        sync_session_class=sync_session_class,
        info=info,
        expire_on_commit=False,
        autoflush=True,
    )
