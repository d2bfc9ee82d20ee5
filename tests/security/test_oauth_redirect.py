"""Third-party sign-in returns only to our own pages (issue 7, item 14): the redirect URI is checked against an
allow-list of origins when the flow starts and when it finishes."""

from __future__ import annotations

import pytest

from tests.conftest import Shop, new_ip


@pytest.mark.parametrize(
    "redirect_uri",
    [
        "https://evil.example/oauth/callback/wechat",
        "http://testserver.evil.example/oauth/callback/wechat",
        "http://evil.example@testserver/oauth/callback/wechat",
        "http://testserver:8443/oauth/callback/wechat",
    ],
)
async def test_a_sign_in_cannot_start_towards_another_site(shop: Shop, redirect_uri: str) -> None:
    client = shop.client(new_ip())

    response = await client.get("/auth/oauth/wechat/authorize", params={"redirect_uri": redirect_uri})

    assert response.status_code == 422
    assert response.json()["code"] == "auth.redirect_uri_not_allowed"


async def test_a_sign_in_cannot_finish_towards_another_site(shop: Shop) -> None:
    client = shop.client(new_ip())
    body = {"code": "any", "state": "any", "redirect_uri": "https://evil.example/cb"}

    response = await client.post("/auth/oauth/wechat/callback", json=body)

    assert response.status_code == 422
    assert response.json()["code"] == "auth.redirect_uri_not_allowed"


async def test_a_sign_in_towards_our_own_pages_starts(shop: Shop) -> None:
    client = shop.client(new_ip())

    response = await client.get(
        "/auth/oauth/wechat/authorize", params={"redirect_uri": "http://testserver/oauth/callback/wechat"}
    )

    assert response.status_code == 200
    assert response.json()["url"]
