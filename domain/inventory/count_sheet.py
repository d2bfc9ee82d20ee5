"""The count sheet of a stocktake: every SKU in its scope (a warehouse, or one category's products in it) as a
line to count, what is still uncounted, and the sheet as rows for a file. A blind count hides the expected
quantities from the sheet and the counting screen while the stocktake is open, so counters count what they see
rather than confirm a number; `reveal` shows them for the review before applying."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from uuid import UUID

from domain.errors import NotFound
from domain.inventory.entities import Stocktake, StocktakeLine, StocktakeStatus
from domain.inventory.ports import InventoryUoW, StockQuery

SKUS_PER_READ = 1000  # bound on an IN (...) list: SQLite and PostgreSQL both take far more, but not unbounded


class LineFilter(enum.StrEnum):
    ALL = "all"
    UNCOUNTED = "uncounted"
    COUNTED = "counted"
    DIFFERENCES = "differences"


@dataclass(frozen=True)
class CountView:
    line: StocktakeLine
    sku_code: str
    sku_title: str
    barcode: str | None
    product_name: str
    current_on_hand: int


@dataclass(frozen=True)
class StocktakeView:
    stocktake: Stocktake
    warehouse_name: str
    lines: list[CountView]  # those the filter asked for
    all_lines: list[CountView]
    expected_hidden: bool = False

    @property
    def gains(self) -> int:
        return sum(v.line.difference for v in self.all_lines if v.line.difference > 0)

    @property
    def losses(self) -> int:
        return sum(-v.line.difference for v in self.all_lines if v.line.difference < 0)

    @property
    def uncounted(self) -> int:
        return sum(1 for v in self.all_lines if v.line.counted is None)


async def scope_path(uow: InventoryUoW, category_id: UUID | None) -> str | None:
    """The category subtree a sheet covers (404 `category.not_found`); None for the whole warehouse."""
    if category_id is None:
        return None
    path = await uow.stock.category_path(category_id)
    if path is None:
        raise NotFound("The category does not exist.", code="category.not_found", field="category_id")
    return path


async def add_sheet_lines(uow: InventoryUoW, stocktake: Stocktake, category_path: str | None) -> int:
    """One uncounted line per SKU stocked in the scope, expecting what is on hand now."""
    levels = await uow.stock.levels_in(stocktake.warehouse_id, category_path=category_path)
    for level in levels:
        stocktake.lines.append(
            StocktakeLine(
                stocktake_id=stocktake.id, sku_id=level.sku_id, expected=level.on_hand, counted=None, recorded_at=None
            )
        )
    return len(levels)


def _wanted(view: CountView, lines: LineFilter) -> bool:
    counted = view.line.counted is not None
    if lines == LineFilter.UNCOUNTED:
        return not counted
    if lines == LineFilter.COUNTED:
        return counted
    if lines == LineFilter.DIFFERENCES:
        return counted and view.line.difference != 0
    return True


async def view_of(
    uow: InventoryUoW, stocktake: Stocktake, *, lines: LineFilter = LineFilter.ALL, reveal: bool = False
) -> StocktakeView:
    """A stocktake with the names of its SKUs and what is on hand now, its lines filtered by `lines`."""
    warehouse = await uow.warehouses.get(stocktake.warehouse_id)
    names = await _names(uow, stocktake.warehouse_id, [line.sku_id for line in stocktake.lines])
    views = []
    for line in stocktake.lines:
        name = names.get(line.sku_id)
        views.append(
            CountView(
                line=line,
                sku_code=name.sku_code if name else "",
                sku_title=name.sku_title if name else "",
                barcode=name.barcode if name else None,
                product_name=name.product_name if name else "",
                current_on_hand=name.on_hand if name else 0,
            )
        )
    views.sort(key=lambda v: v.sku_code)
    return StocktakeView(
        stocktake=stocktake,
        warehouse_name=warehouse.name if warehouse else "",
        lines=[v for v in views if _wanted(v, lines)],
        all_lines=views,
        expected_hidden=stocktake.blind and stocktake.status == StocktakeStatus.OPEN and not reveal,
    )


@dataclass(frozen=True)
class _Names:
    sku_code: str
    sku_title: str
    barcode: str | None
    product_name: str
    on_hand: int


async def _names(uow: InventoryUoW, warehouse_id: UUID, sku_ids: list[UUID]) -> dict[UUID, _Names]:
    """What each line's SKU is called and what is on hand now: one joined read per thousand lines (a scan
    re-reads the whole sheet, so a query per product made a 300-line sheet take seconds per scan). A SKU counted
    where it never had stock has no level: it is looked up in the catalog."""
    names: dict[UUID, _Names] = {}
    for start in range(0, len(sku_ids), SKUS_PER_READ):
        chunk = tuple(sku_ids[start : start + SKUS_PER_READ])
        query = StockQuery(warehouse_id=warehouse_id, sku_ids=chunk)
        rows, _ = await uow.stock.rows(query, offset=0, limit=len(chunk))
        for r in rows:
            names[r.level.sku_id] = _Names(r.sku_code, r.sku_title, r.barcode, r.product_name, r.level.on_hand)
    missing = [sku_id for sku_id in sku_ids if sku_id not in names]
    for sku in await uow.products.skus(missing) if missing else []:
        product = await uow.products.get(sku.product_id)
        names[sku.id] = _Names(sku.code, sku.title, sku.barcode, product.name if product else "", 0)
    return names


SHEET_COLUMNS: tuple[tuple[str, str], ...] = (
    ("sku_code", "SKU编码"),
    ("barcode", "条码"),
    ("product_name", "商品名称"),
    ("sku_title", "规格"),
    ("expected", "账面数"),
    ("counted", "实盘数"),
    ("difference", "差异"),
)
EXPECTED_COLUMNS = ("expected", "difference")  # left off a blind count's sheet


def sheet_columns(view: StocktakeView) -> list[tuple[str, str]]:
    return [c for c in SHEET_COLUMNS if not (view.expected_hidden and c[0] in EXPECTED_COLUMNS)]


def sheet_rows(view: StocktakeView) -> list[list[str | int | None]]:
    """The sheet's lines as file cells, quantities as numbers; an uncounted line has an empty count for the counter
    to fill in."""
    keys = [key for key, _ in sheet_columns(view)]
    rows = []
    for v in view.lines:
        counted = v.line.counted
        cells: dict[str, str | int | None] = {
            "sku_code": v.sku_code,
            "barcode": v.barcode or "",
            "product_name": v.product_name,
            "sku_title": v.sku_title,
            "expected": v.line.expected,
            "counted": counted,
            "difference": None if counted is None else v.line.difference,
        }
        rows.append([cells[k] for k in keys])
    return rows
