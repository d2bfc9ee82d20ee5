"""The region tree (province → city → district) as the cascader reads it, and the region codes of addresses and
warehouses checked against it: the server stores the tree's names, whatever names a client typed."""

from __future__ import annotations

from typing import Any

import httpx
import sqlalchemy as sa

from infra import regions_data
from infra.db.tables.regions import region
from tests import factories as f
from tests.conftest import Shop, new_ip
from tests.factories import bearer, register_customer, unique_phone


def address(region_code: str, **more: Any) -> dict[str, Any]:
    return {
        "recipient": "李四",
        "phone": unique_phone(),
        "region_code": region_code,
        "detail": "世纪大道 100 号",
        **more,
    }


def names(saved: dict[str, Any]) -> tuple[str, str, str, str]:
    return saved["region_code"], saved["province"], saved["city"], saved["district"]


def listed(response: httpx.Response) -> list[tuple[str, str]]:
    assert response.status_code == 200, response.text
    return [(r["code"], r["name"]) for r in response.json()]


async def customer(shop: Shop) -> tuple[httpx.AsyncClient, dict[str, str]]:
    client = shop.client(new_ip())
    return client, bearer(await register_customer(client))


async def test_the_migrated_database_holds_the_whole_committed_data_set(shop: Shop) -> None:
    async with shop.container.uow() as uow:
        levels = dict((await uow.session.execute(sa.select(region.c.level, sa.func.count()).group_by("level"))).all())

    assert levels == {1: 31, 2: 341, 3: 2975}
    assert sum(levels.values()) == len(regions_data.rows())


async def test_anyone_reads_the_provinces_and_a_citys_districts_with_cache_headers(shop: Shop) -> None:
    client = shop.client(new_ip())

    provinces = await client.get("/regions")
    districts = await client.get("/regions", params={"parent": "310100"})

    assert len(listed(provinces)) == 31
    assert ("440000", "广东省") in listed(provinces)
    assert ("310115", "浦东新区") in listed(districts)
    assert all(r["level"] == 3 and r["leaf"] for r in districts.json())
    assert provinces.headers["cache-control"] == "public, max-age=86400"
    assert provinces.headers["etag"].startswith('W/"')


async def test_asking_again_with_the_etag_is_answered_not_modified(shop: Shop) -> None:
    client = shop.client(new_ip())
    first = await client.get("/regions", params={"parent": "440000"})

    again = await client.get("/regions", params={"parent": "440000"}, headers={"If-None-Match": first.headers["etag"]})
    stale = await client.get("/regions", params={"parent": "440000"}, headers={"If-None-Match": 'W/"old"'})

    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == first.headers["etag"]
    assert listed(stale) == listed(first)


async def test_a_municipality_reads_as_itself_at_the_city_level(shop: Shop) -> None:
    client = shop.client(new_ip())

    beijing = await client.get("/regions", params={"parent": "110000"})
    chongqing = await client.get("/regions", params={"parent": "500000"})
    chongqing_districts = await client.get("/regions", params={"parent": "500100"})
    path = await client.get("/regions/110105")

    assert listed(beijing) == [("110100", "北京市")]
    assert listed(chongqing) == [("500100", "重庆市")]  # its counties are not a second city-level node "县"
    assert {("500103", "渝中区"), ("500229", "城口县")} <= set(listed(chongqing_districts))
    assert listed(path) == [("110000", "北京市"), ("110100", "北京市"), ("110105", "朝阳区")]


async def test_an_unknown_region_is_not_found(shop: Shop) -> None:
    client = shop.client(new_ip())

    path = await client.get("/regions/999999")
    children = await client.get("/regions", params={"parent": "999999"})

    assert (path.status_code, path.json()["code"]) == (404, "region.not_found")
    assert (children.status_code, children.json()["code"]) == (404, "region.not_found")


async def test_a_saved_address_carries_the_trees_names_not_the_typed_ones(shop: Shop) -> None:
    client, headers = await customer(shop)

    typed = address("440106", province="Guangdong", city="", district="天河")
    response = await client.post("/me/addresses", json=typed, headers=headers)

    assert response.status_code == 201, response.text
    assert names(response.json()) == ("440106", "广东省", "广州市", "天河区")
    assert names((await client.get("/me/addresses", headers=headers)).json()[0]) == names(response.json())


async def test_an_address_with_an_unknown_region_code_is_refused_in_the_callers_language(shop: Shop) -> None:
    client, headers = await customer(shop)

    chinese = await client.post("/me/addresses", json=address("999999"), headers=headers)
    await client.patch("/me", json={"locale": "en"}, headers=headers)
    english = await client.post("/me/addresses", json=address("999999"), headers=headers)

    assert chinese.status_code == 422
    assert chinese.json()["code"] == "region.not_found"
    assert chinese.json()["errors"] == [
        {"field": "region_code", "message": "所选地区不存在，请重新选择", "code": "region.not_found"}
    ]
    assert english.json()["errors"][0]["message"] == "No such region."
    assert (await client.get("/me/addresses", headers=headers)).json() == []


async def test_an_address_must_name_a_district_not_a_province_or_city(shop: Shop) -> None:
    client, headers = await customer(shop)

    city = await client.post("/me/addresses", json=address("310100"), headers=headers)
    dongguan = await client.post("/me/addresses", json=address("441900"), headers=headers)

    assert city.status_code == 422
    assert city.json()["errors"][0] == {
        "field": "region_code",
        "message": "请选择到区/县一级",
        "code": "region.not_a_district",
    }
    # 东莞市 has no districts: the city is as far as the tree goes
    assert dongguan.status_code == 201, dongguan.text
    assert names(dongguan.json()) == ("441900", "广东省", "东莞市", "")


async def test_moving_an_address_to_another_district_renames_it_and_typed_names_alone_change_nothing(
    shop: Shop,
) -> None:
    # given
    client, headers = await customer(shop)
    saved = (await client.post("/me/addresses", json=address("310115"), headers=headers)).json()

    # when
    renamed = await client.patch(f"/me/addresses/{saved['id']}", json={"city": "杭州市"}, headers=headers)
    moved = await client.patch(f"/me/addresses/{saved['id']}", json={"region_code": "330106"}, headers=headers)
    refused = await client.patch(f"/me/addresses/{saved['id']}", json={"region_code": "999999"}, headers=headers)

    # then
    assert names(renamed.json()) == ("310115", "上海市", "上海市", "浦东新区")
    assert names(moved.json()) == ("330106", "浙江省", "杭州市", "西湖区")
    assert (refused.status_code, refused.json()["code"]) == (422, "region.not_found")
    assert names((await client.get("/me/addresses", headers=headers)).json()[0]) == names(moved.json())


async def test_a_warehouse_may_name_any_known_region_but_not_an_unknown_one(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)

    province = await client.post(
        "/warehouses", json={"code": f.unique_code("SH"), "name": "上海仓", "region_code": "310000"}, headers=admin
    )
    unknown = await client.post(
        "/warehouses", json={"code": f.unique_code("XX"), "name": "无名仓", "region_code": "999999"}, headers=admin
    )
    moved = await client.patch(f"/warehouses/{province.json()['id']}", json={"region_code": "440106"}, headers=admin)
    moved_nowhere = await client.patch(
        f"/warehouses/{province.json()['id']}", json={"region_code": "999999"}, headers=admin
    )

    assert province.status_code == 201, province.text
    assert (unknown.status_code, unknown.json()["code"]) == (422, "region.not_found")
    assert unknown.json()["errors"][0]["field"] == "region_code"
    assert moved.json()["region_code"] == "440106"
    assert (moved_nowhere.status_code, moved_nowhere.json()["code"]) == (422, "region.not_found")
    assert (await client.get(f"/warehouses/{province.json()['id']}", headers=admin)).json()["region_code"] == "440106"


async def test_every_region_reads_with_its_english_name_from_the_committed_file(shop: Shop) -> None:
    client = shop.client(new_ip())
    async with shop.container.uow() as uow:
        stored = dict((await uow.session.execute(sa.select(region.c.code, region.c.name_en))).all())

    provinces = (await client.get("/regions")).json()
    path = (await client.get("/regions/440305")).json()
    chongqing = (await client.get("/regions", params={"parent": "500100"})).json()

    assert stored == {r["code"]: r["name_en"] for r in regions_data.rows()}
    assert {(r["code"], r["name"], r["name_en"]) for r in provinces} >= {
        ("440000", "广东省", "Guangdong"),
        ("540000", "西藏自治区", "Xizang"),
        ("610000", "陕西省", "Shaanxi"),
        ("140000", "山西省", "Shanxi"),
        ("150000", "内蒙古自治区", "Inner Mongolia"),
    }
    assert [(r["name"], r["name_en"]) for r in path] == [
        ("广东省", "Guangdong"),
        ("深圳市", "Shenzhen"),
        ("南山区", "Nanshan District"),
    ]
    assert {(r["code"], r["name_en"]) for r in chongqing} >= {
        ("500103", "Yuzhong District"),
        ("500229", "Chengkou County"),
    }


async def test_an_address_saved_by_an_english_speaker_keeps_the_chinese_names_a_courier_reads(shop: Shop) -> None:
    client, headers = await customer(shop)
    await client.patch("/me", json={"locale": "en"}, headers=headers)

    saved = await client.post("/me/addresses", json=address("440305"), headers=headers)

    assert saved.status_code == 201, saved.text
    assert names(saved.json()) == ("440305", "广东省", "深圳市", "南山区")
