"""Races that only a real database with real concurrent transactions can decide (PostgreSQL)."""

from __future__ import annotations

import asyncio
import re

import pytest

from domain.notifications import use_cases as notifications
from tests import factories as f
from tests.conftest import Shop, new_ip

pytestmark = pytest.mark.postgres


async def test_simultaneous_sign_ups_with_one_email_create_exactly_one_account(shop: Shop) -> None:
    # given twenty sign-up links to one address
    email = f.unique_email("race")
    clients = [shop.client(new_ip()) for _ in range(20)]
    tokens = []
    for client in clients:
        assert (await client.post("/auth/register", json={"email": email})).status_code == 202
        tokens.append(await f.mailed_link_token(client, email, "auth.sign_up"))

    # when all are opened at once
    responses = await asyncio.gather(
        *(
            c.post("/auth/register/complete", json={"token": t, "password": f.PASSWORD})
            for c, t in zip(clients, tokens, strict=True)
        )
    )

    # then
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [409] * 19
    assert {r.json()["code"] for r in responses if r.status_code == 409} == {"user.email_taken"}


async def test_a_refresh_token_presented_many_times_at_once_is_honoured_once(shop: Shop) -> None:
    client = shop.client(new_ip())
    pair = await f.register_customer(client)
    responses = await asyncio.gather(
        *(client.post("/auth/refresh", json={"refresh_token": pair["refresh_token"]}) for _ in range(10))
    )
    assert sorted(r.status_code for r in responses) == [200] + [401] * 9
    # the replays were detected as reuse, so even the winner's new token is revoked
    winner = next(r.json() for r in responses if r.status_code == 200)
    after = await client.post("/auth/refresh", json={"refresh_token": winner["refresh_token"]})
    assert after.status_code == 401


async def test_a_burst_of_wrong_passwords_still_makes_that_address_wait(shop: Shop) -> None:
    client = shop.client(new_ip())
    email = f.unique_email()
    await f.register_customer(client, email=email)
    await asyncio.gather(
        *(client.post("/auth/login", json={"login": email, "password": "Wrong#1234"}) for _ in range(12))
    )
    locked = await client.post("/auth/login", json={"login": email, "password": f.PASSWORD})
    assert locked.status_code == 429
    assert locked.json()["code"] == "auth.sign_in_throttled"


async def test_wrong_sms_codes_sent_at_once_are_counted_one_by_one_and_five_burn_the_code(shop: Shop) -> None:
    client = shop.client(new_ip())
    phone = f.unique_phone()
    await client.post("/auth/sms/send", json={"phone": phone, "purpose": "login"})
    await shop.run_jobs()
    texts = await shop.sms_to(phone)
    code = re.search(r"\b(\d{6})\b", str(texts[-1]["params"]))
    assert code
    wrong = "000000" if code.group(1) != "000000" else "111111"

    answers = await asyncio.gather(
        *(client.post("/auth/login/sms", json={"phone": phone, "code": wrong}) for _ in range(12))
    )

    # each guess is checked and counted under the code's row lock: exactly five are judged, the rest find it burnt
    assert sorted(r.json()["code"] for r in answers) == ["auth.code_expired"] * 7 + ["auth.code_invalid"] * 5
    late = await client.post("/auth/login/sms", json={"phone": phone, "code": code.group(1)})
    assert late.json()["code"] == "auth.code_expired"


async def test_two_delivery_runs_at_once_send_each_message_once(shop: Shop) -> None:
    client = shop.client(new_ip())
    phone = f.unique_phone()
    await client.post("/auth/sms/send", json={"phone": phone, "purpose": "login"})
    c = shop.container
    # when two workers sweep the outbox at the same moment (a job may run twice)
    await asyncio.gather(*(notifications.deliver_pending(c.uow, c.clock, email=c.email, sms=c.sms) for _ in range(4)))
    await shop.run_jobs()
    # then the phone got exactly one text
    assert len(await shop.sms_to(phone)) == 1
