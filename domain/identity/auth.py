"""Sign-up, sign-in (password, SMS code, third party), token rotation and sign-out: actions working inside the
unit of work they are given (domain/identity/use_cases.py opens and commits; password checks and network calls
happen there, between transactions)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID, uuid4

from domain.errors import AuthenticationFailed, PermissionDenied, TooManyRequests
from domain.identity import codes, passwords
from domain.identity import permissions as perms
from domain.identity.actor import Actor
from domain.identity.entities import (
    CodePurpose,
    ExternalIdentity,
    LoginAttempt,
    OAuthProfile,
    RefreshToken,
    User,
)
from domain.identity.policy import AuthContext
from domain.identity.ports import IdentityUoW
from domain.identity.secrets import digest, new_token
from domain.notifications import service as notifications
from domain.notifications.entities import Channel

CUSTOMER_ROLE = "customer"


@dataclass(frozen=True)
class Session:
    """What a successful sign-in hands the client."""

    user: User
    access_token: str
    expires_in: int
    refresh_token: str


async def password_holder(uow: IdentityUoW, ctx: AuthContext, actor: Actor, *, login: str) -> User | None:
    """The account a password sign-in names (None when there is none); 429 while this address must still wait."""
    user = await uow.users.by_login(login)
    if user is not None:
        await _refuse_if_locked(uow, ctx, user, actor)
    return user


async def password_matches(ctx: AuthContext, user: User | None, password: str) -> bool:
    """Check the password outside any transaction. An unknown login is checked against a dummy hash, so the time
    taken does not tell whether the account exists."""
    stored = user.password_hash if user is not None else None
    return await ctx.hasher.verify(password, stored or _DUMMY_HASH) and stored is not None


async def record_failed_sign_in(
    uow: IdentityUoW, ctx: AuthContext, actor: Actor, *, login: str, user: User | None
) -> int:
    """Count a wrong password from this address; returns how many seconds it must now wait (0: none yet). The
    owner is told when the waits start."""
    await _record_attempt(uow, ctx, actor, login=login, user=user, success=False)
    if user is None:
        return 0
    await _warn_owner_when_throttling_starts(uow, ctx, user, actor)
    return await _seconds_to_wait(uow, ctx, user, actor)


async def start_password_session(
    uow: IdentityUoW, ctx: AuthContext, actor: Actor, *, login: str, user_id: UUID
) -> Session:
    """Sign in the account whose password was just checked."""
    user = await uow.users.get(user_id)
    if user is None:
        raise AuthenticationFailed("Wrong login or password.", code="auth.invalid_credentials")
    return await start_session(uow, ctx, user, actor, login=login)


async def login_with_sms_code(uow: IdentityUoW, ctx: AuthContext, actor: Actor, *, phone: str, code: str) -> Session:
    """Sign in by a code sent to the phone; an unknown number gets a new customer account (验证码即注册)."""
    await codes.consume_sms_code(uow, ctx, CodePurpose.SMS_LOGIN, phone, code)
    user = await uow.users.by_phone(phone)
    if user is None:
        now = ctx.clock.now()
        user = User(
            phone=phone,
            display_name=f"用户{phone[-4:]}",
            locale=ctx.policy.default_locale,
            phone_verified_at=now,
            roles=await uow.roles.by_names([CUSTOMER_ROLE]),
            created_at=now,
        )
        await uow.users.add(user)
        await uow.flush()
    else:
        await _refuse_if_locked(uow, ctx, user, actor)
        if perms.grants(user.permissions, "users:manage"):  # a stolen phone must not hand over the shop
            raise PermissionDenied(
                "This account signs in with its password.", code="auth.password_required", field="code"
            )
    return await start_session(uow, ctx, user, actor, login=phone)


async def login_with_oauth_profile(
    uow: IdentityUoW, ctx: AuthContext, actor: Actor, *, provider: str, profile: OAuthProfile
) -> Session:
    """Sign in the account linked to a provider's profile; the first visit creates a linked customer account."""
    link = await uow.credentials.external_identity(profile.provider, profile.subject)
    user = await uow.users.get(link.user_id) if link else None
    if user is None:
        now = ctx.clock.now()
        user = User(
            display_name=profile.display_name or provider,
            avatar_url=profile.avatar_url,
            locale=ctx.policy.default_locale,
            roles=await uow.roles.by_names([CUSTOMER_ROLE]),
            created_at=now,
        )
        await uow.users.add(user)
        await uow.flush()
        await uow.credentials.add(
            ExternalIdentity(user_id=user.id, provider=profile.provider, subject=profile.subject, created_at=now)
        )
    return await start_session(uow, ctx, user, actor, login=f"{provider}:{profile.subject}")


class RefreshTokenReused(AuthenticationFailed):
    """A rotated refresh token came back: someone holds a copy. Its family must end, in a transaction that
    commits although the request fails (see `end_token_family`)."""

    def __init__(self, family_id: UUID) -> None:
        super().__init__(
            "This refresh token was already used; every session from it is ended.", code="auth.refresh_token_reused"
        )
        self.family_id = family_id


async def refresh(uow: IdentityUoW, ctx: AuthContext, actor: Actor, *, refresh_token: str) -> Session:
    """Rotate a refresh token. Presenting one that was already rotated raises RefreshTokenReused."""
    stored = await uow.credentials.refresh_token(digest(refresh_token))
    now = ctx.clock.now()
    if stored is None or stored.revoked_at is not None or stored.expires_at <= now:
        raise AuthenticationFailed("The session has ended; sign in again.", code="auth.invalid_refresh_token")
    if stored.used_at is not None:
        raise RefreshTokenReused(stored.family_id)
    user = await uow.users.get(stored.user_id)
    if user is None or not user.is_active:
        raise AuthenticationFailed("The account is disabled.", code="auth.account_disabled")
    stored.used_at = now
    return await _issue(uow, ctx, user, actor, family_id=stored.family_id)


async def end_token_family(uow: IdentityUoW, ctx: AuthContext, family_id: UUID) -> None:
    """Revoke every refresh token descended from one sign-in."""
    await uow.credentials.revoke_family(family_id, ctx.clock.now())


async def logout(
    uow: IdentityUoW, ctx: AuthContext, *, refresh_token: str, everywhere: bool = False, user_id: UUID | None = None
) -> None:
    """End the session the refresh token belongs to (or all of the user's sessions)."""
    stored = await uow.credentials.refresh_token(digest(refresh_token))
    if stored is None or (user_id is not None and stored.user_id != user_id):
        return  # nothing to end; logging out is idempotent
    if everywhere:
        await uow.credentials.revoke_all_for_user(stored.user_id, ctx.clock.now())
    else:
        await uow.credentials.revoke_family(stored.family_id, ctx.clock.now())
    # the access tokens end too; the account's other devices renew theirs with their own refresh tokens
    if (user := await uow.users.get_for_update(stored.user_id)) is not None:
        user.end_sessions()


async def password_of(uow: IdentityUoW, user_id: UUID) -> str | None:
    """The stored hash of an account's password (None when it has none), to check outside the transaction."""
    user = await uow.users.get(user_id)
    if user is None:
        raise AuthenticationFailed()
    return user.password_hash


async def replace_password(uow: IdentityUoW, ctx: AuthContext, *, user_id: UUID, password_hash: str) -> None:
    """Store a new password hash (computed before the transaction); every session ends."""
    user = await uow.users.get_for_update(user_id)
    if user is None:
        raise AuthenticationFailed()
    await passwords.set_password(uow, ctx, user, password_hash)


async def start_session(uow: IdentityUoW, ctx: AuthContext, user: User, actor: Actor, *, login: str) -> Session:
    """Sign in an account (refused when disabled), telling its owner of a sign-in from a new address."""
    if not user.is_active:
        raise PermissionDenied("The account is disabled.", code="auth.account_disabled")
    if (
        actor.ip
        and await uow.credentials.has_any_login(user.id)
        and not await uow.credentials.has_logged_in_from(user.id, actor.ip)
    ):
        await notifications.notify(
            uow,
            ctx.clock,
            user,
            "security.new_ip_login",
            channels=[Channel.IN_APP, Channel.EMAIL, Channel.SMS],
            ip=actor.ip,
            time=ctx.clock.now().isoformat(timespec="minutes"),
        )
    await _record_attempt(uow, ctx, actor, login=login, user=user, success=True)
    user.last_login_at = ctx.clock.now()
    return await _issue(uow, ctx, user, actor, family_id=uuid4())


async def _issue(uow: IdentityUoW, ctx: AuthContext, user: User, actor: Actor, *, family_id: UUID) -> Session:
    await uow.flush()  # the user row must exist before the token that points at it
    token = new_token()
    now = ctx.clock.now()
    await uow.credentials.add(
        RefreshToken(
            user_id=user.id,
            family_id=family_id,
            token_hash=digest(token),
            expires_at=now + timedelta(days=ctx.policy.refresh_token_days),
            ip=actor.ip,
            user_agent=(actor.user_agent or "")[:255] or None,
            created_at=now,
        )
    )
    access, expires_in = ctx.tokens.issue_access(user)
    return Session(user=user, access_token=access, expires_in=expires_in, refresh_token=token)


async def _record_attempt(
    uow: IdentityUoW, ctx: AuthContext, actor: Actor, *, login: str, user: User | None, success: bool
) -> None:
    await uow.credentials.add(
        LoginAttempt(
            login=login[:254],
            ip=actor.ip or "unknown",
            success=success,
            at=ctx.clock.now(),
            user_id=user.id if user else None,
        )
    )


async def _refuse_if_locked(uow: IdentityUoW, ctx: AuthContext, user: User, actor: Actor) -> None:
    """429 while this address must still wait after its failed sign-ins to this account."""
    if seconds := await _seconds_to_wait(uow, ctx, user, actor):
        raise throttled(seconds)


def throttled(seconds: int) -> TooManyRequests:
    return TooManyRequests(
        f"Too many failed sign-ins from here; try again in {seconds} seconds.",
        code="auth.sign_in_throttled",
        retry_after=seconds,
        seconds=seconds,
    )


async def _seconds_to_wait(uow: IdentityUoW, ctx: AuthContext, user: User, actor: Actor) -> int:
    now = ctx.clock.now()
    failures, latest = await uow.credentials.failures_from(
        user.id, actor.ip or "unknown", now - ctx.policy.throttle_window
    )
    wait = ctx.policy.throttle_wait(failures)
    remaining = wait - (now - latest).total_seconds() if latest is not None else 0
    return math.ceil(remaining) if remaining > 0 else 0


async def _warn_owner_when_throttling_starts(uow: IdentityUoW, ctx: AuthContext, user: User, actor: Actor) -> None:
    """Tell the owner once per episode, at the failure that starts the waits: someone may be guessing."""
    now = ctx.clock.now()
    failures, _ = await uow.credentials.failures_from(user.id, actor.ip or "unknown", now - ctx.policy.throttle_window)
    if failures == ctx.policy.lockout_failures:
        await notifications.notify(
            uow,
            ctx.clock,
            user,
            "security.sign_in_throttled",
            channels=[Channel.IN_APP, Channel.EMAIL],
            ip=actor.ip or "?",
            failures=failures,
            time=now.isoformat(timespec="minutes"),
        )


# An argon2 hash of a random string, verified against when the login does not exist.
_DUMMY_HASH = "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$RdescudvJCsgt3ub+b+dWRWJTmaaJObG"
