"""Catalog files, one row per SKU: the columns, and checking each row into typed product and SKU fields.

Pure: reading CSV/XLSX is infra/spreadsheets.py; grouping rows into products is domain/catalog/import_plan.py.
Cell rules a user must know (they are in the import template and the API docs):
- rows sharing `product_code` form one product; its product columns must agree on every row;
- `product_name_en` is the optional English name, shown in the English UI (the shop's own name otherwise);
- `category` is a path of existing category names, `服装/男装`; `tags` are `a;b`; `attributes` are written as in
  the product editor (domain/catalog/attribute_syntax.py): `颜色|Colour=红|Red;尺码|Size=M`, the English after
  `|` optional (full-width `；` `＝` `｜` work too);
- prices are decimal strings in CNY (at most 2 decimals, not negative);
- promotion times are ISO-8601 **with an offset** (`2026-12-01T00:00:00+08:00` or `…Z`): a naive time is refused
  rather than guessed, because guessing UTC or Beijing time would silently shift a promotion by 8 hours;
- an empty cell clears an optional value, except `status`: empty keeps an existing product's status (new: draft);
- a cell starting with `'` followed by `= + - @` is read without the `'` (exports add it against CSV formula
  injection in spreadsheet programs).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from uuid import UUID

from domain import money
from domain.catalog import attribute_syntax, sku_rules
from domain.catalog.entities import BARCODE_SHAPE, CODE_SHAPE, ProductStatus
from domain.catalog.sku_rules import SkuInput
from domain.errors import RuleViolation

MAX_ROWS = 10_000
MAX_BYTES = 5 * 1024 * 1024
MAX_WEIGHT_GRAMS = 10**7
MAX_TAGS = 20
# The same shapes the product editor accepts, so an imported product stays editable there.
CODE_PATTERN = re.compile(CODE_SHAPE)
BARCODE_PATTERN = re.compile(BARCODE_SHAPE)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    key: str
    label_zh: str
    required: bool = False
    max_length: int = 0  # 0: not a plain text column, checked by its parser
    product_level: bool = False  # must agree on every row of a product


COLUMNS: tuple[Column, ...] = (
    Column("product_code", "商品编码", required=True, max_length=64, product_level=True),
    Column("product_name", "商品名称", required=True, max_length=200, product_level=True),
    Column("product_name_en", "英文名称", max_length=200, product_level=True),
    Column("category", "分类", required=True, product_level=True),
    Column("brand", "品牌", max_length=64, product_level=True),
    Column("status", "状态", product_level=True),
    Column("description", "描述", max_length=10_000, product_level=True),
    Column("tags", "标签", product_level=True),
    Column("sku_code", "SKU编码", required=True, max_length=64),
    Column("barcode", "条码", max_length=64),
    Column("attributes", "规格"),
    Column("retail_price", "零售价", required=True),
    Column("wholesale_price", "批发价"),
    Column("promo_price", "促销价"),
    Column("promo_starts_at", "促销开始"),
    Column("promo_ends_at", "促销结束"),
    Column("weight_grams", "重量"),
)
KEYS = tuple(c.key for c in COLUMNS)
BY_KEY = {c.key: c for c in COLUMNS}
PRODUCT_KEYS = tuple(c.key for c in COLUMNS if c.product_level)
_ALIASES = {
    **{c.key: c.key for c in COLUMNS},
    **{c.label_zh.lower(): c.key for c in COLUMNS},
    "重量(克)": "weight_grams",
    "重量（克）": "weight_grams",
    "sku": "sku_code",
}
STATUS_ALIASES = {
    **{s.value: s for s in ProductStatus},
    "草稿": ProductStatus.DRAFT,
    "在售": ProductStatus.ON_SALE,
    "上架": ProductStatus.ON_SALE,
    "下架": ProductStatus.OFF_SALE,
}


@dataclass(frozen=True)
class RowError:
    """One problem in the file. `line` is the file's line (header = 1); `params` fill the translated message."""

    line: int
    column: str | None
    code: str
    message: str
    params: dict[str, str | int] = field(default_factory=dict)


@dataclass(frozen=True)
class ProductFields:
    code: str
    name: str
    category_id: UUID | None  # None only from the editor (a draft may have none); a file always names one
    name_en: str | None
    brand: str
    status: ProductStatus | None  # None: keep the current status (draft when new)
    description: str
    tags: tuple[str, ...]


@dataclass(frozen=True)
class ParsedRow:
    line: int
    product: ProductFields
    sku: SkuInput  # the catalog's own SKU input: applied through sku_rules like an edit in the back office


def column_key(header: str) -> str | None:
    """The column a header names: its key or Chinese label, ignoring case, spaces and a required-mark `*`."""
    text = header.replace("\ufeff", "").strip().rstrip("*").strip().lower()
    return _ALIASES.get(text)


def read_header(header: list[str]) -> tuple[dict[int, str], list[RowError]]:
    """Which cell position holds which column; errors for unknown, repeated and missing required columns."""
    positions: dict[int, str] = {}
    errors: list[RowError] = []

    def fail(column: str, code: str, message: str) -> None:
        errors.append(RowError(1, column, code, message, {"column": column}))

    for index, text in enumerate(header):
        if not text.strip():
            continue
        key = column_key(text)
        if key is None:
            fail(text.strip()[:64], "import.unknown_column", f"Unknown column '{text.strip()[:64]}'.")
        elif key in positions.values():
            fail(key, "import.duplicate_column", f"Column '{key}' appears twice.")
        else:
            positions[index] = key
    for column in COLUMNS:
        if column.required and column.key not in positions.values():
            fail(column.key, "import.missing_column", f"The required column '{column.key}' is missing.")
    return positions, errors


def cells_of(positions: dict[int, str], cells: list[str]) -> dict[str, str]:
    """A record's cells by column key, stripped, with the anti-formula quote removed."""
    values = dict.fromkeys(KEYS, "")
    for index, key in positions.items():
        text = cells[index].strip() if index < len(cells) else ""
        if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
            text = text[1:]
        values[key] = text
    return values


def parse_row(
    line: int, cells: Mapping[str, str], categories: Mapping[str, UUID], currency: str
) -> tuple[ParsedRow | None, list[RowError]]:
    """Check every cell of one row, prices as amounts of `currency` (the shop's); a row with any error yields no
    ParsedRow (and every error is reported)."""
    check = _RowCheck(line, cells, currency)
    for column in COLUMNS:
        check.text(column)
    check.pattern("product_code", CODE_PATTERN)
    check.pattern("sku_code", CODE_PATTERN)
    check.pattern("barcode", BARCODE_PATTERN)
    category_id = check.category(categories)
    status = check.status()
    tags = check.tags()
    attributes = check.attributes()
    prices = {key: check.price(key) for key in ("retail_price", "wholesale_price", "promo_price")}
    starts, ends = check.time("promo_starts_at"), check.time("promo_ends_at")
    if starts and ends and starts >= ends:  # as sku_rules.apply_changes, which checks again when applying
        check.fail("promo_ends_at", "import.promo_window", "The promotion must end after it starts.")
    weight = check.weight()
    if check.errors or category_id is None or prices["retail_price"] is None:
        return None, check.errors
    product = ProductFields(
        code=cells["product_code"],
        name=cells["product_name"],
        name_en=cells["product_name_en"] or None,
        category_id=category_id,
        brand=cells["brand"],
        status=status,
        description=cells["description"],
        tags=tags,
    )
    sku = SkuInput(
        code=cells["sku_code"],
        barcode=cells["barcode"] or None,
        attributes=attributes.attributes,
        attributes_en=attributes.english,
        retail_price=prices["retail_price"],
        wholesale_price=prices["wholesale_price"],
        promo_price=prices["promo_price"],
        promo_starts_at=starts,
        promo_ends_at=ends,
        weight_grams=weight,
    )
    return ParsedRow(line, product, sku), []


def category_key(path: str) -> str:
    """How a category path is matched: names split on `/`, trimmed, case-folded."""
    return "/".join(part.strip().casefold() for part in path.split("/") if part.strip())


def split_list(text: str) -> list[str]:
    return [part.strip() for part in text.replace("；", ";").split(";") if part.strip()]


class _RowCheck:
    def __init__(self, line: int, cells: Mapping[str, str], currency: str) -> None:
        self.line, self.cells, self.currency = line, cells, currency
        self.errors: list[RowError] = []

    def fail(self, column: str, code: str, message: str, **params: str | int) -> None:
        self.errors.append(RowError(self.line, column, code, message, {"column": column, **params}))

    def text(self, column: Column) -> None:
        value = self.cells[column.key]
        if column.required and not value:
            self.fail(column.key, "import.required", f"'{column.key}' is required.")
        elif column.max_length and len(value) > column.max_length:
            self.fail(column.key, "import.too_long", f"At most {column.max_length} characters.", max=column.max_length)

    def category(self, categories: Mapping[str, UUID]) -> UUID | None:
        path = self.cells["category"]
        found = categories.get(category_key(path)) if path else None
        if path and found is None:
            self.fail("category", "import.unknown_category", f"No category '{path}'.", value=path)
        return found

    def status(self) -> ProductStatus | None:
        text = self.cells["status"]
        if not text:
            return None
        status = STATUS_ALIASES.get(text.lower())
        if status is None:
            self.fail("status", "import.bad_status", "Status is draft, on_sale or off_sale.", value=text)
        return status

    def tags(self) -> tuple[str, ...]:
        tags = tuple(dict.fromkeys(split_list(self.cells["tags"])))
        if len(tags) > MAX_TAGS or any(len(t) > 32 for t in tags):
            self.fail("tags", "import.bad_tags", f"At most {MAX_TAGS} tags of up to 32 characters.", max=MAX_TAGS)
        return tags

    def attributes(self) -> attribute_syntax.ParsedAttributes:
        parsed = attribute_syntax.parse(self.cells["attributes"])
        if parsed.errors:
            message = "Write specs as name=value;name=value, English after |: 颜色|Colour=红|Red."
            self.fail("attributes", "import.bad_attributes", message, value=parsed.errors[0])
        return parsed

    def pattern(self, key: str, pattern: re.Pattern[str]) -> None:
        value = self.cells[key]
        if value and not pattern.fullmatch(value):
            self.fail(key, "import.bad_code", "Use letters, digits and . _ / - only.")

    def price(self, key: str) -> Decimal | None:
        text = self.cells[key]
        if not text:
            return None
        try:
            amount = Decimal(text)
            sku_rules.price_minor(amount, self.currency, key)  # the catalog's price rule, reported per cell
        except (InvalidOperation, RuleViolation):
            digits = money.precision(self.currency)
            message = f"Not a valid price: a non-negative amount with at most {digits} decimals."
            self.fail(key, "import.bad_price", message, decimals=digits)
            return None
        return amount

    def time(self, key: str) -> datetime | None:
        text = self.cells[key]
        if not text:
            return None
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            self.fail(key, "import.bad_time", "Not an ISO-8601 time such as 2026-12-01T00:00:00+08:00.")
            return None
        if moment.tzinfo is None:
            self.fail(key, "import.time_zone_missing", "Add the time zone offset, e.g. +08:00 or Z.")
            return None
        return moment

    def weight(self) -> int | None:
        text = self.cells["weight_grams"]
        if not text:
            return None
        if not text.isascii() or not text.isdigit() or int(text) > MAX_WEIGHT_GRAMS:
            self.fail("weight_grams", "import.bad_weight", "Weight is a whole number of grams.")
            return None
        return int(text)
