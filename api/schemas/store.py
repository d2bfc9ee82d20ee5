"""Storefront bodies: what a customer (or a signed-in dealer) sees of the catalog."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import Field

from api.schemas.catalog import ImageOut
from api.schemas.common import MoneyOut, Page, Schema
from domain.catalog.entities import Category
from domain.catalog.storefront import OptionEnglish, ProductCard, ProductPage, SkuChoice

StoreSort = Literal["relevance", "price", "-price", "sales", "newest"]


class StoreProductCard(Schema):
    id: UUID
    name: str
    name_en: str | None = Field(description="The English name, when staff gave one: show it in the English UI")
    brand: str
    price: MoneyOut
    original_price: MoneyOut | None
    thumbnail_url: str | None
    in_stock: bool
    sales_count: int

    @classmethod
    def of(cls, card: ProductCard) -> StoreProductCard:
        p = card.product
        return cls(
            id=p.id,
            name=p.name,
            name_en=p.name_en,
            brand=p.brand,
            price=MoneyOut.of(card.offer.price),
            original_price=MoneyOut.of(card.offer.original_price) if card.offer.original_price else None,
            thumbnail_url=p.thumbnail_url,
            in_stock=card.in_stock,
            sales_count=p.sales_count,
        )


class StoreSearchPage(Page[StoreProductCard]):
    total_capped: bool = Field(
        description="True when more products match than `total`: matches are counted up to 1,000 (or to the end of "
        "the page asked for), so show e.g. '1,000+ results'. False: `total` is exact."
    )


class CategoryRef(Schema):
    id: UUID
    name: str
    name_en: str | None = Field(description="The English name, when staff gave one: show it in the English UI")

    @classmethod
    def of(cls, category: Category) -> CategoryRef:
        return cls(id=category.id, name=category.name, name_en=category.name_en)


class StoreSku(Schema):
    id: UUID
    code: str
    attributes: dict[str, str]
    title: str
    title_en: str = Field(description="The title with each value in English where given")
    price: MoneyOut
    original_price: MoneyOut | None
    stock_status: Literal["in_stock", "low", "out_of_stock"]
    available: int

    @classmethod
    def of(cls, choice: SkuChoice) -> StoreSku:
        s = choice.sku
        return cls(
            id=s.id,
            code=s.code,
            attributes=dict(s.attributes),
            title=s.title,
            title_en=s.title_en,
            price=MoneyOut.of(choice.offer.price),
            original_price=MoneyOut.of(choice.offer.original_price) if choice.offer.original_price else None,
            stock_status=choice.stock_status,  # type: ignore[arg-type]
            available=choice.available,
        )


class OptionEnglishOut(Schema):
    name: str | None
    values: dict[str, str] = Field(description="English words by the value's own word; missing: show the value")

    @classmethod
    def of(cls, option: OptionEnglish) -> OptionEnglishOut:
        return cls(name=option.name, values=dict(option.values))


class StoreProductPage(Schema):
    id: UUID
    name: str
    name_en: str | None
    brand: str
    description: str
    tags: list[str]
    category_path: list[CategoryRef]
    images: list[ImageOut]
    price: MoneyOut
    original_price: MoneyOut | None
    sales_count: int
    options: dict[str, list[str]]
    options_en: dict[str, OptionEnglishOut] = Field(
        description="English words of the options by their own name, where staff gave them; fall back to `options`"
    )
    skus: list[StoreSku]

    @classmethod
    def of(cls, page: ProductPage) -> StoreProductPage:
        p = page.product
        return cls(
            id=p.id,
            name=p.name,
            name_en=p.name_en,
            brand=p.brand,
            description=p.description,
            tags=list(p.tags),
            category_path=[CategoryRef.of(c) for c in page.category_path],
            images=[ImageOut.of(i) for i in p.images],
            price=MoneyOut.of(page.offer.price),
            original_price=MoneyOut.of(page.offer.original_price) if page.offer.original_price else None,
            sales_count=p.sales_count,
            options=page.options,
            options_en={name: OptionEnglishOut.of(o) for name, o in page.options_en.items()},
            skus=[StoreSku.of(c) for c in page.skus],
        )
