"""The home page's figures count by the shop's day (Asia/Shanghai), fill days without orders with zeros and
show each block only to those allowed to see it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from domain.dashboard import use_cases as dashboard
from domain.dashboard.calendar import shop_calendar, shop_zone
from domain.dashboard.entities import HourTally, LatestOrder, OrderTodoCounts
from domain.dashboard.home import figures_of
from domain.inventory.ports import StockQuery, StockRow
from tests.fakes import FakeClock

SHANGHAI = shop_zone()


def test_the_shops_day_begins_at_midnight_in_shanghai_which_is_4_pm_utc_the_day_before() -> None:
    calendar = shop_calendar(datetime(2026, 11, 29, 16, 0, tzinfo=UTC), SHANGHAI)

    assert calendar.today == date(2026, 11, 30)
    assert calendar.day_start == datetime(2026, 11, 29, 16, 0, tzinfo=UTC)
    assert calendar.day_end == datetime(2026, 11, 30, 16, 0, tzinfo=UTC)
    assert calendar.month_start == datetime(2026, 10, 31, 16, 0, tzinfo=UTC)
    # one second earlier it is still the 29th in Shanghai
    assert shop_calendar(datetime(2026, 11, 29, 15, 59, 59, tzinfo=UTC), SHANGHAI).today == date(2026, 11, 29)


def test_an_order_paid_just_before_and_one_just_after_shanghai_midnight_count_on_different_days() -> None:
    calendar = shop_calendar(datetime(2026, 11, 30, 3, 0, tzinfo=UTC), SHANGHAI)  # 11:00 on 30 Nov in Shanghai
    placed = [
        HourTally(datetime(2026, 11, 29, 15, tzinfo=UTC), 2, 0),
        HourTally(datetime(2026, 11, 29, 16, tzinfo=UTC), 3, 0),
    ]
    paid = [
        HourTally(datetime(2026, 11, 29, 15, tzinfo=UTC), 1, 1000),
        HourTally(datetime(2026, 11, 29, 16, tzinfo=UTC), 2, 2550),
    ]

    figures = figures_of(calendar, placed, paid)

    assert (figures.today.orders, figures.today.paid_orders, figures.today.sales_minor) == (3, 2, 2550)
    assert (figures.month.orders, figures.month.paid_orders, figures.month.sales_minor) == (5, 3, 3550)
    assert [(d.day, d.orders) for d in figures.series[-2:]] == [(date(2026, 11, 29), 2), (date(2026, 11, 30), 3)]


def test_the_chart_has_thirty_days_ending_today_with_quiet_days_as_zeros() -> None:
    calendar = shop_calendar(datetime(2026, 12, 31, 2, 0, tzinfo=UTC), SHANGHAI)
    placed = [HourTally(datetime(2026, 12, 10, 4, tzinfo=UTC), 4, 0)]

    series = figures_of(calendar, placed, []).series

    assert len(series) == 30 and series[0].day == date(2026, 12, 2) and series[-1].day == date(2026, 12, 31)
    assert [d.orders for d in series if d.orders] == [4]
    assert sum(d.sales_minor for d in series) == 0
    # on the 31st the month began before the chart: the query reaches back to the month's first day
    assert calendar.since == datetime(2026, 11, 30, 16, 0, tzinfo=UTC)


@dataclass
class Queries:
    asked: list[str] = field(default_factory=list)

    async def order_todos(self, *, expiring_before: datetime) -> OrderTodoCounts:
        self.asked.append(f"todos<{expiring_before.isoformat()}")
        return OrderTodoCounts(awaiting_review=2, awaiting_shipment=5, unpaid_expiring=1)

    async def placed_by_hour(self, *, since: datetime, until: datetime) -> list[HourTally]:
        self.asked.append("placed")
        return [HourTally(until - timedelta(hours=1), 7, 0)]

    async def paid_by_hour(self, *, since: datetime, until: datetime, currency: str) -> list[HourTally]:
        self.asked.append(f"paid:{currency}")
        return [HourTally(until - timedelta(hours=1), 3, 29900)]

    async def latest_orders(self, limit: int) -> list[LatestOrder]:
        self.asked.append(f"latest:{limit}")
        return []


@dataclass
class Stock:
    asked: list[StockQuery] = field(default_factory=list)

    async def rows(self, query: StockQuery, *, offset: int, limit: int) -> tuple[list[StockRow], int]:
        self.asked.append(query)
        return [], 4


class HomeUoW:
    def __init__(self) -> None:
        self.dashboard, self.stock = Queries(), Stock()

    async def __aenter__(self) -> HomeUoW:
        return self

    async def __aexit__(self, *exc: object) -> None: ...
    async def commit(self) -> None: ...
    async def rollback(self) -> None: ...
    async def flush(self) -> None: ...
    def savepoint(self): ...  # type: ignore[no-untyped-def]
    def record(self, event: object) -> None: ...


@dataclass
class Viewer:
    permissions: set[str]

    def can(self, permission: str) -> bool:
        return permission in self.permissions


NOW = datetime(2026, 11, 30, 3, 0, 0, 123456, tzinfo=UTC)


async def test_a_clerk_sees_the_order_to_dos_and_latest_orders_but_no_sales_or_stock() -> None:
    uow = HomeUoW()

    shown = await dashboard.show_home(uow, FakeClock(NOW), Viewer({"orders:read"}), currency="CNY")

    assert shown.todos is not None and shown.todos.low_stock is None and shown.figures is None
    assert shown.todos.unpaid_expiring is not None
    assert shown.todos.unpaid_expiring.filters == (
        ("status", "pending_payment"),
        ("expiring_before", "2026-11-30T03:10:00Z"),  # ten minutes on, in whole seconds
    )
    assert shown.latest_orders == [] and uow.stock.asked == []
    assert "placed" not in uow.dashboard.asked


async def test_a_warehouse_keeper_without_order_rights_sees_only_low_stock_from_the_alerts_query() -> None:
    uow = HomeUoW()

    shown = await dashboard.show_home(uow, FakeClock(NOW), Viewer({"inventory:read"}), currency="CNY")

    assert shown.todos is not None and shown.todos.low_stock is not None
    assert (shown.todos.low_stock.count, shown.todos.awaiting_review) == (4, None)
    assert uow.stock.asked == [StockQuery(low_only=True)]
    assert shown.latest_orders is None and shown.figures is None and uow.dashboard.asked == []


async def test_an_analyst_sees_the_figures_in_the_shops_currency_and_no_to_dos() -> None:
    uow = HomeUoW()

    shown = await dashboard.show_home(uow, FakeClock(NOW), Viewer({"reports:read"}), currency="CNY")

    assert shown.todos is None and shown.latest_orders is None and shown.figures is not None
    assert (shown.figures.today.orders, shown.figures.today.sales_minor) == (7, 29900)
    assert uow.dashboard.asked == ["placed", "paid:CNY"]
