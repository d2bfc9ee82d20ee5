"""From checked rows to a plan: rows grouped into products, checks across rows and against the database, the
creates and updates, and applying them to entities. Pure; domain/catalog/import_export.py runs it in a unit of
work. Also the reverse, entity → row, so an exported file re-imports unchanged."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from uuid import UUID

from domain.catalog import attribute_syntax, sku_rules
from domain.catalog.entities import Category, Product, ProductStatus, Sku
from domain.catalog.importing import PRODUCT_KEYS, ParsedRow, ProductFields, RowError, category_key
from domain.catalog.sku_rules import SkuInput
from domain.catalog.state import ACTION_TO, PRODUCT
from domain.money import Money

_PRODUCT_FIELD_OF_COLUMN = {
    "product_code": "code",
    "product_name": "name",
    "product_name_en": "name_en",
    "category": "category_id",
    "brand": "brand",
    "status": "status",
    "description": "description",
    "tags": "tags",
}
assert set(_PRODUCT_FIELD_OF_COLUMN) == set(PRODUCT_KEYS)


@dataclass(frozen=True)
class Existing:
    """What the database already holds for the codes and barcodes in the file."""

    products: Mapping[str, Product]  # by product code
    sku_owners: Mapping[str, UUID]  # sku code → product id
    barcode_owners: Mapping[str, UUID]  # barcode → product id


@dataclass
class ProductPlan:
    fields: ProductFields
    existing: Product | None
    skus: list[tuple[int, SkuInput]] = field(default_factory=list)  # with the line each comes from


@dataclass
class ImportPlan:
    products: list[ProductPlan] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def products_created(self) -> int:
        return sum(1 for p in self.products if p.existing is None)

    @property
    def products_updated(self) -> int:
        return sum(1 for p in self.products if p.existing is not None)

    @property
    def skus_updated(self) -> int:
        return sum(1 for p in self.products if p.existing for _, s in p.skus if _sku(p.existing, s.code) is not None)

    @property
    def skus_created(self) -> int:
        return sum(len(p.skus) for p in self.products) - self.skus_updated


def category_paths(categories: Iterable[Category]) -> dict[UUID, str]:
    """Each category's display path, `服装/男装`."""
    by_id = {c.id: c for c in categories}

    def path(category: Category) -> str:
        parent = by_id.get(category.parent_id) if category.parent_id else None
        return f"{path(parent)}/{category.name}" if parent else category.name

    return {c.id: path(c) for c in by_id.values()}


def category_lookup(paths: Mapping[UUID, str]) -> dict[str, UUID]:
    return {category_key(p): category_id for category_id, p in paths.items()}


def plan_import(rows: list[ParsedRow], existing: Existing) -> ImportPlan:
    """Group rows by product code and check what single rows cannot: agreement, duplicates, codes taken."""
    plan = ImportPlan()
    by_code: dict[str, ProductPlan] = {}
    first_line: dict[str, int] = {}
    sku_lines: dict[str, int] = {}
    barcode_lines: dict[str, int] = {}
    for row in rows:
        errors = []
        group = by_code.get(row.product.code)
        product = existing.products.get(row.product.code)
        if group is not None:
            errors += _disagreements(row, group.fields, first_line[row.product.code])
        else:
            errors += _status_change(row, product)
        errors += _sku_clashes(row, product, existing, sku_lines, barcode_lines)
        if errors:
            plan.errors += errors
            continue
        if group is None:
            group = by_code[row.product.code] = ProductPlan(row.product, product)
            first_line[row.product.code] = row.line
            plan.products.append(group)
        group.skus.append((row.line, row.sku))
    return plan


def _status_change(row: ParsedRow, product: Product | None) -> list[RowError]:
    """The status moves a product may make in the editor, it may make by file (a new product starts as draft)."""
    current = product.status if product else ProductStatus.DRAFT
    wanted = row.product.status
    if wanted is None or wanted == current or PRODUCT.can(current, ACTION_TO[wanted]):
        return []
    message = f"A product cannot go from {current} to {wanted}."
    params: dict[str, str | int] = {"column": "status", "status_from": str(current), "status_to": str(wanted)}
    return [RowError(row.line, "status", "import.status_transition", message, params)]


def _disagreements(row: ParsedRow, first: ProductFields, line: int) -> list[RowError]:
    return [
        RowError(
            row.line,
            column,
            "import.product_conflict",
            f"'{column}' differs from line {line} of the same product.",
            {"column": column, "first_line": line},
        )
        for column, attr in _PRODUCT_FIELD_OF_COLUMN.items()
        if getattr(row.product, attr) != getattr(first, attr)
    ]


def _sku_clashes(
    row: ParsedRow,
    product: Product | None,
    existing: Existing,
    sku_lines: dict[str, int],
    barcode_lines: dict[str, int],
) -> list[RowError]:
    errors: list[RowError] = []
    sku = row.sku
    if sku.code in sku_lines:
        line = sku_lines[sku.code]
        errors.append(_error(row, "sku_code", "import.duplicate_sku_code", f"SKU code also on line {line}.", line))
    else:
        sku_lines[sku.code] = row.line
    owner = existing.sku_owners.get(sku.code)
    if owner is not None and (product is None or owner != product.id):
        errors.append(_error(row, "sku_code", "import.sku_code_taken", "Another product already has this SKU code."))
    if sku.barcode is None:
        return errors
    if sku.barcode in barcode_lines:
        line = barcode_lines[sku.barcode]
        errors.append(_error(row, "barcode", "import.duplicate_barcode", f"Barcode also on line {line}.", line))
    else:
        barcode_lines[sku.barcode] = row.line
    holder = existing.barcode_owners.get(sku.barcode)
    same_sku = product is not None and holder == product.id and _barcode_holder(product, sku.barcode) == sku.code
    if holder is not None and not same_sku:
        errors.append(_error(row, "barcode", "import.barcode_taken", "Another SKU already has this barcode."))
    return errors


def _error(row: ParsedRow, column: str, code: str, message: str, line: int | None = None) -> RowError:
    params: dict[str, str | int] = {"column": column}
    if line is not None:
        params["first_line"] = line
    return RowError(row.line, column, code, message, params)


def _sku(product: Product, code: str) -> Sku | None:
    return next((s for s in product.skus if s.code == code), None)


def _barcode_holder(product: Product, barcode: str) -> str | None:
    return next((s.code for s in product.skus if s.barcode == barcode), None)


def apply_plan(plan: ImportPlan, now: datetime, currency: str) -> list[Product]:
    """Create and update the planned products and SKUs through the catalog's own SKU rules; returns the new
    products (for the repository), priced in `currency` (the shop's). SKUs of an existing product that the file does not list stay as they are: a
    file upserts, it never deletes."""
    created: list[Product] = []
    for item in plan.products:
        product = item.existing
        if product is None:
            product = Product(code=item.fields.code, name=item.fields.name, created_at=now, currency=currency)
            created.append(product)
        _set_product(product, item.fields, now)
        for line, data in item.skus:
            sku = _sku(product, data.code)
            where = f"line {line}"
            if sku is None:
                position = max((s.position for s in product.skus), default=-1) + 1
                product.skus.append(sku_rules.new_sku(product, data, position=position, field=where, at=now))
            else:
                _update_sku(sku, data, where, now)
        sku_rules.refresh_derived(product, now)
    return created


def _set_product(product: Product, values: ProductFields, now: datetime) -> None:
    product.name = values.name
    product.name_en = values.name_en
    product.category_id = values.category_id
    product.brand = values.brand
    product.description = values.description
    product.tags = list(values.tags)
    if values.status is not None and values.status != product.status:
        if values.status == ProductStatus.ON_SALE:
            product.published_at = product.published_at or now
        product.status = values.status


def _update_sku(sku: Sku, data: SkuInput, where: str, now: datetime) -> None:
    # `active` is no column of the file: an imported row never switches a SKU on or off
    changes = {name: getattr(data, name) for name in SkuInput.__dataclass_fields__ if name != "active"}
    before = sku_rules.snapshot(sku), sku.weight_grams
    sku_rules.apply_changes(sku, changes, field=where)
    if (sku_rules.snapshot(sku), sku.weight_grams) != before:
        sku.updated_at = now


def rows_of(product: Product, category_path: str) -> list[dict[str, str]]:
    """The file rows of a product, one per SKU, in the import format (so they re-import unchanged)."""
    product_cells = {
        "product_code": product.code,
        "product_name": product.name,
        "product_name_en": product.name_en or "",
        "category": category_path,
        "brand": product.brand,
        "status": str(product.status),
        "description": product.description,
        "tags": ";".join(product.tags),
    }
    return [
        {
            **product_cells,
            "sku_code": sku.code,
            "barcode": sku.barcode or "",
            "attributes": attribute_syntax.format_attributes(sku.attributes, sku.attributes_en),
            "retail_price": _amount(sku.retail_price_minor, sku.currency),
            "wholesale_price": _amount(sku.wholesale_price_minor, sku.currency),
            "promo_price": _amount(sku.promo_price_minor, sku.currency),
            "promo_starts_at": _time(sku.promo_starts_at),
            "promo_ends_at": _time(sku.promo_ends_at),
            "weight_grams": "" if sku.weight_grams is None else str(sku.weight_grams),
        }
        for sku in product.skus
    ]


def _amount(minor: int | None, currency: str) -> str:
    return "" if minor is None else str(Money.of_minor(minor, currency).amount)


def _time(moment: datetime | None) -> str:
    return "" if moment is None else moment.astimezone(UTC).isoformat()
