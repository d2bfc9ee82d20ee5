"""Domain events: facts an action records on its unit of work; dispatched to handlers and jobs after commit.

Events are frozen dataclasses compared by value, so the same fact recorded twice in one transaction (thirty
notifications written by one alert) reaches its handlers once.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Event:
    """Base of every domain event."""
