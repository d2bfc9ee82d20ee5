"""What staff read: the product list with stock and category names, and one product with its SKUs' stock."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.catalog import products as product_service
from domain.catalog import sku_rules
from domain.catalog.entities import Category, Product, ProductStatus
from domain.catalog.ports import CatalogUoW, ProductQuery
from domain.errors import NotFound
from domain.ports import Clock

SORTS = {"created_at": "created_at", "price": "price_minor", "sales": "sales_count", "name": "name"}


@dataclass
class ProductView:
    product: Product
    category_name: str | None
    available_by_sku: dict[UUID, int] = field(default_factory=dict)

    @property
    def available(self) -> int:
        """Sellable units over the active SKUs."""
        return sum(max(self.available_by_sku.get(s.id, 0), 0) for s in self.product.skus if s.active)


def staff_query(
    *,
    currency: str,
    keyword: str | None = None,
    category_path: str | None = None,
    status: ProductStatus | None = None,
    brand: str | None = None,
    tag: str | None = None,
    price_min: Decimal | None = None,
    price_max: Decimal | None = None,
    in_stock: bool = False,
    sort: str = "-created_at",
) -> ProductQuery:
    """A ProductQuery from what staff type: decimal prices in `currency` (the shop's), API sort names (`price`…)."""
    descending = sort.startswith("-")
    column = SORTS[sort.lstrip("-")]
    return ProductQuery(
        keyword=keyword,
        category_path=category_path,
        status=status,
        brand=brand,
        tag=tag,
        price_min_minor=sku_rules.price_minor(price_min, currency, "price_min"),
        price_max_minor=sku_rules.price_minor(price_max, currency, "price_max"),
        in_stock_only=in_stock,
        sort=f"{'-' if descending else ''}{column}",
    )


async def category_path_of(uow: CatalogUoW, category_id: UUID | None) -> str | None:
    """The path prefix that selects a category and its sub-categories (404 for an unknown category)."""
    if category_id is None:
        return None
    category = await uow.categories.get(category_id)
    if category is None:
        raise NotFound("The category does not exist.", code="category.not_found", category_id=str(category_id))
    return category.path


async def subtree_ids_of(uow: CatalogUoW, category_id: UUID | None) -> tuple[UUID, ...] | None:
    """The ids of a category and its sub-categories (404 for an unknown category)."""
    if category_id is None:
        return None
    ids = await uow.categories.subtree_ids(category_id)
    if ids is None:
        raise NotFound("The category does not exist.", code="category.not_found", category_id=str(category_id))
    return tuple(ids)


async def list_products(
    uow: CatalogUoW, /, *, category_id: UUID | None = None, offset: int, limit: int, **filters: Any
) -> tuple[list[ProductView], int]:
    """Products for the back office, filtered, sorted and paginated, with stock and category names."""
    query = staff_query(category_path=await category_path_of(uow, category_id), **filters)
    products, total = await uow.products.search(query, offset=offset, limit=limit)
    return await views(uow, products), total


async def product_view(uow: CatalogUoW, product_id: UUID) -> ProductView:
    product = await product_service.load(uow, product_id)
    return (await views(uow, [product]))[0]


async def views(uow: CatalogUoW, products: list[Product]) -> list[ProductView]:
    """Attach category names and sellable stock to products, in two queries for the whole page."""
    categories = await uow.categories.by_ids(list({p.category_id for p in products if p.category_id}))
    names = {c.id: c.name for c in categories}
    available = await uow.stock.available_by_sku([s.id for p in products for s in p.skus])
    return [
        ProductView(
            product=p,
            category_name=names.get(p.category_id) if p.category_id else None,
            available_by_sku={s.id: available.get(s.id, 0) for s in p.skus},
        )
        for p in products
    ]


async def ancestry(uow: CatalogUoW, category_id: UUID | None) -> list[Category]:
    """The categories from the root down to `category_id`, read off its path."""
    category = await uow.categories.get(category_id) if category_id else None
    if category is None:
        return []
    ids = [UUID(part) for part in category.path.strip("/").split("/") if part]
    found = {c.id: c for c in await uow.categories.by_ids(ids)}
    return [found[i] for i in ids if i in found]


async def refresh_listing_prices(uow: CatalogUoW, clock: Clock) -> int:
    """Re-derive listing prices of products whose promotions started or ended since the last sweep."""
    return await uow.products.refresh_listing_prices(clock.now())
