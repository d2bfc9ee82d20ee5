"""The browser's session (issue 7, item 7): the refresh token lives in an HttpOnly, SameSite=Strict cookie scoped to
the refresh and logout routes, a cookie refresh needs its CSRF token, and integrators keep the token in the body."""

from __future__ import annotations

from http.cookies import SimpleCookie
from pathlib import Path

import httpx

from tests import factories as f
from tests.conftest import Shop, new_ip
from tests.security.apps import build, client_of, production_settings

COOKIE_MODE = {"X-Session-Transport": "cookie"}


def set_cookies(response: httpx.Response) -> list[tuple[str, str, dict[str, str | bool]]]:
    """Each Set-Cookie of an answer: name, value and attributes (lower-cased names)."""
    found = []
    for header in response.headers.get_list("set-cookie"):
        morsel = next(iter(SimpleCookie(header).values()))
        attributes = {k: v for k, v in morsel.items() if v}
        found.append((morsel.key, morsel.value, attributes))
    return found


async def cookie_sign_in(client: httpx.AsyncClient) -> tuple[dict[str, str], httpx.Response]:
    """A browser-style sign-in of a new customer: the body without refresh token, the CSRF header to echo."""
    email = f.unique_email("browser")
    await f.register_customer(client, email=email)
    client.cookies.clear()
    response = await client.post("/auth/login", json={"login": email, "password": f.PASSWORD}, headers=COOKIE_MODE)
    assert response.status_code == 200, response.text
    return {"X-CSRF-Token": client.cookies["allorder_csrf"]}, response


async def test_a_browser_sign_in_puts_the_refresh_token_in_an_http_only_strict_cookie(shop: Shop) -> None:
    client = shop.client(new_ip())

    _, response = await cookie_sign_in(client)

    assert response.json()["refresh_token"] is None
    cookies = set_cookies(response)
    refresh = [attrs for name, _, attrs in cookies if name == "allorder_refresh"]
    assert sorted(str(a["path"]) for a in refresh) == ["/api/v1/auth/logout", "/api/v1/auth/refresh"]
    for attrs in refresh:
        assert attrs["httponly"] is True
        assert attrs["samesite"] == "strict"
        assert "secure" not in attrs  # the demo on http://127.0.0.1 must keep working
    [csrf] = [attrs for name, _, attrs in cookies if name == "allorder_csrf"]
    assert (csrf["path"], csrf["samesite"], "httponly" in csrf) == ("/", "strict", False)


async def test_the_cookie_refreshes_the_session_with_its_csrf_token(shop: Shop) -> None:
    # given
    client = shop.client(new_ip())
    csrf, signed_in = await cookie_sign_in(client)
    old_cookie = client.cookies.get("allorder_refresh", path="/api/v1/auth/refresh")

    # when: a page load with nothing but the cookies
    response = await client.post("/auth/refresh", json={}, headers=csrf)

    # then: a new access token and user, the refresh token rotated in the cookie, never in the body
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["refresh_token"] is None
    assert body["user"]["id"] == signed_in.json()["user"]["id"]
    assert (await client.get("/me", headers=f.bearer(body))).status_code == 200
    assert client.cookies.get("allorder_refresh", path="/api/v1/auth/refresh") != old_cookie
    assert client.cookies["allorder_csrf"] != csrf["X-CSRF-Token"]  # each refresh token has its own


async def test_a_cookie_refresh_without_or_with_a_wrong_csrf_token_is_refused(shop: Shop) -> None:
    # given
    client = shop.client(new_ip())
    csrf, _ = await cookie_sign_in(client)

    # when: a forged cross-site post carries the cookie but cannot know the token
    missing = await client.post("/auth/refresh", json={})
    wrong = await client.post("/auth/refresh", json={}, headers={"X-CSRF-Token": csrf["X-CSRF-Token"][:-2] + "xx"})

    # then
    assert [missing.status_code, wrong.status_code] == [403, 403]
    assert {missing.json()["code"], wrong.json()["code"]} == {"auth.csrf_failed"}
    assert (await client.post("/auth/refresh", json={}, headers=csrf)).status_code == 200  # the cookie was not spent


async def test_a_refresh_without_cookie_or_body_is_401(shop: Shop) -> None:
    response = await shop.client(new_ip()).post("/auth/refresh", json={}, headers={"X-CSRF-Token": "anything"})

    assert response.status_code == 401
    assert response.json()["code"] == "auth.invalid_refresh_token"


async def test_a_cookie_logout_clears_the_cookies_and_ends_the_session(shop: Shop) -> None:
    # given
    client = shop.client(new_ip())
    csrf, signed_in = await cookie_sign_in(client)
    refresh_cookie = client.cookies.get("allorder_refresh", path="/api/v1/auth/refresh")

    # when
    refused = await client.post("/auth/logout", json={})
    response = await client.post("/auth/logout", json={}, headers=csrf)

    # then: the cookies are gone, and neither the cookie nor the access token works any more
    assert refused.status_code == 403
    assert response.status_code == 204
    cleared = {
        (name, str(attrs.get("path"))) for name, _, attrs in set_cookies(response) if attrs.get("max-age") == "0"
    }
    assert cleared == {
        ("allorder_refresh", "/api/v1/auth/refresh"),
        ("allorder_refresh", "/api/v1/auth/logout"),
        ("allorder_csrf", "/"),
    }
    assert "allorder_refresh" not in client.cookies
    assert (await client.get("/me", headers=f.bearer(signed_in.json()))).status_code == 401
    replay = await client.post("/auth/refresh", json={"refresh_token": refresh_cookie})
    assert (replay.status_code, replay.json()["code"]) == (401, "auth.invalid_refresh_token")


def cleared_cookies(response: httpx.Response) -> dict[tuple[str, str], dict[str, str | bool]]:
    """The cookies an answer ends (Max-Age=0), by name and path, with their attributes."""
    return {
        (name, str(attrs.get("path"))): attrs for name, _, attrs in set_cookies(response) if attrs.get("max-age") == "0"
    }


async def test_a_refused_cookie_refresh_clears_the_stale_cookies(shop: Shop) -> None:
    # given: a browser whose session ended elsewhere (signed out with the token in the body, by an integrator or
    # another device), so its cookie is now revoked
    client = shop.client(new_ip())
    csrf, _ = await cookie_sign_in(client)
    stale = client.cookies.get("allorder_refresh", path="/api/v1/auth/refresh")
    assert (await client.post("/auth/logout", json={"refresh_token": stale})).status_code == 204

    # when: the next page load trades the cookie
    response = await client.post("/auth/refresh", json={}, headers=csrf)

    # then: 401, and the answer ends both cookies with the attributes they were set with, so the browser stops
    # sending them and the SPA's next load goes straight to the sign-in page
    assert (response.status_code, response.json()["code"]) == (401, "auth.invalid_refresh_token")
    cleared = cleared_cookies(response)
    assert set(cleared) == {
        ("allorder_refresh", "/api/v1/auth/refresh"),
        ("allorder_refresh", "/api/v1/auth/logout"),
        ("allorder_csrf", "/"),
    }
    for (name, _), attrs in cleared.items():
        assert attrs["samesite"] == "strict"
        assert ("httponly" in attrs) is (name == "allorder_refresh")
    assert "allorder_refresh" not in client.cookies
    assert "allorder_csrf" not in client.cookies


async def test_a_cookie_refresh_with_no_cookie_left_clears_the_orphaned_csrf_cookie(shop: Shop) -> None:
    client = shop.client(new_ip())
    client.cookies.set("allorder_csrf", "left-over", path="/")

    response = await client.post("/auth/refresh", json={}, headers={"X-CSRF-Token": "left-over"})

    assert response.status_code == 401
    assert ("allorder_csrf", "/") in cleared_cookies(response)


async def test_a_refused_refresh_over_https_clears_secure_cookies(shop: Shop) -> None:
    client = shop.client(new_ip())

    response = await client.post(
        "https://testserver/api/v1/auth/refresh", json={}, headers={"X-CSRF-Token": "anything"}
    )

    assert response.status_code == 401
    cleared = cleared_cookies(response)
    assert len(cleared) == 3
    assert all(attrs.get("secure") is True for attrs in cleared.values())


async def test_a_refresh_refused_for_its_csrf_token_keeps_the_cookies(shop: Shop) -> None:
    # A forged cross-site post must not be able to sign the browser out.
    client = shop.client(new_ip())
    await cookie_sign_in(client)

    response = await client.post("/auth/refresh", json={})

    assert response.status_code == 403
    assert "set-cookie" not in response.headers


async def test_a_refused_body_refresh_sets_no_cookie(shop: Shop) -> None:
    response = await shop.client(new_ip()).post("/auth/refresh", json={"refresh_token": "not-a-token"})

    assert response.status_code == 401
    assert "set-cookie" not in response.headers


async def test_integrators_still_refresh_and_log_out_with_the_token_in_the_body(shop: Shop) -> None:
    # given: a sign-in without the cookie header
    client = shop.client(new_ip())
    pair = await f.register_customer(client)
    signed_in = await f.login(client, pair["user"]["email"], f.PASSWORD)

    # when
    refreshed = await client.post("/auth/refresh", json={"refresh_token": signed_in["refresh_token"]})
    logout = await client.post("/auth/logout", json={"refresh_token": refreshed.json()["refresh_token"]})

    # then: the tokens travel in bodies, no cookie is set, and logging out revokes
    assert refreshed.status_code == 200
    assert isinstance(refreshed.json()["refresh_token"], str)
    assert "set-cookie" not in refreshed.headers
    assert logout.status_code == 204
    again = await client.post("/auth/refresh", json={"refresh_token": refreshed.json()["refresh_token"]})
    assert again.status_code == 401


async def test_the_cookies_are_secure_over_https(shop: Shop) -> None:
    client = shop.client(new_ip())
    email = f.unique_email("tls")
    await f.register_customer(client, email=email)
    body = {"login": email, "password": f.PASSWORD}

    response = await client.post("https://testserver/api/v1/auth/login", json=body, headers=COOKIE_MODE)

    assert {name for name, _, attrs in set_cookies(response) if attrs.get("secure") is True} == {
        "allorder_refresh",
        "allorder_csrf",
    }


async def test_the_cookies_are_secure_in_production_even_behind_plain_http(
    shop: Shop, database_url: str, tmp_path: Path
) -> None:
    # given: production, behind a proxy that ends TLS (the app itself sees http); the shop seeded the admin
    app = build(production_settings(database_url, tmp_path))

    # when
    async with client_of(app, new_ip()) as client:
        body = {"login": f.ADMIN[0], "password": f.ADMIN[1]}
        response = await client.post("/api/v1/auth/login", json=body, headers=COOKIE_MODE)
    await app.state.container.close()

    # then
    assert response.status_code == 200, response.text
    assert all(attrs.get("secure") is True for _, _, attrs in set_cookies(response))
    assert len(set_cookies(response)) == 3
