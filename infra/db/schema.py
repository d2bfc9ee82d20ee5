"""The metadata every feature's tables join: one naming convention, shared column sets, migration filters."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from infra.db.types import UTCDateTime

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# An index only PostgreSQL can build (GIN, trigram…) carries this in its `info`.
POSTGRESQL_ONLY = "postgresql_only"


def timestamps() -> list[sa.Column[object]]:
    return [
        sa.Column("created_at", UTCDateTime, nullable=False, server_default=sa.func.now()),
        sa.Column("updated_at", UTCDateTime, nullable=True),
    ]


def in_schema_of(dialect: str) -> Callable[[object, str | None, str, bool, object], bool]:
    """Alembic `include_object` hook: PostgreSQL-only indexes are not expected elsewhere."""

    def include(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
        postgresql_only = isinstance(obj, sa.Index) and bool(obj.info.get(POSTGRESQL_ONLY))
        return not (type_ == "index" and postgresql_only and dialect != "postgresql")

    return include
