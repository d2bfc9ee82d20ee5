"""Stock levels and the movement ledger as spreadsheet rows, with the list's own filters. Like the catalog
export, each batch is read in a short read-only unit of work of its own, so a large export never holds one long
transaction; the file writer (infra/spreadsheets.py) quotes cells a spreadsheet would run as formulas."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

from domain.inventory.ports import InventoryUoW, MovementQuery, MovementRow, StockQuery, StockRow

EXPORT_BATCH = 500
Cell = str | int  # quantities stay numbers, so the XLSX file holds numeric cells a spreadsheet sums


@dataclass(frozen=True)
class Column:
    key: str
    label_zh: str


STOCK_COLUMNS: tuple[Column, ...] = (
    Column("sku_code", "SKU编码"),
    Column("barcode", "条码"),
    Column("product_name", "商品名称"),
    Column("sku_title", "规格"),
    Column("warehouse_code", "仓库编码"),
    Column("warehouse_name", "仓库"),
    Column("on_hand", "在库"),
    Column("reserved", "已预留"),
    Column("available", "可用"),
    Column("low_stock_threshold", "预警阈值"),
    Column("is_low", "低库存"),
    Column("sale_paused", "暂停销售"),
    Column("updated_at", "更新时间"),
)

MOVEMENT_COLUMNS: tuple[Column, ...] = (
    Column("at", "时间"),
    Column("kind", "类型"),
    Column("sku_code", "SKU编码"),
    Column("product_name", "商品名称"),
    Column("warehouse_code", "仓库编码"),
    Column("quantity", "数量"),
    Column("on_hand_before", "变动前在库"),
    Column("on_hand_after", "变动后在库"),
    Column("reserved_before", "变动前预留"),
    Column("reserved_after", "变动后预留"),
    Column("reason", "原因"),
    Column("actor_name", "操作人"),
    Column("reference_type", "单据类型"),
    Column("reference_id", "单据号"),
)


def _flag(value: bool) -> str:
    return "TRUE" if value else "FALSE"


def stock_cells(row: StockRow) -> list[Cell]:
    level = row.level
    values: dict[str, Cell] = {
        "sku_code": row.sku_code,
        "barcode": row.barcode or "",
        "product_name": row.product_name,
        "sku_title": row.sku_title,
        "warehouse_code": row.warehouse_code,
        "warehouse_name": row.warehouse_name,
        "on_hand": level.on_hand,
        "reserved": level.reserved,
        "available": level.available,
        "low_stock_threshold": level.low_stock_threshold,
        "is_low": _flag(level.is_low),
        "sale_paused": _flag(level.sale_paused),
        "updated_at": level.updated_at.isoformat() if level.updated_at else "",
    }
    return [values[c.key] for c in STOCK_COLUMNS]


def movement_cells(row: MovementRow) -> list[Cell]:
    m = row.movement
    values: dict[str, Cell] = {
        "at": m.at.isoformat(),
        "kind": str(m.kind),
        "sku_code": row.sku_code,
        "product_name": row.product_name,
        "warehouse_code": row.warehouse_code,
        "quantity": m.quantity,
        "on_hand_before": m.on_hand_before,
        "on_hand_after": m.on_hand_after,
        "reserved_before": m.reserved_before,
        "reserved_after": m.reserved_after,
        "reason": m.reason,
        "actor_name": m.actor_name or "",
        "reference_type": m.reference_type or "",
        "reference_id": m.reference_id or "",
    }
    return [values[c.key] for c in MOVEMENT_COLUMNS]


async def stock_rows(uows: Callable[[], InventoryUoW], query: StockQuery) -> AsyncIterator[list[list[Cell]]]:
    """Every stock level the list shows for `query`, a batch at a time, each batch in a short read of its own."""
    offset = 0
    while True:
        async with uows() as uow:
            rows, _ = await uow.stock.rows(query, offset=offset, limit=EXPORT_BATCH)
        if rows:
            yield [stock_cells(r) for r in rows]
        if len(rows) < EXPORT_BATCH:
            return
        offset += EXPORT_BATCH


async def movement_rows(
    uows: Callable[[], InventoryUoW], query: MovementQuery, *, sort: str
) -> AsyncIterator[list[list[Cell]]]:
    """Every ledger row the list shows for `query`, in its order, a batch at a time. Rows are only ever added;
    the caller bounds `query.until` by the moment the export started, so rows booked meanwhile cannot shift the
    pages of a newest-first export."""
    offset = 0
    while True:
        async with uows() as uow:
            rows, _ = await uow.stock.movements(query, sort=sort, offset=offset, limit=EXPORT_BATCH)
        if rows:
            yield [movement_cells(r) for r in rows]
        if len(rows) < EXPORT_BATCH:
            return
        offset += EXPORT_BATCH
