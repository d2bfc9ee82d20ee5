"""Freight templates and their region rules. Region codes are kept as JSON lists: a template is read whole and
matched in Python (domain/freight/calculation.py), never searched by region in SQL."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import registry as Registry
from sqlalchemy.orm import relationship

from domain.freight import entities
from infra.db.schema import metadata, timestamps


def _charge_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("first", sa.Integer, nullable=False),
        sa.Column("first_fee_minor", sa.BigInteger, nullable=False),
        sa.Column("additional", sa.Integer, nullable=False),
        sa.Column("additional_fee_minor", sa.BigInteger, nullable=False),
    ]


freight_template = sa.Table(
    "freight_template",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("name", sa.String(64), nullable=False, unique=True),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("basis", sa.String(16), nullable=False),
    *_charge_columns(),
    sa.Column("free_over_minor", sa.BigInteger, nullable=True),
    sa.Column("unserved_region_codes", sa.JSON, nullable=False),
    sa.Column("is_default", sa.Boolean, nullable=False, server_default=sa.false()),
    *timestamps(),
    sa.CheckConstraint("first >= 1 AND additional >= 1", name="units_positive"),
    sa.CheckConstraint("first_fee_minor >= 0 AND additional_fee_minor >= 0", name="fees_not_negative"),
)
# one default per shop, also when two staff set it at once
sa.Index(
    "uq_freight_template_default",
    freight_template.c.is_default,
    unique=True,
    sqlite_where=freight_template.c.is_default.is_(True),
    postgresql_where=freight_template.c.is_default.is_(True),
)

freight_region_rule = sa.Table(
    "freight_region_rule",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column(
        "template_id", sa.Uuid, sa.ForeignKey("freight_template.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("region_codes", sa.JSON, nullable=False),
    *_charge_columns(),
    sa.CheckConstraint("first >= 1 AND additional >= 1", name="units_positive"),
    sa.CheckConstraint("first_fee_minor >= 0 AND additional_fee_minor >= 0", name="fees_not_negative"),
)


def map_entities(registry: Registry) -> None:
    rule_mapper = registry.map_imperatively(entities.FreightRegionRule, freight_region_rule)
    registry.map_imperatively(
        entities.FreightTemplate,
        freight_template,
        properties={
            "region_rules": relationship(
                rule_mapper,
                lazy="selectin",
                cascade="all, delete-orphan",
                order_by=freight_region_rule.c.position,
                passive_deletes=True,
            ),
        },
    )
