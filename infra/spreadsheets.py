"""Reading and writing catalog spreadsheets: CSV (UTF-8 with or without BOM, or GB18030 as saved by Excel on
Chinese Windows) and XLSX (openpyxl; defusedxml is installed, so openpyxl refuses XML entity tricks)."""

from __future__ import annotations

import asyncio
import csv
import io
import zipfile
from collections.abc import AsyncIterable, AsyncIterator, Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.utils.exceptions import InvalidFileException

from domain.catalog.import_export import Table
from domain.catalog.importing import FORMULA_STARTS
from domain.errors import RuleViolation

MAX_COLUMNS = 64
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
_ZIP_MAGIC = b"PK\x03\x04"


def read_table(filename: str, data: bytes, *, max_rows: int) -> Table:
    """The header and non-blank records of an uploaded .csv or .xlsx file (by extension, else by content)."""
    name = filename.lower()
    if name.endswith(".xlsx") or (not name.endswith(".csv") and data.startswith(_ZIP_MAGIC)):
        records = _xlsx_records(data)
    elif name.endswith((".csv", ".txt")):
        records = _csv_records(data)
    else:
        raise RuleViolation(
            "Upload a .csv or .xlsx file.", code="import.unsupported_file", field="file", filename=filename
        )
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    for line, cells in records:
        if not any(cells):
            continue
        if header is None:
            header = cells
            continue
        if len(rows) == max_rows:
            raise RuleViolation(
                f"A file holds at most {max_rows} rows.", code="import.too_many_rows", field="file", limit=max_rows
            )
        rows.append((line, cells))
    if header is None:
        raise RuleViolation("The file is empty.", code="import.empty_file", field="file")
    return Table(header=header, records=rows)


def _unreadable(kind: str) -> RuleViolation:
    return RuleViolation(f"The file is not a readable {kind} file.", code="import.unreadable", field="file", kind=kind)


def _csv_records(data: bytes) -> Iterable[tuple[int, list[str]]]:
    if b"\x00" in data:  # no text encoding we accept has NUL bytes: this is a binary file
        raise _unreadable("CSV")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise _unreadable("CSV") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    try:
        for cells in reader:
            yield line, [c for c in cells[:MAX_COLUMNS]]
            line = reader.line_num + 1  # a quoted cell may span lines: the next record starts after them
    except csv.Error:
        raise _unreadable("CSV") from None


def _xlsx_records(data: bytes) -> Iterable[tuple[int, list[str]]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise _unreadable("XLSX") from None
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # type: ignore[union-attr]  # some writers store wrong sizes: read all
        for number, values in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1):
            yield number, [_cell_text(v) for v in values]
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise _unreadable("XLSX") from None
    finally:
        workbook.close()


def _cell_text(value: Any) -> str:
    """A cell as the text a user meant: 500.0 → "500", a date cell → ISO (naive: the importer asks for an offset)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal | int):
        return str(value)
    return str(value)


def _safe(text: str) -> str:
    """Quote a cell a spreadsheet program would run as a formula; the importer strips the quote again."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


async def csv_chunks(header: list[str], batches: AsyncIterable[list[list[str]]]) -> AsyncIterator[bytes]:
    """A CSV file with a BOM (so Excel opens it as UTF-8), produced batch by batch for a streaming response."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    yield ("\ufeff" + buffer.getvalue()).encode()
    async for batch in batches:
        buffer.seek(0)
        buffer.truncate()
        writer.writerows([[_safe(c) for c in row] for row in batch])
        yield buffer.getvalue().encode()


async def xlsx_bytes(header: list[str], batches: AsyncIterable[list[list[str]]], *, title: str) -> bytes:
    """An XLSX workbook of text cells (codes and barcodes keep their leading zeros and all their digits)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    _append(sheet, [header])
    async for batch in batches:
        # openpyxl is slow (~0.5 ms a row): off the event loop, one batch at a time so memory stays flat
        await asyncio.to_thread(_append, sheet, batch)
    buffer = io.BytesIO()
    await asyncio.to_thread(workbook.save, buffer)
    return buffer.getvalue()


def _append(sheet: Any, rows: list[list[str]]) -> None:
    for row in rows:
        sheet.append([_text_cell(sheet, c) for c in row])


def _text_cell(sheet: Any, text: str) -> Cell:
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # openpyxl would store a string starting with "=" as a formula
    return cell
