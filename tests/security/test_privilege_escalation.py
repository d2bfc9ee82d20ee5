"""Privilege escalation (issue 7, item 3): nobody grants a permission they do not hold, and nobody changes their
own roles. The first two tests are the exact requests of the probe."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests import factories as f
from tests.conftest import Shop, new_ip


async def staff_with_permissions(
    client: httpx.AsyncClient, admin: dict[str, str], *permissions: str
) -> tuple[dict[str, Any], dict[str, str], dict[str, Any]]:
    """A new staff member whose one custom role holds `permissions`: the user, their headers, the role."""
    body = {"name": f"custom_{uuid.uuid4().hex[:10]}", "permissions": list(permissions)}
    role = await client.post("/roles", json=body, headers=admin)
    assert role.status_code == 201, role.text
    user = await f.create_staff(client, admin, role.json()["name"])
    return user, f.bearer(await f.login(client, user["email"], f.PASSWORD)), role.json()


async def test_a_user_manager_cannot_give_themselves_the_admin_role(shop: Shop) -> None:
    # given
    client = shop.client(new_ip())
    me, headers, _ = await staff_with_permissions(client, await f.admin_headers(client), "users:manage")

    # when
    response = await client.patch(f"/users/{me['id']}", json={"roles": ["admin"]}, headers=headers)

    # then
    assert response.status_code == 403
    assert response.json()["code"] == "user.own_roles"
    assert "*" not in (await client.get("/me", headers=headers)).json()["permissions"]


async def test_a_role_manager_cannot_give_their_own_role_every_permission(shop: Shop) -> None:
    # given
    client = shop.client(new_ip())
    _, headers, role = await staff_with_permissions(client, await f.admin_headers(client), "roles:manage")

    # when
    response = await client.patch(f"/roles/{role['id']}", json={"permissions": ["roles:manage", "*"]}, headers=headers)

    # then
    assert response.status_code == 403
    assert response.json()["code"] == "auth.grant_not_held"
    assert response.json()["permissions"] == ["*"]
    assert (await client.get("/me", headers=headers)).json()["permissions"] == ["roles:manage"]


async def test_a_user_manager_cannot_give_someone_else_the_admin_role(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    _, headers, _ = await staff_with_permissions(client, admin, "users:manage")
    accomplice = (await f.register_customer(client))["user"]

    response = await client.patch(f"/users/{accomplice['id']}", json={"roles": ["admin"]}, headers=headers)

    assert response.status_code == 403
    assert response.json()["code"] == "auth.grant_not_held"
    assert (await client.get(f"/users/{accomplice['id']}", headers=admin)).json()["roles"] == ["customer"]


async def test_a_user_manager_cannot_create_an_admin(shop: Shop) -> None:
    client = shop.client(new_ip())
    _, headers, _ = await staff_with_permissions(client, await f.admin_headers(client), "users:manage")
    body = {"email": f.unique_email("sock"), "display_name": "Sock", "password": f.PASSWORD, "roles": ["admin"]}

    response = await client.post("/users", json=body, headers=headers)

    assert response.status_code == 403
    assert response.json()["code"] == "auth.grant_not_held"


async def test_a_role_manager_cannot_create_a_role_with_permissions_they_lack(shop: Shop) -> None:
    client = shop.client(new_ip())
    _, headers, _ = await staff_with_permissions(client, await f.admin_headers(client), "roles:manage")
    body = {"name": f"refunders_{uuid.uuid4().hex[:8]}", "permissions": ["payments:*"]}

    response = await client.post("/roles", json=body, headers=headers)

    assert response.status_code == 403
    assert response.json()["permissions"] == ["payments:*"]


async def test_a_manager_may_grant_what_they_hold(shop: Shop) -> None:
    # given: someone who manages users and holds the warehouse and analyst permissions
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    warehouse = ["inventory:read", "inventory:adjust", "shipments:write", "orders:read", "catalog:read"]
    analyst = ["reports:read", "customers:read"]
    _, headers, _ = await staff_with_permissions(client, admin, "users:manage", *analyst, *warehouse)
    clerk = await f.create_staff(client, admin, "analyst")

    # when: they add the warehouse role to an analyst
    response = await client.patch(f"/users/{clerk['id']}", json={"roles": ["analyst", "warehouse"]}, headers=headers)

    # then
    assert response.status_code == 200, response.text
    assert response.json()["roles"] == ["analyst", "warehouse"]


async def test_a_user_manager_cannot_demote_disable_or_rename_the_admin(shop: Shop) -> None:
    # given: a users:manage-only clerk and an administrator
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    _, headers, _ = await staff_with_permissions(client, admin, "users:manage")
    boss = await f.create_staff(client, admin, "admin")
    boss_headers = f.bearer(await f.login(client, boss["email"], f.PASSWORD))

    # when: the clerk demotes, renames and disables the admin
    attempts = [
        await client.patch(f"/users/{boss['id']}", json={"roles": ["customer"]}, headers=headers),
        await client.patch(f"/users/{boss['id']}", json={"display_name": "Demoted"}, headers=headers),
        await client.post(f"/users/{boss['id']}/disable", headers=headers),
    ]

    # then: every one is refused, naming what the admin holds beyond the clerk, and nothing changed
    assert [r.status_code for r in attempts] == [403, 403, 403]
    assert {r.json()["code"] for r in attempts} == {"user.outranks_you"}
    assert attempts[0].json()["permissions"] == ["*"]
    after = (await client.get(f"/users/{boss['id']}", headers=admin)).json()
    assert (after["roles"], after["display_name"], after["status"]) == (["admin"], "Staff", "active")
    assert (await client.get("/me", headers=boss_headers)).status_code == 200


async def test_a_user_manager_cannot_re_enable_a_disabled_stronger_account(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    _, headers, _ = await staff_with_permissions(client, admin, "users:manage")
    refunder = await f.create_staff(client, admin, "finance")
    assert (await client.post(f"/users/{refunder['id']}/disable", headers=admin)).status_code == 200

    response = await client.post(f"/users/{refunder['id']}/enable", headers=headers)

    assert response.status_code == 403
    assert response.json()["permissions"] == [
        "orders:read",
        "payments:read",
        "payments:refund",
        "payments:write",
        "reports:read",
    ]
    assert (await client.get(f"/users/{refunder['id']}", headers=admin)).json()["status"] == "disabled"


async def test_a_user_manager_still_manages_accounts_within_their_permissions(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    _, headers, _ = await staff_with_permissions(client, admin, "users:manage")
    customer = await f.register_customer(client)

    renamed = await client.patch(f"/users/{customer['user']['id']}", json={"display_name": "Ada"}, headers=headers)
    disabled = await client.post(f"/users/{customer['user']['id']}/disable", headers=headers)

    assert (renamed.status_code, renamed.json()["display_name"]) == (200, "Ada")
    assert (disabled.status_code, disabled.json()["status"]) == (200, "disabled")


async def test_the_chinese_answer_says_the_account_outranks_you(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    _, headers, _ = await staff_with_permissions(client, admin, "users:manage")
    boss = await f.create_staff(client, admin, "admin")

    response = await client.post(f"/users/{boss['id']}/disable", headers=headers | {"Accept-Language": "zh-CN"})

    assert response.json()["detail"] == "该账号拥有您没有的权限，您不能管理它"
