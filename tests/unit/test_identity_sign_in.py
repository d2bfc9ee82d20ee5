"""Password sign-in, its throttling, refresh-token rotation and sign-out, on the fakes. The fake hasher fails any
test in which a password is hashed or checked while a transaction is open."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.errors import AuthenticationFailed, DomainError, PermissionDenied, TooManyRequests
from domain.identity import use_cases as identity
from domain.identity.actor import Actor
from domain.identity.auth import Session
from domain.identity.entities import User, UserStatus
from domain.identity.policy import AuthContext
from domain.identity.secrets import digest
from tests.fakes import FakeClock, FakeUnitOfWork, given
from tests.fakes.auth import UnitsOfWork

HOME = Actor(user_id=None, name=None, ip="198.51.100.10", user_agent="Safari")
GUESSER_IP = "203.0.113.66"
GUESSER = Actor(user_id=None, name=None, ip=GUESSER_IP, user_agent="curl")


@pytest.fixture
def wang(uow: FakeUnitOfWork) -> User:
    return given.user(uow, "wang", role="customer", password="Correct-Horse-9", phone="13800000042")


async def sign_in(uows: UnitsOfWork, ctx: AuthContext, password: str, *, actor: Actor = HOME) -> Session:
    return await identity.login_with_password(uows, ctx, actor, login="  WANG@example.com ", password=password)


async def refused(uows: UnitsOfWork, ctx: AuthContext, password: str, *, actor: Actor = GUESSER) -> DomainError:
    with pytest.raises(DomainError) as refusal:
        await sign_in(uows, ctx, password, actor=actor)
    return refusal.value


async def test_the_right_password_signs_in_with_a_fresh_token_pair(
    uow: FakeUnitOfWork, uows: UnitsOfWork, ctx: AuthContext, clock: FakeClock, wang: User
) -> None:
    session = await sign_in(uows, ctx, "Correct-Horse-9")

    assert session.user.id == wang.id
    assert session.access_token == f"access:{wang.id}:0"
    stored = uow.tables.refresh_tokens
    assert [t.token_hash for t in stored] == [digest(session.refresh_token)]  # only its hash is kept
    assert stored[0].expires_at == clock.now() + timedelta(days=30)
    assert uow.tables.users[wang.id].last_login_at == clock.now()
    assert [(a.success, a.ip) for a in uow.tables.sign_ins] == [(True, HOME.ip)]


async def test_a_wrong_password_answers_401_and_its_attempt_is_kept_although_the_request_fails(
    uow: FakeUnitOfWork, uows: UnitsOfWork, ctx: AuthContext, wang: User
) -> None:
    refusal = await refused(uows, ctx, "wrong")

    assert isinstance(refusal, AuthenticationFailed)
    assert refusal.code == "auth.invalid_credentials"
    assert [(a.success, a.user_id, a.login) for a in uow.tables.sign_ins] == [(False, wang.id, "wang@example.com")]
    assert uow.tables.refresh_tokens == []


async def test_an_unknown_login_is_answered_exactly_like_a_wrong_password(
    uow: FakeUnitOfWork, uows: UnitsOfWork, ctx: AuthContext
) -> None:
    refusal = await refused(uows, ctx, "anything")

    assert (type(refusal), refusal.code) == (AuthenticationFailed, "auth.invalid_credentials")
    assert [(a.success, a.user_id) for a in uow.tables.sign_ins] == [(False, None)]


async def test_the_fifth_wrong_password_from_one_address_makes_it_wait_30_seconds_and_warns_the_owner_once(
    uow: FakeUnitOfWork, uows: UnitsOfWork, ctx: AuthContext, wang: User
) -> None:
    for _ in range(4):
        assert (await refused(uows, ctx, "guess")).code == "auth.invalid_credentials"
    assert not [m for m in uow.tables.outbox if m.event == "security.sign_in_throttled"]

    fifth = await refused(uows, ctx, "guess")

    assert isinstance(fifth, TooManyRequests)
    assert (fifth.code, fifth.data["seconds"], fifth.data["retry_after"]) == ("auth.sign_in_throttled", 30, 30)
    warnings = [m for m in uow.tables.outbox if m.event == "security.sign_in_throttled"]
    assert {(m.channel, m.recipient) for m in warnings} == {("in_app", str(wang.id)), ("email", "wang@example.com")}
    assert all(GUESSER_IP in m.body for m in warnings)
    # during the wait even the right password is refused from that address, and nothing more is recorded
    again = await refused(uows, ctx, "Correct-Horse-9")
    assert (again.code, again.data["seconds"]) == ("auth.sign_in_throttled", 30)
    assert len(uow.tables.sign_ins) == 5


async def test_each_further_failure_after_the_wait_doubles_it(
    uows: UnitsOfWork, ctx: AuthContext, clock: FakeClock, wang: User
) -> None:
    for _ in range(5):
        await refused(uows, ctx, "guess")
    clock.advance(timedelta(seconds=29))
    assert (await refused(uows, ctx, "guess")).data["seconds"] == 1  # still waiting: not counted

    clock.advance(timedelta(seconds=1))
    sixth = await refused(uows, ctx, "guess")

    assert (sixth.code, sixth.data["seconds"]) == ("auth.sign_in_throttled", 60)


async def test_the_owner_signing_in_from_another_address_is_not_slowed_by_someone_guessing(
    uows: UnitsOfWork, ctx: AuthContext, wang: User
) -> None:
    for _ in range(6):
        await refused(uows, ctx, "guess", actor=GUESSER)

    session = await sign_in(uows, ctx, "Correct-Horse-9", actor=HOME)

    assert session.user.id == wang.id


async def test_after_the_wait_the_right_password_signs_in_and_clears_the_count(
    uow: FakeUnitOfWork, uows: UnitsOfWork, ctx: AuthContext, clock: FakeClock, wang: User
) -> None:
    for _ in range(5):
        await refused(uows, ctx, "guess")
    clock.advance(timedelta(seconds=30))

    await sign_in(uows, ctx, "Correct-Horse-9", actor=GUESSER)

    assert (await refused(uows, ctx, "typo")).code == "auth.invalid_credentials"


async def test_signing_in_from_a_new_address_tells_the_owner_but_the_first_sign_in_does_not(
    uow: FakeUnitOfWork, uows: UnitsOfWork, ctx: AuthContext, wang: User
) -> None:
    await sign_in(uows, ctx, "Correct-Horse-9", actor=HOME)
    await sign_in(uows, ctx, "Correct-Horse-9", actor=HOME)
    assert not [m for m in uow.tables.outbox if m.event == "security.new_ip_login"]

    await sign_in(uows, ctx, "Correct-Horse-9", actor=Actor(user_id=None, name=None, ip="192.0.2.1"))

    alerts = [m for m in uow.tables.outbox if m.event == "security.new_ip_login"]
    assert {m.channel for m in alerts} == {"in_app", "email", "sms"}
    assert all("192.0.2.1" in m.body for m in alerts)


async def test_a_disabled_account_cannot_sign_in_even_with_the_right_password(
    uow: FakeUnitOfWork, uows: UnitsOfWork, ctx: AuthContext, wang: User
) -> None:
    wang.status = UserStatus.DISABLED

    refusal = await refused(uows, ctx, "Correct-Horse-9")

    assert (type(refusal), refusal.code) == (PermissionDenied, "auth.account_disabled")
    assert uow.tables.refresh_tokens == []


async def test_a_refresh_token_trades_for_a_new_pair_once(
    uow: FakeUnitOfWork, uows: UnitsOfWork, ctx: AuthContext, wang: User
) -> None:
    first = await sign_in(uows, ctx, "Correct-Horse-9")

    second = await identity.refresh(uows, ctx, HOME, refresh_token=first.refresh_token)

    assert second.refresh_token != first.refresh_token
    assert second.user.id == wang.id
    families = {t.family_id for t in uow.tables.refresh_tokens}
    assert len(uow.tables.refresh_tokens) == 2 and len(families) == 1


async def test_a_reused_refresh_token_ends_its_whole_family_although_the_request_fails(
    uow: FakeUnitOfWork, uows: UnitsOfWork, ctx: AuthContext, clock: FakeClock, wang: User
) -> None:
    stolen = await sign_in(uows, ctx, "Correct-Horse-9")
    other_device = await sign_in(uows, ctx, "Correct-Horse-9")
    rotated = await identity.refresh(uows, ctx, HOME, refresh_token=stolen.refresh_token)

    with pytest.raises(AuthenticationFailed) as reuse:
        await identity.refresh(uows, ctx, GUESSER, refresh_token=stolen.refresh_token)

    assert reuse.value.code == "auth.refresh_token_reused"
    with pytest.raises(AuthenticationFailed) as ended:
        await identity.refresh(uows, ctx, HOME, refresh_token=rotated.refresh_token)
    assert ended.value.code == "auth.invalid_refresh_token"
    # another sign-in's family is not touched
    assert (await identity.refresh(uows, ctx, HOME, refresh_token=other_device.refresh_token)).user.id == wang.id


async def test_an_expired_or_unknown_refresh_token_asks_to_sign_in_again(
    uows: UnitsOfWork, ctx: AuthContext, clock: FakeClock, wang: User
) -> None:
    session = await sign_in(uows, ctx, "Correct-Horse-9")
    clock.advance(timedelta(days=30))

    for token in (session.refresh_token, "made-up"):
        with pytest.raises(AuthenticationFailed) as refusal:
            await identity.refresh(uows, ctx, HOME, refresh_token=token)
        assert refusal.value.code == "auth.invalid_refresh_token"


async def test_a_disabled_account_cannot_renew_its_session(
    uow: FakeUnitOfWork, uows: UnitsOfWork, ctx: AuthContext, wang: User
) -> None:
    session = await sign_in(uows, ctx, "Correct-Horse-9")
    uow.tables.users[wang.id].status = UserStatus.DISABLED

    with pytest.raises(AuthenticationFailed) as refusal:
        await identity.refresh(uows, ctx, HOME, refresh_token=session.refresh_token)

    assert refusal.value.code == "auth.account_disabled"


async def test_signing_out_ends_the_refresh_token_and_every_access_token_and_can_be_repeated(
    uow: FakeUnitOfWork, uows: UnitsOfWork, ctx: AuthContext, wang: User
) -> None:
    session = await sign_in(uows, ctx, "Correct-Horse-9")

    await identity.logout(uows(), ctx, refresh_token=session.refresh_token)
    await identity.logout(uows(), ctx, refresh_token=session.refresh_token)

    assert uow.tables.users[wang.id].token_version > 0  # access tokens carry version 0
    with pytest.raises(AuthenticationFailed):
        await identity.refresh(uows, ctx, HOME, refresh_token=session.refresh_token)


async def test_changing_the_password_needs_the_current_one_and_ends_every_session(
    uow: FakeUnitOfWork, uows: UnitsOfWork, ctx: AuthContext, wang: User
) -> None:
    session = await sign_in(uows, ctx, "Correct-Horse-9")
    with pytest.raises(PermissionDenied) as wrong:
        await identity.change_password(
            uows, ctx, user_id=wang.id, current_password="nope", new_password="Battery-Staple-7"
        )
    assert (wrong.value.code, wrong.value.data["field"]) == ("auth.wrong_password", "current_password")

    await identity.change_password(
        uows, ctx, user_id=wang.id, current_password="Correct-Horse-9", new_password="Battery-Staple-7"
    )

    assert all(t.revoked_at is not None for t in uow.tables.refresh_tokens)
    assert uow.tables.users[wang.id].token_version > 0
    assert [m.channel for m in uow.tables.outbox if m.event == "security.password_changed"] == ["in_app", "email"]
    assert (await refused(uows, ctx, "Correct-Horse-9")).code == "auth.invalid_credentials"
    assert (await sign_in(uows, ctx, "Battery-Staple-7")).user.id == wang.id
    with pytest.raises(AuthenticationFailed):
        await identity.refresh(uows, ctx, HOME, refresh_token=session.refresh_token)
