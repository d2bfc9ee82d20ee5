"""What routers, jobs and the seed script ask of identity. Each opens its unit of work, runs actions and commits
once; inside another feature's transaction, call the actions (`auth`, `admin`, `profile`, `codes`) instead.

Hand-written ones take a factory of units of work because their flow needs several short transactions: argon2
(~0.1 s of CPU), image storage and the sign-in providers' network calls run between transactions, never inside
one (on SQLite a transaction holds the write lock). A wrong password, a wrong SMS code or a reused refresh token
fails the request, yet its record must stay: it is committed first, in a unit of work of its own, then the error
is raised.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Any
from uuid import UUID

from domain.errors import AuthenticationFailed, PermissionDenied
from domain.identity import admin, auth, codes, email_change, logins, profile, sign_up
from domain.identity.actor import Actor
from domain.identity.entities import CodePurpose, User
from domain.identity.policy import AuthContext
from domain.identity.ports import IdentityUoW
from domain.notifications.entities import Channel
from domain.ports import MediaStorage
from domain.unit_of_work import use_case

UnitsOfWork = Callable[[], IdentityUoW]

list_users = use_case(admin.list_users)
get_user = use_case(admin.get_user)
update_user = use_case(admin.update_user)
set_user_status = use_case(admin.set_user_status)
list_roles = use_case(admin.list_roles)
create_role = use_case(admin.create_role)
update_role = use_case(admin.update_role)
delete_role = use_case(admin.delete_role)
ensure_builtin_roles = use_case(admin.ensure_builtin_roles)

get_profile = use_case(profile.get_profile)
list_addresses = use_case(profile.list_addresses)
get_address = use_case(profile.get_address)
add_address = use_case(profile.add_address)
update_address = use_case(profile.update_address)
set_default_address = use_case(profile.set_default_address)
delete_address = use_case(profile.delete_address)

request_email_change = use_case(email_change.request_change)
pending_email_change = use_case(email_change.pending)
resend_email_change = use_case(email_change.resend)
cancel_email_change = use_case(email_change.cancel)
confirm_email_change = use_case(email_change.confirm)

send_sms_code = use_case(codes.send_sms_code)
verify_email = use_case(codes.verify_email)
request_password_reset = use_case(codes.request_password_reset)
logout = use_case(auth.logout)


async def request_sign_up(uows: UnitsOfWork, ctx: AuthContext, *, email: str, locale: str) -> None:
    """Start an e-mail sign-up; the same answer and work whether or not the address is taken (see sign_up)."""
    await use_case(sign_up.request_email_sign_up)(uows(), ctx, email=email, locale=locale)


async def complete_sign_up(
    uows: UnitsOfWork,
    ctx: AuthContext,
    actor: Actor,
    *,
    token: str,
    password: str,
    display_name: str = "",
    locale: str | None = None,
) -> auth.Session:
    """Create the account of a sign-up link with the password chosen there, and sign in."""
    password_hash = await ctx.hasher.hash(password)
    return await use_case(sign_up.complete_email_sign_up)(
        uows(), ctx, actor, token=token, password_hash=password_hash, display_name=display_name, locale=locale
    )


async def register_by_phone(
    uows: UnitsOfWork,
    ctx: AuthContext,
    actor: Actor,
    *,
    password: str,
    phone: str,
    sms_code: str,
    display_name: str = "",
    locale: str | None = None,
) -> auth.Session:
    """Create a customer account for a phone proven by its SMS code, and sign in; a wrong code is counted."""
    password_hash = await ctx.hasher.hash(password)
    await _guessed(use_case(codes.guess_sign_up_code)(uows(), ctx, phone=phone, code=sms_code))
    return await use_case(sign_up.register_by_phone)(
        uows(),
        ctx,
        actor,
        password_hash=password_hash,
        phone=phone,
        sms_code=sms_code,
        display_name=display_name,
        locale=locale,
    )


async def login_with_password(
    uows: UnitsOfWork, ctx: AuthContext, actor: Actor, *, login: str, password: str
) -> auth.Session:
    """Check the password. Past a few failures from one address, that address waits longer before each new try;
    the owner elsewhere is not slowed (a lock would let anyone shut any account out). A failure is recorded and
    committed before the 401 (or the 429 it starts) is raised."""
    login = logins.normalise(login)
    user = await use_case(auth.password_holder)(uows(), ctx, actor, login=login)
    correct = await auth.password_matches(ctx, user, password)  # between the transactions
    if user is None or not correct:
        wait = await use_case(auth.record_failed_sign_in)(uows(), ctx, actor, login=login, user=user)
        if wait:
            raise auth.throttled(wait)
        raise AuthenticationFailed("Wrong login or password.", code="auth.invalid_credentials")
    return await use_case(auth.start_password_session)(uows(), ctx, actor, login=login, user_id=user.id)


async def login_with_sms_code(
    uows: UnitsOfWork, ctx: AuthContext, actor: Actor, *, phone: str, code: str
) -> auth.Session:
    """Sign in by a code texted to the phone (see auth.login_with_sms_code); a wrong code is counted."""
    await _guessed(use_case(codes.guess_sms_code)(uows(), ctx, CodePurpose.SMS_LOGIN, phone, code))
    return await use_case(auth.login_with_sms_code)(uows(), ctx, actor, phone=phone, code=code)


async def login_with_oauth(
    uows: UnitsOfWork, ctx: AuthContext, actor: Actor, *, provider: str, code: str, redirect_uri: str
) -> auth.Session:
    """Finish a provider's authorisation-code flow; the provider is asked before the transaction begins."""
    adapter = ctx.oauth.get(provider)
    if adapter is None:
        raise AuthenticationFailed("Unknown sign-in provider.", code="auth.oauth_unknown_provider")
    found = await adapter.exchange(code=code, redirect_uri=redirect_uri)
    return await use_case(auth.login_with_oauth_profile)(uows(), ctx, actor, provider=provider, profile=found)


async def refresh(uows: UnitsOfWork, ctx: AuthContext, actor: Actor, *, refresh_token: str) -> auth.Session:
    """Rotate a refresh token. One that was already rotated ends its whole family (committed), then 401."""
    try:
        return await use_case(auth.refresh)(uows(), ctx, actor, refresh_token=refresh_token)
    except auth.RefreshTokenReused as reused:
        await use_case(auth.end_token_family)(uows(), ctx, reused.family_id)
        raise


async def change_password(
    uows: UnitsOfWork, ctx: AuthContext, *, user_id: UUID, current_password: str, new_password: str
) -> None:
    """Change the password after checking the current one; every session ends."""
    stored = await use_case(auth.password_of)(uows(), user_id)
    if stored and not await ctx.hasher.verify(current_password, stored):
        raise PermissionDenied("The current password is wrong.", code="auth.wrong_password", field="current_password")
    password_hash = await ctx.hasher.hash(new_password)
    await use_case(auth.replace_password)(uows(), ctx, user_id=user_id, password_hash=password_hash)


async def reset_password(uows: UnitsOfWork, ctx: AuthContext, *, token: str, new_password: str) -> None:
    """Set a new password from a live reset link, once; every session of the account ends."""
    password_hash = await ctx.hasher.hash(new_password)
    await use_case(codes.reset_password)(uows(), ctx, token=token, password_hash=password_hash)


async def create_staff(
    uows: UnitsOfWork,
    ctx: AuthContext,
    actor: Actor,
    *,
    display_name: str,
    password: str,
    roles: list[str],
    email: str | None = None,
    phone: str | None = None,
    locale: str | None = None,
    welcome_channels: Iterable[Channel] | None = None,
) -> User:
    """Create a back-office account with the given roles (see admin.create_staff)."""
    password_hash = await ctx.hasher.hash(password)
    return await use_case(admin.create_staff)(
        uows(),
        ctx,
        actor,
        display_name=display_name,
        password_hash=password_hash,
        roles=roles,
        email=email,
        phone=phone,
        locale=locale,
        welcome_channels=welcome_channels,
    )


async def update_profile(
    uows: UnitsOfWork,
    ctx: AuthContext,
    user_id: UUID,
    *,
    phone: str | None = None,
    sms_code: str | None = None,
    **changes: Any,
) -> User:
    """Change the caller's own account (see profile.update_profile); a wrong SMS code for a new phone is counted
    and changes nothing."""
    if phone is not None:
        code = sms_code or ""
        await _guessed(use_case(codes.guess_new_phone_code)(uows(), ctx, user_id, phone=phone, code=code))
    return await use_case(profile.update_profile)(uows(), ctx, user_id, phone=phone, sms_code=sms_code, **changes)


async def change_avatar(uows: UnitsOfWork, ctx: AuthContext, storage: MediaStorage, user_id: UUID, data: bytes) -> User:
    """Store a checked image as the caller's avatar (refused when it is not an image or too large); the image is
    decoded and stored before the transaction."""
    url = await storage.save_image("avatars", data, max_bytes=profile.AVATAR_MAX_BYTES, thumbnail=128)
    return await use_case(profile.change_avatar)(uows(), ctx, user_id, url)


async def _guessed(guess: Awaitable[bool]) -> None:
    """Await a code's check, run and committed in its own short transaction (so a wrong guess counts although the
    request fails, and guesses sent at once count one by one under the code's row lock); 422 when it was wrong."""
    if not await guess:
        raise codes.wrong_code()
