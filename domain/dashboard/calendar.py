"""The shop's days: the home page's figures count by the shop's calendar day, not by UTC.

There is no timezone setting yet, so the shop's day is Asia/Shanghai's (UTC+8 all year, no daylight saving):
an order paid at 2026-11-29 17:00 UTC counts on 30 November. When a setting arrives, pass its zone in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

SHOP_TIMEZONE = "Asia/Shanghai"
SERIES_DAYS = 30


def shop_zone(name: str = SHOP_TIMEZONE) -> tzinfo:
    """The zone by name; a slim image without tz data still gets Shanghai right (a fixed +08:00)."""
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError:
        if name == SHOP_TIMEZONE:
            return timezone(timedelta(hours=8), SHOP_TIMEZONE)
        raise


@dataclass(frozen=True)
class ShopCalendar:
    """Today, this month and the chart's days as the shop counts them at one moment; bounds are UTC, end
    exclusive."""

    zone: tzinfo
    today: date
    day_start: datetime
    day_end: datetime
    month_start: datetime
    series: tuple[date, ...]  # the last SERIES_DAYS days, today last

    @property
    def since(self) -> datetime:
        """The earliest moment any figure needs: the chart's first day or the month's first, whichever is
        earlier (on the 31st the month began before the chart)."""
        return min(self.month_start, self.start_of(self.series[0]))

    def start_of(self, day: date) -> datetime:
        return datetime.combine(day, time(), self.zone).astimezone(UTC)

    def day_of(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()


def shop_calendar(now: datetime, zone: tzinfo, *, days: int = SERIES_DAYS) -> ShopCalendar:
    today = now.astimezone(zone).date()
    start = datetime.combine(today, time(), zone)
    # the next local midnight, found by date (a day with a clock change is not 24 hours long)
    end = datetime.combine(today + timedelta(days=1), time(), zone)
    month = datetime.combine(today.replace(day=1), time(), zone)
    return ShopCalendar(
        zone=zone,
        today=today,
        day_start=start.astimezone(UTC),
        day_end=end.astimezone(UTC),
        month_start=month.astimezone(UTC),
        series=tuple(today - timedelta(days=n) for n in range(days - 1, -1, -1)),
    )
