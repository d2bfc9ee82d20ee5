"""Notification events."""

from __future__ import annotations

from dataclasses import dataclass

from domain.events import Event


@dataclass(frozen=True)
class OutboxWritten(Event):
    """Messages wait in the outbox: deliver them once the transaction that wrote them has committed."""
