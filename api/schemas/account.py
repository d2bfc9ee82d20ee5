"""Addresses, the in-app inbox and the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from pydantic import Field, StrictBool

from api.schemas.common import PHONE_PATTERN, Schema

RegionCode = Annotated[str, Field(pattern=r"^\d{6}$", description="GB/T 2260 district code", examples=["310115"])]


class AddressIn(Schema):
    recipient: Annotated[str, Field(min_length=1, max_length=64)]
    phone: Annotated[str, Field(pattern=PHONE_PATTERN)]
    region_code: RegionCode
    province: Annotated[str, Field(min_length=1, max_length=32)]
    city: Annotated[str, Field(min_length=1, max_length=32)]
    district: Annotated[str, Field(min_length=1, max_length=32)]
    detail: Annotated[str, Field(min_length=1, max_length=255)]
    postal_code: Annotated[str, Field(pattern=r"^\d{6}$")] | None = None
    tag: Annotated[str, Field(max_length=16)] | None = None
    is_default: StrictBool = False


class AddressUpdate(Schema):
    recipient: Annotated[str, Field(min_length=1, max_length=64)] | None = None
    phone: Annotated[str, Field(pattern=PHONE_PATTERN)] | None = None
    region_code: RegionCode | None = None
    province: Annotated[str, Field(min_length=1, max_length=32)] | None = None
    city: Annotated[str, Field(min_length=1, max_length=32)] | None = None
    district: Annotated[str, Field(min_length=1, max_length=32)] | None = None
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


class UnreadCount(Schema):
    count: int


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
