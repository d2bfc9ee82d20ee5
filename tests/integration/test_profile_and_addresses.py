"""A signed-in user's own account: profile, language, avatar, address book, password and in-app inbox."""

from __future__ import annotations

import io
import os
import uuid
from typing import Any

import httpx
from PIL import Image

from tests import factories as f
from tests.conftest import Shop, new_ip
from tests.factories import PASSWORD, bearer, login, register_customer, unique_phone

PROBLEM = "application/problem+json"
NEW_PASSWORD = "Another#5678"


def problem_code(response: httpx.Response) -> str:
    assert response.headers["content-type"] == PROBLEM, response.text
    return str(response.json()["code"])


def png(width: int = 64, height: int = 48, *, noise: bool = False) -> bytes:
    image = (
        Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
        if noise
        else Image.new("RGB", (width, height), (30, 120, 200))
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def address(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "recipient": "李四",
        "phone": unique_phone(),
        "region_code": "310115",
        "province": "上海市",
        "city": "上海市",
        "district": "浦东新区",
        "detail": "世纪大道 100 号",
        "postal_code": "200120",
        "tag": "家",
    }
    return {**body, **overrides}


async def customer(client: httpx.AsyncClient) -> dict[str, str]:
    return bearer(await register_customer(client))


async def add_address(client: httpx.AsyncClient, headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
    response = await client.post("/me/addresses", json=address(**overrides), headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def address_book(client: httpx.AsyncClient, headers: dict[str, str]) -> list[dict[str, Any]]:
    response = await client.get("/me/addresses", headers=headers)
    assert response.status_code == 200, response.text
    return list(response.json())


async def me(client: httpx.AsyncClient, headers: dict[str, str]) -> dict[str, Any]:
    response = await client.get("/me", headers=headers)
    assert response.status_code == 200, response.text
    return dict(response.json())


async def unread(client: httpx.AsyncClient, headers: dict[str, str]) -> int:
    response = await client.get("/me/notifications/unread-count", headers=headers)
    assert response.status_code == 200, response.text
    return int(response.json()["count"])


# --- profile ----------------------------------------------------------------------------------------------------


async def test_a_new_customer_sees_their_own_profile(shop: Shop) -> None:
    client = shop.client(new_ip())
    session = await register_customer(client)

    profile = await me(client, bearer(session))

    assert profile["id"] == session["user"]["id"]
    assert profile["email"] == session["user"]["email"]
    assert (profile["roles"], profile["permissions"], profile["is_staff"]) == (["customer"], [], False)
    assert (profile["locale"], profile["avatar_url"], profile["email_verified"]) == ("zh_CN", None, True)


async def test_without_a_token_the_profile_is_401(shop: Shop) -> None:
    client = shop.client(new_ip())

    response = await client.get("/me", headers={"Authorization": "Bearer not-a-token"})

    assert response.status_code == 401
    assert response.headers["content-type"] == PROBLEM


async def test_a_user_renames_themselves_and_their_language_decides_the_language_of_errors(shop: Shop) -> None:
    # given
    client = shop.client(new_ip())
    headers = await customer(client)
    missing = f"/me/addresses/{uuid.uuid4()}"

    # when: English is chosen
    changed = await client.patch("/me", json={"display_name": "Alice Liu", "locale": "en"}, headers=headers)

    # then: the profile says so, and errors are in English even when the browser asks for Chinese
    assert changed.status_code == 200, changed.text
    assert (changed.json()["display_name"], changed.json()["locale"]) == ("Alice Liu", "en")
    assert (await me(client, headers))["display_name"] == "Alice Liu"
    english = await client.patch(missing, json={"tag": "x"}, headers={**headers, "Accept-Language": "zh-CN"})
    assert english.status_code == 404
    assert problem_code(english) == "address.not_found"
    assert english.json()["detail"] == "No such address."

    # when: Chinese is chosen
    back = await client.patch("/me", json={"locale": "zh_CN"}, headers=headers)

    # then
    assert back.status_code == 200, back.text
    assert back.json()["display_name"] == "Alice Liu"
    chinese = await client.patch(missing, json={"tag": "x"}, headers={**headers, "Accept-Language": "en"})
    assert chinese.status_code == 404
    assert chinese.json()["detail"] == "地址不存在"


async def test_an_unsupported_language_or_empty_name_is_refused(shop: Shop) -> None:
    client = shop.client(new_ip())
    headers = await customer(client)

    french = await client.patch("/me", json={"locale": "fr"}, headers=headers)
    nameless = await client.patch("/me", json={"display_name": ""}, headers=headers)

    assert [french.status_code, nameless.status_code] == [422, 422]
    assert {e["field"] for e in french.json()["errors"]} == {"locale"}
    assert {e["field"] for e in nameless.json()["errors"]} == {"display_name"}
    assert (await me(client, headers))["locale"] == "zh_CN"


# --- avatar -----------------------------------------------------------------------------------------------------


async def test_an_uploaded_png_becomes_the_avatar_and_is_served_as_an_image(shop: Shop) -> None:
    # given
    client = shop.client(new_ip())
    headers = await customer(client)

    # when
    response = await client.post("/me/avatar", files={"file": ("me.png", png(), "image/png")}, headers=headers)

    # then
    assert response.status_code == 200, response.text
    url = response.json()["avatar_url"]
    assert url.startswith("/media/avatars/")
    assert (await me(client, headers))["avatar_url"] == url
    served = await client.get(f"http://testserver{url}")
    assert served.status_code == 200
    assert served.headers["content-type"].startswith("image/")
    with Image.open(io.BytesIO(served.content)) as image:
        assert image.size == (64, 48)


async def test_a_text_file_named_png_is_not_accepted_as_an_avatar(shop: Shop) -> None:
    # given: an avatar already set
    client = shop.client(new_ip())
    headers = await customer(client)
    first = await client.post("/me/avatar", files={"file": ("me.png", png(), "image/png")}, headers=headers)
    assert first.status_code == 200, first.text

    # when
    response = await client.post(
        "/me/avatar", files={"file": ("x.png", b"hello, I am not a picture\n", "image/png")}, headers=headers
    )

    # then
    assert response.status_code == 422
    assert problem_code(response) == "media.invalid_image"
    assert (await me(client, headers))["avatar_url"] == first.json()["avatar_url"]


async def test_an_avatar_over_2_mib_is_refused(shop: Shop) -> None:
    # given: a real PNG of incompressible noise, well over 2 MiB
    client = shop.client(new_ip())
    headers = await customer(client)
    big = png(1024, 1024, noise=True)
    assert len(big) > 2 * 1024 * 1024

    # when
    response = await client.post("/me/avatar", files={"file": ("big.png", big, "image/png")}, headers=headers)

    # then
    assert response.status_code == 422
    assert problem_code(response) == "media.too_large"
    assert (await me(client, headers))["avatar_url"] is None


async def test_an_empty_avatar_upload_is_refused(shop: Shop) -> None:
    client = shop.client(new_ip())
    headers = await customer(client)

    response = await client.post("/me/avatar", files={"file": ("empty.png", b"", "image/png")}, headers=headers)

    assert response.status_code == 422
    assert problem_code(response) == "media.invalid_image"


# --- addresses --------------------------------------------------------------------------------------------------


async def test_the_first_address_becomes_the_default(shop: Shop) -> None:
    client = shop.client(new_ip())
    headers = await customer(client)

    first = await add_address(client, headers)

    assert first["is_default"] is True
    assert [a["id"] for a in await address_book(client, headers)] == [first["id"]]


async def test_a_new_default_address_takes_over_and_is_listed_first(shop: Shop) -> None:
    # given
    client = shop.client(new_ip())
    headers = await customer(client)
    home = await add_address(client, headers, tag="家")

    # when
    office = await add_address(client, headers, tag="公司", detail="陆家嘴环路 1000 号", is_default=True)

    # then
    assert office["is_default"] is True
    book = await address_book(client, headers)
    assert [(a["id"], a["is_default"]) for a in book] == [(office["id"], True), (home["id"], False)]


async def test_a_plain_new_address_does_not_take_the_default(shop: Shop) -> None:
    client = shop.client(new_ip())
    headers = await customer(client)
    home = await add_address(client, headers)

    other = await add_address(client, headers, tag="父母")

    assert other["is_default"] is False
    assert [a["id"] for a in await address_book(client, headers) if a["is_default"]] == [home["id"]]


async def test_an_address_can_be_edited_and_made_the_default(shop: Shop) -> None:
    # given
    client = shop.client(new_ip())
    headers = await customer(client)
    home = await add_address(client, headers)
    office = await add_address(client, headers, tag="公司")

    # when
    edited = await client.patch(
        f"/me/addresses/{office['id']}",
        json={"detail": "陆家嘴环路 1000 号 20 楼", "region_code": "310104", "district": "徐汇区"},
        headers=headers,
    )
    made_default = await client.post(f"/me/addresses/{office['id']}/default", headers=headers)

    # then
    assert edited.status_code == 200, edited.text
    assert (edited.json()["detail"], edited.json()["region_code"], edited.json()["tag"]) == (
        "陆家嘴环路 1000 号 20 楼",
        "310104",
        "公司",
    )
    assert made_default.status_code == 200, made_default.text
    assert made_default.json()["is_default"] is True
    book = await address_book(client, headers)
    assert [(a["id"], a["is_default"]) for a in book] == [(office["id"], True), (home["id"], False)]
    assert book[0]["detail"] == "陆家嘴环路 1000 号 20 楼"


async def test_deleting_the_default_address_hands_the_default_to_the_remaining_one(shop: Shop) -> None:
    # given
    client = shop.client(new_ip())
    headers = await customer(client)
    home = await add_address(client, headers)
    office = await add_address(client, headers, tag="公司")

    # when
    response = await client.delete(f"/me/addresses/{home['id']}", headers=headers)

    # then
    assert response.status_code == 204
    assert [(a["id"], a["is_default"]) for a in await address_book(client, headers)] == [(office["id"], True)]


async def test_an_address_with_a_malformed_region_code_is_refused_and_not_saved(shop: Shop) -> None:
    client = shop.client(new_ip())
    headers = await customer(client)

    response = await client.post("/me/addresses", json=address(region_code="12"), headers=headers)

    assert response.status_code == 422
    assert problem_code(response) == "validation.failed"
    assert {e["field"] for e in response.json()["errors"]} == {"region_code"}
    assert await address_book(client, headers) == []


async def test_editing_an_address_with_a_malformed_region_code_leaves_it_unchanged(shop: Shop) -> None:
    client = shop.client(new_ip())
    headers = await customer(client)
    home = await add_address(client, headers)

    response = await client.patch(f"/me/addresses/{home['id']}", json={"region_code": "12"}, headers=headers)

    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"region_code"}
    assert (await address_book(client, headers))[0]["region_code"] == "310115"


async def test_an_address_book_holds_at_most_20_addresses(shop: Shop) -> None:
    # given: a full book
    client = shop.client(new_ip())
    headers = await customer(client)
    for n in range(20):
        await add_address(client, headers, detail=f"第 {n + 1} 号")

    # when
    response = await client.post("/me/addresses", json=address(detail="第 21 号"), headers=headers)

    # then
    assert response.status_code == 422
    assert problem_code(response) == "address.limit_reached"
    assert len(await address_book(client, headers)) == 20


async def test_another_customers_address_is_answered_as_missing_and_left_untouched(shop: Shop) -> None:
    # given: A's address, and B signed in
    client = shop.client(new_ip())
    alice = await customer(client)
    bob = await customer(client)
    hers = await add_address(client, alice)
    path = f"/me/addresses/{hers['id']}"

    # when
    answers = [
        await client.get(path, headers=bob),
        await client.patch(path, json={"detail": "Bob was here"}, headers=bob),
        await client.post(f"{path}/default", headers=bob),
        await client.delete(path, headers=bob),
    ]

    # then: 404 like a missing address (never 403), and A's address is as it was
    assert [r.status_code for r in answers] == [404, 404, 404, 404]
    assert (await client.get(path, headers=alice)).json() == hers
    assert {problem_code(r) for r in answers} == {"address.not_found"}
    assert await address_book(client, alice) == [hers]
    assert await address_book(client, bob) == []


# --- password and inbox -----------------------------------------------------------------------------------------


async def test_a_wrong_current_password_does_not_change_the_password(shop: Shop) -> None:
    client = shop.client(new_ip())
    session = await register_customer(client)

    response = await client.post(
        "/me/password", json={"current_password": "Wrong#0000", "new_password": NEW_PASSWORD}, headers=bearer(session)
    )

    assert response.status_code == 403
    assert problem_code(response) == "auth.wrong_password"
    assert {e["field"] for e in response.json()["errors"]} == {"current_password"}
    await login(client, session["user"]["email"], PASSWORD)


async def test_a_weak_new_password_is_refused(shop: Shop) -> None:
    client = shop.client(new_ip())
    session = await register_customer(client)

    response = await client.post(
        "/me/password", json={"current_password": PASSWORD, "new_password": "password"}, headers=bearer(session)
    )

    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"new_password"}
    await login(client, session["user"]["email"], PASSWORD)


async def test_changing_the_password_ends_sessions_and_leaves_a_notification(shop: Shop) -> None:
    # given
    client = shop.client(new_ip())
    session = await register_customer(client)
    email = session["user"]["email"]

    # when
    response = await client.post(
        "/me/password", json={"current_password": PASSWORD, "new_password": NEW_PASSWORD}, headers=bearer(session)
    )

    # then: old sessions and the old password are finished, the new password works
    assert response.status_code == 204, response.text
    refreshing = await client.post("/auth/refresh", json={"refresh_token": session["refresh_token"]})
    assert refreshing.status_code == 401
    old = await client.post("/auth/login", json={"login": email, "password": PASSWORD})
    assert old.status_code == 401
    headers = bearer(await login(client, email, NEW_PASSWORD))

    # and: once the jobs run, the inbox tells the owner
    await shop.run_jobs()
    inbox = await client.get("/me/notifications", headers=headers)
    assert inbox.status_code == 200, inbox.text
    changed = [n for n in inbox.json()["items"] if n["event"] == "security.password_changed"]
    assert len(changed) == 1
    assert changed[0]["read_at"] is None
    assert changed[0]["title"] == "密码已修改"
    assert [m["Subject"] for m in shop.mailbox.to(email)].count("密码已修改") == 1


async def test_reading_a_notification_lowers_the_unread_count(shop: Shop) -> None:
    # given: a notification waiting in the inbox
    client = shop.client(new_ip())
    session = await register_customer(client)
    await client.post(
        "/me/password", json={"current_password": PASSWORD, "new_password": NEW_PASSWORD}, headers=bearer(session)
    )
    headers = bearer(await login(client, session["user"]["email"], NEW_PASSWORD))
    await shop.run_jobs()
    before = await unread(client, headers)
    [item] = (await client.get("/me/notifications", params={"unread_only": True}, headers=headers)).json()["items"]

    # when
    response = await client.post(f"/me/notifications/{item['id']}/read", headers=headers)

    # then
    assert response.status_code == 200, response.text
    assert response.json()["read_at"] is not None
    assert await unread(client, headers) == before - 1
    remaining = await client.get("/me/notifications", params={"unread_only": True}, headers=headers)
    assert remaining.json()["total"] == 0


async def test_another_users_notification_is_answered_as_missing(shop: Shop) -> None:
    # given: A has an unread notification
    client = shop.client(new_ip())
    alice_session = await register_customer(client)
    await client.post(
        "/me/password",
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        headers=bearer(alice_session),
    )
    alice = bearer(await login(client, alice_session["user"]["email"], NEW_PASSWORD))
    await shop.run_jobs()
    [hers] = (await client.get("/me/notifications", headers=alice)).json()["items"]
    bob = await customer(client)

    # when
    response = await client.post(f"/me/notifications/{hers['id']}/read", headers=bob)

    # then
    assert response.status_code == 404
    assert problem_code(response) == "notification.not_found"
    assert await unread(client, alice) == 1


async def test_changing_the_password_ends_even_the_current_access_token(shop: Shop) -> None:
    client = shop.client(new_ip())
    pair = await f.register_customer(client)
    changed = await client.post(
        "/me/password", json={"current_password": f.PASSWORD, "new_password": "Fresh#Pass42"}, headers=f.bearer(pair)
    )
    assert changed.status_code == 204
    after = await client.get("/me", headers=f.bearer(pair))
    assert after.status_code == 401
    assert after.json()["code"] == "auth.session_revoked"
    fresh = await f.login(client, pair["user"]["email"], "Fresh#Pass42")
    assert (await client.get("/me", headers=f.bearer(fresh))).status_code == 200


async def test_null_in_an_address_update_leaves_the_field_as_it_was(shop: Shop) -> None:
    client = shop.client(new_ip())
    headers = f.bearer(await f.register_customer(client))
    body = {
        "recipient": "李四",
        "phone": "13700000000",
        "region_code": "110105",
        "province": "北京市",
        "city": "北京市",
        "district": "朝阳区",
        "detail": "建国路 1 号",
    }
    created = (await client.post("/me/addresses", json=body, headers=headers)).json()
    patched = await client.patch(
        f"/me/addresses/{created['id']}", json={"recipient": None, "detail": "建国路 2 号"}, headers=headers
    )
    assert patched.status_code == 200
    assert (patched.json()["recipient"], patched.json()["detail"]) == ("李四", "建国路 2 号")
