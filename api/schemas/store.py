"""Storefront bodies: what a customer (or a signed-in dealer) sees of the catalog."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import Field

from api.schemas.catalog import ImageOut
from api.schemas.common import MoneyOut, Page, Schema
from domain.catalog.entities import Category
from domain.catalog.storefront import ProductCard, ProductPage, SkuChoice

StoreSort = Literal["relevance", "price", "-price", "sales", "newest"]


class StoreProductCard(Schema):
    id: UUID
    name: str
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

    @classmethod
    def of(cls, category: Category) -> CategoryRef:
        return cls(id=category.id, name=category.name)


class StoreSku(Schema):
    id: UUID
    code: str
    attributes: dict[str, str]
    title: str
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
            price=MoneyOut.of(choice.offer.price),
            original_price=MoneyOut.of(choice.offer.original_price) if choice.offer.original_price else None,
            stock_status=choice.stock_status,  # type: ignore[arg-type]
            available=choice.available,
        )


class StoreProductPage(Schema):
    id: UUID
    name: str
    brand: str
    description: str
    tags: list[str]
    category_path: list[CategoryRef]
    images: list[ImageOut]
    price: MoneyOut
    original_price: MoneyOut | None
    sales_count: int
    options: dict[str, list[str]]
    skus: list[StoreSku]

    @classmethod
    def of(cls, page: ProductPage) -> StoreProductPage:
        p = page.product
        return cls(
            id=p.id,
            name=p.name,
            brand=p.brand,
            description=p.description,
            tags=list(p.tags),
            category_path=[CategoryRef.of(c) for c in page.category_path],
            images=[ImageOut.of(i) for i in p.images],
            price=MoneyOut.of(page.offer.price),
            original_price=MoneyOut.of(page.offer.original_price) if page.offer.original_price else None,
            sales_count=p.sales_count,
            options=page.options,
            skus=[StoreSku.of(c) for c in page.skus],
        )
