"""Changing one's e-mail: the new address stays pending until the link mailed to it is followed, and nothing the
person asking sees tells whether another account uses the address (issue 7, item 12)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.errors import Conflict, NotFound, RuleViolation, TooManyRequests
from domain.identity import use_cases as identity
from domain.identity.actor import Actor
from domain.identity.entities import User
from domain.identity.policy import AuthContext
from tests.fakes import FakeClock, FakeUnitOfWork, given
from tests.fakes.auth import UnitsOfWork, link_token

ACTOR = Actor.anonymous(ip="10.0.0.9")


@pytest.fixture
def li(uow: FakeUnitOfWork, ctx: AuthContext) -> User:
    user = given.user(uow, "li", role="customer")
    user.email_verified_at = ctx.clock.now()
    return user


@pytest.fixture
def wang(uow: FakeUnitOfWork) -> User:
    return given.user(uow, "wang", role="customer")


def mails(uow: FakeUnitOfWork, event: str) -> list[str]:
    return [m.recipient for m in uow.tables.outbox if m.event == event and m.channel == "email"]


async def confirm(uow: FakeUnitOfWork, ctx: AuthContext, token: str) -> User:
    return await identity.confirm_email_change(uow.another(), ctx, ACTOR, token=token)


async def test_asking_keeps_the_new_address_pending_mails_it_a_link_and_tells_the_old_one(
    uow: FakeUnitOfWork, ctx: AuthContext, li: User
) -> None:
    change = await identity.request_email_change(uow.another(), ctx, li.id, email="Li.New@Example.com")

    assert change.email == "li.new@example.com"
    assert change.expires_at == ctx.clock.now() + timedelta(hours=24)
    assert (li.email, li.email_verified_at is not None) == ("li@example.com", True)
    assert mails(uow, "auth.email_change_confirm") == ["li.new@example.com"]
    assert mails(uow, "security.email_change_requested") == ["li@example.com"]
    assert (await identity.pending_email_change(uow.another(), ctx, li.id)).email == "li.new@example.com"


async def test_a_taken_address_gets_the_same_answer_and_its_owner_a_warning_without_a_link(
    uow: FakeUnitOfWork, ctx: AuthContext, li: User, wang: User
) -> None:
    free = await identity.request_email_change(uow.another(), ctx, wang.id, email="nobody@example.com")
    taken = await identity.request_email_change(uow.another(), ctx, li.id, email="wang@example.com")

    assert (taken.email, taken.expires_at - taken.requested_at) == (
        "wang@example.com",
        free.expires_at - free.requested_at,
    )
    assert mails(uow, "auth.email_change_taken") == ["wang@example.com"]
    assert "token=" not in next(m.body for m in uow.tables.outbox if m.event == "auth.email_change_taken")
    assert mails(uow, "auth.email_change_confirm") == ["nobody@example.com"]
    assert mails(uow, "security.email_change_requested") == ["wang@example.com", "li@example.com"]
    assert (li.email, wang.email) == ("li@example.com", "wang@example.com")
    assert (await identity.pending_email_change(uow.another(), ctx, li.id)).email == "wang@example.com"


async def test_following_the_link_switches_the_address_verified_audited_and_tells_the_old_one(
    uow: FakeUnitOfWork, uows: UnitsOfWork, ctx: AuthContext, clock: FakeClock, li: User
) -> None:
    # given a reset link mailed to the old address before the change
    await identity.request_password_reset(uow.another(), ctx, login="li@example.com")
    reset = link_token(uow.tables, "auth.password_reset")
    await identity.request_email_change(uow.another(), ctx, li.id, email="li.new@example.com")
    clock.advance(timedelta(hours=1))

    # when
    me = await confirm(uow, ctx, link_token(uow.tables, "auth.email_change_confirm"))

    # then
    assert (me.email, me.email_verified_at) == ("li.new@example.com", clock.now())
    assert me.token_version == 0  # sessions are kept: see domain/identity/email_change.py
    assert mails(uow, "security.email_changed") == ["li@example.com"]
    entry = uow.tables.audit[-1]
    assert (entry.action, entry.before, entry.after) == (
        "user.email_change",
        {"email": "li@example.com"},
        {"email": "li.new@example.com"},
    )
    assert (entry.actor_id, entry.ip) == (li.id, "10.0.0.9")
    with pytest.raises(RuleViolation) as spent:
        await identity.reset_password(uows, ctx, token=reset, new_password="Another#Pass1")
    assert spent.value.code == "auth.link_invalid"
    with pytest.raises(NotFound):
        await identity.pending_email_change(uow.another(), ctx, li.id)


async def test_a_used_or_expired_link_is_refused(
    uow: FakeUnitOfWork, ctx: AuthContext, clock: FakeClock, li: User, wang: User
) -> None:
    await identity.request_email_change(uow.another(), ctx, li.id, email="li.new@example.com")
    used = link_token(uow.tables, "auth.email_change_confirm")
    await confirm(uow, ctx, used)
    await identity.request_email_change(uow.another(), ctx, wang.id, email="wang.new@example.com")
    late = link_token(uow.tables, "auth.email_change_confirm")
    clock.advance(timedelta(hours=24))

    with pytest.raises(RuleViolation) as again:
        await confirm(uow, ctx, used)
    with pytest.raises(RuleViolation) as expired:
        await confirm(uow, ctx, late)

    assert (again.value.code, expired.value.code) == ("auth.link_invalid", "auth.link_expired")
    assert wang.email == "wang@example.com"


async def test_an_address_taken_after_the_link_was_sent_is_refused_to_the_one_following_it(
    uow: FakeUnitOfWork, ctx: AuthContext, li: User, wang: User
) -> None:
    await identity.request_email_change(uow.another(), ctx, li.id, email="shared@example.com")
    token = link_token(uow.tables, "auth.email_change_confirm")
    wang.email = "shared@example.com"

    with pytest.raises(Conflict) as taken:
        await confirm(uow, ctx, token)

    assert taken.value.code == "user.email_taken"
    assert li.email == "li@example.com"


async def test_resending_waits_a_minute_and_the_fresh_link_replaces_the_first(
    uow: FakeUnitOfWork, ctx: AuthContext, clock: FakeClock, li: User
) -> None:
    await identity.request_email_change(uow.another(), ctx, li.id, email="li.new@example.com")
    first = link_token(uow.tables, "auth.email_change_confirm")
    with pytest.raises(TooManyRequests) as soon:
        await identity.resend_email_change(uow.another(), ctx, li.id)
    assert soon.value.code == "email_change.too_soon"

    clock.advance(timedelta(minutes=1))
    change = await identity.resend_email_change(uow.another(), ctx, li.id)

    assert change.email == "li.new@example.com"
    assert mails(uow, "auth.email_change_confirm") == ["li.new@example.com"] * 2
    with pytest.raises(RuleViolation):
        await confirm(uow, ctx, first)
    assert (await confirm(uow, ctx, link_token(uow.tables, "auth.email_change_confirm"))).email == "li.new@example.com"


async def test_a_few_changes_an_hour_at_most_so_nobody_mails_strangers_in_bulk(
    uow: FakeUnitOfWork, ctx: AuthContext, clock: FakeClock, li: User
) -> None:
    for n in range(5):
        await identity.request_email_change(uow.another(), ctx, li.id, email=f"n{n}@example.com")
        clock.advance(timedelta(minutes=1))

    with pytest.raises(TooManyRequests) as limit:
        await identity.request_email_change(uow.another(), ctx, li.id, email="n5@example.com")

    assert limit.value.code == "email_change.limit"


async def test_cancelling_drops_the_change_and_its_link(uow: FakeUnitOfWork, ctx: AuthContext, li: User) -> None:
    await identity.request_email_change(uow.another(), ctx, li.id, email="li.new@example.com")
    token = link_token(uow.tables, "auth.email_change_confirm")

    await identity.cancel_email_change(uow.another(), ctx, li.id)

    with pytest.raises(NotFound) as none:
        await identity.pending_email_change(uow.another(), ctx, li.id)
    assert none.value.code == "email_change.none_pending"
    with pytest.raises(RuleViolation):
        await confirm(uow, ctx, token)
    with pytest.raises(NotFound):
        await identity.resend_email_change(uow.another(), ctx, li.id)


async def test_asking_for_the_address_one_already_has_is_refused(
    uow: FakeUnitOfWork, ctx: AuthContext, li: User
) -> None:
    with pytest.raises(RuleViolation) as same:
        await identity.request_email_change(uow.another(), ctx, li.id, email=" LI@example.com")

    assert same.value.code == "email_change.same_address"


async def test_a_profile_edit_with_an_e_mail_starts_the_same_change(
    uow: FakeUnitOfWork, uows: UnitsOfWork, ctx: AuthContext, li: User, wang: User
) -> None:
    me = await identity.update_profile(uows, ctx, li.id, email="wang@example.com", display_name="Li Lei")

    assert (me.email, me.display_name) == ("li@example.com", "Li Lei")
    assert mails(uow, "auth.email_change_taken") == ["wang@example.com"]
    assert (await identity.pending_email_change(uow.another(), ctx, li.id)).email == "wang@example.com"
