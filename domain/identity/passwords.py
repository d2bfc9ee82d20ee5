"""Setting a password: the one place that also ends every session and tells the owner."""

from __future__ import annotations

from domain.identity.entities import User
from domain.identity.policy import AuthContext
from domain.identity.ports import IdentityUoW
from domain.notifications import service as notifications
from domain.notifications.entities import Channel


async def set_password(uow: IdentityUoW, ctx: AuthContext, user: User, password_hash: str) -> None:
    """Store a new hash (computed by the caller before its transaction), end every session, tell the owner."""
    now = ctx.clock.now()
    user.password_hash = password_hash
    user.updated_at = now
    user.end_sessions()
    await uow.credentials.revoke_all_for_user(user.id, now)
    await notifications.notify(
        uow,
        ctx.clock,
        user,
        "security.password_changed",
        channels=[Channel.IN_APP, Channel.EMAIL],
        time=now.isoformat(timespec="minutes"),
    )
