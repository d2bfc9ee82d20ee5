"""What the catalog needs from storage; infra/repositories/catalog.py implements it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from domain.audit.ports import AuditUoW
from domain.catalog.entities import Category, Product, ProductStatus, Sku
from domain.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class ProductQuery:
    """Filters for product lists (back office) and search (storefront)."""

    keyword: str | None = None
    category_path: str | None = None  # the category and everything under it
    category_ids: tuple[UUID, ...] | None = None  # or these categories (a subtree already looked up)
    status: ProductStatus | None = None
    brand: str | None = None
    tag: str | None = None
    price_min_minor: int | None = None
    price_max_minor: int | None = None
    in_stock_only: bool = False
    sort: str = "-created_at"  # price_minor, sales_count, created_at, published_at, name (`-` for descending)


@dataclass(frozen=True, slots=True)
class SkuPrices:
    """An active SKU's price columns: what a search result needs to price its product for the buyer."""

    position: int
    currency: str
    retail_price_minor: int
    wholesale_price_minor: int | None
    promo_price_minor: int | None
    promo_starts_at: datetime | None
    promo_ends_at: datetime | None


@dataclass(frozen=True, slots=True)
class ListedProduct:
    """A product as a storefront search lists it: the card's columns, not the whole product with its SKUs."""

    id: UUID
    code: str
    name: str
    name_en: str | None
    brand: str
    currency: str
    sales_count: int
    in_stock: bool
    thumbnail_url: str | None  # of the first image
    skus: list[SkuPrices]  # the active ones, in display order


class CategoryRepository(Protocol):
    async def add(self, category: Category) -> None: ...
    async def get(self, category_id: UUID) -> Category | None: ...
    async def all(self) -> list[Category]: ...
    async def by_ids(self, category_ids: list[UUID]) -> list[Category]: ...
    async def children(self, parent_id: UUID | None) -> list[Category]:
        """Direct children (roots when None), in display order."""
        ...

    async def product_counts(self, status: ProductStatus | None = None) -> dict[UUID, int]:
        """Products directly in each category (not counting sub-categories)."""
        ...

    async def by_name(self, parent_id: UUID | None, name: str) -> Category | None: ...
    async def subtree(self, path: str) -> list[Category]:
        """The category with this path and all its descendants."""
        ...

    async def subtree_ids(self, category_id: UUID) -> list[UUID] | None:
        """The ids of this category and all its descendants; None when it does not exist. May be served from a
        cache that a category change in this process clears at once, and others within seconds."""
        ...

    async def count_children(self, category_id: UUID) -> int: ...
    async def count_products(self, category_id: UUID) -> int: ...
    async def delete(self, category: Category) -> None: ...


class StockFlags(Protocol):
    """The products' `in_stock` flags, which the inventory keeps (see in_stock.py)."""

    async def product_ids_of_skus(self, sku_ids: list[UUID]) -> list[UUID]: ...
    async def lock_for_stock_flag(self, *, product_ids: list[UUID], sku_ids: list[UUID]) -> dict[UUID, list[UUID]]:
        """Lock these products and those of these SKUs, in id order; each with its active SKUs."""
        ...

    async def set_in_stock(self, in_stock: dict[UUID, bool]) -> None: ...


class ProductRepository(StockFlags, Protocol):
    async def add(self, product: Product) -> None: ...
    async def get(self, product_id: UUID) -> Product | None: ...
    async def get_for_update(self, product_id: UUID) -> Product | None: ...
    async def by_code(self, code: str) -> Product | None: ...
    async def by_codes(self, codes: list[str]) -> list[Product]: ...
    async def get_sku(self, sku_id: UUID) -> Sku | None: ...
    async def skus(self, sku_ids: list[UUID]) -> list[Sku]: ...
    async def sku_by_code(self, code: str) -> Sku | None: ...
    async def sku_by_barcode(self, barcode: str) -> Sku | None: ...
    async def sku_codes_taken(self, codes: list[str]) -> dict[str, UUID]:
        """Of these SKU codes, those already used, with the product that uses each."""
        ...

    async def barcodes_taken(self, barcodes: list[str]) -> dict[str, UUID]: ...
    async def search(self, query: ProductQuery, *, offset: int, limit: int) -> tuple[list[Product], int]:
        """A page of matches and their exact number."""
        ...

    async def listed(
        self, query: ProductQuery, *, offset: int, limit: int, count_up_to: int
    ) -> tuple[list[ListedProduct], int]:
        """`search` for the storefront: the page as cards' columns, counting stopped past `count_up_to`."""
        ...

    async def delete(self, product: Product) -> None: ...
    async def refresh_listing_prices(self, at: datetime) -> int:
        """Re-derive `price_minor` for products whose promotions started or ended; returns how many changed."""
        ...


class StockFigures(Protocol):
    """What the catalog may know of stock: inventory answers, the catalog never reads inventory's records."""

    async def available_by_sku(self, sku_ids: list[UUID]) -> dict[UUID, int]:
        """What can be sold now per SKU: active warehouses, sale not paused."""
        ...

    async def low_stock_thresholds(self, sku_ids: list[UUID]) -> dict[UUID, list[int]]:
        """The low-stock thresholds of each SKU's levels (one per warehouse that stocks it)."""
        ...

    async def has_stock_records(self, sku_ids: list[UUID]) -> bool:
        """Whether any of these SKUs has a stock level or a movement: such SKUs are deactivated, not deleted."""
        ...


class StockFlagUoW(UnitOfWork, Protocol):
    """What refreshing the in-stock flags needs; the catalog's and the inventory's units of work both have it."""

    @property
    def products(self) -> StockFlags: ...
    @property
    def stock(self) -> StockFigures: ...


class CatalogUoW(AuditUoW, Protocol):
    @property
    def categories(self) -> CategoryRepository: ...
    @property
    def products(self) -> ProductRepository: ...
    @property
    def stock(self) -> StockFigures: ...
