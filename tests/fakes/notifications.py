"""In-memory outbox and in-app inbox (infra/repositories/notifications.py)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from domain.notifications.entities import InAppNotification, OutboxMessage, OutboxStatus
from tests.fakes.tables import Tables, page


class FakeNotificationRepository:
    def __init__(self, tables: Tables) -> None:
        self._t = tables

    async def add(self, obj: object) -> None:
        if isinstance(obj, OutboxMessage):
            self._t.outbox.append(obj)
        elif isinstance(obj, InAppNotification):
            self._t.inbox.append(obj)
        else:
            raise TypeError(f"not a notification: {obj!r}")

    def _due(self, message: OutboxMessage, at: datetime) -> bool:
        waiting = message.next_attempt_at is not None and message.next_attempt_at > at
        return message.status == OutboxStatus.PENDING and not waiting

    async def pending_outbox(self, limit: int, at: datetime) -> list[OutboxMessage]:
        due = [m for m in self._t.outbox if self._due(m, at)]
        return sorted(due, key=lambda m: m.created_at)[:limit]

    async def claim_outbox(self, message_id: UUID, at: datetime) -> OutboxMessage | None:
        message = next((m for m in self._t.outbox if m.id == message_id), None)
        if message is None or not self._due(message, at):
            return None
        message.status = OutboxStatus.SENDING
        message.attempts += 1
        return message

    async def get_outbox(self, message_id: UUID) -> OutboxMessage | None:
        return next((m for m in self._t.outbox if m.id == message_id), None)

    async def inbox(
        self, user_id: UUID, *, unread_only: bool, offset: int, limit: int
    ) -> tuple[list[InAppNotification], int]:
        mine = [n for n in self._t.inbox if n.user_id == user_id and not (unread_only and n.read_at)]
        mine.sort(key=lambda n: str(n.id))
        mine.sort(key=lambda n: n.created_at, reverse=True)
        return page(mine, offset, limit)

    async def inbox_item(self, item_id: UUID, user_id: UUID) -> InAppNotification | None:
        return next((n for n in self._t.inbox if n.id == item_id and n.user_id == user_id), None)

    async def unread_count(self, user_id: UUID) -> int:
        return sum(1 for n in self._t.inbox if n.user_id == user_id and n.read_at is None)

    async def mark_all_read(self, user_id: UUID, at: datetime) -> None:
        for item in self._t.inbox:
            if item.user_id == user_id and item.read_at is None:
                item.read_at = at
