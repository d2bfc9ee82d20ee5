"""Notification jobs: deliver the outbox after each commit that wrote to it, and sweep it every minute."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from domain.events import Event
from domain.notifications import use_cases as notifications
from domain.notifications.events import OutboxWritten
from infra.jobs.queue import EventHandler, Job, JobCall

if TYPE_CHECKING:
    from infra.container import Container


async def send_notifications(ctx: dict[str, Any]) -> int:
    """Deliver due outbox rows; concurrent runs claim rows one by one, so nothing is sent twice."""
    c: Container = ctx["container"]
    return await notifications.deliver_pending(c.uow, c.clock, email=c.email, sms=c.sms)


JOBS = [Job(send_notifications, every_minutes=1)]
ON_EVENT: dict[type[Event], EventHandler] = {OutboxWritten: lambda _: [JobCall(send_notifications)]}
