"""Sign-up, sign-in (password, SMS code, third party), token rotation and sign-out."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID, uuid4

from domain.errors import AuthenticationFailed, PermissionDenied, TooManyRequests
from domain.identity import codes, logins, passwords
from domain.identity import permissions as perms
from domain.identity.actor import Actor
from domain.identity.entities import (
    CodePurpose,
    ExternalIdentity,
    LoginAttempt,
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


async def register(
    uow: IdentityUoW,
    ctx: AuthContext,
    actor: Actor,
    *,
    password: str,
    email: str | None = None,
    phone: str | None = None,
    sms_code: str | None = None,
    display_name: str = "",
    locale: str | None = None,
) -> Session:
    """Create a customer account; a phone must be proven by its SMS code, an e-mail is verified by link."""
    email = email.strip().lower() if email else None
    password_hash = await ctx.hasher.hash(password)  # CPU-heavy: before the transaction
    async with uow:
        await logins.ensure_free(uow, email=email, phone=phone)
        now = ctx.clock.now()
        if phone:
            await codes.consume_sms_code(uow, ctx, CodePurpose.PHONE_VERIFY, phone, sms_code or "")
        user = User(
            email=email,
            phone=phone,
            password_hash=password_hash,
            display_name=display_name or (email.split("@")[0] if email else f"用户{phone[-4:]}" if phone else ""),
            locale=locale or ctx.policy.default_locale,
            phone_verified_at=now if phone else None,
            roles=await uow.roles.by_names([CUSTOMER_ROLE]),
            created_at=now,
        )
        await uow.users.add(user)
        await uow.flush()  # rows that point at the user follow it
        if email:
            await codes.send_email_verification(uow, ctx, user)
        session = await _start_session(uow, ctx, user, actor, login=email or phone or "")
        await uow.commit()
        return session


async def login_with_password(
    uow: IdentityUoW, ctx: AuthContext, actor: Actor, *, login: str, password: str
) -> Session:
    """Check the password. Past a few failures from one address, that address waits longer before each new try;
    the owner elsewhere is not slowed (a lock would let anyone shut any account out).

    Argon2 takes ~0.1 s of CPU, so it runs between two short transactions, never inside one (on SQLite a
    transaction holds the write lock)."""
    login = logins.normalise(login)
    async with uow:
        user = await uow.users.by_login(login)
        if user is not None:
            await _refuse_if_locked(uow, ctx, user, actor)
    stored = user.password_hash if user is not None else None
    correct = await ctx.hasher.verify(password, stored or _DUMMY_HASH) and stored is not None
    async with uow:
        if user is None or not correct:
            await _record_attempt(uow, ctx, actor, login=login, user=user, success=False)
            if user is not None:
                await _warn_owner_when_throttling_starts(uow, ctx, user, actor)
            await uow.commit()
            if user is not None:
                await _refuse_if_locked(uow, ctx, user, actor)
            raise AuthenticationFailed("Wrong login or password.", code="auth.invalid_credentials")
        user = await uow.users.get(user.id)
        assert user is not None
        session = await _start_session(uow, ctx, user, actor, login=login)
        await uow.commit()
        return session


async def login_with_sms_code(uow: IdentityUoW, ctx: AuthContext, actor: Actor, *, phone: str, code: str) -> Session:
    """Sign in by a code sent to the phone; an unknown number gets a new customer account (验证码即注册)."""
    async with uow:
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
        session = await _start_session(uow, ctx, user, actor, login=phone)
        await uow.commit()
        return session


async def login_with_oauth(
    uow: IdentityUoW, ctx: AuthContext, actor: Actor, *, provider: str, code: str, redirect_uri: str
) -> Session:
    """Finish a provider's authorisation-code flow; the first visit creates a linked customer account."""
    adapter = ctx.oauth.get(provider)
    if adapter is None:
        raise AuthenticationFailed("Unknown sign-in provider.", code="auth.oauth_unknown_provider")
    profile = await adapter.exchange(code=code, redirect_uri=redirect_uri)  # network call: before the transaction
    async with uow:
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
        session = await _start_session(uow, ctx, user, actor, login=f"{provider}:{profile.subject}")
        await uow.commit()
        return session


async def refresh(uow: IdentityUoW, ctx: AuthContext, actor: Actor, *, refresh_token: str) -> Session:
    """Rotate a refresh token. Presenting one that was already rotated revokes its whole family."""
    async with uow:
        stored = await uow.credentials.refresh_token(digest(refresh_token))
        now = ctx.clock.now()
        if stored is None or stored.revoked_at is not None or stored.expires_at <= now:
            raise AuthenticationFailed("The session has ended; sign in again.", code="auth.invalid_refresh_token")
        if stored.used_at is not None:
            await uow.credentials.revoke_family(stored.family_id, now)
            await uow.commit()
            raise AuthenticationFailed(
                "This refresh token was already used; every session from it is ended.", code="auth.refresh_token_reused"
            )
        user = await uow.users.get(stored.user_id)
        if user is None or not user.is_active:
            raise AuthenticationFailed("The account is disabled.", code="auth.account_disabled")
        stored.used_at = now
        session = await _issue(uow, ctx, user, actor, family_id=stored.family_id)
        await uow.commit()
        return session


async def logout(
    uow: IdentityUoW, ctx: AuthContext, *, refresh_token: str, everywhere: bool = False, user_id: UUID | None = None
) -> None:
    """End the session the refresh token belongs to (or all of the user's sessions)."""
    async with uow:
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
        await uow.commit()


async def change_password(
    uow: IdentityUoW, ctx: AuthContext, *, user_id: UUID, current_password: str, new_password: str
) -> None:
    """Change the password after checking the current one; every session ends."""
    async with uow:
        user = await uow.users.get(user_id)
    if user is None:
        raise AuthenticationFailed()
    if user.password_hash and not await ctx.hasher.verify(current_password, user.password_hash):
        raise PermissionDenied("The current password is wrong.", code="auth.wrong_password", field="current_password")
    new_hash = await ctx.hasher.hash(new_password)
    async with uow:
        user = await uow.users.get_for_update(user_id)
        if user is None:
            raise AuthenticationFailed()
        await passwords.set_password(uow, ctx, user, new_hash)
        await uow.commit()


async def _start_session(uow: IdentityUoW, ctx: AuthContext, user: User, actor: Actor, *, login: str) -> Session:
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
    now = ctx.clock.now()
    failures, latest = await uow.credentials.failures_from(
        user.id, actor.ip or "unknown", now - ctx.policy.throttle_window
    )
    wait = ctx.policy.throttle_wait(failures)
    remaining = wait - (now - latest).total_seconds() if latest is not None else 0
    if remaining > 0:
        seconds = math.ceil(remaining)
        raise TooManyRequests(
            f"Too many failed sign-ins from here; try again in {seconds} seconds.",
            code="auth.sign_in_throttled",
            retry_after=seconds,
            seconds=seconds,
        )


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
