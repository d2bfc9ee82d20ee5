"""Changing the e-mail an account signs in with, without telling the person asking which addresses have accounts
(issue 7, item 12, for signed-in users). Actions: they work inside the unit of work they are given
(domain/identity/use_cases.py opens and commits).

Asking does not change the address. The new one is kept pending (a link row of purpose `email_change` for the
account, whose target is the new address) and the account's current address is told. A free address gets a link
that switches the account to it; a taken one gets a mail telling its owner that someone tried to use it for another
account, with no link (its row's token is never sent, so that change can only be cancelled or run out). The answer
and the work are the same either way: one lookup, one row, two queued mails.

Following the link checks the address again (the unique index backs that under races), switches it, marks it
verified, spends every link mailed to the old address, tells the old address and is audited.

Sessions are kept (the token version is not raised, unlike a password change): the change was asked for from a
signed-in session and proven from the new mailbox, so who may act did not change, and ending every session would
only sign the owner's other devices out, which is what someone who took over one session would want. The cached
profile is rewritten after the commit like after any change to the account.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode
from uuid import UUID

from domain.audit import service as audit
from domain.errors import NotFound, RuleViolation, TooManyRequests
from domain.identity import codes, logins
from domain.identity.actor import Actor
from domain.identity.entities import CodePurpose, OneTimeCode, User
from domain.identity.policy import AuthContext
from domain.identity.ports import IdentityUoW
from domain.identity.secrets import digest, new_token
from domain.notifications import service as notifications
from domain.notifications.entities import Channel

# links mailed to the old address that must stop working once the account has moved away from it
_OLD_ADDRESS_LINKS = (CodePurpose.EMAIL_VERIFY, CodePurpose.PASSWORD_RESET, CodePurpose.EMAIL_CHANGE)


@dataclass(frozen=True)
class PendingEmailChange:
    """A new address waiting for its link to be followed; looks the same whether or not the address is free."""

    email: str
    requested_at: datetime
    expires_at: datetime
    resend_after: datetime


async def request_change(uow: IdentityUoW, ctx: AuthContext, user_id: UUID, *, email: str) -> PendingEmailChange:
    """Keep `email` as the account's pending address and mail it (a link, or a warning when it is taken); tell
    the current address. Replaces an earlier pending change."""
    return await ask_for(uow, ctx, await _me(uow, user_id), email=email)


async def ask_for(uow: IdentityUoW, ctx: AuthContext, user: User, *, email: str) -> PendingEmailChange:
    """`request_change` for an account already loaded (and locked) by the caller."""
    email = logins.normalise(email)
    if email == user.email:
        raise RuleViolation("This is already your e-mail address.", code="email_change.same_address", field="email")
    now = ctx.clock.now()
    recent = await uow.credentials.codes_of_user(user.id, [CodePurpose.EMAIL_CHANGE], since=now - timedelta(hours=1))
    _refuse_too_many(ctx, recent)
    _spend(recent, now)
    return await _send(uow, ctx, user, email)


async def resend(uow: IdentityUoW, ctx: AuthContext, user_id: UUID) -> PendingEmailChange:
    """Mail the pending address again (a fresh link; the earlier one stops working)."""
    user = await _me(uow, user_id)
    now = ctx.clock.now()
    recent = await uow.credentials.codes_of_user(user.id, [CodePurpose.EMAIL_CHANGE], since=now - timedelta(hours=1))
    live = _live(recent, now)
    if live is None:
        raise _none_pending()
    _refuse_too_many(ctx, recent)
    _spend(recent, now)
    return await _send(uow, ctx, user, live.target)


async def pending(uow: IdentityUoW, ctx: AuthContext, user_id: UUID) -> PendingEmailChange:
    """The account's pending change of address; 404 when there is none."""
    now = ctx.clock.now()
    since = now - timedelta(hours=1)
    recent = await uow.credentials.codes_of_user(user_id, [CodePurpose.EMAIL_CHANGE], since=since, lock=False)
    live = _live(recent, now)
    if live is None:
        raise _none_pending()
    return _pending_of(ctx, live, recent)


async def cancel(uow: IdentityUoW, ctx: AuthContext, user_id: UUID) -> None:
    """Drop the pending change; its link stops working. Nothing to drop is not an error."""
    now = ctx.clock.now()
    _spend(await uow.credentials.codes_of_user(user_id, [CodePurpose.EMAIL_CHANGE], since=now), now)


async def confirm(uow: IdentityUoW, ctx: AuthContext, actor: Actor, *, token: str) -> User:
    """Switch the account to the address its link was mailed to, verified. Whoever follows the link reads that
    mailbox, so telling them (409) that the address was taken meanwhile tells nothing new."""
    stored = await codes.live_link(uow, ctx, CodePurpose.EMAIL_CHANGE, token)
    user = await uow.users.get_for_update(stored.user_id) if stored.user_id else None
    if user is None or not user.is_active:
        raise RuleViolation("This link is no longer valid.", code="auth.link_invalid", field="token")
    await logins.ensure_free(uow, email=stored.target)
    now = ctx.clock.now()
    old, new = user.email, stored.target
    user.email, user.email_verified_at, user.updated_at = new, now, now
    _spend(await uow.credentials.codes_of_user(user.id, _OLD_ADDRESS_LINKS, since=now), now)
    await audit.record(
        uow,
        dataclasses.replace(actor, user_id=user.id, name=old or user.phone or user.display_name),
        action="user.email_change",
        target_type="user",
        target_id=user.id,
        at=now,
        before={"email": old},
        after={"email": new},
    )
    await notifications.notify(uow, ctx.clock, user, "security.email_changed", channels=[Channel.IN_APP], email=new)
    if old:
        await notifications.send_to_address(
            uow,
            ctx.clock,
            channel=Channel.EMAIL,
            recipient=old,
            locale=user.locale,
            event="security.email_changed",
            name=user.display_name,
            email=new,
        )
    return user


async def _send(uow: IdentityUoW, ctx: AuthContext, user: User, email: str) -> PendingEmailChange:
    now, token, hours = ctx.clock.now(), new_token(), ctx.policy.email_verify_hours
    row = OneTimeCode(
        purpose=CodePurpose.EMAIL_CHANGE,
        target=email,
        code_hash=digest(token),
        user_id=user.id,
        expires_at=now + timedelta(hours=hours),
        created_at=now,
    )
    await uow.credentials.add(row)
    owner = await uow.users.by_email(email)
    if owner is None:
        link = f"{ctx.policy.public_base_url}/confirm-email-change?{urlencode({'token': token})}"
        await notifications.send_to_address(
            uow,
            ctx.clock,
            channel=Channel.EMAIL,
            recipient=email,
            locale=user.locale,
            event="auth.email_change_confirm",
            name=user.display_name,
            link=link,
            hours=hours,
        )
    else:  # the owner reads it in their language; the token above is never sent
        await notifications.notify(uow, ctx.clock, owner, "auth.email_change_taken", channels=[Channel.EMAIL])
    await notifications.notify(
        uow, ctx.clock, user, "security.email_change_requested", channels=[Channel.IN_APP, Channel.EMAIL], email=email
    )
    return _pending_of(ctx, row, [row])


def _pending_of(ctx: AuthContext, live: OneTimeCode, recent: list[OneTimeCode]) -> PendingEmailChange:
    assert live.created_at is not None
    latest = max(r.created_at for r in recent if r.created_at is not None)
    return PendingEmailChange(
        email=live.target,
        requested_at=live.created_at,
        expires_at=live.expires_at,
        resend_after=latest + timedelta(seconds=ctx.policy.otp_resend_seconds),
    )


def _live(rows: list[OneTimeCode], now: datetime) -> OneTimeCode | None:
    return next((r for r in rows if r.consumed_at is None and r.expires_at > now), None)


def _spend(rows: list[OneTimeCode], now: datetime) -> None:
    for row in rows:
        if row.consumed_at is None:
            row.consumed_at = now


def _refuse_too_many(ctx: AuthContext, recent: list[OneTimeCode]) -> None:
    """A signed-in user can make the shop mail any address: at most one mail a minute and a few an hour."""
    now, policy = ctx.clock.now(), ctx.policy
    sent = sorted((r.created_at for r in recent if r.created_at is not None), reverse=True)
    if sent and now - sent[0] < timedelta(seconds=policy.otp_resend_seconds):
        wait = policy.otp_resend_seconds - int((now - sent[0]).total_seconds())
        raise TooManyRequests(
            "A link was sent a moment ago; wait before asking again.", code="email_change.too_soon", retry_after=wait
        )
    if len(sent) >= policy.otp_max_per_hour:
        raise TooManyRequests(
            "Too many changes of e-mail; try again in an hour.", code="email_change.limit", retry_after=3600
        )


def _none_pending() -> NotFound:
    return NotFound("No change of e-mail is waiting.", code="email_change.none_pending")


async def _me(uow: IdentityUoW, user_id: UUID) -> User:
    user = await uow.users.get_for_update(user_id)
    if user is None:
        raise NotFound("No such user.", code="user.not_found")
    return user
