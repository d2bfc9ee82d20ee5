"""Job functions, shared by the ARQ worker and the in-process runner. Thin: open a unit of work, call a service."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from domain.catalog import service as catalog
from domain.inventory import alerts, reservations
from domain.notifications import service as notifications

if TYPE_CHECKING:
    from infra.container import Container


async def send_notifications(ctx: dict[str, Any]) -> int:
    """Deliver due outbox rows (after a commit, and every minute as a sweep)."""
    c: Container = ctx["container"]
    return await notifications.deliver_pending(c.uow, c.clock, email=c.email, sms=c.sms)


async def release_expired_reservations(ctx: dict[str, Any]) -> int:
    """Give back stock held by reservations past their time (unpaid orders, abandoned holds)."""
    c: Container = ctx["container"]
    return await reservations.release_expired(c.uow, c.clock)


async def low_stock_scan(ctx: dict[str, Any]) -> int:
    """Alert on levels that became low without a movement (a raised threshold)."""
    c: Container = ctx["container"]
    return await alerts.alert_unalerted_low_levels(c.uow(), c.clock)


async def refresh_listing_prices(ctx: dict[str, Any]) -> int:
    """Promotions start and end by the clock: keep the prices products are listed and sorted by current."""
    c: Container = ctx["container"]
    return await catalog.refresh_listing_prices(c.uow(), c.clock)


FUNCTIONS = {
    "send_notifications": send_notifications,
    "release_expired_reservations": release_expired_reservations,
    "low_stock_scan": low_stock_scan,
    "refresh_listing_prices": refresh_listing_prices,
}
CRON_EVERY_MINUTE = list(FUNCTIONS)
