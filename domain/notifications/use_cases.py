"""What the outside asks of notifications: each use case opens its unit of work and commits once."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from uuid import UUID

from domain.errors import NotFound
from domain.notifications import service
from domain.notifications.entities import Channel, InAppNotification, OutboxMessage, OutboxStatus
from domain.notifications.ports import NotificationsUoW
from domain.ports import Clock, EmailSender, SmsSender
from domain.unit_of_work import use_case

log = logging.getLogger(__name__)

inbox = use_case(service.inbox)
unread_count = use_case(service.unread_count)
mark_read = use_case(service.mark_read)
mark_all_read = use_case(service.mark_all_read)


async def deliver_pending(
    uow_factory: Callable[[], NotificationsUoW],
    clock: Clock,
    *,
    email: EmailSender,
    sms: SmsSender,
    batch: int = 100,
    max_batches: int = 20,
) -> int:
    """Send every due outbox row once, oldest first, batch after batch until none is due: a burst (a low-stock
    sweep tells every keeper of every level) is sent in one run, not 100 a minute behind the newest message. A
    run stops after `max_batches`, and the next goes on. A failed row waits out its back-off, so it is not taken
    again in the same run. Claiming is a conditional update, so concurrent runs never double-send."""
    sent = 0
    for _ in range(max_batches):
        async with uow_factory() as uow:
            ids = [m.id for m in await uow.notifications.pending_outbox(batch, clock.now())]
        for message_id in ids:
            sent += await _deliver_one(uow_factory, clock, message_id, email=email, sms=sms)
        if len(ids) < batch:
            break
    return sent


async def _deliver_one(
    uow_factory: Callable[[], NotificationsUoW],
    clock: Clock,
    message_id: UUID,
    *,
    email: EmailSender,
    sms: SmsSender,
) -> int:
    async with uow_factory() as uow:
        message = await uow.notifications.claim_outbox(message_id, clock.now())
        if message is None:
            return 0
        if message.channel == Channel.IN_APP and message.user_id is not None:
            await uow.notifications.add(
                InAppNotification(
                    user_id=message.user_id,
                    event=message.event,
                    title=message.subject,
                    body=message.body,
                    created_at=clock.now(),
                    params=dict(message.payload),
                )
            )
            service.mark_sent(message, clock)
            await uow.commit()
            return 1
        await uow.commit()  # the network call happens outside any transaction
    error: str | None = None
    try:
        if message.channel == Channel.EMAIL:
            await email.send(message.recipient, message.subject, message.body)
        else:
            await sms.send_text(message.recipient, message.body)
    except Exception as exc:  # a provider failure of any kind is retried with back-off
        log.warning("notification %s failed: %s", message_id, exc)
        error = str(exc)[:500] or exc.__class__.__name__
    async with uow_factory() as uow:
        fresh = await uow.notifications.get_outbox(message_id)
        if fresh is None:
            raise NotFound(code="notification.not_found")
        if error is None:
            service.mark_sent(fresh, clock)
        else:
            fresh.last_error = error
            retry = fresh.attempts < OutboxMessage.MAX_ATTEMPTS
            fresh.status = OutboxStatus.PENDING if retry else OutboxStatus.FAILED
            fresh.next_attempt_at = clock.now() + timedelta(seconds=30 * 2**fresh.attempts) if retry else None
        await uow.commit()
    return 1 if error is None else 0
