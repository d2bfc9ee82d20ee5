"""The one pricing function of an order: lines, order discount, points deduction, shipping and tax to a total.

Pure: it reads nothing and changes nothing, so checkout preview, placing an order, a staff edit, split and merge
all price the same way. Coupons and promotions (the marketing issue) arrive as the `discount` and
`points_deduction` inputs.

Rounding, in the order the amounts are worked out (every input is in whole minor units of `currency`):

1. Line subtotal = unit price × quantity, exact. Order subtotal = the sum of the line subtotals, exact.
2. The order discount is capped at the subtotal; the points deduction is capped at what the discount leaves.
   So no amount goes negative, and points never pay for shipping.
3. Each is split over the lines with `Money.allocate` (largest remainder): the discount in proportion to the
   line subtotals, then the points in proportion to what the discount left of each line. The line shares add
   up to the order amount to the last minor unit, each within one minor unit of its exact share, ties to the
   earlier line, and no line's discount plus points exceeds its subtotal.
4. Tax is worked out per line on what the customer pays for that line (subtotal − discount − points share),
   rounded half-up to the minor unit at the line, from the exact fraction (no intermediate rounding):
   - inclusive prices: tax = amount − amount / (1 + rate), already inside the amount;
   - exclusive prices: tax = amount × rate, added on top.
   The order's tax is the sum of the line taxes, so lines and order always agree (a refund of one line refunds
   exactly the tax shown on it); the sum may differ by a few minor units from the tax of the order total
   worked out in one go.
5. The shipping fee is not taxed (it is charged as a separate service; a shop that taxes it changes this rule
   here, and only here).
6. Order total = subtotal − discount − points + shipping (+ tax when exclusive); line total = line subtotal −
   line discount − line points (+ line tax when exclusive). Hence the line totals plus the shipping fee equal
   the order total exactly, with no rounding left over, and the total is never negative.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from domain import money
from domain.errors import RuleViolation
from domain.money import CurrencyMismatch, Money


class PriceNegative(RuleViolation):
    code = "order.price_negative"
    message = "A unit price cannot be negative."


class AmountNegative(RuleViolation):
    code = "order.amount_negative"
    message = "An amount of the order cannot be negative."


class AmountPrecision(RuleViolation):
    code = "order.amount_precision"
    message = "An amount has more decimals than its currency."


class QuantityNotPositive(RuleViolation):
    code = "order.quantity_not_positive"
    message = "Each line needs a quantity of at least 1."


class TaxRateNegative(RuleViolation):
    code = "order.tax_rate_negative"
    message = "The tax rate cannot be negative."


@dataclass(frozen=True)
class PriceLine:
    unit_price: Money
    quantity: int


@dataclass(frozen=True)
class TaxRule:
    rate: Decimal  # 0.13 for 13 %
    inclusive: bool  # True: prices include the tax; False: tax is added on top


@dataclass(frozen=True)
class LineAmounts:
    subtotal: Money  # unit price × quantity
    discount: Money  # this line's share of the order discount
    tax: Money  # included in `total` when prices are tax-inclusive, added to it otherwise
    total: Money  # what the customer pays for this line
    points_deduction: Money  # this line's share of the points deduction (already taken off `total`)


@dataclass(frozen=True)
class Breakdown:
    currency: str
    lines: tuple[LineAmounts, ...]  # in the order of the input lines
    subtotal: Money
    discount: Money  # as applied (capped at the subtotal)
    points_deduction: Money  # as applied (capped at what the discount leaves)
    shipping_fee: Money
    tax: Money  # the sum of the line taxes
    total: Money
    tax_inclusive: bool


def price(
    lines: Sequence[PriceLine],
    *,
    currency: str,
    shipping_fee: Money,
    tax: TaxRule,
    discount: Money | None = None,
    points_deduction: Money | None = None,
) -> Breakdown:
    """Price an order (rules and rounding in the module docstring). Refuses, with a coded error, amounts of
    another currency, negative amounts or quantities, a negative tax rate and amounts finer than the minor unit."""
    zero = Money.zero(currency)
    for line in lines:
        _check_amount(line.unit_price, currency, "unit_price", PriceNegative)
        if line.quantity < 1:
            raise QuantityNotPositive(quantity=line.quantity)
    _check_amount(shipping_fee, currency, "shipping_fee", AmountNegative)
    discount = discount or zero
    points_deduction = points_deduction or zero
    _check_amount(discount, currency, "discount", AmountNegative)
    _check_amount(points_deduction, currency, "points_deduction", AmountNegative)
    if tax.rate < 0:
        raise TaxRateNegative(rate=str(tax.rate))

    subtotals = [line.unit_price * line.quantity for line in lines]
    subtotal = money.total(subtotals, currency)
    applied_discount = min(discount, subtotal)
    applied_points = min(points_deduction, subtotal - applied_discount)
    discounts = _split(applied_discount, subtotals)
    # by what the discount left of each line, not by subtotal: split independently, the two odd minor units
    # could land on one line and take it below zero
    points = _split(applied_points, [s - d for s, d in zip(subtotals, discounts, strict=True)])

    amounts: list[LineAmounts] = []
    for line_subtotal, line_discount, line_points in zip(subtotals, discounts, points, strict=True):
        payable = line_subtotal - line_discount - line_points
        line_tax = _tax(payable, tax)
        amounts.append(
            LineAmounts(
                subtotal=line_subtotal,
                discount=line_discount,
                tax=line_tax,
                total=payable if tax.inclusive else payable + line_tax,
                points_deduction=line_points,
            )
        )
    order_tax = money.total((line.tax for line in amounts), currency)
    order_total = subtotal - applied_discount - applied_points + shipping_fee
    if not tax.inclusive:
        order_total += order_tax
    return Breakdown(
        currency=currency,
        lines=tuple(amounts),
        subtotal=subtotal,
        discount=applied_discount,
        points_deduction=applied_points,
        shipping_fee=shipping_fee,
        tax=order_tax,
        total=order_total,
        tax_inclusive=tax.inclusive,
    )


def _check_amount(amount: Money, currency: str, field: str, negative: type[RuleViolation]) -> None:
    if amount.currency != currency:
        raise CurrencyMismatch(currency=currency, other_currency=amount.currency, field=field)
    if amount.amount < 0:
        raise negative(field=field, amount=str(amount.amount))
    if amount.rounded() != amount:
        raise AmountPrecision(field=field, amount=str(amount.amount), currency=currency)


def _split(amount: Money, weights: Sequence[Money]) -> list[Money]:
    """`amount` over the lines by subtotal; nothing to split (or nothing to weigh it by) gives zeros."""
    minors = [weight.minor for weight in weights]
    if amount.minor == 0 or sum(minors) == 0:
        return [Money.zero(amount.currency) for _ in weights]
    return amount.allocate(minors)


def _tax(amount: Money, rule: TaxRule) -> Money:
    """Tax on one line's payable amount, from the exact fraction, rounded half-up to the minor unit."""
    rate = Fraction(rule.rate)
    exact = Fraction(amount.minor) * (rate / (1 + rate) if rule.inclusive else rate)
    # half-up for a non-negative amount: floor(x + 1/2)
    return Money.of_minor(int(exact + Fraction(1, 2)), amount.currency)
