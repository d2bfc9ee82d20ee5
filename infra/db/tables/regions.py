"""The region tree (GB/T 2260 codes), reference data loaded by migration from infra/data/regions.json. Nothing
refers to it by foreign key: addresses and orders keep the names they were saved with when a code is retired."""

from __future__ import annotations

import sqlalchemy as sa

from infra.db.schema import metadata

region = sa.Table(
    "region",
    metadata,
    sa.Column("code", sa.String(12), primary_key=True),
    sa.Column("parent_code", sa.String(12), nullable=True, index=True),
    sa.Column("level", sa.SmallInteger, nullable=False),
    sa.Column("name", sa.String(64), nullable=False),
    sa.Column("name_en", sa.String(128), nullable=False),  # made at data-build time, see infra/data/README.md
)
