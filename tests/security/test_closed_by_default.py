"""Closed by default (issue 7, items 1, 2 and 15): production refuses sandboxes and secrets anyone knows,
development keeps a secret of its own, and the SMS sandbox hands codes only to this machine, per phone."""

from __future__ import annotations

import re
import stat
import uuid
from pathlib import Path

import httpx
import pytest

from infra.deployment import UnsafeDeployment
from infra.settings import AuthSettings, Settings, SmsSettings
from tests import factories as f
from tests.conftest import Shop, new_ip
from tests.security.apps import build, client_of, development_settings, production_settings


async def texted_code(shop: Shop, phone: str) -> str:
    await shop.run_jobs()
    messages = await shop.sms_to(phone)
    assert messages, f"no SMS reached {phone}"
    match = re.search(r"\b(\d{6})\b", str(messages[-1]["params"]))
    assert match
    return match.group(1)


def test_an_unset_environment_means_production_with_no_sandbox() -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]

    assert settings.app_env == "production"
    assert settings.sandbox_enabled is False


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"sandbox_enabled": True}, "SANDBOX_ENABLED"),
        ({"auth": AuthSettings(jwt_secret=None)}, "AUTH__JWT_SECRET"),
        ({"auth": AuthSettings(jwt_secret="change-me")}, "AUTH__JWT_SECRET"),
        ({"auth": AuthSettings(jwt_secret="change-me-in-production-this-is-only-for-the-demo-shop")}, "JWT_SECRET"),
        ({"auth": AuthSettings(jwt_secret="short-but-not-a-demo-value")}, "AUTH__JWT_SECRET"),
        ({"sms": SmsSettings()}, "SMS__ENDPOINT"),
        ({"sms": SmsSettings(endpoint="https://dysmsapi.aliyuncs.com/")}, "SMS__ACCESS_KEY_SECRET"),
    ],
)
def test_production_refuses_to_start_with_a_sandbox_or_a_demo_secret(
    database_url: str, tmp_path: Path, overrides: dict[str, object], named: str
) -> None:
    with pytest.raises(UnsafeDeployment) as refused:
        build(production_settings(database_url, tmp_path, **overrides))

    assert named in str(refused.value)


async def test_production_mounts_no_sandbox(database_url: str, tmp_path: Path) -> None:
    app = build(production_settings(database_url, tmp_path))

    async with client_of(app) as client:
        listed = await client.get("/sandbox/sms/messages", params={"phone": "13800000000"})
        oauth = await client.get("/sandbox/oauth/wechat/connect/qrconnect")

    assert (listed.status_code, oauth.status_code) == (404, 404)


async def test_development_mounts_sandboxes_only_when_asked(database_url: str, tmp_path: Path) -> None:
    app = build(development_settings(database_url, tmp_path))

    async with client_of(app) as client:
        listed = await client.get("/sandbox/sms/messages", params={"phone": "13800000000"})

    assert listed.status_code == 404


def test_development_makes_a_secret_once_keeps_it_private_and_reuses_it(database_url: str, tmp_path: Path) -> None:
    unset = AuthSettings(jwt_secret=None)

    first = build(development_settings(database_url, tmp_path, auth=unset)).state.container.settings.auth.jwt_secret
    second = build(development_settings(database_url, tmp_path, auth=unset)).state.container.settings.auth.jwt_secret

    kept = tmp_path / "var" / "jwt_secret"
    assert first == second == kept.read_text().strip()
    assert len(first) >= 32
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600


async def test_the_message_list_does_not_answer_other_machines(shop: Shop) -> None:
    outsider = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=shop.app, client=("203.0.113.9", 40000)), base_url="http://testserver"
    )
    async with outsider:
        listed = await outsider.get("/sandbox/sms/messages", params={"phone": "13800000000"})
        cleared = await outsider.delete("/sandbox/sms/messages")

    assert (listed.status_code, cleared.status_code) == (403, 403)


async def test_the_message_list_does_not_answer_a_caller_relayed_by_a_local_proxy(shop: Shop) -> None:
    async with httpx.AsyncClient() as http:
        relayed = await http.get(
            f"{shop.url}/sandbox/sms/messages",
            params={"phone": "13800000000"},
            headers={"X-Forwarded-For": "203.0.113.9"},
        )

    assert relayed.status_code == 403


async def test_the_message_list_needs_a_phone_and_shows_only_that_phones_messages(shop: Shop) -> None:
    # given: codes texted to two phones
    client = shop.client(new_ip())
    mine, theirs = f.unique_phone(), f.unique_phone()
    for phone in (mine, theirs):
        assert (await client.post("/auth/sms/send", json={"phone": phone, "purpose": "login"})).status_code == 202
    await shop.run_jobs()

    # when
    async with httpx.AsyncClient() as http:
        everything = await http.get(f"{shop.url}/sandbox/sms/messages")
        only_mine = await http.get(f"{shop.url}/sandbox/sms/messages", params={"phone": mine})

    # then
    assert everything.status_code == 422
    assert {m["phone"] for m in only_mine.json()} == {mine}


async def test_the_admin_cannot_sign_in_with_an_sms_code_alone(shop: Shop) -> None:
    # given: a code sent to the admin's phone, as anyone can ask for
    client = shop.client(new_ip())
    admin_phone = "13800000000"
    assert (await client.post("/auth/sms/send", json={"phone": admin_phone, "purpose": "login"})).status_code == 202
    code = await texted_code(shop, admin_phone)

    # when
    response = await client.post("/auth/login/sms", json={"phone": admin_phone, "code": code})

    # then
    assert response.status_code == 403
    assert response.json()["code"] == "auth.password_required"
    assert "access_token" not in response.json()


async def test_staff_who_manage_users_cannot_sign_in_with_an_sms_code_alone(shop: Shop) -> None:
    # given: a staff member whose only role lets them manage users, with a phone
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    role = f"user_managers_{uuid.uuid4().hex[:8]}"
    created = await client.post("/roles", json={"name": role, "permissions": ["users:manage"]}, headers=admin)
    assert created.status_code == 201, created.text
    phone = f.unique_phone()
    body = {"phone": phone, "display_name": "Manager", "password": f.PASSWORD, "roles": [role]}
    assert (await client.post("/users", json=body, headers=admin)).status_code == 201
    await client.post("/auth/sms/send", json={"phone": phone, "purpose": "login"})
    code = await texted_code(shop, phone)

    # when
    response = await client.post("/auth/login/sms", json={"phone": phone, "code": code})

    # then
    assert response.status_code == 403
    assert response.json()["code"] == "auth.password_required"


async def test_a_warehouse_clerk_still_signs_in_with_an_sms_code(shop: Shop) -> None:
    client = shop.client(new_ip())
    admin = await f.admin_headers(client)
    phone = f.unique_phone()
    body = {"phone": phone, "display_name": "Clerk", "password": f.PASSWORD, "roles": ["warehouse"]}
    assert (await client.post("/users", json=body, headers=admin)).status_code == 201
    await client.post("/auth/sms/send", json={"phone": phone, "purpose": "login"})

    response = await client.post("/auth/login/sms", json={"phone": phone, "code": await texted_code(shop, phone)})

    assert response.status_code == 200, response.text


async def test_without_a_gateway_development_texts_its_own_sandbox_in_process(
    database_url: str, tmp_path: Path
) -> None:
    # given: a development app on no particular port, with the sandbox on and no SMS__ENDPOINT
    app = build(development_settings(database_url, tmp_path, sandbox_enabled=True, sms=SmsSettings()))
    container = app.state.container

    # when
    await container.sms.send_code("13912345678", "246810")

    # then: the code is in this app's own sandbox, not sent to whatever listens on 127.0.0.1:8000
    async with client_of(app) as client:
        listed = await client.get("/sandbox/sms/messages", params={"phone": "13912345678"})
    assert [m["params"]["code"] for m in listed.json()] == ["246810"]
    await container.close()
