"""Sign-up and sign-in by password: verification, lockout, tokens, rotation, reset."""

from __future__ import annotations

import re
import time
import uuid

import jwt

from tests import factories as f
from tests.conftest import Shop, new_ip


def _link_token(shop: Shop, address: str, path: str) -> str:
    body = shop.mailbox.to(address)[-1].get_content()
    match = re.search(rf"{path}\?token=([\w-]+)", body)
    assert match, body
    return match.group(1)


async def test_signing_up_by_email_makes_a_verified_account_from_the_mailed_link(shop: Shop) -> None:
    client = shop.client(new_ip())
    email = f.unique_email()
    # given a sign-up request, which makes no account yet
    started = await client.post("/auth/register", json={"email": email, "locale": "en"})
    assert (started.status_code, started.json()) == (202, {"next": "check_email"})
    assert (await client.post("/auth/login", json={"login": email, "password": f.PASSWORD})).status_code == 401
    # when the mail goes out and its link is opened with a password
    await shop.run_jobs()
    [mail] = shop.mailbox.to(email)
    assert mail["Subject"] == "Finish signing up"
    token = _link_token(shop, email, "/verify-email")
    body = {"token": token, "password": f.PASSWORD, "display_name": "Ada"}
    done = await client.post("/auth/register/complete", json=body)
    # then the customer is signed in with a verified address, and the link works only once
    assert done.status_code == 201, done.text
    assert (done.json()["user"]["email_verified"], done.json()["user"]["roles"]) == (True, ["customer"])
    assert done.json()["user"]["display_name"] == "Ada"
    await f.login(client, email, f.PASSWORD)
    again = await client.post("/auth/register/complete", json=body)
    assert (again.status_code, again.json()["code"]) == (422, "auth.link_invalid")


async def test_an_email_can_be_registered_only_once(shop: Shop) -> None:
    # given two links to one address, the first already used
    client = shop.client(new_ip())
    email = f.unique_email()
    await client.post("/auth/register", json={"email": email})
    first = await f.mailed_link_token(client, email, "auth.sign_up")
    await client.post("/auth/register", json={"email": email})
    second = await f.mailed_link_token(client, email, "auth.sign_up")
    assert (await client.post("/auth/register/complete", json={"token": first, "password": f.PASSWORD})).is_success

    # when the second is opened
    late = await client.post("/auth/register/complete", json={"token": second, "password": f.PASSWORD})

    # then
    assert late.status_code == 409
    assert late.json()["code"] == "user.email_taken"


async def test_a_weak_password_is_refused_and_nothing_is_created(shop: Shop) -> None:
    client = shop.client(new_ip())
    email = f.unique_email()
    await client.post("/auth/register", json={"email": email})
    token = await f.mailed_link_token(client, email, "auth.sign_up")
    response = await client.post("/auth/register/complete", json={"token": token, "password": "onlyletters"})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in response.json()["errors"]] == ["password"]
    login = await client.post("/auth/login", json={"login": email, "password": "onlyletters"})
    assert login.json()["code"] == "auth.invalid_credentials"


async def test_five_wrong_passwords_make_that_address_wait_even_for_the_right_one(shop: Shop) -> None:
    client = shop.client(new_ip())
    email = f.unique_email()
    await f.register_customer(client, email=email)
    answers = [
        (await client.post("/auth/login", json={"login": email, "password": "Wrong#1234"})).status_code
        for _ in range(5)
    ]
    assert answers == [401, 401, 401, 401, 429]
    locked = await client.post("/auth/login", json={"login": email, "password": f.PASSWORD})
    assert locked.status_code == 429
    assert locked.json()["code"] == "auth.sign_in_throttled"
    assert 0 < int(locked.headers["retry-after"]) <= 30


async def test_a_successful_sign_in_clears_earlier_failures(shop: Shop) -> None:
    client = shop.client(new_ip())
    email = f.unique_email()
    await f.register_customer(client, email=email)
    for _ in range(4):
        await client.post("/auth/login", json={"login": email, "password": "Wrong#1234"})
    await f.login(client, email, f.PASSWORD)
    after = await client.post("/auth/login", json={"login": email, "password": "Wrong#1234"})
    assert after.status_code == 401


async def test_signing_in_from_a_new_address_warns_the_owner(shop: Shop) -> None:
    home, elsewhere = shop.client(new_ip()), shop.client("203.0.113.77")
    email = f.unique_email()
    pair = await f.register_customer(home, email=email)
    await f.login(home, email, f.PASSWORD)  # a known address: no warning
    await f.login(elsewhere, email, f.PASSWORD)
    await shop.run_jobs()
    inbox = (await home.get("/me/notifications", headers=f.bearer(pair))).json()
    warnings = [n for n in inbox["items"] if n["event"] == "security.new_ip_login"]
    assert len(warnings) == 1
    assert "203.0.113.77" in warnings[0]["body"]
    assert any(m["Subject"] == "异地登录提醒" for m in shop.mailbox.to(email))


async def test_a_refresh_token_rotates_and_its_reuse_ends_the_whole_family(shop: Shop) -> None:
    client = shop.client(new_ip())
    first = await f.register_customer(client)
    # when the token is used once, a new pair comes back
    second = (await client.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})).json()
    assert second["refresh_token"] != first["refresh_token"]
    # when the old one is presented again (stolen), it is refused...
    reuse = await client.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert reuse.status_code == 401
    assert reuse.json()["code"] == "auth.refresh_token_reused"
    # ...and the legitimate newer token is revoked with it
    newer = await client.post("/auth/refresh", json={"refresh_token": second["refresh_token"]})
    assert newer.json()["code"] == "auth.invalid_refresh_token"


async def test_logging_out_ends_the_session(shop: Shop) -> None:
    client = shop.client(new_ip())
    pair = await f.register_customer(client)
    assert (await client.post("/auth/logout", json={"refresh_token": pair["refresh_token"]})).status_code == 204
    after = await client.post("/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    assert after.status_code == 401


async def test_expired_forged_and_unsigned_access_tokens_are_rejected(shop: Shop) -> None:
    client = shop.client(new_ip())
    pair = await f.register_customer(client)
    user_id = pair["user"]["id"]
    secret = shop.container.settings.auth.jwt_secret
    now = int(time.time())
    claims = {"sub": user_id, "typ": "access", "iat": now - 3600, "exp": now - 60, "jti": uuid.uuid4().hex}
    expired = jwt.encode(claims, secret, algorithm="HS256")
    forged = jwt.encode({**claims, "exp": now + 600}, "not-the-secret", algorithm="HS256")
    header = jwt.get_unverified_header(pair["access_token"])
    unsigned = ".".join(
        [
            _b64({**header, "alg": "none"}),
            _b64({**claims, "exp": now + 600}),
            "",
        ]
    )
    for token, code in [
        (expired, "auth.token_expired"),
        (forged, "auth.invalid_token"),
        (unsigned, "auth.invalid_token"),
        ("garbage", "auth.invalid_token"),
    ]:
        response = await client.get("/me", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401, token
        assert response.json()["code"] == code
        assert response.headers["www-authenticate"] == "Bearer"
    assert (await client.get("/me", headers=f.bearer(pair))).status_code == 200


def _b64(data: dict[str, object]) -> str:
    import base64
    import json

    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


async def test_a_password_reset_link_sets_a_new_password_once(shop: Shop) -> None:
    client = shop.client(new_ip())
    email = f.unique_email()
    old = await f.register_customer(client, email=email)
    # when the customer asks for a reset and follows the link
    assert (await client.post("/auth/password/forgot", json={"login": email})).status_code == 202
    await shop.run_jobs()
    token = _link_token(shop, email, "/reset-password")
    reset = await client.post("/auth/password/reset", json={"token": token, "new_password": "Brand#New99"})
    assert reset.status_code == 204
    # then the new password works, the old one and old sessions do not, and the link is spent
    await f.login(client, email, "Brand#New99")
    assert (await client.post("/auth/login", json={"login": email, "password": f.PASSWORD})).status_code == 401
    assert (await client.post("/auth/refresh", json={"refresh_token": old["refresh_token"]})).status_code == 401
    again = await client.post("/auth/password/reset", json={"token": token, "new_password": "Other#New99"})
    assert again.json()["code"] == "auth.link_invalid"


async def test_asking_to_reset_an_unknown_account_looks_the_same_and_sends_nothing(shop: Shop) -> None:
    client = shop.client(new_ip())
    email = f.unique_email()
    response = await client.post("/auth/password/forgot", json={"login": email})
    assert response.status_code == 202
    await shop.run_jobs()
    assert shop.mailbox.to(email) == []


async def test_sign_in_endpoints_are_rate_limited_per_client_address(shop: Shop) -> None:
    client = shop.client(new_ip())
    limit = 5
    original = shop.container.settings.auth.rate_limit_per_minute
    shop.container.settings.auth.rate_limit_per_minute = limit
    try:
        # a fixed window may roll over once mid-test, so allow up to two windows' worth before the 429
        statuses = [
            (await client.post("/auth/password/forgot", json={"login": f.unique_email()})).status_code
            for _ in range(2 * limit + 1)
        ]
        other_address = await shop.client(new_ip()).post("/auth/password/forgot", json={"login": "x@example.com"})
    finally:
        shop.container.settings.auth.rate_limit_per_minute = original
    first_refusal = statuses.index(429)
    assert first_refusal >= limit
    assert set(statuses[:first_refusal]) == {202}
    assert other_address.status_code == 202
