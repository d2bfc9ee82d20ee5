"""Back-office administration as staff see it: who may manage users and roles, what they can change, and the
audit trail every change leaves behind."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from domain.identity.permissions import grants
from tests import factories as f
from tests.conftest import Shop, new_ip
from tests.factories import (
    ADMIN,
    CLERK,
    PASSWORD,
    admin_headers,
    bearer,
    create_staff,
    login,
    register_customer,
    unique_email,
)

PROBLEM = "application/problem+json"


def problem_code(response: httpx.Response) -> str:
    assert response.headers["content-type"] == PROBLEM, response.text
    return str(response.json()["code"])


def error_fields(response: httpx.Response) -> set[str]:
    return {e["field"] for e in response.json()["errors"]}


def staff_body(email: str | None = None, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "email": email or unique_email("staff"),
        "display_name": "Staff",
        "password": PASSWORD,
        "roles": ["warehouse"],
    }
    return {**body, **overrides}


async def signed_in_staff(
    client: httpx.AsyncClient, admin: dict[str, str], *roles: str
) -> tuple[dict[str, Any], dict[str, str]]:
    """A new staff user with `roles`, and the headers of their session."""
    user = await create_staff(client, admin, *roles)
    return user, bearer(await login(client, user["email"], PASSWORD))


async def users_matching(client: httpx.AsyncClient, admin: dict[str, str], q: str, **params: Any) -> dict[str, Any]:
    response = await client.get("/users", params={"q": q, **params}, headers=admin)
    assert response.status_code == 200, response.text
    return dict(response.json())


async def audit_entries(client: httpx.AsyncClient, admin: dict[str, str], **params: Any) -> dict[str, Any]:
    response = await client.get("/audit-log", params=params, headers=admin)
    assert response.status_code == 200, response.text
    return dict(response.json())


async def permissions_of(client: httpx.AsyncClient, headers: dict[str, str]) -> list[str]:
    me = await client.get("/me", headers=headers)
    assert me.status_code == 200, me.text
    return list(me.json()["permissions"])


async def renewed(client: httpx.AsyncClient, session: dict[str, Any]) -> dict[str, Any]:
    """The session after a change to its roles: the access token has ended, the refresh token renews it."""
    assert (await client.get("/me", headers=bearer(session))).status_code == 401
    response = await client.post("/auth/refresh", json={"refresh_token": session["refresh_token"]})
    assert response.status_code == 200, response.text
    return dict(response.json())


async def role_named(client: httpx.AsyncClient, admin: dict[str, str], name: str) -> dict[str, Any] | None:
    roles = await client.get("/roles", headers=admin)
    assert roles.status_code == 200, roles.text
    return next((r for r in roles.json() if r["name"] == name), None)


def unique_role_name(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


# --- who may administer ---------------------------------------------------------------------------------------


async def test_a_clerk_without_users_manage_is_forbidden_from_user_role_and_audit_administration(shop: Shop) -> None:
    # given
    client = shop.client(new_ip())
    clerk = bearer(await login(client, *CLERK))
    email = unique_email("by-clerk")

    # when
    answers = [
        await client.get("/users", headers=clerk),
        await client.post("/users", json=staff_body(email), headers=clerk),
        await client.get("/roles", headers=clerk),
        await client.get("/audit-log", headers=clerk),
    ]

    # then
    assert [r.status_code for r in answers] == [403, 403, 403, 403]
    assert {problem_code(r) for r in answers} == {"auth.forbidden"}
    assert (await users_matching(client, await admin_headers(client), email))["total"] == 0


async def test_without_a_token_administration_answers_401_unauthenticated(shop: Shop) -> None:
    client = shop.client(new_ip())

    answers = [
        await client.get("/users"),
        await client.post("/users", json=staff_body()),
        await client.get("/roles"),
        await client.get("/audit-log"),
    ]

    assert [r.status_code for r in answers] == [401, 401, 401, 401]
    assert {problem_code(r) for r in answers} == {"auth.unauthenticated"}
    assert answers[0].headers["www-authenticate"] == "Bearer"


async def test_a_customer_is_forbidden_from_administration(shop: Shop) -> None:
    client = shop.client(new_ip())
    customer = bearer(await register_customer(client))

    answers = [
        await client.get("/users", headers=customer),
        await client.get("/roles", headers=customer),
        await client.get("/permissions", headers=customer),
        await client.get("/audit-log", headers=customer),
    ]

    assert [r.status_code for r in answers] == [403, 403, 403, 403]
    assert {problem_code(r) for r in answers} == {"auth.forbidden"}


# --- creating staff ---------------------------------------------------------------------------------------------


async def test_an_admin_creates_a_warehouse_user_who_signs_in_with_warehouse_permissions_and_it_is_audited(
    shop: Shop,
) -> None:
    # given
    ip = new_ip()
    client = shop.client(ip)
    admin_session = await login(client, *ADMIN)
    admin = bearer(admin_session)
    email = unique_email("warehouse")

    # when
    created = await client.post("/users", json=staff_body(email, display_name="仓库 Wang"), headers=admin)

    # then: the account exists and works
    assert created.status_code == 201, created.text
    user = created.json()
    assert (user["email"], user["roles"], user["status"], user["is_staff"]) == (email, ["warehouse"], "active", True)
    permissions = await permissions_of(client, bearer(await login(client, email, PASSWORD)))
    assert "inventory:adjust" in permissions
    assert "users:manage" not in permissions

    # and: one audit entry names the admin, the request's address and the roles given
    log = await audit_entries(client, admin, action="user.create", target_id=user["id"])
    assert log["total"] == 1
    [entry] = log["items"]
    assert entry["actor_id"] == admin_session["user"]["id"]
    assert entry["actor_name"] == "admin@allorder.local"
    assert entry["ip"] == ip
    assert entry["target_type"] == "user"
    assert entry["before"] is None
    assert entry["after"]["roles"] == ["warehouse"]
    assert entry["after"]["email"] == email
    assert entry["request_id"]


async def test_creating_a_user_without_a_password_is_refused_and_nothing_is_written(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    body = staff_body()
    del body["password"]

    response = await client.post("/users", json=body, headers=admin)

    assert response.status_code == 422
    assert problem_code(response) == "validation.failed"
    assert "password" in error_fields(response)
    assert (await users_matching(client, admin, body["email"]))["total"] == 0


async def test_creating_a_user_with_an_unknown_role_is_refused_and_nothing_is_written(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    email = unique_email("no-such-role")

    response = await client.post("/users", json=staff_body(email, roles=["warehouse", "astronaut"]), headers=admin)

    assert response.status_code == 422
    assert problem_code(response) == "role.unknown"
    assert error_fields(response) == {"roles"}
    assert response.json()["unknown"] == ["astronaut"]
    assert (await users_matching(client, admin, email))["total"] == 0


async def test_creating_a_user_with_an_invalid_email_is_refused_and_nothing_is_written(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    not_an_email = f"not-an-email-{uuid.uuid4().hex[:8]}"

    response = await client.post("/users", json=staff_body(not_an_email), headers=admin)

    assert response.status_code == 422
    assert problem_code(response) == "validation.failed"
    assert "email" in error_fields(response)
    assert (await users_matching(client, admin, not_an_email))["total"] == 0


async def test_a_user_at_the_shops_own_local_domain_is_created_and_signs_in(shop: Shop) -> None:
    # the demo accounts live at @allorder.local: a special-use domain mail setups accept without a DNS check
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    email = f"clerk-{uuid.uuid4().hex[:8]}@allorder.local"

    response = await client.post("/users", json=staff_body(email), headers=admin)

    assert response.status_code == 201, response.text
    assert response.json()["email"] == email
    assert (await login(client, email, PASSWORD))["user"]["email"] == email


async def test_an_address_at_a_domain_that_never_resolves_is_refused_with_a_coded_field_error(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)

    response = await client.post("/users", json=staff_body("someone@shop.invalid"), headers=admin)

    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [("email", "email_invalid")]


async def test_an_email_already_registered_cannot_be_given_to_a_new_user(shop: Shop) -> None:
    # given
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    email = unique_email("taken")
    await create_staff(client, admin, "warehouse", email=email)

    # when
    again = await client.post("/users", json=staff_body(email), headers=admin)
    shouting = await client.post("/users", json=staff_body(email.upper()), headers=admin)

    # then
    assert again.status_code == 409
    assert problem_code(again) == "user.email_taken"
    assert error_fields(again) == {"email"}
    assert shouting.status_code == 409
    assert problem_code(shouting) == "user.email_taken"
    assert (await users_matching(client, admin, email))["total"] == 1


# --- listing users ----------------------------------------------------------------------------------------------


async def test_the_user_list_filters_by_text_role_kind_and_status(shop: Shop) -> None:
    # given: two staff users and a customer whose e-mails share a marker, one staff user disabled
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    marker = f"lst{uuid.uuid4().hex[:8]}"
    packer = await create_staff(client, admin, "warehouse", email=unique_email(f"{marker}-a"))
    bookkeeper = await create_staff(client, admin, "finance", email=unique_email(f"{marker}-b"))
    shopper = (await register_customer(client, email=unique_email(f"{marker}-c")))["user"]
    disabled = await client.post(f"/users/{bookkeeper['id']}/disable", headers=admin)
    assert disabled.status_code == 200, disabled.text

    def ids(page: dict[str, Any]) -> set[str]:
        return {u["id"] for u in page["items"]}

    # then
    everyone = await users_matching(client, admin, marker.upper())
    assert (everyone["total"], ids(everyone)) == (3, {packer["id"], bookkeeper["id"], shopper["id"]})
    assert ids(await users_matching(client, admin, marker, role="warehouse")) == {packer["id"]}
    assert ids(await users_matching(client, admin, marker, kind="staff")) == {packer["id"], bookkeeper["id"]}
    assert ids(await users_matching(client, admin, marker, kind="customer")) == {shopper["id"]}
    assert ids(await users_matching(client, admin, marker, status="disabled")) == {bookkeeper["id"]}
    assert ids(await users_matching(client, admin, marker, status="active")) == {packer["id"], shopper["id"]}
    assert ids(await users_matching(client, admin, marker, role="warehouse", status="disabled")) == set()


async def test_the_user_list_is_paginated_and_sortable_by_email(shop: Shop) -> None:
    # given
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    marker = f"pg{uuid.uuid4().hex[:8]}"
    emails = [f"{marker}-{letter}@example.com" for letter in "cab"]
    for email in emails:
        await create_staff(client, admin, "analyst", email=email)

    # when
    pages = [await users_matching(client, admin, marker, page_size=1, page=n, sort="email") for n in (1, 2, 3, 4)]
    ascending = await users_matching(client, admin, marker, sort="email")
    descending = await users_matching(client, admin, marker, sort="-email")

    # then
    assert [(p["total"], p["page"], p["page_size"], len(p["items"])) for p in pages] == [
        (3, 1, 1, 1),
        (3, 2, 1, 1),
        (3, 3, 1, 1),
        (3, 4, 1, 0),
    ]
    assert [p["items"][0]["email"] for p in pages[:3]] == sorted(emails)
    assert [u["email"] for u in ascending["items"]] == sorted(emails)
    assert [u["email"] for u in descending["items"]] == sorted(emails, reverse=True)


async def test_the_user_list_refuses_an_unknown_sort_or_filter_value(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)

    by_password = await client.get("/users", params={"sort": "password_hash"}, headers=admin)
    by_kind = await client.get("/users", params={"kind": "robot"}, headers=admin)
    too_big = await client.get("/users", params={"page_size": 1000}, headers=admin)

    assert [r.status_code for r in (by_password, by_kind, too_big)] == [422, 422, 422]
    assert error_fields(by_password) == {"sort"}
    assert error_fields(by_kind) == {"kind"}
    assert error_fields(too_big) == {"page_size"}


# --- changing users ---------------------------------------------------------------------------------------------


async def test_changing_a_users_roles_is_audited_with_before_and_after(shop: Shop) -> None:
    # given
    ip = new_ip()
    client = shop.client(ip)
    admin = await admin_headers(client)
    user, headers = await signed_in_staff(client, admin, "warehouse")

    # when
    changed = await client.patch(f"/users/{user['id']}", json={"roles": ["finance", "analyst"]}, headers=admin)

    # then
    assert changed.status_code == 200, changed.text
    assert changed.json()["roles"] == ["analyst", "finance"]
    assert (await client.get("/me", headers=headers)).status_code == 401  # the token said "warehouse"
    permissions = await permissions_of(client, bearer(await login(client, user["email"], PASSWORD)))
    assert "payments:refund" in permissions
    assert "inventory:adjust" not in permissions
    log = await audit_entries(client, admin, action="user.update", target_id=user["id"])
    assert log["total"] == 1
    [entry] = log["items"]
    assert entry["before"]["roles"] == ["warehouse"]
    assert entry["after"]["roles"] == ["analyst", "finance"]
    assert (entry["actor_name"], entry["ip"]) == ("admin@allorder.local", ip)


async def test_an_admin_cannot_change_their_own_roles(shop: Shop) -> None:
    # given: a fresh admin, so the seed admin stays untouched for other tests
    client = shop.client(new_ip())
    me, headers = await signed_in_staff(client, await admin_headers(client), "admin")

    # when
    response = await client.patch(f"/users/{me['id']}", json={"roles": ["warehouse"]}, headers=headers)

    # then
    assert response.status_code == 403
    assert problem_code(response) == "user.own_roles"
    assert (await client.get(f"/users/{me['id']}", headers=headers)).json()["roles"] == ["admin"]
    assert (await audit_entries(client, headers, action="user.update", target_id=me["id"]))["total"] == 0


async def test_an_admin_cannot_even_add_a_role_to_themselves(shop: Shop) -> None:
    client = shop.client(new_ip())
    me, headers = await signed_in_staff(client, await admin_headers(client), "admin")

    response = await client.patch(f"/users/{me['id']}", json={"roles": ["admin", "warehouse"]}, headers=headers)

    assert response.status_code == 403
    assert problem_code(response) == "user.own_roles"


async def test_an_admin_cannot_disable_their_own_account(shop: Shop) -> None:
    client = shop.client(new_ip())
    me, headers = await signed_in_staff(client, await admin_headers(client), "admin")

    response = await client.post(f"/users/{me['id']}/disable", headers=headers)

    assert response.status_code == 422
    assert problem_code(response) == "user.self_disable"
    assert (await client.get("/me", headers=headers)).status_code == 200


async def test_a_disabled_user_is_shut_out_at_once_and_let_back_in_when_enabled(shop: Shop) -> None:
    # given: a signed-in staff user
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    user = await create_staff(client, admin, "order_clerk")
    session = await login(client, user["email"], PASSWORD)

    # when
    disabled = await client.post(f"/users/{user['id']}/disable", headers=admin)

    # then: their token, their password and their refresh token stop working
    assert disabled.status_code == 200, disabled.text
    assert disabled.json()["status"] == "disabled"
    me = await client.get("/me", headers=bearer(session))
    assert me.status_code == 401
    assert problem_code(me) == "auth.account_disabled"
    signing_in = await client.post("/auth/login", json={"login": user["email"], "password": PASSWORD})
    assert signing_in.status_code == 403
    assert problem_code(signing_in) == "auth.account_disabled"
    refreshing = await client.post("/auth/refresh", json={"refresh_token": session["refresh_token"]})
    assert refreshing.status_code == 401
    log = await audit_entries(client, admin, action="user.disable", target_id=user["id"])
    assert [(e["before"]["status"], e["after"]["status"]) for e in log["items"]] == [("active", "disabled")]

    # when
    enabled = await client.post(f"/users/{user['id']}/enable", headers=admin)

    # then
    assert enabled.status_code == 200, enabled.text
    assert enabled.json()["status"] == "active"
    assert (await client.get("/me", headers=bearer(await login(client, user["email"], PASSWORD)))).status_code == 200
    assert (await audit_entries(client, admin, action="user.enable", target_id=user["id"]))["total"] == 1


async def test_an_unknown_user_id_is_answered_with_404(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)

    missing = uuid.uuid4()
    answers = [
        await client.get(f"/users/{missing}", headers=admin),
        await client.patch(f"/users/{missing}", json={"display_name": "Nobody"}, headers=admin),
        await client.post(f"/users/{missing}/disable", headers=admin),
    ]

    assert [r.status_code for r in answers] == [404, 404, 404]
    assert {problem_code(r) for r in answers} == {"user.not_found"}


# --- roles ------------------------------------------------------------------------------------------------------


async def test_the_permission_catalogue_lists_every_grantable_permission(shop: Shop) -> None:
    client = shop.client(new_ip())

    response = await client.get("/permissions", headers=await admin_headers(client))

    assert response.status_code == 200
    names = {p["name"] for p in response.json()}
    assert {"users:manage", "roles:manage", "audit:read", "inventory:adjust"} <= names
    assert all(p["description"] for p in response.json())


async def test_a_role_with_an_unknown_permission_is_refused_and_not_created(shop: Shop) -> None:
    # given
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    before = (await client.get("/roles", headers=admin)).json()
    name = unique_role_name("bogus")

    # when
    response = await client.post(
        "/roles", json={"name": name, "permissions": ["inventory:read", "teleport:now"]}, headers=admin
    )

    # then
    assert response.status_code == 422
    assert problem_code(response) == "role.unknown_permission"
    assert error_fields(response) == {"permissions"}
    assert response.json()["unknown"] == ["teleport:now"]
    after = (await client.get("/roles", headers=admin)).json()
    assert [r["name"] for r in after] == [r["name"] for r in before]
    assert name not in {r["name"] for r in after}


async def test_a_role_name_must_be_unique(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    name = unique_role_name("twice")
    first = await client.post("/roles", json={"name": name, "permissions": []}, headers=admin)

    second = await client.post("/roles", json={"name": name, "permissions": []}, headers=admin)

    assert first.status_code == 201
    assert second.status_code == 409
    assert problem_code(second) == "role.name_taken"


async def test_a_custom_role_grants_its_permissions_and_edits_apply_on_the_holders_next_request(shop: Shop) -> None:
    # given: a custom role and a customer-service user signed in
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    name = unique_role_name("packer")
    created = await client.post(
        "/roles", json={"name": name, "description": "Packs parcels", "permissions": ["inventory:read"]}, headers=admin
    )
    assert created.status_code == 201, created.text
    role = created.json()
    assert (role["name"], role["permissions"], role["builtin"], role["user_count"]) == (
        name,
        ["inventory:read"],
        False,
        0,
    )
    user = await create_staff(client, admin, "customer_service")
    session = await login(client, user["email"], PASSWORD)
    assert "inventory:read" not in await permissions_of(client, bearer(session))

    # when: the role is assigned
    assigned = await client.patch(f"/users/{user['id']}", json={"roles": ["customer_service", name]}, headers=admin)

    # then: the session renews (as the web app does on a 401) with the new permissions, no new sign-in needed
    assert assigned.status_code == 200, assigned.text
    session = await renewed(client, session)
    assert "inventory:read" in await permissions_of(client, bearer(session))
    assert (await role_named(client, admin, name) or {})["user_count"] == 1

    # when: the role's permissions change
    edited = await client.patch(
        f"/roles/{role['id']}", json={"permissions": ["inventory:read", "shipments:write"]}, headers=admin
    )

    # then: likewise
    assert edited.status_code == 200, edited.text
    session = await renewed(client, session)
    assert "shipments:write" in await permissions_of(client, bearer(session))
    log = await audit_entries(client, admin, action="role.update", target_id=role["id"])
    [entry] = log["items"]
    assert entry["before"]["permissions"] == ["inventory:read"]
    assert entry["after"]["permissions"] == ["inventory:read", "shipments:write"]


async def test_a_role_someone_holds_cannot_be_deleted(shop: Shop) -> None:
    # given
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    name = unique_role_name("held")
    role = (await client.post("/roles", json={"name": name, "permissions": ["orders:read"]}, headers=admin)).json()
    await create_staff(client, admin, name)

    # when
    response = await client.delete(f"/roles/{role['id']}", headers=admin)

    # then
    assert response.status_code == 409
    assert problem_code(response) == "role.in_use"
    assert response.json()["users"] == 1
    assert await role_named(client, admin, name) is not None


async def test_a_built_in_role_cannot_be_deleted(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    analyst = await role_named(client, admin, "analyst")
    assert analyst is not None and analyst["builtin"] is True

    response = await client.delete(f"/roles/{analyst['id']}", headers=admin)

    assert response.status_code == 409
    assert problem_code(response) == "role.builtin"
    assert await role_named(client, admin, "analyst") is not None


async def test_deleting_an_unused_custom_role_removes_it_and_is_audited(shop: Shop) -> None:
    # given
    ip = new_ip()
    client = shop.client(ip)
    admin = await admin_headers(client)
    name = unique_role_name("unused")
    role = (await client.post("/roles", json={"name": name, "permissions": ["reports:read"]}, headers=admin)).json()

    # when
    response = await client.delete(f"/roles/{role['id']}", headers=admin)

    # then
    assert response.status_code == 204
    assert await role_named(client, admin, name) is None
    log = await audit_entries(client, admin, action="role.delete", target_id=role["id"])
    assert log["total"] == 1
    [entry] = log["items"]
    assert (entry["target_type"], entry["ip"], entry["after"]) == ("role", ip, None)
    assert entry["before"] == {"name": name, "description": "", "permissions": ["reports:read"]}
    again = await client.delete(f"/roles/{role['id']}", headers=admin)
    assert again.status_code == 404
    assert problem_code(again) == "role.not_found"


async def test_a_family_wildcard_permission_grants_every_permission_of_that_family(shop: Shop) -> None:
    # given: a role with `inventory:*` and `audit:*`
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    name = unique_role_name("wild")
    created = await client.post("/roles", json={"name": name, "permissions": ["inventory:*", "audit:*"]}, headers=admin)
    assert created.status_code == 201, created.text

    # when
    _, headers = await signed_in_staff(client, admin, name)

    # then: the wildcard is what the user holds and it covers the family, and only the family
    permissions = await permissions_of(client, headers)
    assert "inventory:*" in permissions
    assert grants(permissions, "inventory:adjust")
    assert not grants(permissions, "orders:read")
    assert (await client.get("/audit-log", headers=headers)).status_code == 200
    assert (await client.get("/users", headers=headers)).status_code == 403


async def test_the_admin_role_keeps_every_permission(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)
    admin_role = await role_named(client, admin, "admin")
    assert admin_role is not None

    response = await client.patch(f"/roles/{admin_role['id']}", json={"permissions": ["orders:read"]}, headers=admin)

    assert response.status_code == 422
    assert problem_code(response) == "role.admin_fixed"
    assert (await role_named(client, admin, "admin") or {})["permissions"] == ["*"]


# --- the audit log ----------------------------------------------------------------------------------------------


async def test_the_audit_log_filters_by_actor_action_target_and_time_and_paginates(shop: Shop) -> None:
    # given: a fresh admin who creates a user, edits them and creates a role
    client = shop.client(new_ip())
    boss, headers = await signed_in_staff(client, await admin_headers(client), "admin")
    hire = await create_staff(client, headers, "warehouse")
    await client.patch(f"/users/{hire['id']}", json={"display_name": "Renamed"}, headers=headers)
    role = (
        await client.post("/roles", json={"name": unique_role_name("audited"), "permissions": []}, headers=headers)
    ).json()
    mine = {"actor_id": boss["id"]}

    # when / then: by actor, oldest first
    everything = await audit_entries(client, headers, **mine, sort="at")
    assert everything["total"] == 3
    assert [e["action"] for e in everything["items"]] == ["user.create", "user.update", "role.create"]
    assert {e["actor_id"] for e in everything["items"]} == {boss["id"]}
    newest_first = await audit_entries(client, headers, **mine)
    assert [e["id"] for e in newest_first["items"]] == [e["id"] for e in reversed(everything["items"])]

    # by action prefix, exact action and target type
    by_prefix = await audit_entries(client, headers, **mine, action="user.")
    assert sorted(e["action"] for e in by_prefix["items"]) == ["user.create", "user.update"]
    assert (await audit_entries(client, headers, **mine, action="user.create"))["total"] == 1
    by_type = await audit_entries(client, headers, **mine, target_type="role")
    assert [e["target_id"] for e in by_type["items"]] == [role["id"]]

    # by time: `since` is inclusive, `until` exclusive
    middle = everything["items"][1]["at"]
    since = await audit_entries(client, headers, **mine, since=middle, sort="at")
    assert [e["action"] for e in since["items"]] == ["user.update", "role.create"]
    until = await audit_entries(client, headers, **mine, until=middle)
    assert [e["action"] for e in until["items"]] == ["user.create"]

    # paginated
    pages = [await audit_entries(client, headers, **mine, sort="at", page_size=2, page=n) for n in (1, 2)]
    assert [p["total"] for p in pages] == [3, 3]
    assert [e["id"] for p in pages for e in p["items"]] == [e["id"] for e in everything["items"]]
    assert [len(p["items"]) for p in pages] == [2, 1]


async def test_the_audit_log_refuses_a_malformed_filter(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await admin_headers(client)

    bad_actor = await client.get("/audit-log", params={"actor_id": "someone"}, headers=admin)
    bad_time = await client.get("/audit-log", params={"since": "yesterday"}, headers=admin)
    bad_sort = await client.get("/audit-log", params={"sort": "actor_name"}, headers=admin)

    assert [r.status_code for r in (bad_actor, bad_time, bad_sort)] == [422, 422, 422]
    assert [error_fields(r) for r in (bad_actor, bad_time, bad_sort)] == [{"actor_id"}, {"since"}, {"sort"}]


async def test_audit_times_without_a_timezone_are_refused_not_crashed_on(shop: Shop) -> None:
    client = shop.client(new_ip())
    headers = await f.admin_headers(client)
    response = await client.get("/audit-log", params={"since": "2020-01-01T00:00:00"}, headers=headers)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "since"


async def test_search_text_is_literal_so_a_percent_sign_matches_nothing_special(shop: Shop) -> None:
    client = shop.client(new_ip())
    headers = await f.admin_headers(client)
    response = await client.get("/users", params={"q": "%"}, headers=headers)
    assert response.status_code == 200
    assert response.json()["total"] == 0
