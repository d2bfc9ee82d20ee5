"""A user's own profile and address book. Actions: they work inside the unit of work they are given
(domain/identity/use_cases.py opens and commits)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.errors import NotFound, RuleViolation
from domain.identity import codes, email_change, logins
from domain.identity.entities import Address, CodePurpose, User
from domain.identity.policy import AuthContext
from domain.identity.ports import IdentityUoW
from domain.regions import actions as regions

MAX_ADDRESSES = 20
_REGION_NAMES = ("province", "city", "district")
AVATAR_MAX_BYTES = 2 * 1024 * 1024


async def get_profile(uow: IdentityUoW, user_id: UUID) -> User:
    """The caller's own account with its roles."""
    user = await uow.users.get(user_id)
    if user is None:
        raise NotFound("No such user.", code="user.not_found")
    return user


async def update_profile(
    uow: IdentityUoW,
    ctx: AuthContext,
    user_id: UUID,
    *,
    display_name: str | None = None,
    locale: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    sms_code: str | None = None,
) -> User:
    """Change the caller's name, language or contact. A new e-mail is only kept pending until the link mailed to
    it is followed (see email_change); a new phone must be proven by the code texted to it first (purpose
    `verify_phone`)."""
    user = await _me(uow, user_id)
    # the use case has checked (and counted) the code in a short transaction of its own before this one
    if phone is not None and phone != user.phone:
        await logins.ensure_free(uow, phone=phone)
        await codes.consume_sms_code(uow, ctx, CodePurpose.PHONE_VERIFY, phone, sms_code or "")
        user.phone, user.phone_verified_at = phone, ctx.clock.now()
    if display_name is not None:
        user.display_name = display_name
    if locale is not None:
        user.locale = locale
    if email is not None and logins.normalise(email) != user.email:
        # the address changes only once the link mailed to it is followed; the answer does not tell if it is taken
        await email_change.ask_for(uow, ctx, user, email=email)
    user.updated_at = ctx.clock.now()
    return user


async def change_avatar(uow: IdentityUoW, ctx: AuthContext, user_id: UUID, url: str) -> User:
    """Make a stored, checked image the caller's avatar."""
    user = await _me(uow, user_id)
    user.avatar_url = url
    user.updated_at = ctx.clock.now()
    return user


async def add_address(uow: IdentityUoW, /, ctx: AuthContext, user_id: UUID, **fields: Any) -> Address:
    """Add an address; the first one, or one marked default, becomes the default. The province, city and
    district names come from the region tree (names sent with it are ignored)."""
    fields.update(vars(await regions.address_region(uow, fields["region_code"])))
    existing = await uow.addresses.list_for(user_id)
    if len(existing) >= MAX_ADDRESSES:
        raise RuleViolation(f"An address book holds at most {MAX_ADDRESSES} addresses.", code="address.limit_reached")
    make_default = bool(fields.pop("is_default", False)) or not existing
    address = Address(user_id=user_id, created_at=ctx.clock.now(), **fields)
    await uow.addresses.add(address)
    if make_default:
        _make_default(address, existing)
    return address


async def update_address(
    uow: IdentityUoW, /, ctx: AuthContext, user_id: UUID, address_id: UUID, **changes: Any
) -> Address:
    """Edit one of the caller's addresses; a new region code brings its names from the region tree."""
    address = await _owned(uow, address_id, user_id)
    make_default = changes.pop("is_default", None)
    for name in _REGION_NAMES:
        changes.pop(name, None)  # only ever the tree's names for the address's code
    if changes.get("region_code") is not None:
        changes.update(vars(await regions.address_region(uow, changes["region_code"])))
    for name, value in changes.items():
        if value is not None:  # null means "leave as is"; every address field is required
            setattr(address, name, value)
    if make_default:
        _make_default(address, await uow.addresses.list_for(user_id))
    address.updated_at = ctx.clock.now()
    return address


async def set_default_address(uow: IdentityUoW, ctx: AuthContext, user_id: UUID, address_id: UUID) -> Address:
    """Make one address the default for checkout."""
    return await update_address(uow, ctx, user_id, address_id, is_default=True)


async def delete_address(uow: IdentityUoW, user_id: UUID, address_id: UUID) -> None:
    """Remove an address; when it was the default, the oldest remaining one takes over."""
    address = await _owned(uow, address_id, user_id)
    await uow.addresses.delete(address)
    await uow.flush()
    if address.is_default and (rest := await uow.addresses.list_for(user_id)):
        rest[0].is_default = True


def _make_default(address: Address, book: list[Address]) -> None:
    for other in book:
        other.is_default = other is address
    address.is_default = True


async def _me(uow: IdentityUoW, user_id: UUID) -> User:
    user = await uow.users.get_for_update(user_id)
    if user is None:
        raise NotFound("No such user.", code="user.not_found")
    return user


async def _owned(uow: IdentityUoW, address_id: UUID, user_id: UUID) -> Address:
    # another user's address is answered exactly like a missing one
    address = await uow.addresses.get_owned(address_id, user_id)
    if address is None:
        raise NotFound("No such address.", code="address.not_found")
    return address


async def list_addresses(uow: IdentityUoW, user_id: UUID) -> list[Address]:
    """The caller's address book, default first."""
    return await uow.addresses.list_for(user_id)


async def get_address(uow: IdentityUoW, user_id: UUID, address_id: UUID) -> Address:
    """One of the caller's addresses; another user's is answered as missing."""
    return await _owned(uow, address_id, user_id)
