"""The one place that decides what a SKU costs a given buyer at a given moment."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from domain.catalog.entities import Sku
from domain.identity.principal import Principal
from domain.money import Money


class Buyer(enum.StrEnum):
    RETAIL = "retail"  # storefront customers, phone and POS sales
    DEALER = "dealer"  # B2B buyers: the wholesale price when one is set


class Priced(Protocol):
    """What pricing reads of a SKU: a loaded Sku, or the few price columns a search result carries."""

    @property
    def retail_price_minor(self) -> int: ...
    @property
    def wholesale_price_minor(self) -> int | None: ...
    @property
    def promo_price_minor(self) -> int | None: ...
    @property
    def promo_starts_at(self) -> datetime | None: ...
    @property
    def promo_ends_at(self) -> datetime | None: ...
    @property
    def currency(self) -> str: ...


def promotion_active(sku: Priced, at: datetime) -> bool:
    if sku.promo_price_minor is None:
        return False
    started = sku.promo_starts_at is None or sku.promo_starts_at <= at
    not_ended = sku.promo_ends_at is None or at < sku.promo_ends_at
    return started and not_ended


def buyer_of(user: Principal | None) -> Buyer:
    """The price list a shopper buys from: dealers at wholesale, everybody else (guests too) at retail."""
    return Buyer.DEALER if user is not None and user.is_dealer else Buyer.RETAIL


def base_price_minor(sku: Priced, buyer: Buyer) -> int:
    """What the buyer pays outside promotions: wholesale for dealers (when set), else retail."""
    if buyer == Buyer.DEALER and sku.wholesale_price_minor is not None:
        return sku.wholesale_price_minor
    return sku.retail_price_minor


def effective_price_minor(sku: Priced, buyer: Buyer, at: datetime) -> int:
    """Dealers pay wholesale (when set); everyone pays the promotional price while it runs, if it is lower."""
    base = base_price_minor(sku, buyer)
    if promotion_active(sku, at):
        assert sku.promo_price_minor is not None
        return min(base, sku.promo_price_minor)
    return base


def effective_price(sku: Priced, buyer: Buyer, at: datetime) -> Money:
    return Money.of_minor(effective_price_minor(sku, buyer, at), sku.currency)


def listing_price_minor(skus: Iterable[Sku], at: datetime) -> int:
    """The 'from' price a product is listed, sorted and filtered by: its cheapest active SKU for a retail buyer."""
    prices = [effective_price_minor(s, Buyer.RETAIL, at) for s in skus if s.active]
    return min(prices, default=0)
