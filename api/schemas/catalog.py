"""Request and response bodies of the back-office catalog: categories, products, SKUs, images, batch edits."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import AfterValidator, Field, StrictBool, model_validator
from pydantic.config import JsonDict

from api.schemas.common import DecimalText, IsoTime, MoneyOut, Schema, WholeNumber
from domain.catalog.categories import CategoryNode
from domain.catalog.entities import BARCODE_SHAPE, CODE_SHAPE, Category, ProductImage, ProductStatus, Sku
from domain.catalog.listing import ProductView
from domain.catalog.product_save import ProductSave, SkuLine
from domain.catalog.sku_rules import SkuInput

# PostgreSQL text cannot hold NUL: refuse it as bad input (422) instead of failing in the database (500)
NO_NUL = r"^[^\x00]*$"
Name = Annotated[str, Field(min_length=1, max_length=64, pattern=NO_NUL)]
ProductName = Annotated[str, Field(min_length=1, max_length=200, pattern=NO_NUL)]
Brand = Annotated[str, Field(max_length=64, pattern=NO_NUL)]
Description = Annotated[str, Field(max_length=10_000, pattern=NO_NUL)]
Code = Annotated[str, Field(min_length=1, max_length=64, pattern=CODE_SHAPE)]
Barcode = Annotated[str, Field(max_length=64, pattern=BARCODE_SHAPE)]
Price = Annotated[
    DecimalText,
    Field(
        ge=0,
        # no max_digits: the pattern is the contract (12 digits, 6 decimals); the domain refuses what the currency
        # cannot hold (more decimals than CNY's 2) as 422 `price.invalid`, which a schema cannot say
        description="Decimal string in the product's currency, at most its decimals (CNY: 2)",
        examples=["12.50"],
    ),
]
Tag = Annotated[str, Field(min_length=1, max_length=32, pattern=NO_NUL)]
StaffSort = Literal["created_at", "-created_at", "price", "-price", "sales", "-sales", "name", "-name"]


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        raise ValueError("Give the time zone, e.g. 2026-12-01T00:00:00+08:00 or …Z.")
    return value


AwareTime = Annotated[IsoTime, AfterValidator(_aware)]


def _drop_null(schema: JsonDict) -> None:
    """Publish `X | None` as plain X, for fields that may be omitted but not set to null."""
    options = [o for o in schema.pop("anyOf", []) or [] if o != {"type": "null"}]  # type: ignore[union-attr]
    if len(options) == 1:
        for key, value in options[0].items():  # type: ignore[union-attr]
            schema.setdefault(key, value)  # the field's own title and description win
    elif options:
        schema["anyOf"] = options


def keep() -> Any:
    """Default of an update field that null cannot clear (the model refuses null)."""
    return Field(default=None, json_schema_extra=_drop_null)


def _attributes(value: dict[str, str]) -> dict[str, str]:
    if len(value) > 10 or any(not (0 < len(k) <= 32 and 0 < len(v) <= 64) for k, v in value.items()):
        raise ValueError("At most 10 specs, names up to 32 and values up to 64 characters, none empty.")
    if any("\x00" in k or "\x00" in v for k, v in value.items()):
        raise ValueError("Specs cannot contain NUL characters.")
    return value


Attributes = Annotated[dict[str, str], AfterValidator(_attributes)]
EnglishName = Annotated[str, Field(max_length=200, pattern=NO_NUL, description="Shown in the English UI; blank: none")]


class AttributeEnglish(Schema):
    """The English words of one attribute; a missing one falls back to the shop's own."""

    name: Annotated[str, Field(max_length=32, pattern=NO_NUL)] | None = None
    value: Annotated[str, Field(max_length=64, pattern=NO_NUL)] | None = None


AttributesEnglish = Annotated[
    dict[str, AttributeEnglish],
    Field(
        max_length=10,
        description="By the attribute's own name; words for attributes the SKU does not have are dropped",
        examples=[{"颜色": {"name": "Colour", "value": "Red"}, "尺码": {"name": "Size"}}],
    ),
]


# ---- categories ------------------------------------------------------------------------------------------------


CategoryEnglish = Annotated[
    str, Field(max_length=64, pattern=NO_NUL, description="Shown in the English UI; blank: none (the Chinese name)")
]


class CategoryCreate(Schema):
    name: Name
    name_en: CategoryEnglish | None = None
    parent_id: UUID | None = None
    position: Annotated[int, Field(ge=0, le=10_000, strict=True), WholeNumber] | None = None


class CategoryRename(Schema):
    name: Name
    name_en: CategoryEnglish | None = Field(default=None, description="Omitted: kept; null or blank: removed")


class CategoryMove(Schema):
    parent_id: UUID | None
    position: Annotated[int, Field(ge=0, le=10_000, strict=True), WholeNumber] = 0


class CategoryOut(Schema):
    id: UUID
    name: str
    name_en: str | None = Field(description="The English name, when staff gave one: show it in the English UI")
    parent_id: UUID | None
    position: int
    depth: int

    @classmethod
    def of(cls, category: Category) -> CategoryOut:
        return cls(
            id=category.id,
            name=category.name,
            name_en=category.name_en,
            parent_id=category.parent_id,
            position=category.position,
            depth=category.depth,
        )


class CategoryTreeOut(CategoryOut):
    product_count: int
    children: list[CategoryTreeOut]

    @classmethod
    def of_node(cls, node: CategoryNode) -> CategoryTreeOut:
        c = node.category
        return cls(
            id=c.id,
            name=c.name,
            name_en=c.name_en,
            parent_id=c.parent_id,
            position=c.position,
            depth=c.depth,
            product_count=node.product_count,
            children=[cls.of_node(child) for child in node.children],
        )


# ---- products and SKUs -----------------------------------------------------------------------------------------


class SkuFields(Schema):
    @model_validator(mode="after")
    def _promo_window(self) -> SkuFields:
        starts, ends = getattr(self, "promo_starts_at", None), getattr(self, "promo_ends_at", None)
        if starts is not None and ends is not None and starts >= ends:
            raise ValueError("A promotion must start before it ends.")
        return self


class SkuCreate(SkuFields):
    code: Code
    barcode: Barcode | None = None
    attributes: Attributes = Field(default_factory=dict, examples=[{"颜色": "红", "尺码": "M"}])
    attributes_en: AttributesEnglish = Field(default_factory=dict)
    retail_price: Price
    wholesale_price: Price | None = None
    promo_price: Price | None = None
    promo_starts_at: AwareTime | None = None
    promo_ends_at: AwareTime | None = None
    weight_grams: Annotated[int, Field(ge=0, le=10**7, strict=True), WholeNumber] | None = None
    active: StrictBool = True

    def as_input(self) -> SkuInput:
        return SkuInput(**self.model_dump())


class SkuUpdate(SkuFields):
    # omit a field to keep it; null is refused below (keep(): the schema does not offer null either)
    code: Code | None = keep()
    barcode: Barcode | None = None
    attributes: Attributes | None = keep()
    attributes_en: AttributesEnglish | None = keep()
    retail_price: Price | None = keep()
    wholesale_price: Price | None = None
    promo_price: Price | None = None
    promo_starts_at: AwareTime | None = None
    promo_ends_at: AwareTime | None = None
    weight_grams: Annotated[int, Field(ge=0, le=10**7, strict=True), WholeNumber] | None = None
    active: StrictBool | None = keep()

    @model_validator(mode="after")
    def _no_nulls(self) -> SkuUpdate:
        # null clears barcode, wholesale and promotion fields; these are required on a SKU
        for name in ("code", "attributes", "attributes_en", "retail_price", "active"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null.")
        return self


class ProductFields(Schema):
    name: ProductName
    name_en: EnglishName | None = None
    category_id: UUID | None = None
    brand: Brand = ""
    description: Description = ""
    tags: Annotated[list[Tag], Field(max_length=20)] = Field(default_factory=list)


class ProductCreate(ProductFields):
    code: Code
    status: ProductStatus = ProductStatus.DRAFT
    skus: Annotated[list[SkuCreate], Field(min_length=1, max_length=200)]


class ProductUpdate(Schema):
    # omit a field to keep it; null is refused below (keep(): the schema does not offer null either)
    code: Code | None = keep()
    name: ProductName | None = keep()
    name_en: EnglishName | None = None
    category_id: UUID | None = None
    brand: Brand | None = keep()
    description: Description | None = keep()
    tags: Annotated[list[Tag], Field(max_length=20)] | None = keep()

    @model_validator(mode="after")
    def _no_nulls(self) -> ProductUpdate:
        # null clears only the category; the other fields are required on a product
        for name in ("code", "name", "brand", "description", "tags"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null.")
        return self


class SkuSave(SkuCreate):
    id: UUID | None = Field(default=None, description="The SKU this row edits; omit it for a new SKU")

    def as_line(self) -> SkuLine:
        return SkuLine(SkuInput(**self.model_dump(exclude={"id"})), id=self.id)


class ProductSaveIn(ProductFields):
    """The whole product as the editor shows it; SKUs left out of `skus` are deleted."""

    code: Code
    status: ProductStatus
    skus: Annotated[list[SkuSave], Field(min_length=1, max_length=200)]
    version: Annotated[int, Field(ge=0)] | None = Field(
        default=None,
        description="The `version` of the product you loaded (or send it as `If-Match`); a stale one is refused",
        json_schema_extra=_drop_null,
    )

    def as_save(self) -> ProductSave:
        fields = self.model_dump(exclude={"skus", "version"})
        return ProductSave(**fields, skus=[s.as_line() for s in self.skus])


class StatusIn(Schema):
    status: ProductStatus


class BatchStatusIn(Schema):
    product_ids: Annotated[list[UUID], Field(min_length=1, max_length=500)]
    status: ProductStatus


class PriceItem(SkuFields):
    sku_id: UUID
    retail_price: Price | None = Field(
        default=None, description="Required on a SKU: omit it to keep it", json_schema_extra=_drop_null
    )
    wholesale_price: Price | None = None
    promo_price: Price | None = None
    promo_starts_at: AwareTime | None = None
    promo_ends_at: AwareTime | None = None


class BatchPricesIn(Schema):
    items: Annotated[list[PriceItem], Field(min_length=1, max_length=1000)]


class Updated(Schema):
    updated: int


class ImageOrderIn(Schema):
    image_ids: Annotated[list[UUID], Field(max_length=100)]


class ImageOut(Schema):
    id: UUID
    url: str
    thumbnail_url: str
    position: int

    @classmethod
    def of(cls, image: ProductImage) -> ImageOut:
        return cls(id=image.id, url=image.url, thumbnail_url=image.thumbnail_url, position=image.position)


class SkuOut(Schema):
    id: UUID
    product_id: UUID
    code: str
    barcode: str | None
    attributes: dict[str, str]
    attributes_en: dict[str, AttributeEnglish]
    title: str
    retail_price: MoneyOut
    wholesale_price: MoneyOut | None
    promo_price: MoneyOut | None
    promo_starts_at: datetime | None
    promo_ends_at: datetime | None
    weight_grams: int | None
    active: bool
    position: int
    available: int

    @classmethod
    def of(cls, sku: Sku, available: int = 0) -> SkuOut:
        retail = MoneyOut.minor(sku.retail_price_minor, sku.currency)
        assert retail is not None
        return cls(
            id=sku.id,
            product_id=sku.product_id,
            code=sku.code,
            barcode=sku.barcode,
            attributes=dict(sku.attributes),
            attributes_en={k: AttributeEnglish(**v) for k, v in sku.attributes_en.items()},
            title=sku.title,
            retail_price=retail,
            wholesale_price=MoneyOut.minor(sku.wholesale_price_minor, sku.currency),
            promo_price=MoneyOut.minor(sku.promo_price_minor, sku.currency),
            promo_starts_at=sku.promo_starts_at,
            promo_ends_at=sku.promo_ends_at,
            weight_grams=sku.weight_grams,
            active=sku.active,
            position=sku.position,
            available=available,
        )


class ProductSummary(Schema):
    id: UUID
    code: str
    name: str
    name_en: str | None
    brand: str
    category_id: UUID | None
    category_name: str | None
    status: ProductStatus
    price: MoneyOut
    sales_count: int
    sku_count: int
    stock_available: int
    cover_url: str | None
    tags: list[str]
    published_at: datetime | None
    created_at: datetime | None
    updated_at: datetime | None

    @classmethod
    def of(cls, view: ProductView) -> ProductSummary:
        p = view.product
        price = MoneyOut.minor(p.price_minor, p.currency)
        assert price is not None
        return cls(
            id=p.id,
            code=p.code,
            name=p.name,
            name_en=p.name_en,
            brand=p.brand,
            category_id=p.category_id,
            category_name=view.category_name,
            status=p.status,
            price=price,
            sales_count=p.sales_count,
            sku_count=len(p.skus),
            stock_available=view.available,
            cover_url=p.images[0].thumbnail_url if p.images else None,
            tags=list(p.tags),
            published_at=p.published_at,
            created_at=p.created_at,
            updated_at=p.updated_at,
        )


class ProductDetail(ProductSummary):
    description: str
    skus: list[SkuOut]
    images: list[ImageOut]
    version: int = Field(description="Send it back with `PUT /products/{id}` (also the `ETag`)")

    @classmethod
    def of_view(cls, view: ProductView) -> ProductDetail:
        p = view.product
        return cls(
            **ProductSummary.of(view).model_dump(),
            description=p.description,
            skus=[SkuOut.of(s, view.available_by_sku.get(s.id, 0)) for s in p.skus],
            images=[ImageOut.of(i) for i in p.images],
            version=p.version,
        )
