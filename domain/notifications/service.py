"""Notify users through the outbox, and deliver outbox rows (the send_notifications job)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any
from uuid import UUID

from domain.errors import NotFound
from domain.identity.entities import User
from domain.notifications.entities import Channel, InAppNotification, OutboxMessage, OutboxStatus
from domain.notifications.templates import render
from domain.ports import Clock, EmailSender, SmsSender, UnitOfWork

log = logging.getLogger(__name__)

SEND_JOB = "send_notifications"


async def notify(
    uow: UnitOfWork,
    clock: Clock,
    user: User,
    event: str,
    *,
    channels: Iterable[Channel] | None = None,
    **context: Any,
) -> None:
    """Queue a message to a user on each channel it can reach; sent after the caller's commit."""
    wanted = set(channels) if channels is not None else {Channel.IN_APP, Channel.EMAIL, Channel.SMS}
    subject, body = render(event, user.locale, {"name": user.display_name or "", **context})
    targets = {
        Channel.IN_APP: str(user.id),
        Channel.EMAIL: user.email,
        Channel.SMS: user.phone,
    }
    for channel in (Channel.IN_APP, Channel.EMAIL, Channel.SMS):
        recipient = targets[channel]
        if channel in wanted and recipient:
            await uow.notifications.add(
                OutboxMessage(
                    event=event,
                    channel=channel,
                    recipient=recipient,
                    subject=subject,
                    body=body,
                    created_at=clock.now(),
                    user_id=user.id,
                    payload=dict(context),
                )
            )
    uow.after_commit(SEND_JOB)


async def send_to_address(
    uow: UnitOfWork,
    clock: Clock,
    *,
    channel: Channel,
    recipient: str,
    locale: str,
    event: str,
    **context: Any,
) -> None:
    """Queue a message to a phone or e-mail that may not belong to an account yet (codes, sign-up links)."""
    subject, body = render(event, locale, {"name": "", **context})
    await uow.notifications.add(
        OutboxMessage(
            event=event,
            channel=channel,
            recipient=recipient,
            subject=subject,
            body=body,
            created_at=clock.now(),
            payload={k: v for k, v in context.items() if k != "code"},
        )
    )
    uow.after_commit(SEND_JOB)


async def deliver_pending(
    uow_factory: Callable[[], UnitOfWork],
    clock: Clock,
    *,
    email: EmailSender,
    sms: SmsSender,
    batch: int = 100,
) -> int:
    """Send every due outbox row once. Claiming is a conditional update, so concurrent runs never double-send."""
    async with uow_factory() as uow:
        ids = [m.id for m in await uow.notifications.pending_outbox(batch, clock.now())]
    sent = 0
    for message_id in ids:
        sent += await _deliver_one(uow_factory, clock, message_id, email=email, sms=sms)
    return sent


async def _deliver_one(
    uow_factory: Callable[[], UnitOfWork],
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
                )
            )
            _mark_sent(message, clock)
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
            _mark_sent(fresh, clock)
        else:
            fresh.last_error = error
            retry = fresh.attempts < OutboxMessage.MAX_ATTEMPTS
            fresh.status = OutboxStatus.PENDING if retry else OutboxStatus.FAILED
            fresh.next_attempt_at = clock.now() + timedelta(seconds=30 * 2**fresh.attempts) if retry else None
        await uow.commit()
    return 1 if error is None else 0


def _mark_sent(message: OutboxMessage, clock: Clock) -> None:
    message.status = OutboxStatus.SENT
    message.sent_at = clock.now()
    message.last_error = None


async def inbox(
    uow: UnitOfWork, user_id: UUID, *, unread_only: bool, offset: int, limit: int
) -> tuple[list[InAppNotification], int]:
    """The caller's in-app messages, newest first."""
    async with uow:
        return await uow.notifications.inbox(user_id, unread_only=unread_only, offset=offset, limit=limit)


async def unread_count(uow: UnitOfWork, user_id: UUID) -> int:
    async with uow:
        return await uow.notifications.unread_count(user_id)


async def mark_read(uow: UnitOfWork, clock: Clock, user_id: UUID, item_id: UUID) -> InAppNotification:
    """Mark one of the caller's messages read (another user's is answered as missing)."""
    async with uow:
        item = await uow.notifications.inbox_item(item_id, user_id)
        if item is None:
            raise NotFound("No such notification.", code="notification.not_found")
        item.read_at = item.read_at or clock.now()
        await uow.commit()
        return item


async def mark_all_read(uow: UnitOfWork, clock: Clock, user_id: UUID) -> None:
    async with uow:
        await uow.notifications.mark_all_read(user_id, clock.now())
        await uow.commit()
