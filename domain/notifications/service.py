"""Notify users through the outbox, and deliver outbox rows (the send_notifications job)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any, Protocol
from uuid import UUID

from domain.errors import NotFound
from domain.notifications.entities import Channel, InAppNotification, OutboxMessage, OutboxStatus
from domain.notifications.events import OutboxWritten
from domain.notifications.ports import NotificationsUoW
from domain.notifications.templates import render
from domain.ports import Clock

log = logging.getLogger(__name__)


class Recipient(Protocol):
    """Whom a message goes to: a loaded User, or the few columns a caller read with its own statement."""

    @property
    def id(self) -> UUID: ...
    @property
    def locale(self) -> str: ...
    @property
    def display_name(self) -> str: ...
    @property
    def email(self) -> str | None: ...
    @property
    def phone(self) -> str | None: ...


async def notify(
    uow: NotificationsUoW,
    clock: Clock,
    user: Recipient,
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
    uow.record(OutboxWritten())


async def send_to_address(
    uow: NotificationsUoW,
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
    uow.record(OutboxWritten())


async def inbox(
    uow: NotificationsUoW, user_id: UUID, *, unread_only: bool, offset: int, limit: int
) -> tuple[list[InAppNotification], int]:
    """The caller's in-app messages, newest first."""
    return await uow.notifications.inbox(user_id, unread_only=unread_only, offset=offset, limit=limit)


async def unread_count(uow: NotificationsUoW, user_id: UUID) -> int:
    return await uow.notifications.unread_count(user_id)


async def mark_read(uow: NotificationsUoW, clock: Clock, user_id: UUID, item_id: UUID) -> InAppNotification:
    """Mark one of the caller's messages read (another user's is answered as missing)."""
    item = await uow.notifications.inbox_item(item_id, user_id)
    if item is None:
        raise NotFound("No such notification.", code="notification.not_found")
    item.read_at = item.read_at or clock.now()
    return item


async def mark_all_read(uow: NotificationsUoW, clock: Clock, user_id: UUID) -> None:
    await uow.notifications.mark_all_read(user_id, clock.now())


def mark_sent(message: OutboxMessage, clock: Clock) -> None:
    message.status = OutboxStatus.SENT
    message.sent_at = clock.now()
    message.last_error = None
