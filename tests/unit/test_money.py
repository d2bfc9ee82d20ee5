"""Money for orders: exact sums, quantities and rates rounded half-up at the currency's digits, totals split over
lines to the last minor unit, and no silent mixing of currencies."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from api.i18n import translate
from domain import money
from domain.money import CurrencyMismatch, Money
from infra.settings import Settings

CURRENCIES = ["JPY", "CNY", "KWD", "BHD"]  # 0, 2, 3 and 3 digits
currencies = st.sampled_from(CURRENCIES)
minors = st.integers(min_value=-(10**12), max_value=10**12)


def cny(amount: str) -> Money:
    return Money(Decimal(amount), "CNY")


@st.composite
def amounts(draw: st.DrawFn, currency: str | None = None) -> Money:
    return Money.of_minor(draw(minors), currency or draw(currencies))


@pytest.mark.parametrize(
    ("currency", "digits", "minor", "text"),
    [
        ("JPY", 0, 1500, "1500 JPY"),
        ("CNY", 2, 1500, "15.00 CNY"),
        ("KWD", 3, 1500, "1.500 KWD"),
        ("BHD", 3, 5, "0.005 BHD"),
    ],
)
def test_each_currency_keeps_the_digits_babel_gives_it(currency: str, digits: int, minor: int, text: str) -> None:
    assert money.precision(currency) == digits
    assert str(Money.of_minor(minor, currency)) == text
    assert Money.of_minor(minor, currency).minor == minor


def test_a_typed_amount_may_not_have_more_decimals_than_its_currency() -> None:
    assert money.to_minor(Decimal("1500"), "JPY") == 1500
    assert money.to_minor(Decimal("1.234"), "KWD") == 1234
    with pytest.raises(ValueError, match="JPY amounts have at most 0 decimals"):
        money.to_minor(Decimal("1.5"), "JPY")


def test_an_unknown_currency_code_is_refused() -> None:
    for code in ("RMB", "cny", "", "CN"):
        with pytest.raises(ValueError, match="ISO 4217"):
            Money(Decimal(1), code)


def test_sums_differences_and_negation_stay_exact_in_their_currency() -> None:
    assert cny("19.99") + cny("0.01") == cny("20.00")
    assert cny("10.00") - cny("12.50") == cny("-2.50")
    assert -cny("3.10") == cny("-3.10")
    assert money.total([cny("1.10"), cny("2.20"), cny("3.30")], "CNY") == cny("6.60")
    assert money.total([], "JPY") == Money.zero("JPY")


def test_a_unit_price_times_a_quantity_is_exact_and_a_rate_rounds_half_up_at_the_currencys_digits() -> None:
    assert cny("19.99") * 3 == cny("59.97")
    assert 3 * cny("19.99") == cny("59.97")
    # 13% tax on 0.50 is 0.065: half-up gives 0.07, and the mirror image for a refund
    assert cny("0.50").scaled(Decimal("0.13")) == cny("0.07")
    assert cny("-0.50").scaled(Decimal("0.13")) == cny("-0.07")
    assert Money(Decimal(101), "JPY").scaled(Decimal("0.5")) == Money(Decimal(51), "JPY")
    assert Money(Decimal("1.001"), "KWD").scaled(Decimal("0.5")) == Money(Decimal("0.501"), "KWD")
    # tax taken out of a gross price of 113.00 at 13%
    assert cny("113.00").scaled(1 / Decimal("1.13")) == cny("100.00")


def test_a_float_or_a_decimal_never_slips_into_a_quantity() -> None:
    with pytest.raises(TypeError, match="scaled"):
        cny("1.00") * Decimal("1.5")  # type: ignore[operator]
    with pytest.raises(TypeError, match="never a float"):
        cny("1.00").scaled(1.5)  # type: ignore[arg-type]


def test_amounts_of_one_currency_compare_and_amounts_of_two_refuse_to() -> None:
    assert cny("9.99") < cny("10.00") <= cny("10.0") and cny("10") >= cny("10.00") > cny("-1")
    assert cny("1.0") == cny("1.00") and hash(cny("1.0")) == hash(cny("1.00"))
    assert Money(Decimal(1), "CNY") != Money(Decimal(1), "JPY")  # different values; no ordering is implied
    with pytest.raises(CurrencyMismatch) as caught:
        _ = cny("1.00") < Money(Decimal(500), "JPY")
    assert caught.value.code == "money.currency_mismatch"
    assert caught.value.data == {"currency": "CNY", "other_currency": "JPY"}
    assert translate(caught.value.code, caught.value.message, "zh_CN", caught.value.data).endswith("CNY 与 JPY")
    with pytest.raises(CurrencyMismatch):
        cny("1.00") + Money(Decimal(1), "JPY")
    with pytest.raises(CurrencyMismatch):
        money.total([cny("1.00"), Money(Decimal(1), "JPY")], "CNY")


def test_an_order_discount_splits_over_its_lines_by_line_total_to_the_last_fen() -> None:
    # given lines of 30.00, 20.00 and 10.00 and a discount of 10.00
    parts = cny("10.00").allocate([3000, 2000, 1000])
    # then each line carries its share and the shares add up to the discount
    assert parts == [cny("5.00"), cny("3.33"), cny("1.67")]
    assert money.total(parts, "CNY") == cny("10.00")


def test_left_over_minor_units_go_to_the_largest_remainders_and_ties_to_the_earlier_part() -> None:
    assert cny("100.00").allocate_evenly(3) == [cny("33.34"), cny("33.33"), cny("33.33")]
    assert cny("0.05").allocate([1, 2, 2]) == [cny("0.01"), cny("0.02"), cny("0.02")]
    assert cny("0.05").allocate([2, 1, 2]) == [cny("0.02"), cny("0.01"), cny("0.02")]
    assert cny("0.02").allocate([Decimal("0.5"), 0, Decimal("0.5"), Decimal("0.5")]) == [
        cny("0.01"),
        cny("0.00"),
        cny("0.01"),
        cny("0.00"),
    ]
    assert Money(Decimal(1000), "JPY").allocate_evenly(3) == [Money(Decimal(n), "JPY") for n in (334, 333, 333)]
    assert Money(Decimal("0.010"), "KWD").allocate_evenly(3) == [
        Money(Decimal(n), "KWD") for n in ("0.004", "0.003", "0.003")
    ]
    assert cny("-100.00").allocate_evenly(3) == [cny("-33.34"), cny("-33.33"), cny("-33.33")]


def test_allocation_needs_weights_with_a_positive_sum() -> None:
    for weights in ([], [0, 0], [1, -1, 2]):
        with pytest.raises(ValueError, match="weights"):
            cny("1.00").allocate(weights)
    with pytest.raises(ValueError, match="at least one part"):
        cny("1.00").allocate_evenly(0)


def test_the_base_currency_setting_takes_an_iso_code_babel_knows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BASE_CURRENCY", raising=False)
    assert Settings(_env_file=None).base_currency == "CNY"
    assert Settings(base_currency=" jpy ").base_currency == "JPY"
    with pytest.raises(ValidationError, match="BASE_CURRENCY"):
        Settings(base_currency="RMB")


# --- properties


@given(st.data(), currencies)
def test_adding_then_subtracting_gives_back_the_amount(data: st.DataObject, currency: str) -> None:
    a, b = data.draw(amounts(currency)), data.draw(amounts(currency))
    assert (a + b) - b == a
    assert a - b == a + -b
    assert a + Money.zero(currency) == a


@given(amounts(), st.integers(min_value=0, max_value=50))
def test_a_quantity_times_a_price_equals_adding_the_price_that_many_times(price: Money, quantity: int) -> None:
    assert price * quantity == money.total([price] * quantity, price.currency)


@given(amounts(), st.decimals(min_value=-10, max_value=10, places=4))
def test_a_rate_lands_within_half_a_minor_unit_of_the_exact_product(amount: Money, rate: Decimal) -> None:
    scaled = amount.scaled(rate)
    unit = Decimal(1).scaleb(-money.precision(amount.currency))
    assert scaled == scaled.rounded()
    assert abs(scaled.amount - amount.amount * rate) <= unit / 2


@given(
    amounts(),
    st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=20).filter(lambda w: sum(w) > 0),
)
def test_an_allocation_sums_exactly_and_each_part_is_within_one_minor_unit_of_its_share(
    whole: Money, weights: list[int]
) -> None:
    parts = whole.allocate(weights)
    assert len(parts) == len(weights)
    assert money.total(parts, whole.currency) == whole
    for part, weight in zip(parts, weights, strict=True):
        exact = Fraction(whole.minor) * weight / sum(weights)
        assert abs(part.minor - exact) < 1
        if weight == 0:
            assert part == Money.zero(whole.currency)


@given(amounts(), st.integers(min_value=1, max_value=50))
def test_an_even_allocation_differs_by_at_most_one_minor_unit_larger_parts_first(whole: Money, count: int) -> None:
    parts = whole.allocate_evenly(count)
    assert money.total(parts, whole.currency) == whole
    minors = [abs(p.minor) for p in parts]
    assert max(minors) - min(minors) <= 1
    assert minors == sorted(minors, reverse=True)
    for part in parts:
        assert abs(part.minor - Fraction(whole.minor, count)) < 1


@given(amounts(), amounts())
def test_amounts_of_different_currencies_never_compare(a: Money, b: Money) -> None:
    if a.currency == b.currency:
        assert (a < b) == (a.minor < b.minor)
        return
    for compare in (Money.__lt__, Money.__le__, Money.__gt__, Money.__ge__):
        with pytest.raises(CurrencyMismatch):
            compare(a, b)
