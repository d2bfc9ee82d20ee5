"""Sign-up that does not tell whether an address is taken (issue 7, item 12). Actions: they work inside the unit
of work they are given (domain/identity/use_cases.py opens and commits).

By e-mail, the request only names the address, and the answer is the same either way. A free address gets a link;
the person who opens it chooses the password there, and that creates the account, verified. A taken address gets
a mail telling its owner that someone tried to sign up, with a link to reset the password. Both branches do the
same work (one lookup, one live link row, one queued mail), so timing does not tell either. Choosing the password
only from the link also means nobody can prepare an account on someone else's address with a password they know.

By phone, the texted code proves the number before anything is said about it.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from domain.identity import auth, codes, logins
from domain.identity.actor import Actor
from domain.identity.entities import CodePurpose, OneTimeCode, User
from domain.identity.policy import AuthContext
from domain.identity.ports import IdentityUoW
from domain.identity.secrets import digest, new_token
from domain.notifications import service as notifications
from domain.notifications.entities import Channel


async def request_email_sign_up(uow: IdentityUoW, ctx: AuthContext, *, email: str, locale: str) -> None:
    """Mail a link that finishes the sign-up, or, when the address is taken, tell its owner (in their language)."""
    email = logins.normalise(email)
    owner = await uow.users.by_email(email)
    now, token = ctx.clock.now(), new_token()
    if owner is None:
        # what finding an owner costs (their roles are loaded with them), so the time does not tell either
        await uow.roles.by_names([auth.CUSTOMER_ROLE])
        hours = ctx.policy.email_verify_hours
        await uow.credentials.add(
            OneTimeCode(
                purpose=CodePurpose.SIGN_UP,
                target=email,
                code_hash=digest(token),
                expires_at=now + timedelta(hours=hours),
                created_at=now,
            )
        )
        link = f"{ctx.policy.public_base_url}/verify-email?{urlencode({'token': token, 'sign_up': '1'})}"
        await notifications.send_to_address(
            uow,
            ctx.clock,
            channel=Channel.EMAIL,
            recipient=email,
            locale=locale,
            event="auth.sign_up",
            link=link,
            hours=hours,
        )
        return
    minutes = ctx.policy.reset_token_minutes
    await uow.credentials.add(
        OneTimeCode(
            purpose=CodePurpose.PASSWORD_RESET,
            target=str(owner.id),
            code_hash=digest(token),
            user_id=owner.id,
            expires_at=now + timedelta(minutes=minutes),
            created_at=now,
        )
    )
    link = f"{ctx.policy.public_base_url}/reset-password?{urlencode({'token': token})}"
    await notifications.notify(
        uow, ctx.clock, owner, "auth.sign_up_taken", channels=[Channel.EMAIL], link=link, minutes=minutes
    )


async def complete_email_sign_up(
    uow: IdentityUoW,
    ctx: AuthContext,
    actor: Actor,
    *,
    token: str,
    password_hash: str,
    display_name: str = "",
    locale: str | None = None,
) -> auth.Session:
    """Create the account of a sign-up link, its address verified, and sign it in. The password was hashed by the
    caller, before the transaction. Whoever opens the link reads that address's mail, so telling them it was taken
    meanwhile (by another link to it) tells nothing new."""
    stored = await codes.live_link(uow, ctx, CodePurpose.SIGN_UP, token)
    email = stored.target
    await logins.ensure_free(uow, email=email)
    now = ctx.clock.now()
    stored.consumed_at = now
    user = User(
        email=email,
        password_hash=password_hash,
        display_name=display_name or email.split("@")[0],
        locale=locale or ctx.policy.default_locale,
        email_verified_at=now,
        roles=await uow.roles.by_names([auth.CUSTOMER_ROLE]),
        created_at=now,
    )
    await uow.users.add(user)
    await uow.flush()  # rows that point at the user follow it
    return await auth.start_session(uow, ctx, user, actor, login=email)


async def register_by_phone(
    uow: IdentityUoW,
    ctx: AuthContext,
    actor: Actor,
    *,
    password_hash: str,
    phone: str,
    sms_code: str,
    display_name: str = "",
    locale: str | None = None,
) -> auth.Session:
    """Create a customer account for a phone its texted code proves, and sign it in (the use case has counted the
    guess, and refused a taken number only after the code was right)."""
    await codes.consume_sms_code(uow, ctx, CodePurpose.PHONE_VERIFY, phone, sms_code)
    await logins.ensure_free(uow, phone=phone)
    now = ctx.clock.now()
    user = User(
        phone=phone,
        password_hash=password_hash,
        display_name=display_name or f"用户{phone[-4:]}",
        locale=locale or ctx.policy.default_locale,
        phone_verified_at=now,
        roles=await uow.roles.by_names([auth.CUSTOMER_ROLE]),
        created_at=now,
    )
    await uow.users.add(user)
    await uow.flush()  # rows that point at the user follow it
    return await auth.start_session(uow, ctx, user, actor, login=phone)
