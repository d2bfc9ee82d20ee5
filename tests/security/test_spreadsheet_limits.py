"""Decompression bombs (issue 7, item 6): a 974 KB XLSX with one 1 GB shared string took the server from 175 MB
to 2.3 GB resident, and a 281 KB file of 2 million blank rows took 247 s. Such files are now refused from what
the zip declares, or at the row cap, before they cost memory or time."""

from __future__ import annotations

import io
import resource
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from openpyxl import Workbook

from domain.catalog.importing import KEYS
from domain.errors import RuleViolation
from infra import spreadsheets
from infra.settings import CatalogImportSettings
from tests.conftest import Shop, new_ip
from tests.factories import admin_headers

MB = 1024 * 1024


def _workbook(rows: list[list[str]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _repacked(path: Path, template: bytes, replaced: str, chunks: Iterator[bytes]) -> bytes:
    """The template workbook with one part replaced by `chunks`, deflated as they are written: the test never
    holds the unpacked part in memory either."""
    with zipfile.ZipFile(io.BytesIO(template)) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            if info.filename != replaced:
                out.writestr(info.filename, source.read(info.filename))
        with out.open(replaced, "w", force_zip64=True) as part:
            for chunk in chunks:
                part.write(chunk)
    return path.read_bytes()


@pytest.fixture(scope="module")
def one_gigabyte_string(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    def shared_strings() -> Iterator[bytes]:
        yield b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
        yield b"<si><t>"
        block = b"A" * MB
        for _ in range(1024):
            yield block
        yield b"</t></si></sst>"

    template = _workbook([list(KEYS), ["x"]])
    path = tmp_path_factory.mktemp("bomb") / "one-string.xlsx"
    return _repacked(path, template, "xl/sharedStrings.xml", shared_strings())


def _sheet(rows: Iterator[bytes]) -> Iterator[bytes]:
    yield b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    yield from rows
    yield b"</sheetData></worksheet>"


def _blank_rows(tmp: Path, name: str, row: Callable[[int], bytes]) -> bytes:
    def rows() -> Iterator[bytes]:
        for start in range(1, 2_000_001, 10_000):
            yield b"".join(row(n) for n in range(start, start + 10_000))

    return _repacked(tmp / name, _workbook([["x"]]), "xl/worksheets/sheet1.xml", _sheet(rows()))


async def _upload(shop: Shop, content: bytes) -> httpx.Response:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    return await client.post(
        "/catalog/import",
        params={"dry_run": "true"},
        files={"file": ("catalog.xlsx", content, "application/octet-stream")},
        headers=admin,
    )


def _resident_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


async def test_a_small_xlsx_holding_a_one_gigabyte_string_is_refused_without_unpacking_it(
    shop: Shop, one_gigabyte_string: bytes
) -> None:
    # given: under 5 MB as uploaded, 1 GB unpacked
    assert len(one_gigabyte_string) < 5 * MB
    peak_before = _resident_kib()
    tracemalloc.start()

    # when
    response = await _upload(shop, one_gigabyte_string)

    # then: refused from the sizes the zip declares; neither Python's heap nor the process grew by the string
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert response.status_code == 422, response.text
    body = response.json()
    assert (body["code"], body["limit_name"], body["limit"]) == ("import.unpacked_too_large", "part_bytes", 32 * MB)
    assert traced_peak < 20 * MB
    assert _resident_kib() - peak_before < 100 * 1024


async def test_a_file_of_two_million_blank_rows_is_refused_before_it_is_parsed(shop: Shop, tmp_path: Path) -> None:
    # given: 2 million styled blank rows, 90 MB unpacked, a few hundred KB packed
    bomb = _blank_rows(tmp_path, "blank.xlsx", lambda n: b'<row spans="1:1" ht="15" customHeight="1" s="0"/>')
    assert len(bomb) < MB
    tracemalloc.start()

    response = await _upload(shop, bomb)

    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "import.unpacked_too_large"
    assert traced_peak < 20 * MB


def test_blank_rows_let_past_the_packing_checks_stop_at_the_row_cap(tmp_path: Path) -> None:
    # given: 2 million `<row/>` (12 MB unpacked), read with the compression-ratio check out of the way
    bomb = _blank_rows(tmp_path, "compact.xlsx", lambda n: b"<row/>")
    limits = CatalogImportSettings(max_compression_ratio=10**9)
    tracemalloc.start()

    # when
    with pytest.raises(RuleViolation) as refused:
        spreadsheets.read_table("catalog.xlsx", bomb, limits=limits)

    # then: openpyxl stopped at the first line past the cap (twice the row limit), not at row 2 million
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert (refused.value.code, refused.value.data["limit"]) == ("import.too_many_rows", 10_000)
    assert traced_peak < 20 * MB


async def test_a_row_two_million_lines_down_is_refused_at_the_row_cap_not_reached(shop: Shop, tmp_path: Path) -> None:
    far = b'<row r="2000000"><c r="A2000000" t="inlineStr"><is><t>P-1</t></is></c></row>'
    header = b'<row r="1"><c r="A1" t="inlineStr"><is><t>product_code</t></is></c></row>'
    bomb = _repacked(tmp_path / "far.xlsx", _workbook([["x"]]), "xl/worksheets/sheet1.xml", _sheet(iter([header, far])))

    response = await _upload(shop, bomb)

    assert (response.status_code, response.json()["code"]) == (422, "import.too_many_rows")


async def test_a_sheet_wider_than_the_column_cap_is_refused(shop: Shop) -> None:
    response = await _upload(shop, _workbook([list(KEYS), ["x"] * 51]))

    assert (response.status_code, response.json()["code"], response.json()["limit"]) == (
        422,
        "import.too_many_columns",
        50,
    )


def test_an_xlsx_cell_longer_than_the_cap_is_refused_with_its_line() -> None:
    # Excel (and openpyxl) stop at 32,767 characters, so the cap is lowered to show the check
    workbook = _workbook([list(KEYS), ["P-1", "x" * 101]])

    with pytest.raises(RuleViolation) as refused:
        spreadsheets.read_table("catalog.xlsx", workbook, limits=CatalogImportSettings(max_cell_chars=100))

    assert (refused.value.code, refused.value.data["line"], refused.value.data["limit"]) == (
        "import.cell_too_long",
        2,
        100,
    )


async def test_a_csv_with_an_overlong_cell_or_too_many_lines_is_refused(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    header = ",".join(KEYS) + "\n"
    long_cell = (header + "P-1," + "x" * 200_000 + "\n").encode()
    blank_lines = (header + "\n" * 30_000 + "P-1\n").encode()

    responses = [
        await client.post("/catalog/import", files={"file": ("catalog.csv", content, "text/csv")}, headers=admin)
        for content in (long_cell, blank_lines)
    ]

    assert [(r.status_code, r.json()["code"]) for r in responses] == [
        (422, "import.cell_too_long"),
        (422, "import.too_many_rows"),
    ]


async def test_the_refusals_read_in_chinese(shop: Shop, one_gigabyte_string: bytes) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)

    response = await client.post(
        "/catalog/import",
        files={"file": ("catalog.xlsx", one_gigabyte_string, "application/octet-stream")},
        headers=admin | {"Accept-Language": "zh-CN"},
    )

    assert response.json()["detail"] == "文件解压后过大或压缩比异常，不能导入"
