"""What freight needs from storage; infra/repositories/freight.py implements it."""

from __future__ import annotations

from typing import Protocol
from uuid import UUID

from domain.audit.ports import AuditUoW
from domain.freight.entities import FreightTemplate


class FreightTemplateRepository(Protocol):
    async def get(self, template_id: UUID) -> FreightTemplate | None:
        """With its region rules."""
        ...

    async def default(self) -> FreightTemplate | None:
        """The shop's default template, with its region rules."""
        ...

    async def by_name(self, name: str) -> FreightTemplate | None: ...
    async def list(self, *, name: str | None, offset: int, limit: int) -> tuple[list[FreightTemplate], int]:
        """The default first, then by name; `name` matches part of it."""
        ...

    async def add(self, template: FreightTemplate) -> None: ...
    async def delete(self, template: FreightTemplate) -> None: ...


class FreightUoW(AuditUoW, Protocol):
    @property
    def freight_templates(self) -> FreightTemplateRepository: ...
