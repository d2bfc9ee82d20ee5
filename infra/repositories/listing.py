"""Sorting for list endpoints: `sort=-created_at,name` onto whitelisted columns."""

from __future__ import annotations

import sqlalchemy as sa

from domain.errors import RuleViolation


def order_by(table: sa.Table, sort: str) -> list[sa.ColumnElement[object]]:
    clauses: list[sa.ColumnElement[object]] = []
    for part in filter(None, (p.strip() for p in sort.split(","))):
        name = part.lstrip("-+")
        if name not in table.c:
            raise RuleViolation(f"Cannot sort by '{name}'.", code="validation.sort", field="sort")
        column = table.c[name]
        clauses.append(column.desc() if part.startswith("-") else column.asc())
    clauses.append(table.c.id.asc())  # a stable order for pagination
    return clauses
