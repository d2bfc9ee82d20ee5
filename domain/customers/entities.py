"""The back office's record of a customer: tags, staff notes and the blacklist flag, beside the customer's own
account (domain/identity). A customer is a user without staff roles (Principal.is_staff); dealers are customers
too. The record is made the first time staff tag, note or blacklist someone, so a new sign-up costs nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID, uuid4

from domain.identity.entities import User
from domain.identity.principal import CUSTOMER_ROLES

MAX_TAGS = 20
TAG_MAX_LENGTH = 32


def is_customer(user: User) -> bool:
    """A user holding no staff role (a customer or dealer, or nobody's role yet)."""
    return not (set(user.role_names) - CUSTOMER_ROLES)


@dataclass(eq=False)
class CustomerTag:
    user_id: UUID
    name: str
    created_at: datetime | None = None


@dataclass(eq=False)
class CustomerRecord:
    user_id: UUID
    blacklisted: bool = False
    blacklist_reason: str | None = None
    blacklisted_at: datetime | None = None
    blacklisted_by_name: str | None = None
    tags: list[CustomerTag] = field(default_factory=list)
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def tag_names(self) -> list[str]:
        return sorted(tag.name for tag in self.tags)


@dataclass(eq=False)
class CustomerNote:
    """A staff note on a customer; kept as written, never edited (it is part of the customer's history)."""

    user_id: UUID
    body: str
    author_id: UUID | None
    author_name: str | None
    created_at: datetime
    id: UUID = field(default_factory=uuid4)


@dataclass(frozen=True)
class Customer:
    """A customer as the back office lists them: the account and the back office's record of it, if any."""

    account: User
    record: CustomerRecord | None

    @property
    def id(self) -> UUID:
        return self.account.id

    @property
    def tags(self) -> list[str]:
        return self.record.tag_names if self.record else []

    @property
    def blacklisted(self) -> bool:
        return bool(self.record and self.record.blacklisted)

    @property
    def is_dealer(self) -> bool:
        return "dealer" in self.account.role_names


@dataclass(frozen=True)
class Standing:
    """What checkout and order review ask of a customer before taking an order."""

    customer_id: UUID
    blacklisted: bool
    reason: str | None = None

    @property
    def may_order(self) -> bool:
        return not self.blacklisted


@dataclass(frozen=True)
class TagCount:
    name: str
    customers: int


@dataclass(frozen=True)
class Buyer:
    """A customer as checkout reads them, in one statement: who they are (the order's contact snapshot), which
    price list they buy from and whether the shop takes their orders."""

    id: UUID
    display_name: str
    email: str | None
    phone: str | None
    locale: str  # the language their messages are written in
    role_names: frozenset[str]
    blacklisted: bool = False
    blacklist_reason: str | None = None

    @property
    def is_customer(self) -> bool:
        return not (self.role_names - CUSTOMER_ROLES)

    @property
    def is_dealer(self) -> bool:
        return "dealer" in self.role_names

    @property
    def standing(self) -> Standing:
        return Standing(customer_id=self.id, blacklisted=self.blacklisted, reason=self.blacklist_reason)
