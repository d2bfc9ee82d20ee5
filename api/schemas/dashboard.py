"""The back-office home. A block the viewer may not see is absent from the answer (not null, not empty)."""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import urlencode
from uuid import UUID

from pydantic import BaseModel, Field

from api.schemas.common import MoneyOut
from domain.dashboard import entities as home
from domain.money import Money

# the SPA list each to-do opens; the same filters work on the API list behind it (GET /orders, GET /stock)
_PAGES = {
    "awaiting_review": ("/admin/orders", "/orders"),
    "awaiting_shipment": ("/admin/orders", "/orders"),
    "unpaid_expiring": ("/admin/orders", "/orders"),
    "low_stock": ("/admin/inventory/alerts", "/stock"),
}


class TodoOut(BaseModel):
    count: int
    link: str = Field(description="The back-office page listing exactly these, e.g. /admin/orders?needs_review=true")
    filters: dict[str, str] = Field(description="The query of the API list behind it (GET /orders or GET /stock)")


class TodosOut(BaseModel):
    """Only the to-dos the viewer may see: orders:read for orders, inventory:read for low stock."""

    awaiting_review: TodoOut | None = None
    awaiting_shipment: TodoOut | None = None
    unpaid_expiring: TodoOut | None = None
    low_stock: TodoOut | None = None


class PeriodOut(BaseModel):
    start: datetime
    end: datetime = Field(description="Exclusive")
    orders: int = Field(description="Orders placed in the period, in any status")
    paid_orders: int = Field(description="Orders paid in the period and not closed (refunded) since")
    sales: MoneyOut = Field(description="The total of those paid orders")


class DayOut(BaseModel):
    date: date
    orders: int
    paid_orders: int
    sales: MoneyOut


class FiguresOut(BaseModel):
    today: PeriodOut
    month: PeriodOut
    series: list[DayOut] = Field(description="The last 30 days of the shop's calendar, oldest first; quiet days are 0")


class LatestOrderOut(BaseModel):
    id: UUID
    number: str
    status: str
    customer_name: str
    total: MoneyOut
    needs_review: bool
    created_at: datetime


class DashboardOut(BaseModel):
    at: datetime
    timezone: str = Field(description="The shop's calendar the days are counted in, e.g. Asia/Shanghai")
    currency: str = Field(description="Sales are of orders in this currency")
    unpaid_expiring_within_minutes: int
    todos: TodosOut | None = Field(None, description="Absent without orders:read and inventory:read")
    figures: FiguresOut | None = Field(None, description="Absent without reports:read")
    latest_orders: list[LatestOrderOut] | None = Field(None, description="The newest 10; absent without orders:read")

    @classmethod
    def of(cls, shown: home.Dashboard) -> DashboardOut:
        out = cls(
            at=shown.at,
            timezone=shown.timezone,
            currency=shown.currency,
            unpaid_expiring_within_minutes=shown.unpaid_expiring_within_minutes,
        )
        if shown.todos is not None:
            todos = {name: _todo(name, todo) for name in _PAGES if (todo := getattr(shown.todos, name)) is not None}
            out.todos = TodosOut(**todos)
        if shown.figures is not None:
            out.figures = _figures(shown.figures, shown.currency)
        if shown.latest_orders is not None:
            out.latest_orders = [_latest(o) for o in shown.latest_orders]
        return out


def _todo(name: str, todo: home.Todo) -> TodoOut:
    page = _PAGES[name][0]
    # the alerts page is the stock list fixed to status=low: it takes no query of its own
    query = "" if name == "low_stock" else "?" + urlencode(todo.filters)
    return TodoOut(count=todo.count, link=page + query, filters=dict(todo.filters))


def _money(minor: int, currency: str) -> MoneyOut:
    return MoneyOut.of(Money.of_minor(minor, currency))


def _period(p: home.PeriodFigures, currency: str) -> PeriodOut:
    return PeriodOut(
        start=p.start, end=p.end, orders=p.orders, paid_orders=p.paid_orders, sales=_money(p.sales_minor, currency)
    )


def _figures(f: home.Figures, currency: str) -> FiguresOut:
    return FiguresOut(
        today=_period(f.today, currency),
        month=_period(f.month, currency),
        series=[
            DayOut(date=d.day, orders=d.orders, paid_orders=d.paid_orders, sales=_money(d.sales_minor, currency))
            for d in f.series
        ],
    )


def _latest(o: home.LatestOrder) -> LatestOrderOut:
    return LatestOrderOut(
        id=o.id,
        number=o.number,
        status=o.status,
        customer_name=o.customer_name,
        total=_money(o.total_minor, o.currency),
        needs_review=o.needs_review,
        created_at=o.created_at,
    )
