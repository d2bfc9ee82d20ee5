"""Safety checks before an order is placed: purchase limits per order and per day, unpaid orders piling up, the
same order twice within seconds, blacklisted customers and dealer prices for non-dealers, each with its code."""

from __future__ import annotations

import random
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import Conflict, RuleViolation
from domain.money import CurrencyMismatch, Money
from domain.orders.policy import OrderPolicy
from domain.orders.safety import CustomerHistory, check_order, check_price_override, fingerprint

POLICY = OrderPolicy(max_quantity_per_line=10, max_quantity_per_customer_day=20, max_unpaid_orders=2)
TEA, CUP = uuid.UUID(int=1), uuid.UUID(int=2)
HOME = uuid.UUID(int=100)
CLEAN = CustomerHistory(unpaid_orders=0, units_last_day={}, recent_fingerprints=())


def cny(amount: str) -> Money:
    return Money(Decimal(amount), "CNY")


def check(lines: list[tuple[uuid.UUID, int]], history: CustomerHistory = CLEAN) -> None:
    check_order(POLICY, lines, history, fingerprint(lines, HOME))


def test_an_ordinary_order_passes() -> None:
    check([(TEA, 10), (CUP, 3)], CustomerHistory(1, {TEA: 10}, ["another order"]))


def test_every_sku_over_the_per_order_limit_is_named_at_once() -> None:
    with pytest.raises(RuleViolation) as refused:
        check([(TEA, 11), (CUP, 10), (uuid.UUID(int=3), 12)])
    assert refused.value.code == "order.quantity_limit"
    assert refused.value.data["limit"] == 10
    assert refused.value.data["skus"] == [
        {"sku_id": str(TEA), "quantity": 11, "limit": 10},
        {"sku_id": str(uuid.UUID(int=3)), "quantity": 12, "limit": 10},
    ]


def test_the_per_order_limit_counts_a_sku_split_over_two_lines_together() -> None:
    with pytest.raises(RuleViolation, match="At most 10 units") as refused:
        check([(TEA, 6), (CUP, 1), (TEA, 5)])
    assert refused.value.data["skus"] == [{"sku_id": str(TEA), "quantity": 11, "limit": 10}]


def test_the_daily_limit_counts_what_the_customer_bought_in_the_last_24_hours() -> None:
    # given 15 teas bought today: 5 more are fine, 6 are not
    history = CustomerHistory(unpaid_orders=0, units_last_day={TEA: 15, CUP: 20}, recent_fingerprints=())
    check([(TEA, 5)], history)
    # when
    with pytest.raises(RuleViolation) as refused:
        check([(TEA, 6), (CUP, 1)], history)
    # then both SKUs are named with how many may still be bought
    assert refused.value.code == "order.customer_quantity_limit"
    assert refused.value.data["skus"] == [
        {"sku_id": str(TEA), "quantity": 6, "bought": 15, "remaining": 5},
        {"sku_id": str(CUP), "quantity": 1, "bought": 20, "remaining": 0},
    ]


def test_a_customer_with_too_many_unpaid_orders_must_pay_or_cancel_first() -> None:
    check([(TEA, 1)], CustomerHistory(unpaid_orders=1, units_last_day={}, recent_fingerprints=()))
    with pytest.raises(Conflict) as refused:
        check([(TEA, 1)], CustomerHistory(unpaid_orders=2, units_last_day={}, recent_fingerprints=()))
    assert refused.value.code == "order.too_many_unpaid"
    assert refused.value.data == {"unpaid": 2, "limit": 2}


def test_the_same_order_again_within_the_window_is_a_duplicate_even_at_the_unpaid_limit() -> None:
    # given the first click placed the order that reached the unpaid limit
    lines = [(TEA, 2), (CUP, 1)]
    history = CustomerHistory(unpaid_orders=2, units_last_day={}, recent_fingerprints=[fingerprint(lines, HOME)])
    # when the second click arrives, then it is told the order exists, not that it hit a limit
    with pytest.raises(Conflict) as refused:
        check(lines, history)
    assert refused.value.code == "order.duplicate"
    assert refused.value.data == {"window_seconds": 10}


def test_a_blacklisted_customer_cannot_order() -> None:
    with pytest.raises(RuleViolation) as refused:
        check([(TEA, 1)], CustomerHistory(0, {}, (), blacklisted=True))
    assert refused.value.code == "order.customer_blacklisted"


def test_the_fingerprint_ignores_line_order_and_how_units_are_spread_over_lines() -> None:
    assert fingerprint([(TEA, 2), (CUP, 1)], HOME) == fingerprint([(CUP, 1), (TEA, 1), (TEA, 1)], HOME)


def test_the_fingerprint_tells_other_quantities_skus_and_addresses_apart() -> None:
    base = fingerprint([(TEA, 2)], HOME)
    assert len({base, fingerprint([(TEA, 3)], HOME), fingerprint([(CUP, 2)], HOME), fingerprint([(TEA, 2)], None)}) == 4


@given(st.lists(st.tuples(st.sampled_from([TEA, CUP, uuid.UUID(int=3)]), st.integers(1, 50)), min_size=1), st.randoms())
def test_any_shuffle_of_the_lines_has_the_same_fingerprint(
    lines: list[tuple[uuid.UUID, int]], rnd: random.Random
) -> None:
    shuffled = list(lines)
    rnd.shuffle(shuffled)
    assert fingerprint(shuffled, HOME) == fingerprint(lines, HOME)


def test_a_longer_duplicate_window_is_reported_in_the_refusal() -> None:
    lines = [(TEA, 1)]
    history = CustomerHistory(0, {}, [fingerprint(lines, None)])
    with pytest.raises(Conflict) as refused:
        check_order(OrderPolicy(duplicate_window=timedelta(minutes=1)), lines, history, fingerprint(lines, None))
    assert refused.value.data["window_seconds"] == 60


# --- staff price overrides


def test_staff_may_lower_a_price_to_the_floor_for_anyone_and_below_it_for_a_dealer() -> None:
    check_price_override(cny("80.00"), cny("80.00"), is_dealer=False)
    check_price_override(cny("60.00"), cny("80.00"), is_dealer=True)


def test_a_dealer_price_for_a_non_dealer_is_refused() -> None:
    with pytest.raises(RuleViolation) as refused:
        check_price_override(cny("79.99"), cny("80.00"), is_dealer=False)
    assert refused.value.code == "order.dealer_price_for_non_dealer"
    assert refused.value.data == {"unit_price": "79.99 CNY", "floor": "80.00 CNY"}


def test_a_negative_price_is_refused_even_for_a_dealer() -> None:
    with pytest.raises(RuleViolation) as refused:
        check_price_override(cny("-1.00"), cny("80.00"), is_dealer=True)
    assert refused.value.code == "order.price_negative"


def test_a_price_in_another_currency_than_the_floor_is_refused() -> None:
    with pytest.raises(CurrencyMismatch):
        check_price_override(Money(Decimal(10), "USD"), cny("80.00"), is_dealer=False)
