"""User enumeration (issue 7, item 12): asking for a password reset, and signing up by e-mail or by phone, answer
alike and do the same work whether or not the account exists, so neither the answer nor its timing tells. What
differs goes only to the mailbox or phone of the address, which its owner alone reads."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from infra.db.tables import identity as tables
from infra.db.tables.notifications import outbox_message
from tests import factories as f
from tests.conftest import Shop, new_ip


async def reset_rows(shop: Shop) -> int:
    code = tables.one_time_code
    async with shop.container.engine.connect() as conn:
        count = await conn.scalar(sa.select(sa.func.count()).where(code.c.purpose == "password_reset"))
    return int(count or 0)


async def rows_written(shop: Shop) -> tuple[int, int]:
    """How many link rows and queued messages exist: what a request wrote shows as the difference."""
    async with shop.container.engine.connect() as conn:
        links = await conn.scalar(sa.select(sa.func.count()).select_from(tables.one_time_code))
        mails = await conn.scalar(sa.select(sa.func.count()).select_from(outbox_message))
    return int(links or 0), int(mails or 0)


async def test_a_reset_for_an_unknown_login_answers_and_writes_like_one_for_a_real_account(shop: Shop) -> None:
    # given
    client = shop.client(new_ip())
    email = f.unique_email()
    await f.register_customer(client, email=email)

    # when
    before = await reset_rows(shop)
    real = await client.post("/auth/password/forgot", json={"login": email})
    after_real = await reset_rows(shop)
    ghost = await client.post("/auth/password/forgot", json={"login": f.unique_email("ghost")})
    after_ghost = await reset_rows(shop)

    # then: the same answer, and one reset record each
    assert (real.status_code, real.content) == (ghost.status_code, ghost.content) == (202, b"null")
    assert after_real - before == after_ghost - after_real == 1


async def test_signing_up_with_a_taken_email_answers_and_writes_like_a_free_one(shop: Shop) -> None:
    # given an existing customer
    client = shop.client(new_ip())
    taken = f.unique_email("taken")
    await f.register_customer(client, email=taken)

    # when someone signs up with that address, and with a free one
    before = await rows_written(shop)
    on_taken = await client.post("/auth/register", json={"email": taken})
    after_taken = await rows_written(shop)
    on_free = await client.post("/auth/register", json={"email": f.unique_email("free")})
    after_free = await rows_written(shop)

    # then the same answer, and the same work: one link row and one queued mail each
    assert (on_taken.status_code, on_taken.content) == (on_free.status_code, on_free.content)
    assert on_taken.status_code == 202
    assert on_taken.headers.get("set-cookie") is None
    assert (after_taken[0] - before[0], after_taken[1] - before[1]) == (1, 1)
    assert (after_free[0] - after_taken[0], after_free[1] - after_taken[1]) == (1, 1)


@pytest.mark.parametrize(
    ("locale", "subject"), [("zh_CN", "有人尝试用您的邮箱注册"), ("en", "Someone tried to sign up with your e-mail")]
)
async def test_the_owner_of_a_taken_email_is_told_in_their_language_with_a_reset_link(
    shop: Shop, locale: str, subject: str
) -> None:
    # given an owner who reads in `locale`
    owner, stranger = shop.client(new_ip()), shop.client(new_ip())
    email = f.unique_email("owner")
    await f.register_customer(owner, email=email, locale=locale)

    # when a stranger, whose browser speaks the other language, signs up with the address
    other = "en" if locale == "zh_CN" else "zh-CN"
    await stranger.post("/auth/register", json={"email": email}, headers={"Accept-Language": other})
    await shop.run_jobs()

    # then the owner gets a notice in their own language whose link resets the password
    # (the owner's own sign-up mail went in the same run of the outbox, in no set order)
    notices = [m for m in shop.mailbox.to(email) if "/reset-password?token=" in m.get_content()]
    assert [m["Subject"] for m in notices] == [subject]
    token = re.search(r"/reset-password\?token=([\w-]+)", notices[0].get_content())
    assert token
    reset = await owner.post("/auth/password/reset", json={"token": token.group(1), "new_password": "Newer#5678"})
    assert reset.status_code == 204
    await f.login(owner, email, "Newer#5678")
    assert "verify-email" not in notices[0].get_content()  # no way to make a second account


@pytest.mark.parametrize(("locale", "subject"), [("zh_CN", "完成注册"), ("en", "Finish signing up")])
async def test_a_free_email_gets_the_link_that_finishes_the_sign_up_in_the_language_asked(
    shop: Shop, locale: str, subject: str
) -> None:
    client = shop.client(new_ip())
    email = f.unique_email("fresh")

    await client.post("/auth/register", json={"email": email, "locale": locale})
    await shop.run_jobs()

    [mail] = shop.mailbox.to(email)
    assert mail["Subject"] == subject
    assert "/verify-email?token=" in mail.get_content()


async def texted_code(shop: Shop, phone: str) -> str:
    await shop.run_jobs()
    match = re.search(r"\b(\d{6})\b", str((await shop.sms_to(phone))[-1]["params"]))
    assert match
    return match.group(1)


async def test_a_phone_sign_up_says_nothing_about_a_number_until_its_code_is_right(shop: Shop) -> None:
    # given a customer who signed in by SMS, which made their account
    client = shop.client(new_ip())
    taken, free = f.unique_phone(), f.unique_phone()
    await client.post("/auth/sms/send", json={"phone": taken, "purpose": "login"})
    signed_in = await client.post("/auth/login/sms", json={"phone": taken, "code": await texted_code(shop, taken)})
    assert signed_in.status_code == 200

    # when someone without the phones tries to sign up that number and a free one, guessing the codes
    for phone in (taken, free):
        await client.post("/auth/sms/send", json={"phone": phone, "purpose": "register"})
    guesses = [
        await client.post("/auth/register", json={"phone": phone, "sms_code": "000000", "password": f.PASSWORD})
        for phone in (taken, free)
    ]

    # then both answers are the wrong-code answer
    assert [(g.status_code, g.json()["code"]) for g in guesses] == [(422, "auth.code_invalid")] * 2
    # and only the phone's owner, with the right code, learns it has an account
    body = {"phone": taken, "sms_code": await texted_code(shop, taken), "password": f.PASSWORD}
    owner = await client.post("/auth/register", json=body)
    assert (owner.status_code, owner.json()["code"]) == (409, "user.phone_taken")


async def test_signing_up_by_e_mail_takes_no_password(shop: Shop) -> None:
    client = shop.client(new_ip())

    response = await client.post("/auth/register", json={"email": f.unique_email(), "password": f.PASSWORD})

    assert response.status_code == 422
    assert response.json()["code"] == "validation.failed"


async def test_a_profile_phone_change_says_nothing_about_a_number_until_its_code_is_right(shop: Shop) -> None:
    # given a number with an account, and a signed-in customer who does not hold that phone
    client = shop.client(new_ip())
    taken = f.unique_phone()
    await client.post("/auth/sms/send", json={"phone": taken, "purpose": "login"})
    assert (
        await client.post("/auth/login/sms", json={"phone": taken, "code": await texted_code(shop, taken)})
    ).is_success
    headers = f.bearer(await f.register_customer(client))

    # when they try to move to that number with a guessed code
    guesses = [
        await client.patch("/me", json={"phone": phone, "sms_code": "000000"}, headers=headers)
        for phone in (taken, f.unique_phone())
    ]

    # then the answer is the same as for a free number
    assert [(g.status_code, g.json()["code"]) for g in guesses] == [(422, "auth.code_expired")] * 2
