"""The shipping fee of a parcel: first unit and further steps, the most specific region wins, regions not served
refuse, free over the threshold; and, whatever the parcel, the fee is never negative and more weight never costs
less."""

from __future__ import annotations

from decimal import Decimal
from uuid import uuid4

import pytest
from hypothesis import given as examples
from hypothesis import strategies as st

from domain.freight.calculation import Applied, FreightItem, calculate, charge_for, covers
from domain.freight.entities import Charge, FreightBasis, FreightRegionRule, FreightTemplate
from domain.freight.errors import RegionNotServed
from domain.money import CurrencyMismatch, Money

SHANGHAI_HUANGPU, XINJIANG_URUMQI, LHASA, NYINGCHI = "310101", "650102", "540102", "540400"


def cny(amount: str) -> Money:
    return Money(Decimal(amount), "CNY")


def by_weight(**changes: object) -> FreightTemplate:
    """10 CNY the first kilo, 5 CNY each further kilo; Xinjiang 20 + 10; Tibet not served but Lhasa is; free over 99."""
    template = FreightTemplate(
        name="标准快递",
        currency="CNY",
        basis=FreightBasis.BY_WEIGHT,
        first=1000,
        first_fee_minor=1000,
        additional=1000,
        additional_fee_minor=500,
        free_over_minor=9900,
        unserved_region_codes=["540000"],
        region_rules=[
            FreightRegionRule(["650000"], 1000, 2000, 1000, 1000, position=0),
            FreightRegionRule(["540100"], 1000, 3000, 1000, 1500, position=1),
        ],
    )
    for name, value in changes.items():
        setattr(template, name, value)
    return template


def item(quantity: int, grams: int | None, subtotal: str = "10") -> FreightItem:
    return FreightItem(sku_id=uuid4(), quantity=quantity, weight_grams=grams, subtotal=cny(subtotal))


def fee(template: FreightTemplate | None, region: str, *items: FreightItem) -> Money:
    return calculate(template, region_code=region, items=list(items), currency="CNY").fee


def test_the_first_kilo_costs_the_first_fee_and_each_started_further_kilo_one_step() -> None:
    template = by_weight()
    assert fee(template, SHANGHAI_HUANGPU, item(1, 1000)) == cny("10")
    assert fee(template, SHANGHAI_HUANGPU, item(1, 1001)) == cny("15")
    assert fee(template, SHANGHAI_HUANGPU, item(3, 700)) == cny("20")  # 2,100 g: first kilo and two steps


def test_a_province_rule_covers_its_districts_and_names_the_rule_that_applied() -> None:
    quote = calculate(by_weight(), region_code=XINJIANG_URUMQI, items=[item(2, 1000)], currency="CNY")

    assert quote.fee == cny("30")
    assert quote.applied is Applied.REGION and quote.region_codes == ("650000",)
    assert quote.charged_units == 2000


def test_a_city_rule_wins_over_its_province_that_is_not_served() -> None:
    assert fee(by_weight(), LHASA, item(1, 500)) == cny("30")

    with pytest.raises(RegionNotServed) as refused:
        fee(by_weight(), NYINGCHI, item(1, 500))

    assert refused.value.code == "freight.region_not_served"


def test_a_region_not_served_is_refused_even_over_the_free_shipping_threshold() -> None:
    with pytest.raises(RegionNotServed):
        fee(by_weight(), NYINGCHI, item(1, 500, subtotal="500"))


def test_shipping_is_free_once_the_subtotal_reaches_the_threshold() -> None:
    template = by_weight()
    assert fee(template, SHANGHAI_HUANGPU, item(1, 500, "98.99")) == cny("10")
    quote = calculate(
        template, region_code=SHANGHAI_HUANGPU, items=[item(1, 500, "60"), item(1, 500, "39")], currency="CNY"
    )
    assert quote.fee == cny("0") and quote.applied is Applied.FREE_OVER_THRESHOLD


def test_a_missing_sku_weight_counts_as_nothing_yet_the_parcel_pays_the_first_fee() -> None:
    assert fee(by_weight(), SHANGHAI_HUANGPU, item(3, None)) == cny("10")


def test_by_quantity_counts_items() -> None:
    template = by_weight(basis=FreightBasis.BY_QUANTITY, first=2, additional=1)
    assert fee(template, SHANGHAI_HUANGPU, item(2, 5000)) == cny("10")
    assert fee(template, SHANGHAI_HUANGPU, item(2, 5000), item(2, None)) == cny("20")


def test_no_template_means_no_fee_and_no_items_mean_no_fee() -> None:
    assert fee(None, NYINGCHI, item(1, 1000)) == cny("0")
    assert fee(by_weight(), SHANGHAI_HUANGPU) == cny("0")


def test_a_template_in_another_currency_is_refused() -> None:
    with pytest.raises(CurrencyMismatch):
        calculate(by_weight(currency="USD"), region_code=SHANGHAI_HUANGPU, items=[item(1, 10)], currency="CNY")


def test_region_codes_cover_by_their_significant_digits() -> None:
    assert covers("310000", "310101") == 2
    assert covers("310100", "310101") == 4
    assert covers("310101", "310101") == 6
    assert covers("310100", "310201") is None
    assert covers("310000", "320101") is None


charges = st.builds(
    Charge,
    first=st.integers(1, 5000),
    first_fee_minor=st.integers(0, 10_000),
    additional=st.integers(1, 5000),
    additional_fee_minor=st.integers(0, 10_000),
)
regions = st.sampled_from([SHANGHAI_HUANGPU, XINJIANG_URUMQI, LHASA, "110105", "650000"])
parcels = st.lists(
    st.builds(
        FreightItem,
        sku_id=st.uuids(),
        quantity=st.integers(0, 20),
        weight_grams=st.none() | st.integers(0, 50_000),
        subtotal=st.integers(0, 50_000).map(lambda minor: Money.of_minor(minor, "CNY")),
    ),
    max_size=5,
)


def template_of(charge: Charge, basis: FreightBasis, free_over: int | None) -> FreightTemplate:
    return by_weight(
        basis=basis,
        first=charge.first,
        first_fee_minor=charge.first_fee_minor,
        additional=charge.additional,
        additional_fee_minor=charge.additional_fee_minor,
        free_over_minor=free_over,
        unserved_region_codes=[],
    )


@examples(charges, st.sampled_from(list(FreightBasis)), st.none() | st.integers(0, 100_000), regions, parcels)
def test_the_fee_is_never_negative(
    charge: Charge, basis: FreightBasis, free_over: int | None, region: str, items: list[FreightItem]
) -> None:
    assert fee(template_of(charge, basis, free_over), region, *items) >= cny("0")


@examples(charges, st.integers(0, 100_000), regions, parcels)
def test_over_the_threshold_shipping_is_free(
    charge: Charge, free_over: int, region: str, items: list[FreightItem]
) -> None:
    subtotal = sum(i.subtotal.minor for i in items)
    quote = calculate(
        template_of(charge, FreightBasis.BY_WEIGHT, free_over), region_code=region, items=items, currency="CNY"
    )
    if subtotal >= free_over:
        assert quote.fee == cny("0")
    elif any(i.quantity for i in items):
        assert quote.fee > cny("0") or charge.first_fee_minor == 0


@examples(charges, regions, st.integers(0, 100_000), st.integers(0, 100_000))
def test_more_weight_never_costs_less(charge: Charge, region: str, grams: int, more: int) -> None:
    template = template_of(charge, FreightBasis.BY_WEIGHT, None)
    assert fee(template, region, item(1, grams + more)) >= fee(template, region, item(1, grams))
    assert charge_for(charge, grams + more) >= charge_for(charge, grams)
