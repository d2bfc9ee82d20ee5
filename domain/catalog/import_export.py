"""Catalog import (dry run, then an all-or-nothing apply) and export of products with their SKUs."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from uuid import UUID, uuid4

from domain.audit import service as audit
from domain.catalog import import_plan, importing
from domain.catalog.entities import ProductStatus
from domain.catalog.ports import CatalogUoW, ProductQuery
from domain.errors import NotFound, RuleViolation
from domain.identity.actor import Actor
from domain.ports import Clock

EXPORT_BATCH = 500


@dataclass(frozen=True)
class ImportReport:
    dry_run: bool
    rows: int
    products_created: int = 0
    products_updated: int = 0
    skus_created: int = 0
    skus_updated: int = 0
    errors: list[importing.RowError] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.errors


class ImportRejected(RuleViolation):
    """Applying a file with errors: nothing was written. Carries the report so the caller can show every error."""

    code = "import.invalid"
    message = "The file has errors; nothing was imported."

    def __init__(self, report: ImportReport) -> None:
        super().__init__(count=len(report.errors))
        self.report = report


@dataclass(frozen=True)
class Table:
    """A spreadsheet as read from the file: the header cells and each later record with its line number."""

    header: list[str]
    records: list[tuple[int, list[str]]]


async def import_catalog(
    uow: CatalogUoW, clock: Clock, actor: Actor, table: Table, *, currency: str, dry_run: bool, filename: str = ""
) -> ImportReport:
    """Check a catalog file and, unless `dry_run`, apply it in one transaction; any error means nothing changes.
    Prices are read in `currency`, the shop's, and new products are priced in it."""
    rows, errors = await _checked_rows(uow, table, currency)
    products = await uow.products.by_codes(sorted({r.product.code for r in rows}))
    existing = import_plan.Existing(
        products={p.code: p for p in products},
        sku_owners=await uow.products.sku_codes_taken(sorted({r.sku.code for r in rows})),
        barcode_owners=await uow.products.barcodes_taken(sorted({r.sku.barcode for r in rows if r.sku.barcode})),
    )
    plan = import_plan.plan_import(rows, existing)
    errors = sorted(
        errors + plan.errors,
        key=lambda e: (e.line, importing.KEYS.index(e.column) if e.column in importing.KEYS else -1),
    )
    report = ImportReport(
        dry_run=dry_run,
        rows=len(table.records),
        products_created=plan.products_created,
        products_updated=plan.products_updated,
        skus_created=plan.skus_created,
        skus_updated=plan.skus_updated,
        errors=errors,
    )
    if dry_run:
        return report
    if errors:
        raise ImportRejected(report)
    now = clock.now()
    for product in import_plan.apply_plan(plan, now, currency):
        await uow.products.add(product)
    await uow.flush()
    counts = {k: v for k, v in vars(report).items() if k not in ("errors", "dry_run")}
    await audit.record(
        uow,
        actor,
        action="catalog.import",
        target_type="catalog_import",
        target_id=uuid4(),  # an import has no row of its own; the file name may be longer than an id
        at=now,
        after={"file": filename[:200], **counts},
    )
    return report


async def _checked_rows(
    uow: CatalogUoW, table: Table, currency: str
) -> tuple[list[importing.ParsedRow], list[importing.RowError]]:
    positions, errors = importing.read_header(table.header)
    if errors:  # a bad header makes every row unreadable: report the header alone
        return [], errors
    if not table.records:
        return [], [importing.RowError(1, None, "import.empty", "The file has no rows below the header.")]
    lookup = import_plan.category_lookup(import_plan.category_paths(await uow.categories.all()))
    rows: list[importing.ParsedRow] = []
    for line, cells in table.records:
        row, row_errors = importing.parse_row(line, importing.cells_of(positions, cells), lookup, currency)
        errors += row_errors
        if row is not None:
            rows.append(row)
    return rows, errors


async def export_query(
    uow: CatalogUoW,
    *,
    keyword: str | None = None,
    category_id: UUID | None = None,
    status: ProductStatus | None = None,
    brand: str | None = None,
) -> ProductQuery:
    """The product-list filters of an export (404 for an unknown category), checked before the file starts."""
    path = None
    if category_id is not None:
        category = await uow.categories.get(category_id)
        if category is None:
            raise NotFound("The category does not exist.", code="category.not_found")
        path = category.path
    return ProductQuery(keyword=keyword, category_path=path, status=status, brand=brand, sort="code")


async def export_rows(uows: Callable[[], CatalogUoW], query: ProductQuery) -> AsyncIterator[list[dict[str, str]]]:
    """The file rows of every matching product, a batch at a time; each batch in a short read of its own, so a
    large export never holds one long transaction (a use case of several read-only units of work)."""
    async with uows() as uow:
        paths = import_plan.category_paths(await uow.categories.all())
    offset = 0
    while True:
        async with uows() as uow:
            products, _ = await uow.products.search(query, offset=offset, limit=EXPORT_BATCH)
        batch = [
            row
            for product in products
            for row in import_plan.rows_of(product, paths.get(product.category_id, "") if product.category_id else "")
        ]
        if batch:
            yield batch
        if len(products) < EXPORT_BATCH:
            return
        offset += EXPORT_BATCH


TEMPLATE_ROWS = [
    {
        "product_code": "P-1001",
        "product_name": "纯棉T恤",
        "product_name_en": "Cotton T-shirt",
        "category": "服装/男装",
        "brand": "全单通",
        "status": "draft",
        "description": "100% 棉",
        "tags": "新品;夏季",
        "sku_code": "P-1001-RED-M",
        "barcode": "6901234567892",
        # the editor's syntax (domain/catalog/attribute_syntax.py): English after `|`, optional
        "attributes": "颜色|Colour=红|Red;尺码|Size=M",
        "retail_price": "99.00",
        "wholesale_price": "69.00",
        "promo_price": "79.00",
        "promo_starts_at": "2026-12-01T00:00:00+08:00",
        "promo_ends_at": "2026-12-12T23:59:59+08:00",
        "weight_grams": "250",
    },
    {  # the same product in blue: English words are optional, here given on the option's name only
        "product_code": "P-1001",
        "product_name": "纯棉T恤",
        "product_name_en": "Cotton T-shirt",
        "category": "服装/男装",
        "brand": "全单通",
        "status": "draft",
        "description": "100% 棉",
        "tags": "新品;夏季",
        "sku_code": "P-1001-BLUE-M",
        "barcode": "",
        "attributes": "颜色|Colour=蓝;尺码|Size=M",
        "retail_price": "99.00",
        "wholesale_price": "69.00",
        "promo_price": "",
        "promo_starts_at": "",
        "promo_ends_at": "",
        "weight_grams": "250",
    },
]
