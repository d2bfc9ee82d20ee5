"""What customers and dealers see: search over products on sale, and a product page with its SKU picker. Prices
come from the one pricing function for the buyer at this moment."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Protocol
from uuid import UUID

from domain.catalog import listing, pricing, sku_rules
from domain.catalog.entities import Category, Product, ProductStatus, Sku
from domain.catalog.ports import CatalogUoW, ListedProduct, ProductQuery
from domain.errors import NotFound
from domain.money import Money
from domain.ports import Clock

SORTS = {
    "relevance": "-sales_count,-published_at",
    "price": "price_minor,-sales_count",
    "-price": "-price_minor,-sales_count",
    "sales": "-sales_count,-published_at",
    "newest": "-published_at",
}
# Past this many matches a search says "1,000+": counting every product that holds a common word costs more than
# finding the page, and nobody pages that far
COUNTED_UP_TO = 1000
LOW_STOCK_UNITS = 5  # below this many units a customer is told stock is low, whatever the thresholds say


class StockStatus:
    IN_STOCK = "in_stock"
    LOW = "low"
    OUT_OF_STOCK = "out_of_stock"


@dataclass
class Offer:
    price: Money
    original_price: Money | None  # the usual price, shown struck through while a promotion makes it lower


@dataclass
class ProductCard:
    product: ListedProduct
    offer: Offer
    in_stock: bool


@dataclass
class SearchResults:
    cards: list[ProductCard]
    total: int  # exact, unless `capped`: then there are more matches than this
    capped: bool


@dataclass
class SkuChoice:
    sku: Sku
    offer: Offer
    available: int
    stock_status: str


@dataclass
class OptionEnglish:
    """An option's English name and its values' English words, where staff gave them."""

    name: str | None = None
    values: dict[str, str] = field(default_factory=dict)


@dataclass
class ProductPage:
    product: Product
    category_path: list[Category]
    offer: Offer
    options: dict[str, list[str]]
    skus: list[SkuChoice]
    options_en: dict[str, OptionEnglish] = field(default_factory=dict)


def options_in_english(skus: list[Sku]) -> dict[str, OptionEnglish]:
    """The English words of the picker's options, gathered from the SKUs (the first SKU giving a word wins), so
    English given on one SKU labels the option for all of them."""
    english: dict[str, OptionEnglish] = {}
    for sku in skus:
        for name, words in sku.attributes_en.items():
            option = english.setdefault(name, OptionEnglish())
            option.name = option.name or words.get("name")
            if words.get("value") and name in sku.attributes:
                option.values.setdefault(sku.attributes[name], words["value"])
    return english


class _PricedSku(pricing.Priced, Protocol):
    @property
    def position(self) -> int: ...


def offer_for(sku: pricing.Priced, buyer: pricing.Buyer, at: datetime) -> Offer:
    price = pricing.effective_price_minor(sku, buyer, at)
    usual = pricing.base_price_minor(sku, buyer)
    original = Money.of_minor(usual, sku.currency) if usual > price else None
    return Offer(Money.of_minor(price, sku.currency), original)


def cheapest_offer(active: Sequence[_PricedSku], currency: str, buyer: pricing.Buyer, at: datetime) -> Offer:
    """The 'from' price: the cheapest of the active SKUs for this buyer now (0 when there are none)."""
    if not active:
        return Offer(Money.of_minor(0, currency), None)
    cheapest = min(active, key=lambda s: (pricing.effective_price_minor(s, buyer, at), s.position))
    return offer_for(cheapest, buyer, at)


def product_offer(product: Product, buyer: pricing.Buyer, at: datetime) -> Offer:
    return cheapest_offer([s for s in product.skus if s.active], product.currency, buyer, at)


def stock_status(available: int, thresholds: list[int]) -> str:
    if available <= 0:
        return StockStatus.OUT_OF_STOCK
    if available <= LOW_STOCK_UNITS or (thresholds and available <= min(thresholds)):
        return StockStatus.LOW
    return StockStatus.IN_STOCK


async def search(
    uow: CatalogUoW,
    clock: Clock,
    buyer: pricing.Buyer,
    *,
    currency: str,
    keyword: str | None = None,
    category_id: UUID | None = None,
    price_min: Decimal | None = None,
    price_max: Decimal | None = None,
    in_stock: bool = False,
    sort: str = "relevance",
    offset: int,
    limit: int,
) -> SearchResults:
    """Products on sale matching every keyword word (name, brand, code, barcode, specs), within a category
    subtree and a listing-price range (typed in `currency`, the shop's), optionally only those in stock. Matches
    are counted up to COUNTED_UP_TO (or to the end of the page asked for, if further)."""
    query = ProductQuery(
        keyword=keyword,
        category_ids=await listing.subtree_ids_of(uow, category_id),
        status=ProductStatus.ON_SALE,
        price_min_minor=sku_rules.price_minor(price_min, currency, "price_min"),
        price_max_minor=sku_rules.price_minor(price_max, currency, "price_max"),
        in_stock_only=in_stock,
        sort=SORTS[sort],
    )
    counted_up_to = max(COUNTED_UP_TO, offset + limit)
    listed, total = await uow.products.listed(query, offset=offset, limit=limit, count_up_to=counted_up_to)
    now = clock.now()
    # the product's in_stock flag, kept by the inventory, spares a stock query per page
    cards = [ProductCard(p, cheapest_offer(p.skus, p.currency, buyer, now), p.in_stock) for p in listed]
    return SearchResults(cards, min(total, counted_up_to), capped=total > counted_up_to)


async def product_page(uow: CatalogUoW, clock: Clock, buyer: pricing.Buyer, product_id: UUID) -> ProductPage:
    """A product on sale with what the SKU picker needs: options, prices and stock per SKU."""
    product = await uow.products.get(product_id)
    if product is None or product.status != ProductStatus.ON_SALE:
        raise NotFound("The product does not exist.", code="product.not_found", product_id=str(product_id))
    active = [s for s in product.skus if s.active]
    ids = [s.id for s in active]
    available = await uow.stock.available_by_sku(ids)
    thresholds = await uow.stock.low_stock_thresholds(ids)
    path = await listing.ancestry(uow, product.category_id)
    now = clock.now()
    options: dict[str, list[str]] = {}
    for sku in active:
        for name, value in sku.attributes.items():
            values = options.setdefault(name, [])
            if value not in values:
                values.append(value)
    choices = [
        SkuChoice(
            sku=s,
            offer=offer_for(s, buyer, now),
            available=max(available.get(s.id, 0), 0),
            stock_status=stock_status(available.get(s.id, 0), thresholds.get(s.id, [])),
        )
        for s in active
    ]
    offer = product_offer(product, buyer, now)
    return ProductPage(product, path, offer, options, choices, options_in_english(active))
