"""In-memory category tree and products with their SKUs and images (infra/repositories/catalog.py)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from domain.catalog import pricing
from domain.catalog.entities import Category, Product, ProductStatus, Sku
from domain.catalog.ports import ListedProduct, ProductQuery, SkuPrices
from domain.orders.ports import Goods
from tests.fakes.tables import Tables, page, sort_by

PRODUCT_SORTS = {"created_at", "price_minor", "sales_count", "name", "updated_at", "code", "published_at"}


class FakeCategoryRepository:
    def __init__(self, tables: Tables) -> None:
        self._t = tables

    async def add(self, category: Category) -> None:
        self._t.categories[category.id] = category

    async def get(self, category_id: UUID) -> Category | None:
        return self._t.categories.get(category_id)

    async def all(self) -> list[Category]:
        return sorted(self._t.categories.values(), key=lambda c: (c.depth, c.position, c.name))

    async def by_ids(self, category_ids: list[UUID]) -> list[Category]:
        return [c for c in self._t.categories.values() if c.id in set(category_ids)]

    async def children(self, parent_id: UUID | None) -> list[Category]:
        found = [c for c in self._t.categories.values() if c.parent_id == parent_id]
        return sorted(found, key=lambda c: (c.position, c.name, str(c.id)))

    async def product_counts(self, status: ProductStatus | None = None) -> dict[UUID, int]:
        counts: dict[UUID, int] = {}
        for product in self._t.products.values():
            if product.category_id is not None and (status is None or product.status == status):
                counts[product.category_id] = counts.get(product.category_id, 0) + 1
        return counts

    async def by_name(self, parent_id: UUID | None, name: str) -> Category | None:
        siblings = await self.children(parent_id)
        return next((c for c in siblings if c.name.lower() == name.lower()), None)

    async def subtree(self, path: str) -> list[Category]:
        found = [c for c in self._t.categories.values() if c.path.startswith(path)]
        return sorted(found, key=lambda c: (c.depth, c.position))

    async def subtree_ids(self, category_id: UUID) -> list[UUID] | None:
        category = self._t.categories.get(category_id)
        return [c.id for c in await self.subtree(category.path)] if category else None

    async def count_children(self, category_id: UUID) -> int:
        return sum(1 for c in self._t.categories.values() if c.parent_id == category_id)

    async def count_products(self, category_id: UUID) -> int:
        return sum(1 for p in self._t.products.values() if p.category_id == category_id)

    async def delete(self, category: Category) -> None:
        del self._t.categories[category.id]


class FakeProductRepository:
    def __init__(self, tables: Tables) -> None:
        self._t = tables

    async def add(self, product: Product) -> None:
        self._t.products[product.id] = product

    async def get(self, product_id: UUID) -> Product | None:
        return self._t.products.get(product_id)

    async def get_for_update(self, product_id: UUID) -> Product | None:
        return self._t.products.get(product_id)

    async def by_code(self, code: str) -> Product | None:
        return next((p for p in self._t.products.values() if p.code == code), None)

    async def by_codes(self, codes: list[str]) -> list[Product]:
        return [p for p in self._t.products.values() if p.code in codes]

    async def by_ids(self, product_ids: list[UUID]) -> list[Product]:
        return [p for p in self._t.products.values() if p.id in set(product_ids)]

    async def get_sku(self, sku_id: UUID) -> Sku | None:
        return self._t.sku(sku_id)

    async def goods(self, sku_ids: list[UUID]) -> list[Goods]:
        found = []
        for sku in self._t.all_skus():
            product = self._t.products.get(sku.product_id)
            if sku.id not in set(sku_ids) or product is None:
                continue
            image = min(product.images, key=lambda x: x.position).thumbnail_url if product.images else None
            on_sale = sku.active and product.status == ProductStatus.ON_SALE
            goods = Goods(
                sku.id, sku.code, dict(sku.attributes), sku.currency, sku.retail_price_minor,
                sku.wholesale_price_minor, sku.promo_price_minor, sku.promo_starts_at, sku.promo_ends_at,
                sku.weight_grams, product.id, product.name, product.name_en, image, on_sale,
            )  # fmt: skip
            found.append(goods)
        return found

    async def skus(self, sku_ids: list[UUID]) -> list[Sku]:
        return [s for s in self._t.all_skus() if s.id in set(sku_ids)]

    async def sku_by_code(self, code: str) -> Sku | None:
        return next((s for s in self._t.all_skus() if s.code == code), None)

    async def sku_by_barcode(self, barcode: str) -> Sku | None:
        return next((s for s in self._t.all_skus() if s.barcode == barcode), None)

    async def sku_codes_taken(self, codes: list[str]) -> dict[str, UUID]:
        return {s.code: s.product_id for s in self._t.all_skus() if s.code in codes}

    async def barcodes_taken(self, barcodes: list[str]) -> dict[str, UUID]:
        return {s.barcode: s.product_id for s in self._t.all_skus() if s.barcode and s.barcode in barcodes}

    async def search(self, query: ProductQuery, *, offset: int, limit: int) -> tuple[list[Product], int]:
        found = [p for p in self._t.products.values() if self._matches(p, query)]
        return page(sort_by(found, query.sort, PRODUCT_SORTS), offset, limit)

    async def listed(
        self, query: ProductQuery, *, offset: int, limit: int, count_up_to: int
    ) -> tuple[list[ListedProduct], int]:
        products, total = await self.search(query, offset=offset, limit=limit)
        return [_listed(p) for p in products], min(total, count_up_to + 1)

    async def product_ids_of_skus(self, sku_ids: list[UUID]) -> list[UUID]:
        return sorted({s.product_id for s in self._t.all_skus() if s.id in sku_ids})

    async def lock_for_stock_flag(self, *, product_ids: list[UUID], sku_ids: list[UUID]) -> dict[UUID, list[UUID]]:
        wanted = set(product_ids) | set(await self.product_ids_of_skus(sku_ids))
        return {pid: [s.id for s in self._t.products[pid].skus if s.active] for pid in sorted(wanted)}

    async def set_in_stock(self, in_stock: dict[UUID, bool]) -> None:
        for product_id, flag in in_stock.items():
            self._t.products[product_id].in_stock = flag

    def _matches(self, product: Product, query: ProductQuery) -> bool:
        words = query.keyword.split() if query.keyword else []
        scanned = len(words) == 1 and any(s.barcode == words[0] for s in self._t.all_skus())
        if scanned:
            if not any(s.barcode == words[0] for s in product.skus):
                return False
        elif not all(w.lower() in product.search_text for w in words[:5]):
            return False
        if query.category_path:
            category = self._t.categories.get(product.category_id) if product.category_id else None
            if category is None or not category.path.startswith(query.category_path):
                return False
        if query.category_ids is not None and product.category_id not in query.category_ids:
            return False
        price = product.price_minor
        return (
            (not query.status or product.status == query.status)
            and (not query.brand or product.brand == query.brand)
            and (not query.tag or query.tag.lower() in product.search_text)
            and (query.price_min_minor is None or price >= query.price_min_minor)
            and (query.price_max_minor is None or price <= query.price_max_minor)
            and (not query.in_stock_only or product.in_stock)
        )

    async def add_sales(self, units_by_product: dict[UUID, int]) -> None:
        for product_id, units in units_by_product.items():
            product = self._t.products[product_id]
            product.sales_count = max(product.sales_count + units, 0)

    async def delete(self, product: Product) -> None:
        del self._t.products[product.id]

    async def refresh_listing_prices(self, at: datetime) -> int:
        changed = 0
        for product in self._t.products.values():
            if any(s.promo_price_minor is not None for s in product.skus):
                lowest = pricing.listing_price_minor(product.skus, at)
                if product.price_minor != lowest:
                    product.price_minor = lowest
                    changed += 1
        return changed


def _listed(product: Product) -> ListedProduct:
    return ListedProduct(
        id=product.id,
        code=product.code,
        name=product.name,
        name_en=product.name_en,
        brand=product.brand,
        currency=product.currency,
        sales_count=product.sales_count,
        in_stock=product.in_stock,
        thumbnail_url=product.images[0].thumbnail_url if product.images else None,
        skus=[
            SkuPrices(
                s.position,
                s.currency,
                s.retail_price_minor,
                s.wholesale_price_minor,
                s.promo_price_minor,
                s.promo_starts_at,
                s.promo_ends_at,
            )
            for s in product.skus
            if s.active
        ],
    )
