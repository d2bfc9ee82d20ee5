"""Who is acting, and from where: passed to every service that writes."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True)
class Actor:
    user_id: UUID | None
    name: str | None
    ip: str | None = None
    request_id: str | None = None
    user_agent: str | None = None
    system: bool = False  # the seed script and jobs acting for the shop itself, never a request

    @classmethod
    def anonymous(cls, ip: str | None = None, request_id: str | None = None, user_agent: str | None = None) -> Actor:
        return cls(user_id=None, name=None, ip=ip, request_id=request_id, user_agent=user_agent)
