"""Shapes shared by every resource: pages, money and problems."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from domain.money import Money

T = TypeVar("T")

PHONE_PATTERN = r"^\+?[1-9]\d{6,14}$"
PASSWORD_RULE = "8 to 128 characters with at least one letter and one digit"


class Schema(BaseModel):
    model_config = ConfigDict(from_attributes=True, extra="forbid", str_strip_whitespace=True)


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    page: int
    page_size: int


class MoneyOut(BaseModel):
    amount: str = Field(examples=["12.50"])
    currency: str = Field(examples=["CNY"])

    @classmethod
    def of(cls, money: Money) -> MoneyOut:
        return cls(amount=str(money.rounded().amount), currency=money.currency)

    @classmethod
    def minor(cls, minor: int | None, currency: str) -> MoneyOut | None:
        return None if minor is None else cls.of(Money.of_minor(minor, currency))


class FieldError(BaseModel):
    field: str
    message: str
    code: str


class Problem(BaseModel):
    """RFC 9457 problem details with AllOrder's stable `code`."""

    type: str
    title: str
    status: int
    detail: str
    code: str
    instance: str | None = None
    request_id: str | None = None
    errors: list[FieldError] | None = None


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The `responses=` entry documenting problem+json answers of a route."""
    return {s: {"model": Problem, "content": {"application/problem+json": {}}} for s in statuses}


def check_password(value: str) -> str:
    if not (8 <= len(value) <= 128 and any(c.isalpha() for c in value) and any(c.isdigit() for c in value)):
        raise ValueError(f"The password needs {PASSWORD_RULE}.")
    return value
