"""Order export files: CSV (UTF-8 with a BOM, so Excel opens Chinese right) and XLSX (an orders sheet and an
order-lines sheet; money as numbers with two decimals, times as dates). Written batch by batch so memory stays
flat: streamed for a small export, into a file under the export directory for a job."""

from __future__ import annotations

import asyncio
import csv
import io
import os
import re
from collections.abc import AsyncIterable, AsyncIterator, Sequence
from datetime import datetime, timedelta, timezone, tzinfo
from decimal import Decimal
from pathlib import Path
from typing import IO, Any
from uuid import uuid4
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from domain.catalog.importing import FORMULA_STARTS
from domain.order_exports import sheet
from domain.order_exports.entities import OrderExport
from domain.orders.entities import Order
from infra.settings import Settings

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
_PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$", re.ASCII)


def shop_zone(name: str) -> tzinfo:
    """The zone by name; an image without tz data still gets Shanghai right (UTC+8, no daylight saving)."""
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError:
        if name == "Asia/Shanghai":
            return timezone(timedelta(hours=8), name)
        raise


def _text(value: str) -> str:
    """Quote text a spreadsheet program would run as a formula (a customer named "=HYPERLINK(…)")."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.match(value) else value


def _csv_cell(value: sheet.Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, int):
        return str(value)
    return _text(value)


def _xlsx_cell(ws: Any, value: sheet.Cell) -> Any:
    # Plain values cost least (openpyxl makes a cell per value anyway); only money needs its own cell for the
    # two-decimal format, and text starting with "=" one that says it is text (openpyxl would write a formula).
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(ws, value=value)  # type: ignore[arg-type]  # openpyxl writes a Decimal as a number
        cell.number_format = "0.00"
        return cell
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        return cell
    return value  # a datetime gets openpyxl's date-time format


class _Rows:
    def __init__(self, locale: str, zone: tzinfo) -> None:
        self.locale, self.zone = locale, zone

    def orders(self, batch: Sequence[Order]) -> list[list[sheet.Cell]]:
        return [sheet.order_row(o, self.locale, self.zone) for o in batch]

    def lines(self, batch: Sequence[Order]) -> list[list[sheet.Cell]]:
        return [sheet.line_row(o, line, self.locale) for o in batch for line in o.lines]


class CsvWriter:
    """One row per order; the lines are in the XLSX file's second sheet."""

    def __init__(self, out: IO[str], locale: str, zone: tzinfo) -> None:
        self._rows = _Rows(locale, zone)
        self._out = out
        self._csv = csv.writer(out, lineterminator="\r\n")
        out.write("\ufeff")
        self._csv.writerow(sheet.headers(sheet.ORDER_COLUMNS, locale))

    def write(self, batch: Sequence[Order]) -> None:
        self._csv.writerows([[_csv_cell(c) for c in row] for row in self._rows.orders(batch)])


class XlsxWriter:
    """Two sheets, orders and their lines, written as they come (openpyxl's write-only mode)."""

    def __init__(self, locale: str, zone: tzinfo) -> None:
        self._rows = _Rows(locale, zone)
        self.book = Workbook(write_only=True)
        self._orders = self.book.create_sheet(sheet.sheet_title("orders", locale))
        self._lines = self.book.create_sheet(sheet.sheet_title("lines", locale))
        self._orders.append(sheet.headers(sheet.ORDER_COLUMNS, locale))
        self._lines.append(sheet.headers(sheet.LINE_COLUMNS, locale))

    def write(self, batch: Sequence[Order]) -> None:
        for row in self._rows.orders(batch):
            self._orders.append([_xlsx_cell(self._orders, c) for c in row])
        for row in self._rows.lines(batch):
            self._lines.append([_xlsx_cell(self._lines, c) for c in row])


async def csv_stream(batches: AsyncIterable[Sequence[Order]], locale: str, zone: tzinfo) -> AsyncIterator[bytes]:
    """A small export as a streamed CSV response."""
    buffer = io.StringIO()
    writer = CsvWriter(buffer, locale, zone)
    async for batch in batches:
        writer.write(batch)
        yield buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue().encode()


async def xlsx_bytes(batches: AsyncIterable[Sequence[Order]], locale: str, zone: tzinfo) -> bytes:
    """A small export as one XLSX workbook (openpyxl is slow: off the event loop, a batch at a time)."""
    writer = XlsxWriter(locale, zone)
    async for batch in batches:
        await asyncio.to_thread(writer.write, batch)
    buffer = io.BytesIO()
    await asyncio.to_thread(writer.book.save, buffer)
    return buffer.getvalue()


class _FileSink:
    """An export file being written under a temporary name; renamed into place once complete."""

    def __init__(self, path: Path, export: OrderExport, zone: tzinfo) -> None:
        self._path = path
        self._part = path.with_name(f"{path.name}.{uuid4().hex}.part")  # a takeover run writes its own
        self._csv_file: IO[str] | None = None
        self._writer: CsvWriter | XlsxWriter
        if export.format == "csv":
            self._csv_file = self._part.open("w", encoding="utf-8", newline="")
            self._writer = CsvWriter(self._csv_file, export.locale, zone)
        else:
            self._writer = XlsxWriter(export.locale, zone)

    async def write(self, orders: Sequence[Order]) -> None:
        await asyncio.to_thread(self._writer.write, orders)

    async def close(self) -> str:
        if self._csv_file is not None:
            self._csv_file.close()
        elif isinstance(self._writer, XlsxWriter):
            await asyncio.to_thread(self._writer.book.save, self._part)
        os.replace(self._part, self._path)
        return str(self._path)

    async def abort(self) -> None:
        if self._csv_file is not None:
            self._csv_file.close()
        self._part.unlink(missing_ok=True)


class LocalExportFiles:
    """Export files on local disk, named by the export's id (never by anything a user typed)."""

    def __init__(self, directory: Path, zone: tzinfo) -> None:
        self._directory = directory
        self._zone = zone

    def open(self, export: OrderExport) -> _FileSink:
        self._directory.mkdir(parents=True, exist_ok=True)
        return _FileSink(self._directory / f"{export.id}.{export.format}", export, self._zone)

    def remove(self, path: str) -> None:
        Path(path).unlink(missing_ok=True)


def local_files(settings: Settings) -> LocalExportFiles:
    config = settings.order_export
    return LocalExportFiles(config.directory or settings.var_dir / "order-exports", shop_zone(config.timezone))
