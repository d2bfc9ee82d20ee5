"""The back office's one search box: products, SKUs, barcodes, customers and staff, each group only for readers of
its feature (see domain/search/sources.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import CurrentUser, ReadUoW
from api.schemas.common import problems
from api.schemas.search import SearchOut
from domain.errors import PermissionDenied
from domain.search import use_cases as search

router = APIRouter(prefix="/search", tags=["search"])


@router.get(
    "",
    response_model=SearchOut,
    openapi_extra={"x-permission": "any staff permission; each group needs its feature's read permission"},
    operation_id="search-everything",
    responses=problems(401, 403, 422),
)
async def search_everything(
    user: CurrentUser,
    uow: ReadUoW,
    q: Annotated[str, Query(min_length=1, max_length=100, description="A name, code, barcode, phone or e-mail")],
) -> SearchOut:
    """Grouped hits, a few per group, for the back-office header."""
    if not user.is_staff:
        raise PermissionDenied("The search is for staff.", code="auth.forbidden")
    return SearchOut.of(q, await search.search(uow, q, may_read=user.can))
