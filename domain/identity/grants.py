"""Nobody grants a permission they do not hold, nobody changes their own roles, and nobody manages an account
that holds a permission they do not hold (DESIGN.md §1).

Without these, `users:manage` alone could hand its holder the admin role, `roles:manage` alone could add `*` to a
role its holder already has, and a `users:manage`-only clerk could disable or demote the admin.
"""

from __future__ import annotations

from collections.abc import Iterable

from domain.errors import PermissionDenied
from domain.identity import permissions as perms
from domain.identity.actor import Actor
from domain.identity.entities import Role, User
from domain.identity.ports import IdentityUoW


async def held_by(uow: IdentityUoW, actor: Actor) -> set[str]:
    """The permissions the acting person holds now; the seed script acts as the system and holds all."""
    if actor.system:
        return {perms.ALL}
    holder = await uow.users.get(actor.user_id) if actor.user_id else None
    return holder.permissions if holder is not None and holder.is_active else set()


def ensure_can_grant(held: set[str], granted: Iterable[str]) -> None:
    """Refuse when any granted permission (wildcards included) is beyond what the granter holds."""
    beyond = sorted({p for p in granted if not perms.grants(held, p)})
    if beyond:
        raise PermissionDenied(
            f"You cannot grant permissions you do not hold: {', '.join(beyond)}.",
            code="auth.grant_not_held",
            permissions=beyond,
        )


async def ensure_can_manage(uow: IdentityUoW, actor: Actor, user: User) -> None:
    """Refuse to edit, demote, disable or re-enable an account holding a permission the actor does not hold:
    managing someone is power over what they can do, so it needs at least their power."""
    held = await held_by(uow, actor)
    beyond = sorted({p for p in user.permissions if not perms.grants(held, p)})
    if beyond:
        raise PermissionDenied(
            "This account holds permissions you do not hold.", code="user.outranks_you", permissions=beyond
        )


async def ensure_can_assign(uow: IdentityUoW, actor: Actor, user: User | None, roles: list[Role]) -> None:
    """Check a role assignment: not to oneself, and only roles whose permissions the actor holds.

    Roles the user keeps need no further check: `ensure_can_manage` has already made sure the actor holds them."""
    if user is not None and user.id == actor.user_id and {r.name for r in roles} != set(user.role_names):
        raise PermissionDenied("You cannot change your own roles.", code="user.own_roles", field="roles")
    kept = {r.id for r in user.roles} if user is not None else set()
    added = [p for role in roles if role.id not in kept for p in role.permissions]
    ensure_can_grant(await held_by(uow, actor), added)
