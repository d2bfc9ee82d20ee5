"""The roles page in the reader's language: permissions described in it, built-in roles described in it (until an
admin rewrites them), and only the modules the shop has; a built-in role still cannot be deleted, and says so."""

from __future__ import annotations

from tests import factories as f
from tests.conftest import Shop, new_ip


async def _admin_in(shop: Shop, locale: str) -> dict[str, str]:
    """A new administrator whose language is `locale` (the server answers a signed-in user in it)."""
    client = shop.client(new_ip())
    email = f.unique_email("admin")
    body = {"email": email, "display_name": "Admin", "password": f.PASSWORD, "roles": ["admin"], "locale": locale}
    created = await client.post("/users", json=body, headers=await f.admin_headers(client))
    assert created.status_code == 201, created.text
    return f.bearer(await f.login(shop.client(new_ip()), email, f.PASSWORD))


async def test_permissions_are_described_in_the_readers_language(shop: Shop) -> None:
    chinese = await (shop.client(new_ip())).get("/permissions", headers=await _admin_in(shop, "zh_CN"))
    english = await (shop.client(new_ip())).get("/permissions", headers=await _admin_in(shop, "en"))

    described = {p["name"]: p["description"] for p in chinese.json()}
    assert described["inventory:adjust"] == "调整库存、入库、盘点"
    assert described["roles:manage"] == "创建和编辑角色及其权限"
    assert {p["name"]: p["description"] for p in english.json()}["inventory:adjust"] == (
        "Adjust stock, receive goods, run stocktakes"
    )


async def test_permissions_of_modules_the_shop_does_not_have_yet_are_not_offered(shop: Shop) -> None:
    response = await shop.client(new_ip()).get("/permissions", headers=await _admin_in(shop, "en"))

    families = {p["name"].split(":")[0] for p in response.json()}
    assert {
        "users",
        "roles",
        "audit",
        "catalog",
        "inventory",
        "orders",
        "payments",
        "shipments",
        "settings",
    } <= families
    assert families.isdisjoint({"aftersales", "marketing", "reports"})


async def test_built_in_roles_are_described_in_the_readers_language_until_an_admin_rewrites_one(shop: Shop) -> None:
    # given the roles as a Chinese admin sees them
    admin = await _admin_in(shop, "zh_CN")
    client = shop.client(new_ip())
    roles = {r["name"]: r for r in (await client.get("/roles", headers=admin)).json()}
    assert roles["warehouse"]["description"] == "仓库管理员"
    assert roles["admin"]["description"] == "管理员：拥有全部权限"

    # when an admin rewrites the analyst's description
    rewritten = await client.patch(
        f"/roles/{roles['analyst']['id']}", json={"description": "看报表的同事 (reports)"}, headers=admin
    )

    # then it shows as written, to every reader
    assert rewritten.json()["description"] == "看报表的同事 (reports)"
    english = {r["name"]: r for r in (await client.get("/roles", headers=await _admin_in(shop, "en"))).json()}
    assert english["analyst"]["description"] == "看报表的同事 (reports)"
    assert english["warehouse"]["description"] == "Warehouse"
    # (the shop is shared by the session: put the built-in description back)
    await client.patch(f"/roles/{roles['analyst']['id']}", json={"description": "Analyst"}, headers=admin)


async def test_deleting_a_built_in_role_is_refused_in_the_readers_language(shop: Shop) -> None:
    admin = await _admin_in(shop, "zh_CN")
    client = shop.client(new_ip())
    finance = next(r for r in (await client.get("/roles", headers=admin)).json() if r["name"] == "finance")

    refused = await client.delete(f"/roles/{finance['id']}", headers=admin)

    assert refused.status_code == 409
    assert refused.json()["code"] == "role.builtin"
    assert refused.json()["detail"] == "内置角色不能删除"
