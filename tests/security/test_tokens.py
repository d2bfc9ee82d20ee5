"""Access tokens (issue 7, item 2): a token that lives longer than the configured lifetime is refused, however
well it is signed."""

from __future__ import annotations

import time
import uuid

import jwt

from tests import factories as f
from tests.conftest import Shop, new_ip


def forged(shop: Shop, session: dict[str, str], *, lifetime: int, issued: int | None = None) -> str:
    """The signed-in session's own access token, re-signed with the real secret for another lifetime."""
    settings = shop.container.settings.auth
    claims = jwt.decode(session["access_token"], options={"verify_signature": False})
    iat = issued if issued is not None else int(time.time())
    claims.update(jti=uuid.uuid4().hex, iat=iat, exp=iat + lifetime)
    return str(jwt.encode(claims, settings.jwt_secret, algorithm=settings.jwt_algorithm))


async def test_a_token_signed_for_a_year_is_refused(shop: Shop) -> None:
    client = shop.client(new_ip())
    session = await f.login(client, *f.ADMIN)

    response = await client.get(
        "/me", headers={"Authorization": f"Bearer {forged(shop, session, lifetime=365 * 86400)}"}
    )

    assert response.status_code == 401
    assert response.json()["code"] == "auth.invalid_token"


async def test_a_token_issued_in_the_future_is_refused(shop: Shop) -> None:
    client = shop.client(new_ip())
    session = await f.login(client, *f.ADMIN)
    token = forged(shop, session, lifetime=600, issued=int(time.time()) + 3600)

    response = await client.get("/me", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 401


async def test_a_token_within_the_configured_lifetime_is_accepted(shop: Shop) -> None:
    client = shop.client(new_ip())
    session = await f.login(client, *f.ADMIN)
    lifetime = shop.container.settings.auth.access_token_minutes * 60

    response = await client.get("/me", headers={"Authorization": f"Bearer {forged(shop, session, lifetime=lifetime)}"})

    assert response.status_code == 200


async def test_a_token_signed_with_the_old_demo_secret_is_refused(shop: Shop) -> None:
    client = shop.client(new_ip())
    me = (await f.login(client, *f.ADMIN))["user"]
    now = int(time.time())
    claims = {"sub": me["id"], "ver": 0, "typ": "access", "jti": "x", "iat": now, "exp": now + 600}
    token = jwt.encode(claims, "change-me-in-production-this-is-only-for-the-demo-shop", algorithm="HS256")

    response = await client.get("/me", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 401
