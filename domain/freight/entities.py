"""Freight templates (运费模板): what a parcel costs to a region, by the number of items or by their weight.

A template has a default charge for everywhere it delivers, charges for named regions, regions it does not
deliver to, and an order subtotal above which shipping is free. One template is the shop's default and prices
every order (a template per product is not offered yet). Fees are whole minor units of the template's currency.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from uuid import UUID, uuid4


class FreightBasis(StrEnum):
    BY_QUANTITY = "by_quantity"  # first N items, then every further step of items
    BY_WEIGHT = "by_weight"  # first N grams, then every further step of grams


@dataclass(frozen=True)
class Charge:
    """首件/首重 and 续件/续重: the first `first` units (items or grams) cost `first_fee_minor`; each further
    `additional` units, or part of them, cost `additional_fee_minor`."""

    first: int
    first_fee_minor: int
    additional: int
    additional_fee_minor: int


@dataclass(eq=False)
class FreightRegionRule:
    """The charge to some regions (GB/T 2260 codes: a province code covers its cities and districts)."""

    region_codes: list[str]
    first: int
    first_fee_minor: int
    additional: int
    additional_fee_minor: int
    position: int = 0
    template_id: UUID | None = None
    id: UUID = field(default_factory=uuid4)

    @property
    def charge(self) -> Charge:
        return Charge(self.first, self.first_fee_minor, self.additional, self.additional_fee_minor)


@dataclass(eq=False)
class FreightTemplate:
    name: str
    currency: str
    basis: FreightBasis
    first: int
    first_fee_minor: int
    additional: int
    additional_fee_minor: int
    free_over_minor: int | None = None  # free shipping when the order subtotal reaches this (满 N 包邮)
    unserved_region_codes: list[str] = field(default_factory=list)  # 不配送区域
    is_default: bool = False
    region_rules: list[FreightRegionRule] = field(default_factory=list)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    id: UUID = field(default_factory=uuid4)

    @property
    def default_charge(self) -> Charge:
        return Charge(self.first, self.first_fee_minor, self.additional, self.additional_fee_minor)
