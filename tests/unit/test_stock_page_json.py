"""The stock page is written from plain data, not through its documented response model: the two must agree to
the byte's meaning, whatever the database driver hands back (asyncpg's own UUID type, UTC times with and
without microseconds, missing values)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from uuid import UUID, uuid4

from asyncpg.pgproto.pgproto import UUID as DriverUUID

from api.responses import data_response
from api.schemas.common import Page
from api.schemas.inventory import StockLevelOut, stock_level_json
from domain.inventory.entities import LevelSnapshot, StockLevel
from domain.inventory.ports import StockRow


def _driver_uuid() -> UUID:
    return DriverUUID(str(uuid4()))


def _row(level: StockLevel | LevelSnapshot, barcode: str | None) -> StockRow:
    return StockRow(
        level=level,
        sku_code="EARBUDS-白色",
        sku_title="白色 / 标准版",
        barcode=barcode,
        product_id=_driver_uuid(),
        product_name="无线耳机",
        warehouse_code="SH",
        warehouse_name="上海仓",
    )


def test_a_stock_page_written_from_plain_data_reads_as_its_response_model() -> None:
    # given: a row as the page reads it, and one from a mapped entity (the export and level settings use those)
    snapshot = LevelSnapshot(
        id=_driver_uuid(),
        sku_id=_driver_uuid(),
        warehouse_id=_driver_uuid(),
        on_hand=7,
        reserved=5,
        low_stock_threshold=2,
        sale_paused=False,
        pause_at_zero=True,
        low_stock_alerted_at=None,
        created_at=datetime(2026, 11, 1, tzinfo=UTC),
        updated_at=datetime(2026, 11, 29, 21, 5, 3, 120_500, tzinfo=UTC),
    )
    entity = StockLevel(sku_id=uuid4(), warehouse_id=uuid4(), on_hand=3, reserved=3, low_stock_threshold=0)
    rows = [_row(snapshot, "6901234567890"), _row(entity, None)]

    # when
    fast = json.loads(
        data_response({"items": [stock_level_json(r) for r in rows], "total": 2, "page": 1, "page_size": 20}).body
    )

    # then
    model = Page[StockLevelOut](items=[StockLevelOut.of(r) for r in rows], total=2, page=1, page_size=20)
    assert fast == json.loads(model.model_dump_json())
    assert fast["items"][0]["updated_at"] == "2026-11-29T21:05:03.120500Z"
    assert (fast["items"][0]["available"], fast["items"][0]["is_low"]) == (2, True)
