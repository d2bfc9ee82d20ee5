"""Pricing an order: lines to subtotal, an order discount and points spread over the lines to the last fen,
tax inclusive or exclusive rounded at the line, shipping untaxed, and a total that is never negative."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain import money
from domain.errors import RuleViolation
from domain.money import CurrencyMismatch, Money
from domain.orders.pricing import Breakdown, PriceLine, TaxRule, price

NO_TAX = TaxRule(rate=Decimal(0), inclusive=True)
VAT_13_INCLUDED = TaxRule(rate=Decimal("0.13"), inclusive=True)
VAT_13_ADDED = TaxRule(rate=Decimal("0.13"), inclusive=False)


def cny(amount: str) -> Money:
    return Money(Decimal(amount), "CNY")


def line(unit: str, quantity: int) -> PriceLine:
    return PriceLine(unit_price=cny(unit), quantity=quantity)


# --- examples a reader can follow


def test_a_ten_yuan_discount_over_three_lines_of_33_33_gives_the_odd_fen_to_the_first_line() -> None:
    # given three lines of 33.33 each (99.99) and a 10.00 order discount
    # when
    result = price([line("33.33", 1)] * 3, currency="CNY", shipping_fee=cny("8.00"), tax=NO_TAX, discount=cny("10.00"))
    # then 10.00 splits 3.34 + 3.33 + 3.33 (equal shares: the leftover fen goes to the earlier line)
    assert [line.discount for line in result.lines] == [cny("3.34"), cny("3.33"), cny("3.33")]
    assert [line.total for line in result.lines] == [cny("29.99"), cny("30.00"), cny("30.00")]
    assert result.subtotal == cny("99.99")
    assert result.discount == cny("10.00")
    assert result.total == cny("97.99")  # 99.99 − 10.00 + 8.00 shipping


def test_three_units_of_33_33_on_one_line_cost_99_99_exactly() -> None:
    result = price([line("33.33", 3)], currency="CNY", shipping_fee=cny("0"), tax=NO_TAX)
    assert result.lines[0].subtotal == cny("99.99")
    assert result.total == cny("99.99")


def test_a_discount_is_shared_by_line_subtotal() -> None:
    # 75.00 and 25.00: a 10.00 discount falls 7.50 and 2.50
    result = price(
        [line("25.00", 3), line("25.00", 1)],
        currency="CNY",
        shipping_fee=cny("0"),
        tax=NO_TAX,
        discount=cny("10.00"),
    )
    assert [line.discount for line in result.lines] == [cny("7.50"), cny("2.50")]


def test_inclusive_tax_is_taken_out_of_the_price_and_not_added() -> None:
    result = price([line("113.00", 1)], currency="CNY", shipping_fee=cny("10.00"), tax=VAT_13_INCLUDED)
    assert result.tax == cny("13.00")  # 113.00 − 113.00 / 1.13
    assert result.total == cny("123.00")  # the price as shown, plus untaxed shipping
    assert result.tax_inclusive


def test_exclusive_tax_is_added_on_top_and_shipping_is_not_taxed() -> None:
    result = price([line("100.00", 1)], currency="CNY", shipping_fee=cny("10.00"), tax=VAT_13_ADDED)
    assert result.tax == cny("13.00")
    assert result.lines[0].total == cny("113.00")
    assert result.total == cny("123.00")
    assert not result.tax_inclusive


def test_tax_is_rounded_half_up_at_each_line() -> None:
    # 0.50 at 13 % exclusive is 0.065 → 0.07 on each line; the order's tax is the sum of the lines (0.14), not
    # 13 % of 1.00 (0.13), so a line refunded on its own refunds exactly the tax shown on it
    result = price([line("0.50", 1), line("0.50", 1)], currency="CNY", shipping_fee=cny("0"), tax=VAT_13_ADDED)
    assert [line.tax for line in result.lines] == [cny("0.07"), cny("0.07")]
    assert result.tax == cny("0.14")
    assert result.total == cny("1.14")


def test_tax_is_worked_out_after_the_discount_and_points() -> None:
    result = price(
        [line("100.00", 1)],
        currency="CNY",
        shipping_fee=cny("0"),
        tax=VAT_13_ADDED,
        discount=cny("20.00"),
        points_deduction=cny("10.00"),
    )
    assert result.tax == cny("9.10")  # 13 % of 70.00
    assert result.total == cny("79.10")


def test_a_discount_larger_than_the_goods_is_capped_and_points_get_what_is_left() -> None:
    result = price(
        [line("30.00", 1)],
        currency="CNY",
        shipping_fee=cny("8.00"),
        tax=NO_TAX,
        discount=cny("50.00"),
        points_deduction=cny("5.00"),
    )
    assert result.discount == cny("30.00")
    assert result.points_deduction == cny("0")
    assert result.total == cny("8.00")  # the shipping is still paid: points never cover it


def test_points_are_capped_at_what_the_discount_leaves() -> None:
    result = price(
        [line("30.00", 1)],
        currency="CNY",
        shipping_fee=cny("0"),
        tax=NO_TAX,
        discount=cny("10.00"),
        points_deduction=cny("25.00"),
    )
    assert result.points_deduction == cny("20.00")
    assert result.lines[0].points_deduction == cny("20.00")
    assert result.total == cny("0")


def test_yen_has_no_minor_unit_to_split() -> None:
    yen = [PriceLine(Money(Decimal(100), "JPY"), 1)] * 3
    result = price(yen, currency="JPY", shipping_fee=Money.zero("JPY"), tax=NO_TAX, discount=Money(Decimal(100), "JPY"))
    assert [line.discount.amount for line in result.lines] == [Decimal(34), Decimal(33), Decimal(33)]


def test_an_order_of_free_items_costs_only_its_shipping() -> None:
    result = price([line("0", 2)], currency="CNY", shipping_fee=cny("6.00"), tax=VAT_13_ADDED, discount=cny("5.00"))
    assert result.discount == cny("0")
    assert result.total == cny("6.00")


def test_an_empty_order_costs_only_its_shipping_and_takes_no_discount() -> None:
    result = price([], currency="CNY", shipping_fee=cny("6.00"), tax=VAT_13_ADDED, discount=cny("5.00"))
    assert (result.lines, result.subtotal, result.discount, result.tax) == ((), cny("0"), cny("0"), cny("0"))
    assert result.total == cny("6.00")


# --- refusals


def test_an_amount_in_another_currency_is_refused() -> None:
    with pytest.raises(CurrencyMismatch) as refused:
        price([line("10.00", 1)], currency="CNY", shipping_fee=Money(Decimal(5), "USD"), tax=NO_TAX)
    assert refused.value.code == "money.currency_mismatch"
    assert refused.value.data["field"] == "shipping_fee"


@pytest.mark.parametrize(
    ("lines", "kwargs", "code", "field"),
    [
        ([line("-1.00", 1)], {}, "order.price_negative", "unit_price"),
        ([line("1.00", 1)], {"shipping_fee": cny("-1")}, "order.amount_negative", "shipping_fee"),
        ([line("1.00", 1)], {"discount": cny("-1")}, "order.amount_negative", "discount"),
        ([line("1.00", 1)], {"points_deduction": cny("-1")}, "order.amount_negative", "points_deduction"),
        ([line("1.001", 1)], {}, "order.amount_precision", "unit_price"),
        ([line("1.00", 0)], {}, "order.quantity_not_positive", None),
        ([line("1.00", 1)], {"tax": TaxRule(Decimal("-0.1"), False)}, "order.tax_rate_negative", None),
    ],
)
def test_impossible_inputs_are_refused_with_a_code(
    lines: list[PriceLine], kwargs: dict[str, object], code: str, field: str | None
) -> None:
    arguments: dict[str, object] = {"currency": "CNY", "shipping_fee": cny("0"), "tax": NO_TAX, **kwargs}
    with pytest.raises(RuleViolation) as refused:
        price(lines, **arguments)  # type: ignore[arg-type]
    assert refused.value.code == code
    assert refused.value.data.get("field") == field


# --- properties

CURRENCIES = ["CNY", "JPY", "KWD"]
rates = st.sampled_from(["0", "0.01", "0.06", "0.09", "0.13", "0.17", "0.2", "0.333"]).map(Decimal)


@st.composite
def orders(draw: st.DrawFn) -> tuple[Breakdown, list[PriceLine], Money, Money, TaxRule]:
    currency = draw(st.sampled_from(CURRENCIES))
    units = st.integers(min_value=0, max_value=10**7).map(lambda minor: Money.of_minor(minor, currency))
    lines = draw(st.lists(st.builds(PriceLine, units, st.integers(min_value=1, max_value=99)), min_size=1, max_size=6))
    amounts = st.integers(min_value=0, max_value=10**9).map(lambda minor: Money.of_minor(minor, currency))
    discount, points, shipping = draw(amounts), draw(amounts), draw(amounts)
    tax = TaxRule(draw(rates), draw(st.booleans()))
    result = price(lines, currency=currency, shipping_fee=shipping, tax=tax, discount=discount, points_deduction=points)
    return result, lines, discount, points, tax


@given(orders())
def test_the_total_is_never_negative_and_no_line_amount_is_either(
    order: tuple[Breakdown, list[PriceLine], Money, Money, TaxRule],
) -> None:
    result, *_ = order
    zero = Money.zero(result.currency)
    assert result.total >= zero
    for amounts in result.lines:
        assert min(amounts.subtotal, amounts.discount, amounts.points_deduction, amounts.tax, amounts.total) >= zero


@given(orders())
def test_the_lines_add_up_to_the_order(order: tuple[Breakdown, list[PriceLine], Money, Money, TaxRule]) -> None:
    result, lines, *_ = order
    c = result.currency

    def of_lines(field: str) -> Money:
        return money.total((getattr(amounts, field) for amounts in result.lines), c)

    assert [amounts.subtotal for amounts in result.lines] == [item.unit_price * item.quantity for item in lines]
    assert of_lines("subtotal") == result.subtotal
    assert of_lines("discount") == result.discount
    assert of_lines("points_deduction") == result.points_deduction
    assert of_lines("tax") == result.tax
    # no rounding is left over: every amount is whole minor units and the tax is summed from the lines
    assert of_lines("total") + result.shipping_fee == result.total


@given(orders())
def test_the_discount_and_points_are_applied_in_full_up_to_the_goods(
    order: tuple[Breakdown, list[PriceLine], Money, Money, TaxRule],
) -> None:
    result, _, discount, points, _ = order
    assert result.discount == min(discount, result.subtotal)
    assert result.points_deduction == min(points, result.subtotal - result.discount)
    for amounts in result.lines:
        assert amounts.discount + amounts.points_deduction <= amounts.subtotal


@given(orders())
def test_inclusive_tax_never_exceeds_the_amount_and_matches_the_rate_to_a_minor_unit(
    order: tuple[Breakdown, list[PriceLine], Money, Money, TaxRule],
) -> None:
    result, _, _, _, tax = order
    unit = Money.of_minor(1, result.currency)
    for amounts in result.lines:
        payable = amounts.subtotal - amounts.discount - amounts.points_deduction
        if tax.inclusive:
            assert amounts.tax <= payable
            assert amounts.total == payable
            exact = payable.amount * tax.rate / (1 + tax.rate)
        else:
            assert amounts.total == payable + amounts.tax
            exact = payable.amount * tax.rate
        assert abs(amounts.tax.amount - exact) <= unit.amount / 2
