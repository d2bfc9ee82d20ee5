"""Money: a Decimal amount with an ISO 4217 currency, stored as integer minor units. Never float.

What an order's pricing needs and no more: add and subtract, multiply by a quantity (exact) or by a rate
(`scaled`, rounded), split a total over lines (`allocate`) so the parts add up to the total exactly, and compare
amounts of one currency. Arithmetic never mixes currencies: that raises `CurrencyMismatch`.

Rounding is half-up at the currency's precision (ties away from zero, so -0.005 CNY rounds to -0.01 CNY, the
mirror of 0.005). The precision comes from Babel's CLDR data: JPY 0, CNY 2, KWD 3.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache

from babel.numbers import get_currency_precision, list_currencies

from domain.errors import RuleViolation


class CurrencyMismatch(RuleViolation):
    """Two amounts of different currencies met in one sum or comparison."""

    code = "money.currency_mismatch"
    message = "Amounts in different currencies cannot be combined."


@lru_cache
def _known_currencies() -> frozenset[str]:
    return frozenset(list_currencies())


def is_known_currency(code: str) -> bool:
    """True for an ISO 4217 code that Babel knows (upper case, as stored): `CNY`, `JPY`; not `cny` or `RMB`."""
    return code in _known_currencies()


def precision(currency: str) -> int:
    """Digits after the point for a currency (CNY 2, JPY 0, KWD 3), from Babel's CLDR data."""
    return int(get_currency_precision(currency))


@dataclass(frozen=True)
class Money:
    """An amount of one currency. `==` is value equality (1.0 CNY == 1.00 CNY; 1 CNY != 1 JPY); `<` and the
    other orderings raise `CurrencyMismatch` across currencies instead of answering."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            raise TypeError("Money needs a Decimal amount")
        if not is_known_currency(self.currency):
            raise ValueError(f"not an ISO 4217 currency code: {self.currency!r}")

    @classmethod
    def of_minor(cls, minor: int, currency: str) -> Money:
        return cls(Decimal(minor).scaleb(-precision(currency)), currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal(0), currency)

    @property
    def minor(self) -> int:
        """Integer minor units, rounded half-up at the currency's precision."""
        return int(self.rounded().amount.scaleb(precision(self.currency)))

    def rounded(self) -> Money:
        quantum = Decimal(1).scaleb(-precision(self.currency))
        return Money(self.amount.quantize(quantum, rounding=ROUND_HALF_UP), self.currency)

    def __str__(self) -> str:
        return f"{self.rounded().amount} {self.currency}"

    # --- arithmetic: exact, except `scaled`, which rounds

    def __add__(self, other: Money) -> Money:
        return Money(self.amount + self._same_currency(other).amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        return Money(self.amount - self._same_currency(other).amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __mul__(self, quantity: int) -> Money:
        """A unit price times a quantity; exact. A rate (Decimal) goes through `scaled`, which rounds."""
        if not isinstance(quantity, int) or isinstance(quantity, bool):
            raise TypeError("Money * needs an int quantity; use Money.scaled(rate) for a Decimal rate")
        return Money(self.amount * quantity, self.currency)

    __rmul__ = __mul__

    def scaled(self, rate: Decimal | int) -> Money:
        """This amount times a rate (a discount of 0.15, a tax rate of 0.13, 1/1.13 to take tax out of a gross
        price), rounded half-up to the currency's minor unit."""
        if not isinstance(rate, Decimal | int) or isinstance(rate, bool):
            raise TypeError("a rate is a Decimal (never a float)")
        return Money(self.amount * rate, self.currency).rounded()

    # --- splitting a total

    def allocate(self, weights: Sequence[int | Decimal]) -> list[Money]:
        """Split this amount, rounded to the minor unit, in proportion to `weights` (e.g. an order discount over
        its lines, by line total): the parts add up to it exactly, each within one minor unit of its exact share.

        Largest remainder: every part gets the floor of its exact share, then the minor units left over go one
        each to the parts with the largest remainders; equal remainders go to the earlier part. A negative amount
        splits as its positive, negated. A part whose weight is 0 gets 0."""
        if not weights or any(w < 0 for w in weights) or sum(weights) <= 0:
            raise ValueError("allocate needs non-negative weights with a positive sum")
        total = self.minor
        magnitude = abs(total)
        whole = sum(Fraction(w) for w in weights)
        shares = [magnitude * Fraction(w) / whole for w in weights]
        parts = [int(share) for share in shares]  # floor: shares are non-negative
        left_over = magnitude - sum(parts)
        # stable sort: among equal remainders the earlier part comes first
        by_remainder = sorted(range(len(shares)), key=lambda i: shares[i] - parts[i], reverse=True)
        for i in by_remainder[:left_over]:
            parts[i] += 1
        sign = -1 if total < 0 else 1
        return [Money.of_minor(sign * part, self.currency) for part in parts]

    def allocate_evenly(self, count: int) -> list[Money]:
        """Split into `count` parts that differ by at most one minor unit, the larger (in size) ones first."""
        if count < 1:
            raise ValueError("allocate_evenly needs at least one part")
        return self.allocate([1] * count)

    # --- comparison within one currency

    def __lt__(self, other: Money) -> bool:
        return self.amount < self._same_currency(other).amount

    def __le__(self, other: Money) -> bool:
        return self.amount <= self._same_currency(other).amount

    def __gt__(self, other: Money) -> bool:
        return self.amount > self._same_currency(other).amount

    def __ge__(self, other: Money) -> bool:
        return self.amount >= self._same_currency(other).amount

    def _same_currency(self, other: Money) -> Money:
        if not isinstance(other, Money):
            raise TypeError(f"Money meets {type(other).__name__}: wrap the amount in Money first")
        if other.currency != self.currency:
            raise CurrencyMismatch(currency=self.currency, other_currency=other.currency)
        return other


def total(amounts: Iterable[Money], currency: str) -> Money:
    """The sum of `amounts`, all in `currency`; zero for none (which is why the currency is needed)."""
    result = Money.zero(currency)
    for amount in amounts:
        result += amount
    return result


def to_minor(amount: Decimal, currency: str) -> int:
    """Minor units of an amount a user typed; refuses more decimals than the currency has."""
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > precision(currency):
        raise ValueError(f"{currency} amounts have at most {precision(currency)} decimals")
    return Money(amount, currency).minor
