"""Job functions, shared by the ARQ worker and the in-process runner. Thin: open a unit of work, call a service."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from domain.notifications import service as notifications

if TYPE_CHECKING:
    from infra.container import Container


async def send_notifications(ctx: dict[str, Any]) -> int:
    """Deliver due outbox rows (after a commit, and every minute as a sweep)."""
    c: Container = ctx["container"]
    return await notifications.deliver_pending(c.uow, c.clock, email=c.email, sms=c.sms)


FUNCTIONS = {"send_notifications": send_notifications}
CRON_EVERY_MINUTE = ["send_notifications"]
