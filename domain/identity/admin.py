"""Administration of users and roles by staff holding `users:manage` / `roles:manage`; every write is audited.
Actions: they work inside the unit of work they are given (domain/identity/use_cases.py opens and commits)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from domain.audit import service as audit
from domain.errors import Conflict, NotFound, RuleViolation
from domain.identity import grants, logins
from domain.identity import permissions as perms
from domain.identity.actor import Actor
from domain.identity.entities import Role, User, UserStatus
from domain.identity.policy import AuthContext
from domain.identity.ports import IdentityUoW
from domain.notifications import service as notifications
from domain.notifications.entities import Channel


def snapshot(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "phone": user.phone,
        "display_name": user.display_name,
        "locale": user.locale,
        "status": str(user.status),
        "roles": user.role_names,
    }


def role_snapshot(role: Role) -> dict[str, Any]:
    return {"name": role.name, "description": role.description, "permissions": sorted(role.permissions)}


async def create_staff(
    uow: IdentityUoW,
    ctx: AuthContext,
    actor: Actor,
    *,
    display_name: str,
    password_hash: str,
    roles: list[str],
    email: str | None = None,
    phone: str | None = None,
    locale: str | None = None,
    welcome_channels: Iterable[Channel] | None = None,
) -> User:
    """Create an account with the given roles and tell its owner how to sign in: staff are welcomed to the back
    office, a customer (an account opened for a phone or shop-counter buyer) to the shop. The password was
    hashed by the caller, before the transaction. `welcome_channels` narrows where the welcome goes (every
    channel the account can be reached on by default)."""
    email = email.strip().lower() if email else None
    await logins.ensure_free(uow, email=email, phone=phone)
    staff_roles = await _roles(uow, roles)
    await grants.ensure_can_assign(uow, actor, None, staff_roles)
    now = ctx.clock.now()
    user = User(
        email=email,
        phone=phone,
        password_hash=password_hash,
        display_name=display_name,
        locale=locale or ctx.policy.default_locale,
        roles=staff_roles,
        created_at=now,
        email_verified_at=now if email else None,  # an admin vouches for a staff address
        phone_verified_at=now if phone else None,
    )
    await uow.users.add(user)
    await uow.flush()
    await audit.record(
        uow, actor, action="user.create", target_type="user", target_id=user.id, at=now, after=snapshot(user)
    )
    welcome = "account.created_by_staff" if user.is_staff else "account.created_for_customer"
    await notifications.notify(uow, ctx.clock, user, welcome, channels=welcome_channels, login=email or phone or "")
    return user


async def update_user(
    uow: IdentityUoW,
    ctx: AuthContext,
    actor: Actor,
    user_id: UUID,
    *,
    display_name: str | None = None,
    roles: list[str] | None = None,
    locale: str | None = None,
) -> User:
    """Change a user's name, locale or roles."""
    user = await _user(uow, user_id)
    await grants.ensure_can_manage(uow, actor, user)
    before = snapshot(user)
    if display_name is not None:
        user.display_name = display_name
    if locale is not None:
        user.locale = locale
    if roles is not None:
        new_roles = await _roles(uow, roles)
        await grants.ensure_can_assign(uow, actor, user, new_roles)
        if {r.id for r in new_roles} != {r.id for r in user.roles}:
            user.end_sessions()  # access tokens carry the permissions: they must be renewed
        user.roles = new_roles
    user.updated_at = ctx.clock.now()
    await audit.record(
        uow,
        actor,
        action="user.update",
        target_type="user",
        target_id=user.id,
        at=user.updated_at,
        before=before,
        after=snapshot(user),
    )
    return user


async def set_user_status(uow: IdentityUoW, ctx: AuthContext, actor: Actor, user_id: UUID, status: UserStatus) -> User:
    """Disable (ending every session) or re-enable an account."""
    user = await _user(uow, user_id)
    if user.id == actor.user_id and status == UserStatus.DISABLED:
        raise RuleViolation("You cannot disable your own account.", code="user.self_disable")
    await grants.ensure_can_manage(uow, actor, user)
    before = snapshot(user)
    now = ctx.clock.now()
    user.status, user.updated_at = status, now
    if status == UserStatus.DISABLED:
        await uow.credentials.revoke_all_for_user(user.id, now)
        user.end_sessions()  # so re-enabling does not bring the old tokens back
    action = "user.disable" if status == UserStatus.DISABLED else "user.enable"
    await audit.record(
        uow,
        actor,
        action=action,
        target_type="user",
        target_id=user.id,
        at=now,
        before=before,
        after=snapshot(user),
    )
    return user


async def create_role(
    uow: IdentityUoW, ctx: AuthContext, actor: Actor, *, name: str, description: str, permissions: list[str]
) -> Role:
    """Add a custom role."""
    _check_permissions(permissions)
    grants.ensure_can_grant(await grants.held_by(uow, actor), permissions)
    if await uow.roles.by_name(name):
        raise Conflict("A role with this name exists.", code="role.name_taken", field="name")
    now = ctx.clock.now()
    role = Role(name=name, description=description, permissions=sorted(set(permissions)), created_at=now)
    await uow.roles.add(role)
    await audit.record(
        uow, actor, action="role.create", target_type="role", target_id=role.id, at=now, after=role_snapshot(role)
    )
    return role


async def update_role(
    uow: IdentityUoW,
    ctx: AuthContext,
    actor: Actor,
    role_id: UUID,
    *,
    description: str | None = None,
    permissions: list[str] | None = None,
) -> Role:
    """Edit a role's description or permission set (built-in roles included, except the admin's `*`)."""
    role = await _role(uow, role_id)
    before = role_snapshot(role)
    if description is not None:
        role.description = description
    if permissions is not None:
        _check_permissions(permissions)
        if role.name == "admin" and perms.ALL not in permissions:
            raise RuleViolation("The admin role keeps every permission.", code="role.admin_fixed")
        grants.ensure_can_grant(await grants.held_by(uow, actor), set(permissions) - set(role.permissions))
        if set(permissions) != set(role.permissions):
            await uow.users.end_sessions_of_role(role.id)  # their tokens carry the old permissions
        role.permissions = sorted(set(permissions))
    role.updated_at = ctx.clock.now()
    await audit.record(
        uow,
        actor,
        action="role.update",
        target_type="role",
        target_id=role.id,
        at=role.updated_at,
        before=before,
        after=role_snapshot(role),
    )
    return role


async def delete_role(uow: IdentityUoW, ctx: AuthContext, actor: Actor, role_id: UUID) -> None:
    """Delete a custom role nobody holds."""
    role = await _role(uow, role_id)
    if role.builtin:
        raise Conflict("Built-in roles cannot be deleted.", code="role.builtin")
    if holders := await uow.roles.count_users(role.id):
        raise Conflict(f"{holders} user(s) still hold this role.", code="role.in_use", users=holders)
    await audit.record(
        uow,
        actor,
        action="role.delete",
        target_type="role",
        target_id=role.id,
        at=ctx.clock.now(),
        before=role_snapshot(role),
    )
    await uow.roles.delete(role)


def _check_permissions(permissions: list[str]) -> None:
    if bad := perms.unknown(permissions):
        raise RuleViolation(
            f"Unknown permissions: {', '.join(bad)}.", code="role.unknown_permission", field="permissions", unknown=bad
        )


async def _roles(uow: IdentityUoW, names: list[str]) -> list[Role]:
    found = await uow.roles.by_names(sorted(set(names)))
    if missing := sorted(set(names) - {r.name for r in found}):
        raise RuleViolation(
            f"Unknown roles: {', '.join(missing)}.", code="role.unknown", field="roles", unknown=missing
        )
    return found


async def _user(uow: IdentityUoW, user_id: UUID) -> User:
    user = await uow.users.get_for_update(user_id)
    if user is None:
        raise NotFound("No such user.", code="user.not_found")
    return user


async def _role(uow: IdentityUoW, role_id: UUID) -> Role:
    role = await uow.roles.get(role_id)
    if role is None:
        raise NotFound("No such role.", code="role.not_found")
    return role


async def list_users(uow: IdentityUoW, /, **filters: Any) -> tuple[list[User], int]:
    """Users filtered by text, status, role or kind (staff, customer, dealer), paginated."""
    return await uow.users.list(**filters)


async def get_user(uow: IdentityUoW, user_id: UUID) -> User:
    user = await uow.users.get(user_id)
    if user is None:
        raise NotFound("No such user.", code="user.not_found")
    return user


async def list_roles(uow: IdentityUoW) -> list[tuple[Role, int]]:
    """Every role with how many users hold it."""
    return [(role, await uow.roles.count_users(role.id)) for role in await uow.roles.list()]


async def ensure_builtin_roles(uow: IdentityUoW, ctx: AuthContext) -> None:
    """Create the built-in roles that are missing; admins' edits to existing ones are kept."""
    for name, (description, permissions) in perms.BUILTIN_ROLES.items():
        if await uow.roles.by_name(name) is None:
            await uow.roles.add(
                Role(
                    name=name,
                    description=description,
                    permissions=list(permissions),
                    builtin=True,
                    created_at=ctx.clock.now(),
                )
            )
