"""The one price function: promotions only ever lower a price and only inside their window, dealers pay
wholesale, the listing price is the cheapest active SKU."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from domain.catalog import pricing
from domain.catalog.entities import Sku
from domain.catalog.pricing import Buyer
from domain.money import Money

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
prices = st.integers(min_value=0, max_value=10**9)
optional_prices = st.none() | prices
moments = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC))
optional_moments = st.none() | moments
buyers = st.sampled_from(list(Buyer))


@st.composite
def skus(draw: st.DrawFn) -> Sku:
    return Sku(
        product_id=uuid.uuid4(),
        code="S",
        retail_price_minor=draw(prices),
        wholesale_price_minor=draw(optional_prices),
        promo_price_minor=draw(optional_prices),
        promo_starts_at=draw(optional_moments),
        promo_ends_at=draw(optional_moments),
        active=draw(st.booleans()),
        currency="CNY",
    )


def sku(**fields: object) -> Sku:
    return Sku(product_id=uuid.uuid4(), code="S", currency="CNY", **{"retail_price_minor": 10_000, **fields})  # type: ignore[arg-type]


@given(skus(), buyers, moments)
def test_a_promotion_never_raises_a_price(item: Sku, buyer: Buyer, at: datetime) -> None:
    assert pricing.effective_price_minor(item, buyer, at) <= pricing.base_price_minor(item, buyer)


@given(skus(), moments)
def test_a_dealer_never_pays_more_than_retail_when_wholesale_is_at_most_retail(item: Sku, at: datetime) -> None:
    if item.wholesale_price_minor is not None and item.wholesale_price_minor > item.retail_price_minor:
        item.wholesale_price_minor = item.retail_price_minor
    dealer = pricing.effective_price_minor(item, Buyer.DEALER, at)
    assert dealer <= pricing.effective_price_minor(item, Buyer.RETAIL, at)


@given(skus(), buyers, moments)
def test_outside_its_window_a_promotion_changes_nothing(item: Sku, buyer: Buyer, at: datetime) -> None:
    if not pricing.promotion_active(item, at):
        assert pricing.effective_price_minor(item, buyer, at) == pricing.base_price_minor(item, buyer)
    else:
        assert item.promo_price_minor is not None
        assert pricing.effective_price_minor(item, buyer, at) == min(
            pricing.base_price_minor(item, buyer), item.promo_price_minor
        )


@given(st.lists(skus(), max_size=6), moments)
def test_the_listing_price_is_the_cheapest_active_sku_for_a_retail_buyer(items: list[Sku], at: datetime) -> None:
    listing = pricing.listing_price_minor(items, at)
    active = [pricing.effective_price_minor(s, Buyer.RETAIL, at) for s in items if s.active]
    assert listing == (min(active) if active else 0)
    assert all(listing <= price for price in active)


def test_the_promotion_window_includes_its_start_and_excludes_its_end() -> None:
    item = sku(promo_price_minor=7_000, promo_starts_at=NOW, promo_ends_at=NOW + timedelta(hours=1))

    assert pricing.effective_price_minor(item, Buyer.RETAIL, NOW - timedelta(microseconds=1)) == 10_000
    assert pricing.effective_price_minor(item, Buyer.RETAIL, NOW) == 7_000
    assert pricing.effective_price_minor(item, Buyer.RETAIL, NOW + timedelta(minutes=59)) == 7_000
    assert pricing.effective_price_minor(item, Buyer.RETAIL, NOW + timedelta(hours=1)) == 10_000


def test_an_open_ended_promotion_runs_from_its_start_on() -> None:
    item = sku(promo_price_minor=7_000, promo_starts_at=NOW)
    assert pricing.effective_price_minor(item, Buyer.RETAIL, NOW + timedelta(days=3650)) == 7_000
    assert pricing.effective_price_minor(item, Buyer.RETAIL, NOW - timedelta(days=1)) == 10_000


def test_dealers_pay_wholesale_and_a_lower_promotion_beats_it() -> None:
    item = sku(wholesale_price_minor=8_000)
    assert pricing.effective_price(item, Buyer.DEALER, NOW).amount == Money.of_minor(8_000, "CNY").amount
    assert pricing.effective_price_minor(item, Buyer.RETAIL, NOW) == 10_000
    item.promo_price_minor = 7_500
    assert pricing.effective_price_minor(item, Buyer.DEALER, NOW) == 7_500
    item.promo_price_minor = 9_000  # a promotion above wholesale does not raise the dealer's price
    assert pricing.effective_price_minor(item, Buyer.DEALER, NOW) == 8_000
    assert pricing.effective_price_minor(item, Buyer.RETAIL, NOW) == 9_000


def test_a_dealer_without_a_wholesale_price_pays_retail() -> None:
    assert pricing.effective_price_minor(sku(), Buyer.DEALER, NOW) == 10_000
