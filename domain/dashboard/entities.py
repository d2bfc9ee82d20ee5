"""What the back-office home shows. A block the viewer may not see is None (the API leaves it out)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID


@dataclass(frozen=True)
class HourTally:
    """Orders and their total in one UTC hour (hours, not days, come from the database so that any shop
    timezone with whole-hour offsets turns them into its own days without date arithmetic in SQL)."""

    hour: datetime
    orders: int
    amount_minor: int


@dataclass(frozen=True)
class OrderTodoCounts:
    awaiting_review: int  # paid, waiting in the review queue
    awaiting_shipment: int
    unpaid_expiring: int  # pending payment, expiring before the given moment


@dataclass(frozen=True)
class Todo:
    """A count and the order-list (or stock-list) filters that show exactly what was counted."""

    count: int
    filters: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Todos:
    awaiting_review: Todo | None
    awaiting_shipment: Todo | None
    unpaid_expiring: Todo | None
    low_stock: Todo | None


@dataclass(frozen=True)
class PeriodFigures:
    """Orders placed in [start, end), and orders paid in it (not closed since) with their total."""

    start: datetime
    end: datetime
    orders: int
    paid_orders: int
    sales_minor: int


@dataclass(frozen=True)
class DayFigures:
    day: date
    orders: int
    paid_orders: int
    sales_minor: int


@dataclass(frozen=True)
class Figures:
    today: PeriodFigures
    month: PeriodFigures
    series: list[DayFigures]  # SERIES_DAYS days, oldest first, days without orders as zeros


@dataclass(frozen=True)
class LatestOrder:
    id: UUID
    number: str
    status: str
    customer_name: str
    total_minor: int
    currency: str
    needs_review: bool
    created_at: datetime


@dataclass(frozen=True)
class Dashboard:
    at: datetime
    timezone: str
    currency: str
    unpaid_expiring_within_minutes: int
    todos: Todos | None
    figures: Figures | None
    latest_orders: list[LatestOrder] | None
