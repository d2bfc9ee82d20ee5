"""SKU input rules shared by every way a SKU is written (editor, batch prices, import): prices, promotion
windows, unique codes and barcodes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain import money
from domain.catalog import attribute_syntax, pricing
from domain.catalog.entities import Product, ProductStatus, Sku
from domain.catalog.ports import CatalogUoW
from domain.errors import Conflict, RuleViolation

PRICE_FIELDS = ("retail_price", "wholesale_price", "promo_price")
MAX_PRICE_MINOR = 10**13  # far above any real price, far below BIGINT


@dataclass
class SkuInput:
    """A SKU as a person or a file describes it: prices are decimal amounts in the product's currency."""

    code: str
    retail_price: Decimal
    attributes: dict[str, str] = field(default_factory=dict)
    attributes_en: dict[str, dict[str, str]] = field(default_factory=dict)
    barcode: str | None = None
    wholesale_price: Decimal | None = None
    promo_price: Decimal | None = None
    promo_starts_at: datetime | None = None
    promo_ends_at: datetime | None = None
    weight_grams: int | None = None
    active: bool = True


def price_minor(amount: Decimal | None, currency: str, field: str) -> int | None:
    """Minor units of a typed price; 422 `price.invalid` when negative, too precise or absurdly large."""
    if amount is None:
        return None
    invalid = RuleViolation(
        f"{field}: a price is a non-negative amount with at most {money.precision(currency)} decimals.",
        code="price.invalid",
        field=field,
    )
    if not amount.is_finite() or amount < 0:
        raise invalid
    try:
        minor = money.to_minor(amount, currency)
    except ValueError as exc:
        raise invalid from exc
    if minor > MAX_PRICE_MINOR:
        raise invalid
    return minor


def new_sku(product: Product, data: SkuInput, *, position: int, field: str, at: datetime) -> Sku:
    sku = Sku(
        product_id=product.id,
        code=data.code,
        retail_price_minor=0,
        currency=product.currency,
        position=position,
        created_at=at,
    )
    apply_changes(sku, _as_changes(data), field=field)
    return sku


def _as_changes(data: SkuInput) -> dict[str, Any]:
    return {name: getattr(data, name) for name in SkuInput.__dataclass_fields__}


def apply_changes(sku: Sku, changes: dict[str, Any], *, field: str) -> None:
    """Validate and apply SKU field changes (prices as decimals); nothing is applied when one is invalid."""
    values: dict[str, Any] = {}
    for name, value in changes.items():
        if name in PRICE_FIELDS:
            if name == "retail_price" and value is None:
                raise RuleViolation("A SKU needs a retail price.", code="price.invalid", field=f"{field}.{name}")
            values[f"{name}_minor"] = price_minor(value, sku.currency, f"{field}.{name}")
        elif name in ("code", "barcode", "attributes", "promo_starts_at", "promo_ends_at", "weight_grams", "active"):
            values[name] = (value or None) if name == "barcode" else value  # a blank barcode is no barcode
        elif name != "attributes_en":
            raise ValueError(f"not a SKU field: {name}")  # callers pass schema fields only
    if "attributes_en" in changes or "attributes" in values:
        # English words belong to the attributes the SKU has: those of a removed attribute go with it
        english = changes.get("attributes_en", sku.attributes_en) or {}
        values["attributes_en"] = attribute_syntax.english_of(values.get("attributes", sku.attributes), english)
    starts = values.get("promo_starts_at", sku.promo_starts_at)
    ends = values.get("promo_ends_at", sku.promo_ends_at)
    if starts is not None and ends is not None and starts >= ends:
        raise RuleViolation(
            "A promotion must start before it ends.", code="sku.promo_window_invalid", field=f"{field}.promo_ends_at"
        )
    for name, value in values.items():
        setattr(sku, name, value)


async def ensure_codes_free(uow: CatalogUoW, product_id: UUID, wanted: list[tuple[str, str, str | None]]) -> None:
    """Refuse SKU codes and barcodes used twice in `wanted` or by another product's SKU.

    `wanted` holds (field for errors, code, barcode) for every SKU the product will have. Call it before changing
    any SKU in the session: the queries below would otherwise flush the change and trip the unique index first."""
    codes: dict[str, str] = {}
    barcodes: dict[str, str] = {}
    for where, code, barcode in wanted:
        if code in codes:
            raise _code_taken(code, f"{where}.code")
        codes[code] = where
        if barcode:
            if barcode in barcodes:
                raise _barcode_taken(barcode, f"{where}.barcode")
            barcodes[barcode] = where
    for code, owner in (await uow.products.sku_codes_taken(list(codes))).items():
        if owner != product_id:
            raise _code_taken(code, f"{codes[code]}.code")
    for barcode, owner in (await uow.products.barcodes_taken(list(barcodes))).items():
        if owner != product_id:
            raise _barcode_taken(barcode, f"{barcodes[barcode]}.barcode")


def _code_taken(code: str, field: str) -> Conflict:
    return Conflict("This SKU code is already used.", code="sku.code_taken", field=field, sku_code=code)


def _barcode_taken(barcode: str, field: str) -> Conflict:
    return Conflict("This barcode is already used.", code="sku.barcode_taken", field=field, barcode=barcode)


def refresh_derived(product: Product, at: datetime) -> None:
    """Keep the listing price and search text in step with the SKUs, and refuse an unsellable product on sale."""
    if product.status == ProductStatus.ON_SALE:
        ensure_sellable(product)
    product.price_minor = pricing.listing_price_minor(product.skus, at)
    product.refresh_search_text()
    product.updated_at = at


def ensure_sellable(product: Product) -> None:
    missing = []
    if product.category_id is None:
        missing.append("category")
    if not any(s.active for s in product.skus):
        missing.append("active_sku")
    if missing:
        raise RuleViolation(
            "A product on sale needs a category and at least one active SKU with a price.",
            code="product.not_sellable",
            product_id=str(product.id),
            missing=missing,
        )


def snapshot(sku: Sku) -> dict[str, Any]:
    return {
        "code": sku.code,
        "barcode": sku.barcode,
        "attributes": dict(sku.attributes),
        "attributes_en": {name: dict(words) for name, words in sku.attributes_en.items()},
        "retail_price_minor": sku.retail_price_minor,
        "wholesale_price_minor": sku.wholesale_price_minor,
        "promo_price_minor": sku.promo_price_minor,
        "promo_starts_at": sku.promo_starts_at.isoformat() if sku.promo_starts_at else None,
        "promo_ends_at": sku.promo_ends_at.isoformat() if sku.promo_ends_at else None,
        "active": sku.active,
    }


def wanted_codes(product: Product) -> list[tuple[str, str, str | None]]:
    return [(f"skus.{i}", s.code, s.barcode) for i, s in enumerate(product.skus)]
