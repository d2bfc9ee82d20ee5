"""Shapes shared by every resource: pages, money and problems."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Generic, TypeVar

import email_validator
from pydantic import AfterValidator, AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from domain.money import Money

T = TypeVar("T")

PHONE_PATTERN = r"^\+?[1-9]\d{6,14}$"
PASSWORD_RULE = "8 to 128 characters with at least one letter and one digit"

# Strict input (issue 7, item 13): Python's Decimal and pydantic's lax mode read "١٢" as 12, "1_000" as 1000,
# true as 1 and 0.5 as a time in 1970. Amounts and times come as plain ASCII text in one documented shape.
DECIMAL_TEXT = r"^\d{1,12}(\.\d{1,6})?$"
_DECIMAL_TEXT = re.compile(DECIMAL_TEXT, re.ASCII)
_ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|z|[+-]\d{2}:?\d{2})?)?$", re.ASCII)


def _decimal_text(value: object) -> object:
    if isinstance(value, Decimal):  # built in code, not parsed
        return value
    if not isinstance(value, str) or not _DECIMAL_TEXT.match(value.strip()):
        raise ValueError('Give the amount as a decimal string of ASCII digits, e.g. "12.50".')
    return value.strip()


def _iso_time(value: object) -> object:
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _ISO_TIME.match(value.strip()):
        raise ValueError("Give an ISO-8601 time, e.g. 2026-12-01T00:00:00+08:00 or …Z.")
    return value.strip()


def _whole_number(value: object) -> object:
    # JSON Schema's "integer" takes 5.0 too (a number with no fraction part); strict mode still refuses "5" and true
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# E-mail addresses are checked the way mail servers check them: syntax only. email-validator also refuses
# special-use domains (`.local`, `.test`, `localhost`) and dotless ones by default, yet a shop's own intranet
# domain (the demo accounts' `@allorder.local`) is such a domain, and no DNS lookup is ever made here. Only the
# names RFC 6761 says never resolve (`.invalid`, reverse-lookup `.arpa`) stay refused.
email_validator.SPECIAL_USE_DOMAIN_NAMES = [
    d for d in email_validator.SPECIAL_USE_DOMAIN_NAMES if d in ("arpa", "invalid")
]


def _email_address(value: str) -> str:
    try:
        address = email_validator.validate_email(value, check_deliverability=False, globally_deliverable=False)
    except email_validator.EmailNotValidError as exc:
        raise PydanticCustomError(
            "email_invalid", "Not a valid e-mail address: {reason}", {"reason": str(exc)}
        ) from exc
    return address.normalized


EmailAddress = Annotated[
    str, Field(max_length=254), AfterValidator(_email_address), WithJsonSchema({"type": "string", "format": "email"})
]


# with `Field(strict=True)` on an int: a whole JSON number, never a string or a boolean
WholeNumber = BeforeValidator(_whole_number)

DecimalText = Annotated[
    Decimal, BeforeValidator(_decimal_text), WithJsonSchema({"type": "string", "pattern": DECIMAL_TEXT})
]
IsoTime = Annotated[datetime, BeforeValidator(_iso_time), WithJsonSchema({"type": "string", "format": "date-time"})]
AwareIsoTime = Annotated[
    AwareDatetime, BeforeValidator(_iso_time), WithJsonSchema({"type": "string", "format": "date-time"})
]


def _not_blank(schema: dict[str, Any]) -> None:
    """Input is stripped before its length is checked, so a required text of only spaces is refused: say so in the
    schema (a `\\S` pattern: at least one non-space character) wherever a text must not be empty, so a client
    generated from it, and schemathesis, know a blank is not a value."""
    for node in _string_nodes(schema.get("properties", {}).values()):
        if node.get("minLength", 0) >= 1 and "pattern" not in node and "format" not in node:
            node["pattern"] = r"\S"


def _string_nodes(nodes: Iterable[Any]) -> Iterator[dict[str, Any]]:
    for node in nodes:
        if not isinstance(node, dict):
            continue
        if node.get("type") == "string":
            yield node
        yield from _string_nodes([*node.get("anyOf", []), node.get("items")])


class Schema(BaseModel):
    model_config = ConfigDict(
        from_attributes=True, extra="forbid", str_strip_whitespace=True, json_schema_extra=_not_blank
    )


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


def money_json(money: Money) -> dict[str, str]:
    """MoneyOut as plain data, for the pages written without their response model (see api/responses.py)."""
    return {"amount": str(money.rounded().amount), "currency": money.currency}


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
