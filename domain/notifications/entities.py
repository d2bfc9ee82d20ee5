"""Outbox rows (written with the change that causes them) and the in-app inbox."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4


class Channel(enum.StrEnum):
    EMAIL = "email"
    SMS = "sms"
    IN_APP = "in_app"


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


@dataclass(eq=False)
class OutboxMessage:
    event: str
    channel: Channel
    recipient: str
    subject: str
    body: str
    created_at: datetime
    user_id: UUID | None = None
    payload: dict[str, Any] = field(default_factory=dict)
    status: OutboxStatus = OutboxStatus.PENDING
    attempts: int = 0
    next_attempt_at: datetime | None = None
    sent_at: datetime | None = None
    last_error: str | None = None
    id: UUID = field(default_factory=uuid4)

    MAX_ATTEMPTS = 5


@dataclass(eq=False)
class InAppNotification:
    """`title` and `body` are as first written, in the owner's language then; `params` keeps what the event's
    template needs, so the message is shown in the reader's language of the day (None: written before that)."""

    user_id: UUID
    event: str
    title: str
    body: str
    created_at: datetime
    params: dict[str, Any] | None = None
    read_at: datetime | None = None
    id: UUID = field(default_factory=uuid4)


@dataclass(frozen=True)
class ShownNotification:
    """An in-app message as one reader sees it."""

    id: UUID
    event: str
    title: str
    body: str
    created_at: datetime
    read_at: datetime | None
    subject_id: str | None = None  # what the message is about, e.g. the order of an `order.*` message
