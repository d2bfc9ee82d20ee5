"""Addresses, the in-app inbox and the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from pydantic import Field, StrictBool

from api.schemas.common import PHONE_PATTERN, Schema
from domain.audit.entities import NamedEntry

RegionCode = Annotated[
    str,
    Field(
        pattern=r"^\d{6}$",
        description="A leaf of `GET /regions` (a district, or a city without districts); 422 `region.not_found`",
        examples=["310115"],
    ),
]
# the server stores the region tree's names for region_code; names a client sends are ignored
RegionName = Annotated[str | None, Field(max_length=32, description="Ignored: the server fills it in from region_code")]


class AddressIn(Schema):
    recipient: Annotated[str, Field(min_length=1, max_length=64)]
    phone: Annotated[str, Field(pattern=PHONE_PATTERN)]
    region_code: RegionCode
    province: RegionName = None
    city: RegionName = None
    district: RegionName = None
    detail: Annotated[str, Field(min_length=1, max_length=255)]
    postal_code: Annotated[str, Field(pattern=r"^\d{6}$")] | None = None
    tag: Annotated[str, Field(max_length=16)] | None = None
    is_default: StrictBool = False


class AddressUpdate(Schema):
    recipient: Annotated[str, Field(min_length=1, max_length=64)] | None = None
    phone: Annotated[str, Field(pattern=PHONE_PATTERN)] | None = None
    region_code: RegionCode | None = None
    province: RegionName = None
    city: RegionName = None
    district: RegionName = None
    detail: Annotated[str, Field(min_length=1, max_length=255)] | None = None
    postal_code: Annotated[str, Field(pattern=r"^\d{6}$")] | None = None
    tag: Annotated[str, Field(max_length=16)] | None = None
    is_default: StrictBool | None = None


class AddressOut(Schema):
    id: UUID
    recipient: str
    phone: str
    region_code: str
    province: str
    city: str
    district: str
    detail: str
    postal_code: str | None
    tag: str | None
    is_default: bool
    created_at: datetime | None


class NotificationOut(Schema):
    id: UUID
    event: str
    title: str
    body: str
    created_at: datetime
    read_at: datetime | None
    subject_id: UUID | None = Field(None, description="What the message is about: the order of an order.* message")


class UnreadCount(Schema):
    count: int


class AuditActorOut(Schema):
    id: UUID
    name: str


class AuditEntryOut(Schema):
    id: UUID
    at: datetime
    actor_id: UUID | None
    actor_name: str | None
    action: str
    target_type: str
    target_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    ip: str | None
    request_id: str | None
    target_name: Annotated[
        str | None, Field(description="What the entry is about, by name (now, or as its last snapshot had it)")
    ]
    target_page_id: Annotated[
        str | None, Field(description="Whose page shows the target when not its own (a SKU's product)")
    ]

    @classmethod
    def of(cls, named: NamedEntry) -> AuditEntryOut:
        e, target = named.entry, named.target
        return cls(
            id=e.id,
            at=e.at,
            actor_id=e.actor_id,
            actor_name=e.actor_name,
            action=e.action,
            target_type=e.target_type,
            target_id=e.target_id,
            before=e.before,
            after=e.after,
            ip=e.ip,
            request_id=e.request_id,
            target_name=target.name if target else None,
            target_page_id=target.page_id if target else None,
        )
