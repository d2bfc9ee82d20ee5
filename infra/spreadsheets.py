"""Reading and writing catalog spreadsheets: CSV (UTF-8 with or without BOM, or GB18030 as saved by Excel on
Chinese Windows) and XLSX (openpyxl; defusedxml is installed, so openpyxl refuses XML entity tricks)."""

from __future__ import annotations

import asyncio
import csv
import io
import re
import zipfile
import zlib
from collections.abc import AsyncIterable, AsyncIterator, Iterator, Sequence
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
from infra.settings import CatalogImportSettings

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
_ZIP_MAGIC = b"PK\x03\x04"
_RATIO_CHECKED_FROM = 1024 * 1024  # small parts may pack tightly without harm
# What a download's cell may hold: text stays text in both formats (codes and barcodes keep their leading zeros);
# numbers become numeric cells in XLSX, so a spreadsheet sums and sorts them, and plain digits in CSV.
Value = str | int | Decimal | None
Rows = Sequence[Sequence[Value]]
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")  # <row …>, and <x:row …> as .NET writers put it
_TAG_SPAN = 64  # longer than any row start tag's name with its prefix


def read_table(filename: str, data: bytes, *, limits: CatalogImportSettings) -> Table:
    """The header and non-blank records of an uploaded .csv or .xlsx file (by extension, else by content).
    Refused (422) past the limits without reading further: at most `max_rows` records, and the sheet may
    span at most twice that many lines, blank ones included, so a file of millions of blank rows costs nothing."""
    name = filename.lower()
    if name.endswith(".xlsx") or (not name.endswith(".csv") and data.startswith(_ZIP_MAGIC)):
        records = _xlsx_records(data, limits)
    elif name.endswith((".csv", ".txt")):
        records = _csv_records(data, limits)
    else:
        raise RuleViolation(
            "Upload a .csv or .xlsx file.", code="import.unsupported_file", field="file", filename=filename
        )
    max_rows, max_lines = limits.max_rows, 2 * limits.max_rows + 1
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    for line, cells in records:
        if line > max_lines or (len(rows) == max_rows and any(cells)):
            raise _too_many_rows(max_rows)
        if not any(cells):
            continue
        _check_cells(line, cells, limits)
        if header is None:
            header = cells
            continue
        rows.append((line, cells))
    if header is None:
        raise RuleViolation("The file is empty.", code="import.empty_file", field="file")
    return Table(header=header, records=rows)


def _too_many_rows(max_rows: int) -> RuleViolation:
    return RuleViolation(
        f"A file holds at most {max_rows} rows.", code="import.too_many_rows", field="file", limit=max_rows
    )


def _check_cells(line: int, cells: list[str], limits: CatalogImportSettings) -> None:
    if len(cells) > limits.max_columns and any(cells[limits.max_columns :]):
        raise RuleViolation(
            f"A file holds at most {limits.max_columns} columns.",
            code="import.too_many_columns",
            field="file",
            limit=limits.max_columns,
        )
    if any(len(cell) > limits.max_cell_chars for cell in cells):
        raise _cell_too_long(line, limits)


def _cell_too_long(line: int, limits: CatalogImportSettings) -> RuleViolation:
    return RuleViolation(
        f"Line {line} has a cell longer than {limits.max_cell_chars} characters.",
        code="import.cell_too_long",
        field="file",
        line=line,
        limit=limits.max_cell_chars,
    )


def _unreadable(kind: str) -> RuleViolation:
    return RuleViolation(f"The file is not a readable {kind} file.", code="import.unreadable", field="file", kind=kind)


def _csv_records(data: bytes, limits: CatalogImportSettings) -> Iterator[tuple[int, list[str]]]:
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
            yield line, cells[: limits.max_columns + 1]  # one more than allowed tells whether there are more
            line = reader.line_num + 1  # a quoted cell may span lines: the next record starts after them
    except csv.Error as error:
        if "field larger than field limit" in str(error):  # the csv module's own cap (128 KiB) was hit first
            raise _cell_too_long(line, limits) from None
        raise _unreadable("CSV") from None


def check_xlsx_parts(data: bytes, limits: CatalogImportSettings) -> None:
    """Refuse a zip that unpacks too large, before anything is decompressed. The sizes are those the archive
    declares; zipfile never inflates a part past its declared size (a part that lies fails its CRC check), so
    they bound what reading can cost. openpyxl holds the shared strings whole in memory, the sheet it streams."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            _check_sizes(parts, limits)
            for part in parts:
                if _row_elements(archive, part, stop_after=2 * limits.max_rows + 1) > 2 * limits.max_rows + 1:
                    raise _too_many_rows(limits.max_rows)
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError):
        raise _unreadable("XLSX") from None


def _check_sizes(parts: list[zipfile.ZipInfo], limits: CatalogImportSettings) -> None:
    if len(parts) > limits.max_parts:
        _unpacked_too_large("parts", limits.max_parts)
    total = 0
    for part in parts:
        total += part.file_size
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > limits.max_part_bytes:
            _unpacked_too_large("part_bytes", limits.max_part_bytes)
        if total > limits.max_unpacked_bytes:
            _unpacked_too_large("unpacked_bytes", limits.max_unpacked_bytes)
        if part.file_size > _RATIO_CHECKED_FROM and ratio > limits.max_compression_ratio:
            _unpacked_too_large("compression_ratio", limits.max_compression_ratio)


def _row_elements(archive: zipfile.ZipFile, part: zipfile.ZipInfo, *, stop_after: int) -> int:
    """How many row elements a part holds, counted on the packed stream a megabyte at a time, up to one past
    `stop_after`. openpyxl's read-only mode looks for a sheet's size before streaming it and, when the sheet
    states none, builds every row element of the sheet in memory on the way (2 million blank rows: 160 MB,
    14 s); counting first keeps such a sheet from reaching it."""
    rows, tail = 0, b""
    with archive.open(part) as stream:
        while chunk := stream.read(1024 * 1024):
            window = tail + chunk
            # a tag cut by the chunk boundary is counted in the next window, where it ends past the old tail
            rows += sum(1 for m in _ROW_TAG.finditer(window) if m.end() > len(tail))
            if rows > stop_after:
                return rows
            tail = window[-_TAG_SPAN:]
    return rows


def _unpacked_too_large(limit_name: str, limit: int) -> None:
    raise RuleViolation(
        "The file unpacks to more than an import may hold, or packs suspiciously tightly.",
        code="import.unpacked_too_large",
        field="file",
        limit_name=limit_name,
        limit=limit,
        limit_mb=round(limit / (1024 * 1024)) if limit_name.endswith("bytes") else None,
    )


def _xlsx_records(data: bytes, limits: CatalogImportSettings) -> Iterator[tuple[int, list[str]]]:
    check_xlsx_parts(data, limits)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise _unreadable("XLSX") from None
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # type: ignore[union-attr]  # some writers store wrong sizes: read all
        # Read-only mode streams rows; `max_row` makes openpyxl stop parsing at the first line past the cap.
        rows = sheet.iter_rows(max_row=2 * limits.max_rows + 2, max_col=limits.max_columns + 1, values_only=True)
        for number, values in enumerate(rows, start=1):
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


_PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$", re.ASCII)  # a number is never run as a formula: -2 stays -2


def _safe(text: str) -> str:
    """Quote a cell a spreadsheet program would run as a formula; the importer strips the quote again."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.match(text) else text


def _csv_text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, int):
        return str(value)
    return _safe(value)


async def csv_chunks(header: list[str], batches: AsyncIterable[Rows]) -> AsyncIterator[bytes]:
    """A CSV file with a BOM (so Excel opens it as UTF-8), produced batch by batch for a streaming response."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    yield ("\ufeff" + buffer.getvalue()).encode()
    async for batch in batches:
        buffer.seek(0)
        buffer.truncate()
        writer.writerows([[_csv_text(c) for c in row] for row in batch])
        yield buffer.getvalue().encode()


async def xlsx_bytes(header: list[str], batches: AsyncIterable[Rows], *, title: str) -> bytes:
    """An XLSX workbook: text as text cells, quantities as whole numbers, amounts as numbers with their decimals."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    _append(sheet, [header])
    async for batch in batches:
        # openpyxl is slow (~0.5 ms a row): off the event loop, one batch at a time so memory stays flat
        await asyncio.to_thread(_append, sheet, batch)
    buffer = io.BytesIO()
    await asyncio.to_thread(workbook.save, buffer)
    return buffer.getvalue()


def _append(sheet: Any, rows: Rows) -> None:
    for row in rows:
        sheet.append([_xlsx_cell(sheet, c) for c in row])


def _xlsx_cell(sheet: Any, value: Value) -> Cell | int | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type]  # openpyxl writes a Decimal as a number
        places = max(-int(value.as_tuple().exponent), 0)
        cell.number_format = "0." + "0" * places if places else "0"
        return cell
    cell = WriteOnlyCell(sheet, value=str(value))
    cell.data_type = "s"  # openpyxl would store a string starting with "=" as a formula
    return cell
