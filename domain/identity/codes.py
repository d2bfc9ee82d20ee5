"""One-time codes and links: SMS codes (sign-in, phone proof), e-mail verification and password reset. Actions:
they work inside the unit of work they are given (domain/identity/use_cases.py opens and commits)."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode
from uuid import UUID

from domain.errors import NotFound, RuleViolation, TooManyRequests
from domain.identity import logins, passwords
from domain.identity.entities import CodePurpose, OneTimeCode, User
from domain.identity.policy import AuthContext
from domain.identity.ports import IdentityUoW
from domain.identity.secrets import digest, new_sms_code, new_token, same
from domain.notifications import service as notifications
from domain.notifications.entities import Channel

UNKNOWN_ACCOUNT = "-"  # the target of the spent row an unknown login's reset request leaves


async def send_sms_code(uow: IdentityUoW, ctx: AuthContext, *, phone: str, purpose: CodePurpose, locale: str) -> int:
    """Text a fresh code; at most one per resend interval and a few per hour. Returns seconds until resend.
    The text is in the language of the account the number belongs to, else `locale` (the asking page's)."""
    policy = ctx.policy
    now = ctx.clock.now()
    latest = await uow.credentials.latest_code(purpose, phone)
    if latest and latest.created_at and now - latest.created_at < timedelta(seconds=policy.otp_resend_seconds):
        wait = policy.otp_resend_seconds - int((now - latest.created_at).total_seconds())
        raise TooManyRequests(
            "A code was sent a moment ago; wait before asking again.", code="auth.code_too_soon", retry_after=wait
        )
    if await uow.credentials.count_codes_since(purpose, phone, now - timedelta(hours=1)) >= policy.otp_max_per_hour:
        raise TooManyRequests(
            "Too many codes for this number; try again in an hour.", code="auth.code_limit", retry_after=3600
        )
    code = new_sms_code()
    await uow.credentials.add(
        OneTimeCode(
            purpose=purpose,
            target=phone,
            code_hash=digest(code, salt=phone),
            expires_at=now + timedelta(minutes=policy.otp_ttl_minutes),
            created_at=now,
        )
    )
    owner = await uow.users.by_phone(phone)
    await notifications.send_to_address(
        uow,
        ctx.clock,
        channel=Channel.SMS,
        recipient=phone,
        locale=owner.locale if owner is not None else locale,
        event="auth.sms_code",
        code=code,
        minutes=policy.otp_ttl_minutes,
    )
    return policy.otp_resend_seconds


async def guess_sms_code(uow: IdentityUoW, ctx: AuthContext, purpose: CodePurpose, phone: str, code: str) -> bool:
    """Check a texted code without spending it; a wrong guess is counted, and five of them burn the code.

    The use case runs this in a short transaction of its own and commits before it answers 422, so a guess counts
    although the request fails; the code's row stays locked until then, so guesses sent at once count one by one."""
    stored = await _live_code(uow, ctx, purpose, phone)
    if same(stored.code_hash, digest(code.strip(), salt=phone)):
        return True
    stored.attempts += 1
    return False


async def guess_sign_up_code(uow: IdentityUoW, ctx: AuthContext, *, phone: str, code: str) -> bool:
    """The guess of a phone sign-up. Only a right code learns that the number is taken (409): the code proves the
    number is the caller's, so nobody else can probe which numbers have accounts (issue 7, item 12)."""
    right = await guess_sms_code(uow, ctx, CodePurpose.PHONE_VERIFY, phone, code)
    if right:
        await logins.ensure_free(uow, phone=phone)
    return right


async def guess_new_phone_code(uow: IdentityUoW, ctx: AuthContext, user_id: UUID, *, phone: str, code: str) -> bool:
    """The guess of a profile's new phone (True when the phone is not new); a taken number is refused (409) only
    after a right code."""
    user = await uow.users.get(user_id)
    if user is None:
        raise NotFound("No such user.", code="user.not_found")
    if phone == user.phone:
        return True
    right = await guess_sms_code(uow, ctx, CodePurpose.PHONE_VERIFY, phone, code)
    if right:  # as at sign-up: only the number's holder learns that it is taken
        await logins.ensure_free(uow, phone=phone)
    return right


async def consume_sms_code(uow: IdentityUoW, ctx: AuthContext, purpose: CodePurpose, phone: str, code: str) -> None:
    """Spend the latest live code, once; the use case has counted the guess already (`guess_sms_code`)."""
    stored = await _live_code(uow, ctx, purpose, phone)
    if not same(stored.code_hash, digest(code.strip(), salt=phone)):
        raise wrong_code()  # a newer code was sent since the guess was checked
    stored.consumed_at = ctx.clock.now()


def wrong_code() -> RuleViolation:
    return RuleViolation("The code is wrong.", code="auth.code_invalid", field="code")


async def _live_code(uow: IdentityUoW, ctx: AuthContext, purpose: CodePurpose, phone: str) -> OneTimeCode:
    stored = await uow.credentials.latest_code(purpose, phone)
    if (
        stored is None
        or stored.consumed_at is not None
        or stored.expires_at <= ctx.clock.now()
        or stored.attempts >= OneTimeCode.MAX_ATTEMPTS
    ):
        raise RuleViolation("The code has expired; ask for a new one.", code="auth.code_expired", field="code")
    return stored


async def send_email_verification(uow: IdentityUoW, ctx: AuthContext, user: User) -> None:
    """Queue a verification link for the user's e-mail (inside the caller's transaction)."""
    if not user.email:
        return
    token = new_token()
    now = ctx.clock.now()
    await uow.credentials.add(
        OneTimeCode(
            purpose=CodePurpose.EMAIL_VERIFY,
            target=user.email,
            code_hash=digest(token),
            user_id=user.id,
            expires_at=now + timedelta(hours=ctx.policy.email_verify_hours),
            created_at=now,
        )
    )
    link = f"{ctx.policy.public_base_url}/verify-email?{urlencode({'token': token})}"
    await notifications.notify(
        uow,
        ctx.clock,
        user,
        "auth.email_verify",
        channels=[Channel.EMAIL],
        link=link,
        hours=ctx.policy.email_verify_hours,
    )


async def verify_email(uow: IdentityUoW, ctx: AuthContext, *, token: str) -> None:
    """Mark the address proven when the link's token is live and still matches the account's e-mail."""
    stored = await live_link(uow, ctx, CodePurpose.EMAIL_VERIFY, token)
    user = await uow.users.get(stored.user_id) if stored.user_id else None
    if user is None or user.email != stored.target:
        raise RuleViolation("This link is no longer valid.", code="auth.link_invalid", field="token")
    stored.consumed_at = user.email_verified_at = ctx.clock.now()


async def request_password_reset(uow: IdentityUoW, ctx: AuthContext, *, login: str) -> None:
    """Send a reset link to the account's e-mail (or phone). Says nothing about whether the account exists.

    An unknown (or disabled) login gets the same work, a token, a row and a commit, so that the time taken does
    not tell either (issue 7, item 12); its row is born spent and expired, and matches no account."""
    user = await uow.users.by_login(logins.normalise(login))
    known = user is not None and user.is_active
    now = ctx.clock.now()
    token = new_token()
    await uow.credentials.add(
        OneTimeCode(
            purpose=CodePurpose.PASSWORD_RESET,
            target=str(user.id) if user is not None and known else UNKNOWN_ACCOUNT,
            code_hash=digest(token),
            user_id=user.id if user is not None and known else None,
            expires_at=now + timedelta(minutes=ctx.policy.reset_token_minutes) if known else now,
            consumed_at=None if known else now,
            created_at=now,
        )
    )
    link = f"{ctx.policy.public_base_url}/reset-password?{urlencode({'token': token})}"
    if user is not None and known:
        channel = Channel.EMAIL if user.email else Channel.SMS
        await notifications.notify(
            uow,
            ctx.clock,
            user,
            "auth.password_reset",
            channels=[channel],
            link=link,
            minutes=ctx.policy.reset_token_minutes,
        )


async def reset_password(uow: IdentityUoW, ctx: AuthContext, *, token: str, password_hash: str) -> None:
    """Set a new password (hashed by the caller, before the transaction) from a live reset link, once; every
    session of the account ends."""
    stored = await live_link(uow, ctx, CodePurpose.PASSWORD_RESET, token)
    user = await uow.users.get_for_update(stored.user_id) if stored.user_id else None
    if user is None:
        raise RuleViolation("This link is no longer valid.", code="auth.link_invalid", field="token")
    stored.consumed_at = ctx.clock.now()
    await passwords.set_password(uow, ctx, user, password_hash)


async def live_link(uow: IdentityUoW, ctx: AuthContext, purpose: CodePurpose, token: str) -> OneTimeCode:
    """The unspent row of a link's token (locked); 422 when it is unknown, spent or expired."""
    stored = await uow.credentials.code_by_hash(purpose, digest(token))
    if stored is None or stored.consumed_at is not None:
        raise RuleViolation("This link is not valid.", code="auth.link_invalid", field="token")
    if stored.expires_at <= ctx.clock.now():
        raise RuleViolation("This link has expired.", code="auth.link_expired", field="token")
    return stored
