"""One-time codes and links: texted sign-in codes, their limits and expiry, wrong guesses, sign-up by phone,
e-mail verification and password reset; sign-in through a provider."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.errors import AuthenticationFailed, PermissionDenied, RuleViolation, TooManyRequests
from domain.identity import use_cases as identity
from domain.identity.actor import Actor
from domain.identity.entities import CodePurpose, OAuthProfile
from domain.identity.policy import AuthContext
from tests.fakes import FakeClock, FakeUnitOfWork, given
from tests.fakes.auth import FakeOAuth, UnitsOfWork, auth_context, link_token, texted_code

PHONE = "13900001111"
VISITOR = Actor(user_id=None, name=None, ip="198.51.100.20")


async def text_code(uows: UnitsOfWork, ctx: AuthContext, purpose: CodePurpose = CodePurpose.SMS_LOGIN) -> int:
    return await identity.send_sms_code(uows(), ctx, phone=PHONE, purpose=purpose, locale="en")


async def test_a_texted_code_signs_in_and_a_new_number_gets_a_customer_account(
    uow: FakeUnitOfWork, uows: UnitsOfWork, ctx: AuthContext
) -> None:
    given.role(uow, "customer", builtin=True)
    assert await text_code(uows, ctx) == 60  # seconds before another may be asked for

    session = await identity.login_with_sms_code(uows, ctx, VISITOR, phone=PHONE, code=texted_code(uow.tables, PHONE))

    assert (session.user.phone, session.user.display_name, session.user.role_names) == (PHONE, "用户1111", ["customer"])
    assert session.user.phone_verified_at is not None
    with pytest.raises(RuleViolation) as spent:  # a code works once
        await identity.login_with_sms_code(uows, ctx, VISITOR, phone=PHONE, code=texted_code(uow.tables, PHONE))
    assert spent.value.code == "auth.code_expired"


async def test_another_code_is_refused_within_a_minute_and_past_five_an_hour(
    uows: UnitsOfWork, ctx: AuthContext, clock: FakeClock
) -> None:
    await text_code(uows, ctx)
    clock.advance(timedelta(seconds=20))
    with pytest.raises(TooManyRequests) as too_soon:
        await text_code(uows, ctx)
    assert (too_soon.value.code, too_soon.value.data["retry_after"]) == ("auth.code_too_soon", 40)

    for _ in range(4):
        clock.advance(timedelta(seconds=60))
        await text_code(uows, ctx)
    clock.advance(timedelta(seconds=60))
    with pytest.raises(TooManyRequests) as limit:
        await text_code(uows, ctx)
    assert (limit.value.code, limit.value.data["retry_after"]) == ("auth.code_limit", 3600)


async def test_a_code_expires_after_five_minutes(
    uow: FakeUnitOfWork, uows: UnitsOfWork, ctx: AuthContext, clock: FakeClock
) -> None:
    await text_code(uows, ctx)
    clock.advance(timedelta(minutes=5))

    with pytest.raises(RuleViolation) as expired:
        await identity.login_with_sms_code(uows, ctx, VISITOR, phone=PHONE, code=texted_code(uow.tables, PHONE))

    assert (expired.value.code, expired.value.data["field"]) == ("auth.code_expired", "code")


async def test_wrong_guesses_are_counted_although_each_request_fails_and_five_burn_the_code(
    uow: FakeUnitOfWork, uows: UnitsOfWork, ctx: AuthContext
) -> None:
    await text_code(uows, ctx)
    right = texted_code(uow.tables, PHONE)
    wrong = "000000" if right != "000000" else "111111"

    for _ in range(5):
        with pytest.raises(RuleViolation) as guess:
            await identity.login_with_sms_code(uows, ctx, VISITOR, phone=PHONE, code=wrong)
        assert guess.value.code == "auth.code_invalid"

    assert uow.tables.codes[-1].attempts == 5
    with pytest.raises(RuleViolation) as burnt:
        await identity.login_with_sms_code(uows, ctx, VISITOR, phone=PHONE, code=right)
    assert burnt.value.code == "auth.code_expired"
    assert uow.tables.users == {}


async def test_a_code_never_hands_over_an_account_that_manages_users(
    uow: FakeUnitOfWork, uows: UnitsOfWork, ctx: AuthContext
) -> None:
    given.user(uow, "boss", role="admin", permissions=["*"], phone=PHONE)
    await text_code(uows, ctx)

    with pytest.raises(PermissionDenied) as refusal:
        await identity.login_with_sms_code(uows, ctx, VISITOR, phone=PHONE, code=texted_code(uow.tables, PHONE))

    assert refusal.value.code == "auth.password_required"


async def test_signing_up_by_phone_needs_its_code_and_a_wrong_one_is_counted(
    uow: FakeUnitOfWork, uows: UnitsOfWork, ctx: AuthContext
) -> None:
    given.role(uow, "customer", builtin=True)
    await text_code(uows, ctx, CodePurpose.PHONE_VERIFY)
    right = texted_code(uow.tables, PHONE)

    with pytest.raises(RuleViolation) as wrong:
        await identity.register_by_phone(uows, ctx, VISITOR, password="Pass-word-1", phone=PHONE, sms_code="12345x")
    assert wrong.value.code == "auth.code_invalid"
    assert uow.tables.codes[-1].attempts == 1 and uow.tables.users == {}

    session = await identity.register_by_phone(uows, ctx, VISITOR, password="Pass-word-1", phone=PHONE, sms_code=right)

    assert session.user.role_names == ["customer"]
    assert (await identity.login_with_password(uows, ctx, VISITOR, login=PHONE, password="Pass-word-1")).user.id == (
        session.user.id
    )


async def test_signing_up_by_e_mail_sends_a_link_that_makes_a_verified_account_once(
    uow: FakeUnitOfWork, uows: UnitsOfWork, ctx: AuthContext
) -> None:
    given.role(uow, "customer", builtin=True)
    await identity.request_sign_up(uows, ctx, email=" Mei@Example.com", locale="en")
    assert uow.tables.users == {}  # nothing until the link is opened

    token = link_token(uow.tables, "auth.sign_up")
    session = await identity.complete_sign_up(uows, ctx, VISITOR, token=token, password="Pass-word-1")

    assert (session.user.email, session.user.display_name, session.user.role_names) == (
        "mei@example.com",
        "mei",
        ["customer"],
    )
    assert session.user.email_verified_at is not None
    with pytest.raises(RuleViolation) as again:
        await identity.complete_sign_up(uows, ctx, VISITOR, token=token, password="Pass-word-1")
    assert again.value.code == "auth.link_invalid"


async def test_signing_up_with_a_taken_address_tells_its_owner_and_makes_nothing(
    uow: FakeUnitOfWork, uows: UnitsOfWork, ctx: AuthContext
) -> None:
    mei = given.user(uow, "mei", role="customer")

    await identity.request_sign_up(uows, ctx, email="MEI@example.com", locale="en")

    [notice] = [m for m in uow.tables.outbox if m.recipient == mei.email]
    assert notice.event == "auth.sign_up_taken" and "/reset-password?token=" in notice.body
    assert not [m for m in uow.tables.outbox if m.event == "auth.sign_up"]
    assert list(uow.tables.users) == [mei.id]


async def test_a_reset_link_sets_a_new_password_once_and_ends_every_session(
    uow: FakeUnitOfWork, uows: UnitsOfWork, ctx: AuthContext
) -> None:
    mei = given.user(uow, "mei", role="customer", password="Forgotten-1")
    await identity.request_password_reset(uows(), ctx, login="mei@example.com")
    token = link_token(uow.tables, "auth.password_reset")

    await identity.reset_password(uows, ctx, token=token, new_password="Remembered-2")

    assert uow.tables.users[mei.id].token_version == 1
    assert (
        await identity.login_with_password(uows, ctx, VISITOR, login="mei@example.com", password="Remembered-2")
    ).user.id == mei.id
    with pytest.raises(RuleViolation) as spent:
        await identity.reset_password(uows, ctx, token=token, new_password="Third-time-3")
    assert spent.value.code == "auth.link_invalid"


async def test_a_reset_link_expires_after_thirty_minutes(
    uow: FakeUnitOfWork, uows: UnitsOfWork, ctx: AuthContext, clock: FakeClock
) -> None:
    given.user(uow, "mei", role="customer", password="Forgotten-1")
    await identity.request_password_reset(uows(), ctx, login="mei@example.com")
    clock.advance(timedelta(minutes=30))

    with pytest.raises(RuleViolation) as expired:
        await identity.reset_password(
            uows, ctx, token=link_token(uow.tables, "auth.password_reset"), new_password="X-2345678"
        )

    assert expired.value.code == "auth.link_expired"


async def test_asking_to_reset_an_unknown_account_sends_nothing_and_answers_the_same(
    uow: FakeUnitOfWork, uows: UnitsOfWork, ctx: AuthContext
) -> None:
    await identity.request_password_reset(uows(), ctx, login="nobody@example.com")

    assert uow.tables.outbox == []
    assert [(c.target, c.user_id) for c in uow.tables.codes] == [("-", None)]  # the same work, a spent row


async def test_a_provider_sign_in_creates_a_linked_account_once_and_finds_it_again(
    uow: FakeUnitOfWork, uows: UnitsOfWork, clock: FakeClock
) -> None:
    given.role(uow, "customer", builtin=True)
    wechat = FakeOAuth(
        "wechat", {"code-1": OAuthProfile("wechat", "union-9", "微信用户"), "code-2": OAuthProfile("wechat", "union-9")}
    )
    ctx = auth_context(clock, uows, oauth={"wechat": wechat})

    first = await identity.login_with_oauth(
        uows, ctx, VISITOR, provider="wechat", code="code-1", redirect_uri="https://shop.example/cb"
    )
    second = await identity.login_with_oauth(
        uows, ctx, VISITOR, provider="wechat", code="code-2", redirect_uri="https://shop.example/cb"
    )

    assert first.user.id == second.user.id
    assert (first.user.display_name, first.user.role_names) == ("微信用户", ["customer"])
    with pytest.raises(AuthenticationFailed) as unknown:
        await identity.login_with_oauth(
            uows, ctx, VISITOR, provider="alipay", code="x", redirect_uri="https://shop.example/cb"
        )
    assert unknown.value.code == "auth.oauth_unknown_provider"
