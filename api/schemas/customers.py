"""Request and response bodies of the back-office customer list."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import Field

from api.schemas.account import AddressOut
from api.schemas.common import Schema
from domain.customers.entities import TAG_MAX_LENGTH, Customer, CustomerNote, TagCount
from domain.identity.entities import Address


class BlacklistOut(Schema):
    reason: str | None
    at: datetime | None
    by: str | None


class CustomerOut(Schema):
    id: UUID
    display_name: str
    email: str | None
    phone: str | None
    status: str
    dealer: bool = Field(description="A B2B buyer (dealer role)")
    tags: list[str]
    blacklisted: bool
    blacklist: BlacklistOut | None = Field(description="Why, since when and by whom, while blacklisted")
    created_at: datetime | None = Field(description="When the customer registered")
    last_login_at: datetime | None

    @classmethod
    def of(cls, customer: Customer) -> CustomerOut:
        account, record = customer.account, customer.record
        blacklist = (
            BlacklistOut(reason=record.blacklist_reason, at=record.blacklisted_at, by=record.blacklisted_by_name)
            if record and record.blacklisted
            else None
        )
        return cls(
            id=account.id,
            display_name=account.display_name,
            email=account.email,
            phone=account.phone,
            status=str(account.status),
            dealer=customer.is_dealer,
            tags=customer.tags,
            blacklisted=customer.blacklisted,
            blacklist=blacklist,
            created_at=account.created_at,
            last_login_at=account.last_login_at,
        )


class CustomerDetail(CustomerOut):
    locale: str
    email_verified: bool
    phone_verified: bool
    addresses: list[AddressOut] = Field(description="The customer's own address book, read-only here")

    @classmethod
    def of_details(cls, customer: Customer, addresses: list[Address]) -> CustomerDetail:
        account = customer.account
        return cls(
            **CustomerOut.of(customer).model_dump(),
            locale=account.locale,
            email_verified=account.email_verified_at is not None,
            phone_verified=account.phone_verified_at is not None,
            addresses=[AddressOut.model_validate(a) for a in addresses],
        )


class TagOut(Schema):
    name: str
    customers: int

    @classmethod
    def of(cls, tag: TagCount) -> TagOut:
        return cls(name=tag.name, customers=tag.customers)


# PostgreSQL text cannot hold NUL: refused as bad input (422), not left to fail in the database
NO_NUL = r"^[^\x00]*$"


class TagIn(Schema):
    tag: Annotated[str, Field(min_length=1, max_length=TAG_MAX_LENGTH, pattern=NO_NUL)]


class NoteIn(Schema):
    body: Annotated[str, Field(min_length=1, max_length=2000, pattern=NO_NUL)]


class NoteOut(Schema):
    id: UUID
    body: str
    author_id: UUID | None
    author_name: str | None
    created_at: datetime

    @classmethod
    def of(cls, note: CustomerNote) -> NoteOut:
        return cls.model_validate(note)


class BlacklistIn(Schema):
    reason: Annotated[str, Field(min_length=1, max_length=500, pattern=NO_NUL)]
