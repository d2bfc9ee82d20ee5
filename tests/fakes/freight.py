"""In-memory freight templates (infra/repositories/freight.py)."""

from __future__ import annotations

from uuid import UUID

from domain.freight.entities import FreightTemplate
from tests.fakes.tables import Tables, page


class FakeFreightTemplateRepository:
    def __init__(self, tables: Tables) -> None:
        self._t = tables

    async def get(self, template_id: UUID) -> FreightTemplate | None:
        return self._t.freight_templates.get(template_id)

    async def default(self) -> FreightTemplate | None:
        return next((t for t in self._t.freight_templates.values() if t.is_default), None)

    async def by_name(self, name: str) -> FreightTemplate | None:
        return next((t for t in self._t.freight_templates.values() if t.name == name), None)

    async def list(self, *, name: str | None, offset: int, limit: int) -> tuple[list[FreightTemplate], int]:
        needle = (name or "").strip().lower()
        found = [t for t in self._t.freight_templates.values() if needle in t.name.lower()]
        found.sort(key=lambda t: (not t.is_default, t.name, str(t.id)))
        return page(found, offset, limit)

    async def add(self, template: FreightTemplate) -> None:
        self._t.freight_templates[template.id] = template

    async def delete(self, template: FreightTemplate) -> None:
        del self._t.freight_templates[template.id]
