"""Sign-in limits (issue 7, items 4 and 5): forwarded headers count only from configured proxies, limits hold per
account as well as per address, and failures slow down one (account, address) pair with growing waits instead of
locking the owner out, who is told."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from infra.ratelimit import MemoryRateLimiter
from infra.settings import AuthSettings
from tests import factories as f
from tests.conftest import TEST_SECRET, Shop, new_ip
from tests.security.apps import SteppingClock, build, client_of, development_settings

WRONG = "Wrong#1234"


@pytest.fixture
async def strict_app(database_url: str, tmp_path: Path) -> AsyncIterator[Any]:
    """An app with the shipped limits (30 a minute per address, 10 per account) and a clock the test moves."""
    auth = AuthSettings(jwt_secret=TEST_SECRET, rate_limit_per_minute=30, account_rate_limit_per_minute=10)
    app = build(development_settings(database_url, tmp_path, auth=auth))
    container = app.state.container
    container.auth = dataclasses.replace(container.auth, clock=SteppingClock())
    frozen = time.time()
    container.rate_limiter = MemoryRateLimiter(now=lambda: frozen)  # no minute boundary falls inside a test
    yield app
    await container.close()


async def register(app: Any) -> str:
    email = f.unique_email("limits")
    async with client_of(app, new_ip()) as client:
        client.base_url = httpx.URL("http://testserver/api/v1")
        await f.register_customer(client, email=email)
    return email


async def test_rotating_x_forwarded_for_does_not_escape_the_address_limit(strict_app: Any) -> None:
    # given: one caller, no trusted proxies (the default)
    async with client_of(strict_app, "127.0.0.1") as client:
        # when: every request claims another address
        statuses = [
            (
                await client.post(
                    "/api/v1/auth/login",
                    json={"login": f.unique_email("nobody"), "password": WRONG},
                    headers={"X-Forwarded-For": f"198.51.100.{n}"},
                )
            ).status_code
            for n in range(40)
        ]

    # then: the address limit (30 a minute) holds
    assert statuses.count(401) == 30
    assert statuses.count(429) == 10


async def test_a_configured_proxy_is_believed(database_url: str, tmp_path: Path) -> None:
    # given: the app behind a proxy at 10.9.9.9, configured as trusted
    auth = AuthSettings(jwt_secret=TEST_SECRET, rate_limit_per_minute=3)
    app = build(development_settings(database_url, tmp_path, auth=auth, trusted_proxies=["10.9.9.0/24"]))
    app.state.container.rate_limiter = MemoryRateLimiter(now=lambda: 0.0)

    async with client_of(app, "10.9.9.9") as proxy:
        # when: the proxy relays four different callers
        statuses = [
            (
                await proxy.post(
                    "/api/v1/auth/login",
                    json={"login": f.unique_email("nobody"), "password": WRONG},
                    headers={"X-Forwarded-For": f"198.51.100.{n}"},
                )
            ).status_code
            for n in range(4)
        ]
    await app.state.container.close()

    # then: each is limited on its own address, not all on the proxy's
    assert statuses == [401] * 4


def test_make_run_and_the_image_do_not_let_uvicorn_trust_forwarded_headers() -> None:
    root = Path(__file__).resolve().parents[2]
    run_line = next(line for line in (root / "Makefile").read_text().splitlines() if "uvicorn api.app" in line)
    image_cmd = next(line for line in (root / "Dockerfile").read_text().splitlines() if line.startswith("CMD"))

    assert "--no-proxy-headers" in run_line
    assert "--no-proxy-headers" in image_cmd


async def test_one_account_tried_from_many_addresses_hits_the_account_limit(strict_app: Any) -> None:
    # given
    email = await register(strict_app)

    # when: eleven addresses each try once within the minute
    statuses = []
    for _ in range(11):
        async with client_of(strict_app, new_ip()) as client:
            statuses.append(
                (await client.post("/api/v1/auth/login", json={"login": email, "password": WRONG})).status_code
            )

    # then
    assert statuses[:10] == [401] * 10
    assert statuses[10] == 429


async def test_wrong_passwords_from_one_address_do_not_lock_the_owner_out_elsewhere(shop: Shop) -> None:
    # given: someone guesses six times from one address
    attacker, owner = shop.client(new_ip()), shop.client(new_ip())
    email = f.unique_email()
    await f.register_customer(owner, email=email)
    for _ in range(6):
        await attacker.post("/auth/login", json={"login": email, "password": WRONG})

    # when: the owner signs in from their own address
    response = await owner.post("/auth/login", json={"login": email, "password": f.PASSWORD})

    # then
    assert response.status_code == 200, response.text


async def test_each_failure_past_five_makes_that_address_wait_twice_as_long(strict_app: Any) -> None:
    # given
    email = await register(strict_app)
    clock: SteppingClock = strict_app.state.container.auth.clock
    async with client_of(strict_app, new_ip()) as client:

        async def attempt(password: str) -> httpx.Response:
            return await client.post("/api/v1/auth/login", json={"login": email, "password": password})

        # when: five wrong passwords
        answers = [(await attempt(WRONG)).status_code for _ in range(5)]
        first_wait = await attempt(f.PASSWORD)
        clock.advance(30)
        sixth = await attempt(WRONG)
        clock.advance(30)
        still_waiting = await attempt(f.PASSWORD)
        clock.advance(30)
        after_the_wait = await attempt(f.PASSWORD)

    # then
    assert answers == [401, 401, 401, 401, 429]
    assert (first_wait.status_code, first_wait.headers["retry-after"]) == (429, "30")
    assert first_wait.json()["code"] == "auth.sign_in_throttled"
    assert (sixth.status_code, sixth.headers["retry-after"]) == (429, "60")
    assert (still_waiting.status_code, still_waiting.headers["retry-after"]) == (429, "30")
    assert after_the_wait.status_code == 200


@pytest.mark.parametrize(
    ("locale", "subject"), [("zh_CN", "账号登录异常提醒"), ("en", "Failed sign-ins to your account")]
)
async def test_the_owner_is_told_once_when_an_address_is_slowed_down(shop: Shop, locale: str, subject: str) -> None:
    # given
    attacker, owner = shop.client("198.51.100.250"), shop.client(new_ip())
    email = f.unique_email()
    pair = await f.register_customer(owner, email=email, locale=locale)

    # when: seven wrong passwords from one address
    for _ in range(7):
        await attacker.post("/auth/login", json={"login": email, "password": WRONG})
    await shop.run_jobs()

    # then: one notice in the inbox and one e-mail, in the owner's language, naming the address
    inbox = (await owner.get("/me/notifications", headers=f.bearer(pair))).json()
    notices = [n for n in inbox["items"] if n["event"] == "security.sign_in_throttled"]
    assert len(notices) == 1
    assert notices[0]["title"] == subject
    assert "198.51.100.250" in notices[0]["body"]
    assert [m["Subject"] for m in shop.mailbox.to(email)].count(subject) == 1
