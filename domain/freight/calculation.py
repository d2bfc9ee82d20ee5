"""The shipping fee of a parcel under a freight template: pure arithmetic, no storage.

- Region: GB/T 2260 codes are six digits, province `PP0000`, city `PPCC00`, district `PPCCDD`. A rule's code covers
  every code that starts with it once its trailing `00` pairs are dropped (`310000` covers `310101`), and the most
  specific covering code among the region rules and the regions not served wins; no covering code means the
  default charge. A region not served refuses the parcel (`freight.region_not_served`).
- Charge: the first `first` units (items, or grams) cost the first fee; every further `additional` units, or part
  of them, cost the additional fee (1,001 g with a first kilo and steps of 1 kg pays one step). A missing SKU
  weight counts as 0 g. A parcel with items but no weight still pays the first fee; no items pay nothing.
- Free shipping: once the items' subtotal reaches the template's threshold (≥, as "满 99 包邮" reads), the fee is
  0 (after the region check: a region not served stays refused).
- Rounding: fees are whole minor units, so the fee is exact; the subtotal is compared at the currency's
  precision, rounded half-up (domain/money.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from uuid import UUID

from domain.freight.entities import Charge, FreightBasis, FreightTemplate
from domain.freight.errors import RegionNotServed
from domain.money import CurrencyMismatch, Money, total

REGION_CODE = re.compile(r"^\d{6}$", re.ASCII)


@dataclass(frozen=True)
class FreightItem:
    """One order line as freight sees it. `weight_grams` is the SKU's unit weight (None: unknown, counts as 0)."""

    sku_id: UUID
    quantity: int
    weight_grams: int | None
    subtotal: Money


class Applied(StrEnum):
    NO_TEMPLATE = "no_template"  # the shop has no freight template: shipping is free
    DEFAULT = "default"
    REGION = "region"
    FREE_OVER_THRESHOLD = "free_over_threshold"


@dataclass(frozen=True)
class FreightQuote:
    fee: Money
    applied: Applied
    template: FreightTemplate | None = None
    region_codes: tuple[str, ...] = ()  # the codes of the region rule that applied
    charge: Charge | None = None  # what the fee would be without the free-shipping threshold
    charged_units: int = 0  # items or grams the charge counted
    subtotal: Money | None = None


def is_region_code(code: str) -> bool:
    return bool(REGION_CODE.match(code)) and region_prefix(code) != ""


def region_prefix(code: str) -> str:
    """`310000` → `31`, `310100` → `3101`, `310101` → `310101`: what the codes it covers start with."""
    prefix = code
    for _ in range(2):
        if prefix.endswith("00"):
            prefix = prefix[:-2]
    return prefix


def covers(rule_code: str, region_code: str) -> int | None:
    """How specific `rule_code` is (digits of its prefix) if it covers `region_code`, else None."""
    prefix = region_prefix(rule_code)
    return len(prefix) if prefix and region_code.startswith(prefix) else None


def charged_units(basis: FreightBasis, items: Iterable[FreightItem]) -> int:
    if basis == FreightBasis.BY_QUANTITY:
        return sum(item.quantity for item in items)
    return sum(item.quantity * (item.weight_grams or 0) for item in items)


def charge_for(charge: Charge, units: int) -> int:
    """The fee in minor units for `units` items or grams (at least the first fee; steps rounded up)."""
    if units <= charge.first:
        return charge.first_fee_minor
    steps = -(-(units - charge.first) // max(charge.additional, 1))  # ceiling division
    return charge.first_fee_minor + steps * charge.additional_fee_minor


def calculate(
    template: FreightTemplate | None, *, region_code: str, items: Sequence[FreightItem], currency: str
) -> FreightQuote:
    """The fee for shipping `items` to `region_code` under `template` (None: no template, no fee)."""
    subtotal = total((item.subtotal for item in items), currency)
    if template is None:
        return FreightQuote(Money.zero(currency), Applied.NO_TEMPLATE, subtotal=subtotal)
    if template.currency != currency:
        raise CurrencyMismatch(currency=currency, other_currency=template.currency)
    charge, codes = _charge_to(template, region_code)
    units = charged_units(template.basis, items)
    quote = FreightQuote(
        Money.zero(currency),
        Applied.REGION if codes else Applied.DEFAULT,
        template=template,
        region_codes=codes,
        charge=charge,
        charged_units=units,
        subtotal=subtotal,
    )
    if not any(item.quantity > 0 for item in items):
        return quote
    threshold = template.free_over_minor
    if threshold is not None and subtotal.minor >= threshold:
        return replace(quote, applied=Applied.FREE_OVER_THRESHOLD)
    return replace(quote, fee=Money.of_minor(charge_for(charge, units), currency))


def _charge_to(template: FreightTemplate, region_code: str) -> tuple[Charge, tuple[str, ...]]:
    """The charge of the most specific rule covering the region; refuses a region not served."""
    best: tuple[int, Charge | None, tuple[str, ...]] = (0, template.default_charge, ())
    for code in template.unserved_region_codes:
        depth = covers(code, region_code)
        if depth is not None and depth > best[0]:
            best = (depth, None, (code,))
    for rule in sorted(template.region_rules, key=lambda r: r.position):
        for code in rule.region_codes:
            depth = covers(code, region_code)
            if depth is not None and depth > best[0]:
                best = (depth, rule.charge, tuple(rule.region_codes))
    _, charge, codes = best
    if charge is None:
        raise RegionNotServed(region_code=region_code, template=template.name)
    return charge, codes
