"""The back-office home, block by block, each only for a viewer allowed to see it.

Who sees what: the order to-dos and the latest orders need `orders:read`; the low-stock to-do `inventory:read`;
the figures (orders and sales today, this month, the 30-day chart) `reports:read`, because sales are the
shop's business figures (finance, analysts, the owner), not what an order clerk needs to work the queues.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Protocol

from domain.dashboard.calendar import SHOP_TIMEZONE, ShopCalendar, shop_calendar, shop_zone
from domain.dashboard.entities import (
    Dashboard,
    DayFigures,
    Figures,
    HourTally,
    PeriodFigures,
    Todo,
    Todos,
)
from domain.dashboard.ports import DashboardUoW
from domain.inventory.ports import StockQuery
from domain.ports import Clock

# "About to expire": unpaid orders that the expiry job closes within this many minutes (a third of the default
# 30-minute payment window), early enough for a clerk to call the customer.
EXPIRING_WITHIN_MINUTES = 10
LATEST_ORDERS = 10


class Viewer(Protocol):
    def can(self, permission: str) -> bool: ...


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


async def home(
    uow: DashboardUoW, clock: Clock, viewer: Viewer, *, currency: str, timezone: str = SHOP_TIMEZONE
) -> Dashboard:
    """The home page as `viewer` may see it at this moment."""
    now = clock.now()
    orders, stock, reports = (viewer.can(p) for p in ("orders:read", "inventory:read", "reports:read"))
    return Dashboard(
        at=now,
        timezone=timezone,
        currency=currency,
        unpaid_expiring_within_minutes=EXPIRING_WITHIN_MINUTES,
        todos=await _todos(uow, now, orders=orders, stock=stock) if orders or stock else None,
        figures=await _figures(uow, shop_calendar(now, shop_zone(timezone)), currency) if reports else None,
        latest_orders=await uow.dashboard.latest_orders(LATEST_ORDERS) if orders else None,
    )


async def _todos(uow: DashboardUoW, now: datetime, *, orders: bool, stock: bool) -> Todos:
    review = shipment = expiring = low = None
    if orders:
        # whole seconds: the list the card opens gets the same moment back from its URL
        before = now.replace(microsecond=0) + timedelta(minutes=EXPIRING_WITHIN_MINUTES)
        counts = await uow.dashboard.order_todos(expiring_before=before)
        review = Todo(counts.awaiting_review, (("needs_review", "true"),))
        shipment = Todo(counts.awaiting_shipment, (("status", "awaiting_shipment"),))
        expiring = Todo(counts.unpaid_expiring, (("status", "pending_payment"), ("expiring_before", _iso(before))))
    if stock:
        # the stock alerts page's own query (GET /stock?status=low), so the card and the page agree
        _, total = await uow.stock.rows(StockQuery(low_only=True), offset=0, limit=1)
        low = Todo(total, (("status", "low"),))
    return Todos(awaiting_review=review, awaiting_shipment=shipment, unpaid_expiring=expiring, low_stock=low)


async def _figures(uow: DashboardUoW, calendar: ShopCalendar, currency: str) -> Figures:
    since, until = calendar.since, calendar.day_end
    placed = await uow.dashboard.placed_by_hour(since=since, until=until)
    paid = await uow.dashboard.paid_by_hour(since=since, until=until, currency=currency)
    return figures_of(calendar, placed, paid)


def figures_of(calendar: ShopCalendar, placed: list[HourTally], paid: list[HourTally]) -> Figures:
    """Hourly tallies summed into the shop's days, then into today, this month and the chart."""
    days: defaultdict[date, list[int]] = defaultdict(lambda: [0, 0, 0])
    for tally in placed:
        days[calendar.day_of(tally.hour)][0] += tally.orders
    for tally in paid:
        day = days[calendar.day_of(tally.hour)]
        day[1] += tally.orders
        day[2] += tally.amount_minor
    first_of_month = calendar.today.replace(day=1)
    month = [sum(v[i] for d, v in days.items() if first_of_month <= d <= calendar.today) for i in range(3)]
    today = days.get(calendar.today, [0, 0, 0])
    return Figures(
        today=PeriodFigures(calendar.day_start, calendar.day_end, today[0], today[1], today[2]),
        month=PeriodFigures(calendar.month_start, calendar.day_end, month[0], month[1], month[2]),
        series=[DayFigures(d, *days.get(d, [0, 0, 0])) for d in calendar.series],
    )
