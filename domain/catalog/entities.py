"""Categories, products, SKUs and images. Plain classes; infra/db maps them to tables."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from domain.catalog import search_tokens

MAX_CATEGORY_DEPTH = 5
# the shapes of product/SKU codes and barcodes, for the editor and the importer alike
CODE_SHAPE = r"^[A-Za-z0-9][A-Za-z0-9._/-]*$"
BARCODE_SHAPE = r"^[A-Za-z0-9-]*$"


class ProductStatus(enum.StrEnum):
    DRAFT = "draft"
    ON_SALE = "on_sale"
    OFF_SALE = "off_sale"


@dataclass(eq=False)
class Category:
    """A node of the category tree. `path` is `/<root id>/…/<own id>/`, so a subtree is one prefix match."""

    name: str
    parent_id: UUID | None = None
    position: int = 0
    path: str = ""
    name_en: str | None = None  # shown in the English UI; the Chinese name when None
    depth: int = 1
    sibling_key: str = ""  # unique: two siblings never share a name, even when created at the same moment
    id: UUID = field(default_factory=uuid4)
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def place_under(self, parent: Category | None) -> None:
        self.parent_id = parent.id if parent else None
        self.path = f"{parent.path if parent else '/'}{self.id}/"
        self.depth = parent.depth + 1 if parent else 1
        self.rename(self.name)

    def rename(self, name: str) -> None:
        self.name = name
        self.sibling_key = f"{self.parent_id or 'root'}/{name.casefold()}"


@dataclass(eq=False)
class Sku:
    """One sellable variant of a product (colour/size…), with its prices in minor units of `currency`."""

    product_id: UUID
    code: str
    retail_price_minor: int
    attributes: dict[str, str] = field(default_factory=dict)
    # English words of the attributes, by the attribute's own name: {"颜色": {"name": "Colour", "value": "Red"}}
    attributes_en: dict[str, dict[str, str]] = field(default_factory=dict)
    barcode: str | None = None
    wholesale_price_minor: int | None = None
    promo_price_minor: int | None = None
    promo_starts_at: datetime | None = None
    promo_ends_at: datetime | None = None
    currency: str = field(kw_only=True)  # no default: the shop's base currency comes from settings
    weight_grams: int | None = None
    active: bool = True
    position: int = 0
    id: UUID = field(default_factory=uuid4)
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def title(self) -> str:
        """`红 / M` — the spec values in their given order."""
        return " / ".join(self.attributes.values())

    @property
    def title_en(self) -> str:
        """`Red / M` — each value in English where staff gave one, else as given."""
        return " / ".join(self.attributes_en.get(k, {}).get("value") or v for k, v in self.attributes.items())


@dataclass(eq=False)
class ProductImage:
    product_id: UUID
    url: str
    thumbnail_url: str
    position: int = 0
    id: UUID = field(default_factory=uuid4)
    created_at: datetime | None = None


@dataclass(eq=False)
class Product:
    """A product (SPU) with its SKUs. `price_minor`, `search_text` and `search_tokens` are kept for listing and
    search; `in_stock` is kept by the inventory (see `domain/catalog/in_stock.py`), never set here."""

    code: str
    name: str
    category_id: UUID | None = None
    name_en: str | None = None  # shown in the English UI when given; the shop's own name otherwise
    brand: str = ""
    description: str = ""
    tags: list[str] = field(default_factory=list)
    status: ProductStatus = ProductStatus.DRAFT
    currency: str = field(kw_only=True)  # no default: the shop's base currency comes from settings
    price_minor: int = 0  # lowest effective retail price among active SKUs, for sorting and price filters
    sales_count: int = 0
    search_text: str = ""
    search_tokens: str = ""
    in_stock: bool = False
    published_at: datetime | None = None
    skus: list[Sku] = field(default_factory=list)
    images: list[ProductImage] = field(default_factory=list)
    id: UUID = field(default_factory=uuid4)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    # Counts the product's saves (storage bumps it on every write of the row): an editor sends back the version
    # it loaded, so a save over someone else's newer one is refused rather than silently overwriting it.
    version: int = 0

    def refresh_search_text(self) -> None:
        parts: list[Any] = [self.code, self.name, self.name_en, self.brand, *self.tags]
        for sku in self.skus:
            parts += [sku.code, sku.barcode, *sku.attributes.values()]
            parts += [words.get("value") for words in sku.attributes_en.values()]
        self.search_text = " ".join(str(p) for p in parts if p).lower()[:2000]
        self.search_tokens = search_tokens.of_text(self.search_text)
