"""An access token ends the moment its session is revoked, not when it expires: sign-out, "log out everywhere",
disable (and re-enable), password change and reset, a change of roles and an edit of a held role's permissions.
Each test first uses the token, so the check is answered from the warm session cache, as in production."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
import pytest

from api.app import create_app
from tests import factories as f
from tests.conftest import Shop, new_ip


async def signed_in(client: httpx.AsyncClient, pair: dict[str, Any]) -> dict[str, Any]:
    """The caller's profile; asserts the token works."""
    me = await client.get("/me", headers=f.bearer(pair))
    assert me.status_code == 200, me.text
    return dict(me.json())


async def assert_ended(client: httpx.AsyncClient, pair: dict[str, Any], code: str = "auth.session_revoked") -> None:
    response = await client.get("/me", headers=f.bearer(pair))
    assert response.status_code == 401, response.text
    assert response.json()["code"] == code


async def staff_session(client: httpx.AsyncClient, admin: dict[str, str], *roles: str) -> dict[str, Any]:
    user = await f.create_staff(client, admin, *roles)
    return await f.login(client, user["email"], f.PASSWORD)


async def test_signing_out_ends_the_access_token_at_once(shop: Shop) -> None:
    # given
    client = shop.client(new_ip())
    email = f.unique_email()
    pair = await f.register_customer(client, email=email)
    await signed_in(client, pair)

    # when
    out = await client.post("/auth/logout", json={"refresh_token": pair["refresh_token"]})

    # then
    assert out.status_code == 204
    await assert_ended(client, pair)
    await signed_in(client, await f.login(client, email, f.PASSWORD))


async def test_logging_out_everywhere_ends_the_access_tokens_of_every_device(shop: Shop) -> None:
    # given: the same account signed in on a phone and a laptop
    client = shop.client(new_ip())
    email = f.unique_email()
    phone = await f.register_customer(client, email=email)
    laptop = await f.login(client, email, f.PASSWORD)
    await signed_in(client, phone)
    await signed_in(client, laptop)

    # when
    out = await client.post("/auth/logout", json={"refresh_token": laptop["refresh_token"], "everywhere": True})

    # then
    assert out.status_code == 204
    await assert_ended(client, phone)
    await assert_ended(client, laptop)
    refreshed = await client.post("/auth/refresh", json={"refresh_token": phone["refresh_token"]})
    assert refreshed.status_code == 401
    await signed_in(client, await f.login(client, email, f.PASSWORD))


async def test_a_disabled_account_loses_its_token_and_re_enabling_does_not_bring_it_back(shop: Shop) -> None:
    # given
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    pair = await staff_session(client, admin, "warehouse")
    user_id = (await signed_in(client, pair))["id"]

    # when
    assert (await client.post(f"/users/{user_id}/disable", headers=admin)).status_code == 200

    # then
    await assert_ended(client, pair, "auth.account_disabled")

    # when
    assert (await client.post(f"/users/{user_id}/enable", headers=admin)).status_code == 200

    # then
    await assert_ended(client, pair)
    await signed_in(client, await f.login(client, pair["user"]["email"], f.PASSWORD))


async def test_changing_the_password_ends_the_access_tokens_of_other_devices(shop: Shop) -> None:
    # given
    client = shop.client(new_ip())
    email = f.unique_email()
    phone = await f.register_customer(client, email=email)
    laptop = await f.login(client, email, f.PASSWORD)
    await signed_in(client, phone)

    # when
    changed = await client.post(
        "/me/password",
        json={"current_password": f.PASSWORD, "new_password": "Fresh#Pass42"},
        headers=f.bearer(laptop),
    )

    # then
    assert changed.status_code == 204
    await assert_ended(client, phone)
    await assert_ended(client, laptop)
    await signed_in(client, await f.login(client, email, "Fresh#Pass42"))


async def test_resetting_the_password_by_link_ends_the_access_token(shop: Shop) -> None:
    # given
    client = shop.client(new_ip())
    email = f.unique_email()
    pair = await f.register_customer(client, email=email)
    await signed_in(client, pair)

    # when
    assert (await client.post("/auth/password/forgot", json={"login": email})).status_code == 202
    await shop.run_jobs()
    body = shop.mailbox.to(email)[-1].get_content()
    match = re.search(r"/reset-password\?token=([\w-]+)", body)
    assert match, body
    reset = await client.post("/auth/password/reset", json={"token": match.group(1), "new_password": "Brand#New99"})

    # then
    assert reset.status_code == 204
    await assert_ended(client, pair)
    await signed_in(client, await f.login(client, email, "Brand#New99"))


async def test_a_change_of_roles_ends_the_token_and_the_renewed_one_carries_the_new_permissions(shop: Shop) -> None:
    # given: a warehouse user, who may adjust stock
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    pair = await staff_session(client, admin, "warehouse")
    me = await signed_in(client, pair)
    assert "inventory:adjust" in me["permissions"]

    # when: they move to finance
    changed = await client.patch(f"/users/{me['id']}", json={"roles": ["finance"]}, headers=admin)

    # then: the old token, which says "warehouse", no longer works, even where no account is loaded
    assert changed.status_code == 200, changed.text
    await assert_ended(client, pair)
    stock = await client.get("/stock", headers=f.bearer(pair))
    assert (stock.status_code, stock.json()["code"]) == (401, "auth.session_revoked")
    # and the session renews (as the web app does on a 401) with what is true now
    renewed = await client.post("/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    assert renewed.status_code == 200, renewed.text
    assert "inventory:adjust" not in (await signed_in(client, renewed.json()))["permissions"]
    assert (await client.get("/stock", headers=f.bearer(renewed.json()))).status_code == 403
    await signed_in(client, await f.login(client, pair["user"]["email"], f.PASSWORD))


async def test_editing_a_roles_permissions_ends_the_tokens_of_its_holders_only(shop: Shop) -> None:
    # given: a holder of a custom role and a bystander
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    name = f"picker_{uuid.uuid4().hex[:8]}"
    role = await client.post("/roles", json={"name": name, "permissions": ["inventory:read"]}, headers=admin)
    assert role.status_code == 201, role.text
    holder = await staff_session(client, admin, name)
    bystander = await staff_session(client, admin, "analyst")
    assert (await client.get("/stock", headers=f.bearer(holder))).status_code == 200
    await signed_in(client, bystander)

    # when: the role loses the right to read stock
    edited = await client.patch(f"/roles/{role.json()['id']}", json={"permissions": ["orders:read"]}, headers=admin)

    # then
    assert edited.status_code == 200, edited.text
    stock = await client.get("/stock", headers=f.bearer(holder))
    assert (stock.status_code, stock.json()["code"]) == (401, "auth.session_revoked")
    await signed_in(client, bystander)
    fresh = await f.login(client, holder["user"]["email"], f.PASSWORD)
    assert (await signed_in(client, fresh))["permissions"] == ["orders:read"]
    assert (await client.get("/stock", headers=f.bearer(fresh))).status_code == 403


async def test_editing_only_a_roles_description_leaves_its_holders_signed_in(shop: Shop) -> None:
    # given
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    name = f"labeller_{uuid.uuid4().hex[:8]}"
    role = await client.post("/roles", json={"name": name, "permissions": ["inventory:read"]}, headers=admin)
    holder = await staff_session(client, admin, name)
    await signed_in(client, holder)

    # when
    edited = await client.patch(f"/roles/{role.json()['id']}", json={"description": "Prints labels"}, headers=admin)

    # then
    assert edited.status_code == 200, edited.text
    await signed_in(client, holder)


async def test_another_api_replica_refuses_the_revoked_token_at_once(shop: Shop) -> None:
    if shop.container.settings.redis_url is None:
        pytest.skip("replicas share the session cache through Redis; this suite runs without it")
    # given: a second replica of the API on the same database and Redis, both having served the token
    replica = create_app(shop.container.settings)
    transport = httpx.ASGITransport(app=replica, client=(new_ip(), 40000))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver/api/v1") as other:
            client = shop.client(new_ip())
            pair = await f.register_customer(client)
            await signed_in(client, pair)
            await signed_in(other, pair)

            # when: the customer signs out through the first replica
            out = await client.post("/auth/logout", json={"refresh_token": pair["refresh_token"]})

            # then: the second replica refuses the token on its next request
            assert out.status_code == 204
            await assert_ended(other, pair)
    finally:
        await replica.state.container.close()
