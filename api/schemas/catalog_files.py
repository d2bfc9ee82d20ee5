"""The catalog import report, and the problem returned when applying a file with errors."""

from __future__ import annotations

from pydantic import BaseModel, Field

from api.schemas.common import FieldError, Problem


class ImportErrorOut(BaseModel):
    line: int = Field(description="Line of the file (the header is line 1)")
    column: str | None = Field(description="Column key, e.g. `retail_price`; null for the whole row or file")
    code: str = Field(examples=["import.bad_price"])
    message: str


class ImportReportOut(BaseModel):
    dry_run: bool
    valid: bool
    rows: int = Field(description="Non-blank rows below the header")
    products_created: int
    products_updated: int = Field(description="Existing products the file lists (upserted by product code)")
    skus_created: int
    skus_updated: int
    error_count: int = Field(description="All errors; `errors` lists the first 1,000")
    errors: list[ImportErrorOut]


class ImportProblem(Problem):
    """422: `import.invalid` (the file has errors: nothing was written) lists them like the report does."""

    errors: list[ImportErrorOut | FieldError] | None = None  # type: ignore[assignment]
    error_count: int | None = None
