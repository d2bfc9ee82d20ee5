"""Statements sent on the session's own asyncpg connection (infra/db/driver.py) keep the unit of work's
transaction semantics: they are part of its transaction from the very first statement, a savepoint that is
rolled back takes them with it, and a unique violation is reported as the session reports it. (On SQLite the
same statements go through the session, and these hold as well.)"""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from infra.db.tables.idempotency import idempotency_record
from infra.repositories.idempotency import IdempotencyRepository
from tests.conftest import Shop

NOW = datetime(2026, 11, 29, tzinfo=UTC)


async def stored_keys(shop: Shop, scope: str) -> list[str]:
    async with shop.container.engine.connect() as conn:
        found = await conn.execute(sa.select(idempotency_record.c.key).where(idempotency_record.c.scope == scope))
        return sorted(found.scalars())


async def test_a_first_statement_sent_past_the_session_is_rolled_back_with_the_unit_of_work(shop: Shop) -> None:
    scope = f"driver-{uuid4()}"
    async with shop.container.uow() as uow:
        await IdempotencyRepository(uow.session).claim(scope, "first", "hash", NOW)
        await uow.rollback()
    async with shop.container.uow() as uow:
        await IdempotencyRepository(uow.session).claim(scope, "kept", "hash", NOW)
        await uow.commit()
    assert await stored_keys(shop, scope) == ["kept"]


async def test_a_rolled_back_savepoint_takes_the_statements_sent_past_the_session_with_it(shop: Shop) -> None:
    scope = f"driver-{uuid4()}"
    async with shop.container.uow() as uow:
        keys = IdempotencyRepository(uow.session)
        await keys.claim(scope, "before", "hash", NOW)
        with pytest.raises(RuntimeError):
            async with uow.savepoint():
                await keys.claim(scope, "inside", "hash", NOW)
                raise RuntimeError("a lost race")
        async with uow.savepoint():
            await keys.claim(scope, "after", "hash", NOW)
        await uow.commit()
    assert await stored_keys(shop, scope) == ["after", "before"]


async def test_a_unique_violation_sent_past_the_session_is_reported_as_through_the_session(shop: Shop) -> None:
    scope = f"driver-{uuid4()}"
    async with shop.container.uow() as uow:
        keys = IdempotencyRepository(uow.session)
        await keys.claim(scope, "twice", "hash", NOW)
        with pytest.raises(IntegrityError):
            await keys.claim(scope, "twice", "hash", NOW)
        await uow.rollback()
    assert await stored_keys(shop, scope) == []
