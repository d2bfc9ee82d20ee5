"""The category tree as staff manage it: nesting, unique names among siblings, moving whole subtrees, ordering,
deleting only what is empty, and the audit trail."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from domain.catalog.entities import MAX_CATEGORY_DEPTH
from tests.conftest import Shop, new_ip
from tests.factories import admin_headers, bearer, create_category, create_product, register_customer


def find(nodes: list[dict[str, Any]], category_id: str) -> dict[str, Any] | None:
    for node in nodes:
        if node["id"] == category_id:
            return node
        found = find(node["children"], category_id)
        if found:
            return found
    return None


async def tree(client: httpx.AsyncClient, headers: dict[str, str]) -> list[dict[str, Any]]:
    response = await client.get("/categories", headers=headers)
    assert response.status_code == 200, response.text
    return list(response.json())


async def node(client: httpx.AsyncClient, headers: dict[str, str], category_id: str) -> dict[str, Any]:
    found = find(await tree(client, headers), category_id)
    assert found is not None
    return found


async def test_categories_nest_and_the_tree_counts_products_of_the_whole_subtree(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    # given
    clothes = await create_category(client, admin, name="Clothes")
    men = await create_category(client, admin, name="Men", parent_id=clothes["id"])
    shirts = await create_category(client, admin, name="Shirts", parent_id=men["id"])
    await create_product(client, admin, category_id=shirts["id"])
    await create_product(client, admin, category_id=men["id"], status="draft")
    # then
    root = await node(client, admin, clothes["id"])
    assert (root["depth"], root["parent_id"], root["product_count"]) == (1, None, 2)
    [men_node] = root["children"]
    assert (men_node["name"], men_node["depth"], men_node["product_count"]) == ("Men", 2, 2)
    assert [(c["name"], c["depth"], c["product_count"]) for c in men_node["children"]] == [("Shirts", 3, 1)]
    # the storefront counts only what is on sale
    store = (await client.get("/store/categories")).json()
    assert find(store, clothes["id"])["product_count"] == 1  # type: ignore[index]


async def test_a_name_is_unique_among_siblings_but_free_under_another_parent(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    a = await create_category(client, admin)
    b = await create_category(client, admin)
    await create_category(client, admin, name="Shoes", parent_id=a["id"])

    again = await client.post("/categories", json={"name": "shoes", "parent_id": a["id"]}, headers=admin)
    elsewhere = await client.post("/categories", json={"name": "Shoes", "parent_id": b["id"]}, headers=admin)

    assert again.status_code == 409 and again.json()["code"] == "category.name_taken"
    assert elsewhere.status_code == 201
    rename = await client.patch(f"/categories/{elsewhere.json()['id']}", json={"name": "Boots"}, headers=admin)
    assert rename.status_code == 200 and rename.json()["name"] == "Boots"
    move_back = await client.post(
        f"/categories/{elsewhere.json()['id']}/move", json={"parent_id": a["id"], "position": 0}, headers=admin
    )
    assert move_back.status_code == 200  # "Boots" is free under a


async def test_moving_a_category_carries_its_subtree_and_updates_depths(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    # given a → b → c, and d elsewhere
    a = await create_category(client, admin)
    b = await create_category(client, admin, parent_id=a["id"])
    c = await create_category(client, admin, parent_id=b["id"])
    d = await create_category(client, admin)
    product = await create_product(client, admin, category_id=c["id"])
    # when b moves under d
    moved = await client.post(f"/categories/{b['id']}/move", json={"parent_id": d["id"], "position": 0}, headers=admin)
    # then
    assert moved.status_code == 200, moved.text
    assert (moved.json()["parent_id"], moved.json()["depth"]) == (d["id"], 2)
    d_node = await node(client, admin, d["id"])
    assert d_node["product_count"] == 1
    assert [x["id"] for x in d_node["children"][0]["children"]] == [c["id"]]
    assert d_node["children"][0]["children"][0]["depth"] == 3
    assert (await node(client, admin, a["id"]))["product_count"] == 0
    # and the product is found under its new ancestor
    listed = await client.get("/products", params={"category_id": d["id"]}, headers=admin)
    assert [p["id"] for p in listed.json()["items"]] == [product["id"]]
    # and b can become a root again
    to_root = await client.post(f"/categories/{b['id']}/move", json={"parent_id": None}, headers=admin)
    assert (to_root.json()["parent_id"], to_root.json()["depth"]) == (None, 1)
    assert (await node(client, admin, c["id"]))["depth"] == 2


async def test_a_category_cannot_move_under_itself_or_its_descendants(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    a = await create_category(client, admin)
    b = await create_category(client, admin, parent_id=a["id"])
    c = await create_category(client, admin, parent_id=b["id"])

    for target in (a, c):
        response = await client.post(
            f"/categories/{a['id']}/move", json={"parent_id": target["id"], "position": 0}, headers=admin
        )
        assert response.status_code == 409, response.text
        assert response.json()["code"] == "category.cycle"
    assert (await node(client, admin, a["id"]))["children"][0]["children"][0]["id"] == c["id"]


async def test_the_tree_is_at_most_max_depth_levels_deep_also_after_a_move(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    chain = [await create_category(client, admin)]
    for _ in range(MAX_CATEGORY_DEPTH - 1):
        chain.append(await create_category(client, admin, parent_id=chain[-1]["id"]))

    deeper = await client.post("/categories", json={"name": "Too deep", "parent_id": chain[-1]["id"]}, headers=admin)
    assert deeper.status_code == 422 and deeper.json()["code"] == "category.too_deep"

    # a two-level subtree cannot go under the second-deepest level
    top = await create_category(client, admin)
    await create_category(client, admin, parent_id=top["id"])
    moved = await client.post(
        f"/categories/{top['id']}/move", json={"parent_id": chain[-2]["id"], "position": 0}, headers=admin
    )
    assert moved.status_code == 422 and moved.json()["code"] == "category.too_deep"


async def test_moving_within_the_same_parent_reorders_the_siblings(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    parent = await create_category(client, admin)
    first, second, third = [await create_category(client, admin, parent_id=parent["id"]) for _ in range(3)]
    at_front = await client.post(
        "/categories", json={"name": "Front", "parent_id": parent["id"], "position": 0}, headers=admin
    )

    response = await client.post(
        f"/categories/{third['id']}/move", json={"parent_id": parent["id"], "position": 1}, headers=admin
    )

    assert response.status_code == 200
    children = (await node(client, admin, parent["id"]))["children"]
    assert [c["id"] for c in children] == [at_front.json()["id"], third["id"], first["id"], second["id"]]
    assert [c["position"] for c in children] == [0, 1, 2, 3]


async def test_only_an_empty_category_can_be_deleted_and_each_change_is_audited(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    parent = await create_category(client, admin)
    child = await create_category(client, admin, parent_id=parent["id"])
    product = await create_product(client, admin, category_id=child["id"], status="draft")

    with_child = await client.delete(f"/categories/{parent['id']}", headers=admin)
    with_product = await client.delete(f"/categories/{child['id']}", headers=admin)
    assert with_child.status_code == 409 and with_child.json()["code"] == "category.not_empty"
    # the admin reads Chinese
    assert with_child.json()["detail"] == "分类不为空（1 个子分类、0 个商品），请先移走或删除"
    assert with_product.status_code == 409 and with_product.json()["products"] == 1

    assert (await client.delete(f"/products/{product['id']}", headers=admin)).status_code == 204
    assert (await client.delete(f"/categories/{child['id']}", headers=admin)).status_code == 204
    assert (await client.delete(f"/categories/{parent['id']}", headers=admin)).status_code == 204
    assert find(await tree(client, admin), parent["id"]) is None
    assert (await client.delete(f"/categories/{parent['id']}", headers=admin)).status_code == 404

    audit = await client.get("/audit-log", params={"target_id": child["id"]}, headers=admin)
    assert {e["action"] for e in audit.json()["items"]} == {"category.create", "category.delete"}


async def test_customers_cannot_manage_categories_but_anyone_can_browse_them(shop: Shop) -> None:
    client = shop.client(new_ip())
    customer = bearer(await register_customer(client))
    assert (await client.get("/categories", headers=customer)).status_code == 403
    created = await client.post("/categories", json={"name": f"x{uuid.uuid4().hex[:6]}"}, headers=customer)
    assert created.status_code == 403
    assert (await client.get("/store/categories")).status_code == 200


async def test_a_category_keeps_an_optional_english_name_that_the_storefront_shows(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    # given: a category made with an English name, a sub-category without one, and a product on sale under it
    created = await client.post(
        "/categories", json={"name": f"服装{uuid.uuid4().hex[:6]}", "name_en": " Clothing "}, headers=admin
    )
    assert created.status_code == 201, created.text
    clothes = created.json()
    men = await create_category(client, admin, name="男装", parent_id=clothes["id"])
    product = await create_product(client, admin, category_id=men["id"])

    # then: staff and the storefront read the English name (trimmed), and null where none was given
    assert clothes["name_en"] == "Clothing"
    assert (await node(client, admin, clothes["id"]))["name_en"] == "Clothing"
    assert (await node(client, admin, men["id"]))["name_en"] is None
    store = find((await client.get("/store/categories")).json(), clothes["id"])
    assert store is not None and store["name_en"] == "Clothing"
    page = (await client.get(f"/store/products/{product['id']}")).json()
    assert [(c["name"], c["name_en"]) for c in page["category_path"]] == [(clothes["name"], "Clothing"), ("男装", None)]

    # when: a rename without name_en keeps it, one with it changes it, and a blank one removes it
    renamed = await client.patch(f"/categories/{clothes['id']}", json={"name": clothes["name"] + "类"}, headers=admin)
    given = await client.patch(f"/categories/{men['id']}", json={"name": "男装", "name_en": "Men"}, headers=admin)
    cleared = await client.patch(
        f"/categories/{clothes['id']}", json={"name": clothes["name"], "name_en": ""}, headers=admin
    )

    # then
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["name_en"] == "Clothing"
    assert given.json()["name_en"] == "Men"
    assert cleared.json()["name_en"] is None
    assert (await node(client, admin, men["id"]))["name_en"] == "Men"
    audit = await client.get("/audit-log", params={"target_id": men["id"]}, headers=admin)
    assert audit.status_code == 200, audit.text
    assert any((e.get("after") or {}).get("name_en") == "Men" for e in audit.json()["items"])


async def test_an_english_category_name_is_bounded_like_the_chinese_one(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)

    response = await client.post(
        "/categories", json={"name": f"x{uuid.uuid4().hex[:6]}", "name_en": "E" * 65}, headers=admin
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "name_en"
