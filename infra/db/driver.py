"""The hottest Core statements, sent on the session's own asyncpg connection, inside its transaction.

SQLAlchemy spends about 110 µs of CPU on each statement it executes through a session (compiled-cache look-up,
execution context, parameter and result processing, the greenlet hop), asyncpg about 25 µs for the same INSERT,
socket included. A one-line keyed reservation sends eight statements, so that overhead was a third of its CPU.
A `DriverStatement` is compiled once per dialect by SQLAlchemy itself (the same SQL, casts and bind processing
as SQLAlchemy would send) and then executed by asyncpg directly. PostgreSQL only: on other databases it runs
through the session as before. The statement must be plain: no expanding IN lists, no ORM entities.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

import asyncpg
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Executable

_REQUIRED = object()
Processor = Callable[[Any], Any] | None


S = TypeVar("S", bound=Executable)


class DriverStatement(Generic[S]):
    def __init__(self, statement: S) -> None:
        self.statement = statement
        self._compiled: tuple[Dialect, str, list[tuple[str, Processor, Any]]] | None = None

    def _for(self, dialect: Dialect) -> tuple[str, list[tuple[str, Processor, Any]]]:
        if self._compiled is None or self._compiled[0] is not dialect:
            compiled = self.statement.compile(dialect=dialect)  # type: ignore[attr-defined]
            binds = [(name, compiled.binds[name]) for name in compiled.positiontup or ()]
            processors = [
                (
                    name,
                    bind.type.dialect_impl(dialect).bind_processor(dialect),
                    _REQUIRED if bind.required else bind.effective_value,
                )
                for name, bind in binds
            ]
            self._compiled = (dialect, compiled.string, processors)
        return self._compiled[1], self._compiled[2]

    async def fetch(
        self, session: AsyncSession, params: Mapping[str, Any], *, autoflush: bool = True
    ) -> list[Any] | None:
        """The rows (asyncpg Records, by position or column name), or None where asyncpg is not the driver: the
        caller then executes `statement` through the session. Pending ORM changes are flushed first, as the
        session's own execute would (unless `autoflush` is off)."""
        connection = await _asyncpg_connection(session)
        if connection is None:
            return None
        orm = session.sync_session
        if autoflush and orm.autoflush and (orm.new or orm.dirty or orm.deleted):
            await session.flush()
        sql, processors = self._for(session.get_bind().dialect)
        args = []
        for name, process, default in processors:
            value = params.get(name, default)
            if value is _REQUIRED:
                raise KeyError(f"no value for the parameter {name!r}")
            args.append(value if process is None else process(value))
        try:
            rows: list[Any] = await connection.fetch(sql, *args)
            return rows
        except asyncpg.IntegrityConstraintViolationError as exc:  # as SQLAlchemy reports it: callers catch these
            raise IntegrityError(sql, args, exc) from exc
        except asyncpg.PostgresError as exc:
            raise DBAPIError(sql, args, exc) from exc


_DRIVER = "allorder_driver_connection"


async def _asyncpg_connection(session: AsyncSession) -> asyncpg.Connection | None:
    """The asyncpg connection under the session's transaction, with that transaction begun (SQLAlchemy's adapter
    sends BEGIN lazily, before its own first statement), and within the innermost savepoint: the session emits
    SAVEPOINT only when a statement first asks it for the connection inside `begin_nested()`, so the look-up is
    made again in each (sub)transaction, never cached across one (a statement sent past the session would
    otherwise land outside the savepoint, and a rolled-back savepoint would keep it)."""
    orm = session.sync_session
    innermost = orm.get_nested_transaction() or orm.get_transaction()
    held = session.info.get(_DRIVER)
    if held is not None and innermost is not None and held[0] is innermost:
        adapted = held[1]
    else:
        connection = await session.connection()
        raw = await connection.get_raw_connection()
        adapted = raw.dbapi_connection if connection.dialect.driver == "asyncpg" else None
        session.info[_DRIVER] = (orm.get_nested_transaction() or orm.get_transaction(), adapted)
    if adapted is None:
        return None
    if adapted._transaction is None and adapted.isolation_level != "autocommit":
        async with adapted._execute_mutex:
            await adapted._start_transaction()
    driver: asyncpg.Connection = adapted._connection
    return driver
