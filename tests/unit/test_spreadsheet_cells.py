"""Downloads keep each value's kind: numbers are numeric XLSX cells (a spreadsheet sums them), text stays text, and
the CSV holds the same values as plain text."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from decimal import Decimal

from openpyxl import load_workbook

from infra import spreadsheets

ROW: list[spreadsheets.Value] = ["00123", 7, -2, Decimal("12.30"), Decimal("5"), None, "=SUM(A1)"]


async def batches() -> AsyncIterator[spreadsheets.Rows]:
    yield [ROW]


async def test_an_xlsx_download_writes_numbers_as_numbers_and_text_as_text() -> None:
    data = await spreadsheets.xlsx_bytes(
        ["code", "qty", "delta", "price", "whole", "empty", "note"], batches(), title="t"
    )

    code, qty, delta, price, whole, empty, note = next(
        load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(min_row=2)
    )
    assert (code.value, code.data_type) == ("00123", "s")  # leading zeros kept
    assert (qty.value, qty.data_type, delta.value) == (7, "n", -2)
    assert (price.value, price.data_type, price.number_format) == (12.3, "n", "0.00")  # the amount's own decimals
    assert (whole.value, whole.number_format) == (5, "0")
    assert empty.value is None
    assert (note.value, note.data_type) == ("=SUM(A1)", "s")  # never a formula


async def test_a_csv_download_writes_the_same_values_as_text() -> None:
    chunks = [chunk async for chunk in spreadsheets.csv_chunks(["h"], batches())]

    assert b"".join(chunks).decode("utf-8-sig").splitlines()[1] == "00123,7,-2,12.30,5,,'=SUM(A1)"
