"""Reading the region tree, and the checks other features run when they store a region code. Actions: they work
inside the unit of work they are given (domain/regions/use_cases.py opens it)."""

from __future__ import annotations

from domain.errors import NotFound, RuleViolation
from domain.regions.entities import AddressRegion, Region, RegionLevel, RegionList
from domain.regions.ports import RegionsUoW


async def children(uow: RegionsUoW, parent: str | None = None) -> RegionList:
    """The provinces (no parent) or a region's children, by code; 404 `region.not_found` for an unknown parent."""
    regions = await uow.regions.tree()
    if parent is not None and parent not in regions.by_code:
        raise NotFound("No such region.", code="region.not_found")
    return RegionList(regions.version, regions.children_of.get(parent, []))


async def path(uow: RegionsUoW, code: str) -> RegionList:
    """The region and its ancestors, province first, to show a stored code; 404 `region.not_found`."""
    regions = await uow.regions.tree()
    found = regions.path(code)
    if not found:
        raise NotFound("No such region.", code="region.not_found")
    return RegionList(regions.version, found)


async def address_region(uow: RegionsUoW, code: str) -> AddressRegion:
    """The names an address stores for a region code, which must be a leaf (a district, or a city without
    districts such as 东莞市): 422 `region.not_found` or `region.not_a_district` on field `region_code`."""
    regions = await uow.regions.tree()
    found = regions.path(code)
    if not found:
        raise RuleViolation("No such region.", code="region.not_found", field="region_code")
    if not found[-1].is_leaf:
        raise RuleViolation(
            "Choose a district, not a province or city.", code="region.not_a_district", field="region_code"
        )
    names = {r.level: r.name for r in found}
    return AddressRegion(
        province=names[RegionLevel.PROVINCE], city=names[RegionLevel.CITY], district=names.get(RegionLevel.DISTRICT, "")
    )


async def ensure_known(uow: RegionsUoW, code: str) -> Region:
    """Any region of the tree (a warehouse may name a province or city); 422 `region.not_found`."""
    region = (await uow.regions.tree()).by_code.get(code)
    if region is None:
        raise RuleViolation("No such region.", code="region.not_found", field="region_code")
    return region
