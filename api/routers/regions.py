"""The region tree (province → city → district): public and static, so answers are cacheable and revalidated by
ETag (the tree's version, which changes only with a migration)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query, Response, status

from api.deps import ReadUoW
from api.schemas.common import problems
from api.schemas.regions import REGION_CODE, RegionOut
from domain.regions import use_cases as regions
from domain.regions.entities import RegionList

router = APIRouter(prefix="/regions", tags=["regions"])
PUBLIC = {"x-permission": "public", "security": [{}]}
# a day fresh, then revalidated: a new tree arrives only with a release
CACHE_CONTROL = "public, max-age=86400"
NOT_MODIFIED: dict[int | str, dict[str, Any]] = {304: {"description": "Unchanged since the ETag sent in If-None-Match"}}
IfNoneMatch = Annotated[str | None, Header(description="The ETag of an earlier answer")]


@router.get(
    "",
    response_model=list[RegionOut],
    openapi_extra=PUBLIC,
    operation_id="regions-children",
    responses={**NOT_MODIFIED, **problems(404, 422)},
)
async def list_regions(
    uow: ReadUoW,
    response: Response,
    parent: Annotated[
        str | None, Query(pattern=REGION_CODE, description="A region's code; without it, the provinces")
    ] = None,
    if_none_match: IfNoneMatch = None,
) -> list[RegionOut] | Response:
    """The provinces, or the children of a region, by code (for a cascader that loads one level at a time)."""
    return _answer(await regions.children(uow, parent), response, if_none_match)


@router.get(
    "/{code}",
    response_model=list[RegionOut],
    openapi_extra=PUBLIC,
    operation_id="regions-path",
    responses={**NOT_MODIFIED, **problems(404, 422)},
)
async def region_path(
    uow: ReadUoW,
    response: Response,
    code: Annotated[str, Path(pattern=REGION_CODE)],
    if_none_match: IfNoneMatch = None,
) -> list[RegionOut] | Response:
    """A region and its ancestors, province first (to show a stored code as 上海市 / 上海市 / 浦东新区)."""
    return _answer(await regions.path(uow, code), response, if_none_match)


def _answer(found: RegionList, response: Response, if_none_match: str | None) -> list[RegionOut] | Response:
    etag = f'W/"{found.version}"'
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL}
    if if_none_match is not None and etag in (tag.strip() for tag in if_none_match.split(",")):
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    response.headers.update(headers)
    return [RegionOut.of(r) for r in found.regions]
