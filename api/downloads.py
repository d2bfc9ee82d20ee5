"""Spreadsheet downloads (catalog, stock levels, the movement ledger, count sheets): CSV streamed batch by batch,
XLSX built batch by batch off the event loop, both written by infra/spreadsheets.py, which quotes any cell a
spreadsheet program would run as a formula."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal

from fastapi import Query
from fastapi.responses import Response, StreamingResponse

from infra import spreadsheets

Format = Annotated[Literal["csv", "xlsx"], Query(description="File type")]
Labels = Annotated[
    Literal["keys", "zh"], Query(description="Header row: column keys, or Chinese names (both import alike)")
]
FILE_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The file, named in Content-Disposition",
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            spreadsheets.XLSX_TYPE: {"schema": {"type": "string", "format": "binary"}},
        },
    }
}


async def spreadsheet(
    name: str, format: str, header: list[str], rows: AsyncIterator[spreadsheets.Rows], *, title: str
) -> Response:
    """The rows as `<name>.<format>`, named in Content-Disposition."""
    disposition = {"Content-Disposition": f'attachment; filename="{name}.{format}"'}
    if format == "xlsx":
        data = await spreadsheets.xlsx_bytes(header, rows, title=title)
        return Response(data, media_type=spreadsheets.XLSX_TYPE, headers=disposition)
    return StreamingResponse(
        spreadsheets.csv_chunks(header, rows), media_type=spreadsheets.CSV_TYPE, headers=disposition
    )
