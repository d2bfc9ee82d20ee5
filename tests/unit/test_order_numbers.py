"""Order numbers: 18 digits, sorted by the time the order was placed, not guessable from the one before."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.orders.numbers import order_number

AT = datetime(2026, 11, 29, 17, 57, 12, tzinfo=UTC)
moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.just(UTC))


def test_the_number_is_the_utc_time_to_the_second_then_six_random_digits() -> None:
    assert order_number(AT, randbelow=lambda _: 48213) == "261129175712048213"
    beijing = AT.astimezone(timezone(timedelta(hours=8)))
    assert order_number(beijing, randbelow=lambda _: 7) == "261129175712000007"


def test_the_random_part_draws_from_a_million() -> None:
    asked: list[int] = []
    number = order_number(AT, randbelow=lambda n: asked.append(n) or n - 1)
    assert asked == [1_000_000]
    assert number.endswith("999999")


@given(moments, moments)
def test_numbers_sort_as_the_times_they_were_placed_at(first: datetime, second: datetime) -> None:
    earlier, later = sorted([first, second])
    if later - earlier >= timedelta(seconds=1):
        assert order_number(earlier) < order_number(later)


def test_orders_placed_in_the_same_second_get_unpredictable_numbers() -> None:
    numbers = [order_number(AT) for _ in range(10)]
    # the default draws from `secrets`: ten equal draws of a million would happen once in 10⁵⁴ runs
    assert len(set(numbers)) > 1
    assert all(len(number) == 18 and number.isdigit() and number.startswith("261129175712") for number in numbers)


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        order_number(datetime(2026, 11, 29, 17, 57))
