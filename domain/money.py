"""Money: a Decimal amount with an ISO 4217 currency, stored as integer minor units. Never float."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import get_currency_precision

BASE_CURRENCY = "CNY"


def precision(currency: str) -> int:
    """Digits after the point for a currency (CNY 2, JPY 0), from Babel's CLDR data."""
    return int(get_currency_precision(currency))


@dataclass(frozen=True, order=True)
class Money:
    amount: Decimal
    currency: str = BASE_CURRENCY

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            raise TypeError("Money needs a Decimal amount")

    @classmethod
    def of_minor(cls, minor: int, currency: str = BASE_CURRENCY) -> Money:
        return cls(Decimal(minor).scaleb(-precision(currency)), currency)

    @property
    def minor(self) -> int:
        """Integer minor units, rounded half-up at the currency's precision."""
        return int(self.rounded().amount.scaleb(precision(self.currency)))

    def rounded(self) -> Money:
        quantum = Decimal(1).scaleb(-precision(self.currency))
        return Money(self.amount.quantize(quantum, rounding=ROUND_HALF_UP), self.currency)

    def __str__(self) -> str:
        return f"{self.rounded().amount} {self.currency}"


def to_minor(amount: Decimal, currency: str = BASE_CURRENCY) -> int:
    """Minor units of an amount a user typed; refuses more decimals than the currency has."""
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > precision(currency):
        raise ValueError(f"{currency} amounts have at most {precision(currency)} decimals")
    return Money(amount, currency).minor
