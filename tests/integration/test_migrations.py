"""The migrations are the only way the schema changes: applied, they give exactly the tables the code maps."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Connection

from infra.db import tables  # noqa: F401  (registers every feature's tables)
from infra.db.engine import create_engine
from infra.db.schema import in_schema_of, metadata


def _differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(
        connection, opts={"compare_type": True, "include_object": in_schema_of(connection.dialect.name)}
    )
    return list(compare_metadata(context, metadata))


async def test_the_migrated_database_matches_the_mapped_tables(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            differences = await connection.run_sync(_differences)
    finally:
        await engine.dispose()
    assert differences == []
