"""The region tree's rules on the committed data set: which codes an address may point at, what names it gets,
and that a warehouse may name any known region."""

from __future__ import annotations

import pytest

from domain.errors import NotFound, RuleViolation
from domain.identity.actor import Actor
from domain.inventory import use_cases as inventory
from domain.regions import actions as regions
from domain.regions import use_cases as region_reads
from domain.regions.entities import AddressRegion, Region, RegionTree
from tests.fakes import FakeClock, FakeUnitOfWork


async def test_a_district_gives_its_province_city_and_district_names(uow: FakeUnitOfWork) -> None:
    assert await regions.address_region(uow, "440106") == AddressRegion("广东省", "广州市", "天河区")


async def test_a_municipality_repeats_its_name_at_the_city_level(uow: FakeUnitOfWork) -> None:
    assert await regions.address_region(uow, "110105") == AddressRegion("北京市", "北京市", "朝阳区")
    # Chongqing's counties sit beside its districts, under 重庆市
    assert await regions.address_region(uow, "500229") == AddressRegion("重庆市", "重庆市", "城口县")


async def test_a_city_without_districts_is_a_leaf_with_an_empty_district(uow: FakeUnitOfWork) -> None:
    assert await regions.address_region(uow, "441900") == AddressRegion("广东省", "东莞市", "")


@pytest.mark.parametrize(("code", "error"), [("999999", "region.not_found"), ("310100", "region.not_a_district")])
async def test_an_address_refuses_an_unknown_code_or_one_that_is_not_a_leaf(
    uow: FakeUnitOfWork, code: str, error: str
) -> None:
    with pytest.raises(RuleViolation) as refused:
        await regions.address_region(uow, code)
    assert (refused.value.code, refused.value.data["field"]) == (error, "region_code")


async def test_the_path_of_a_district_runs_from_its_province_down(uow: FakeUnitOfWork) -> None:
    path = await region_reads.path(uow, "310115")
    assert [(r.code, r.name, r.is_leaf) for r in path.regions] == [
        ("310000", "上海市", False),
        ("310100", "上海市", False),
        ("310115", "浦东新区", True),
    ]
    with pytest.raises(NotFound):
        await region_reads.path(uow.another(), "310199")


async def test_the_tree_has_31_provinces_and_an_unknown_parent_has_no_children(uow: FakeUnitOfWork) -> None:
    assert len((await region_reads.children(uow)).regions) == 31
    with pytest.raises(NotFound):
        await region_reads.children(uow.another(), "999999")


async def test_a_warehouse_may_name_a_province_but_not_an_unknown_region(
    uow: FakeUnitOfWork, clock: FakeClock, clerk: Actor
) -> None:
    created = await inventory.create_warehouse(uow, clock, clerk, code="ZJ", name="浙江仓", region_code="330000")
    assert created.region_code == "330000"
    with pytest.raises(RuleViolation) as refused:
        await inventory.create_warehouse(uow.another(), clock, clerk, code="XX", name="无名仓", region_code="999999")
    assert refused.value.code == "region.not_found"
    assert [w.code for w in await inventory.list_warehouses(uow.another())] == ["ZJ"]


def test_the_trees_version_changes_when_only_an_english_name_does() -> None:
    # the version is the HTTP ETag: a browser holding the old English names must not be told they are current
    regions = [Region("440000", None, 1, "广东省", name_en="Guangdong")]
    renamed = [Region("440000", None, 1, "广东省", name_en="Guangdong Province")]

    assert RegionTree.of(regions).version != RegionTree.of(renamed).version
    assert RegionTree.of(regions).version == RegionTree.of(list(regions)).version
