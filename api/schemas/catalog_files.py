"""The catalog import report, the problem returned when applying a file with errors, and a queued import."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

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


class ImportJobOut(BaseModel):
    """A large import applied by a job: `queued`, `running`, then `succeeded` (all rows applied) or `failed`
    (nothing applied; `errors` says why). The apply is one transaction, so counts appear when it finishes."""

    id: UUID
    filename: str
    status: Literal["queued", "running", "succeeded", "failed"]
    rows: int = Field(description="Non-blank rows below the header")
    products_created: int = 0
    products_updated: int = 0
    skus_created: int = 0
    skus_updated: int = 0
    error_count: int = Field(description="All errors; `errors` lists the first 1,000")
    errors: list[ImportErrorOut]
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
