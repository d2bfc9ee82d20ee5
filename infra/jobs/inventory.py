"""Inventory jobs: the reservation expiry sweep and the low-stock scan."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from domain.events import Event
from domain.inventory import use_cases as inventory
from domain.inventory.events import LevelBecameLow
from infra.jobs.queue import EventHandler, Job, JobCall

if TYPE_CHECKING:
    from infra.container import Container


async def release_expired_reservations(ctx: dict[str, Any]) -> int:
    """Give back stock held by reservations past their time (unpaid orders, abandoned holds)."""
    c: Container = ctx["container"]
    return await inventory.release_expired_reservations(c.uow, c.clock)


async def low_stock_scan(ctx: dict[str, Any]) -> int:
    """Alert on levels that became low without a movement (a raised threshold)."""
    c: Container = ctx["container"]
    return await inventory.alert_unalerted_low_levels(c.uow(), c.clock)


JOBS = [Job(release_expired_reservations, every_minutes=1), Job(low_stock_scan, every_minutes=10)]
ON_EVENT: dict[type[Event], EventHandler] = {LevelBecameLow: lambda _: [JobCall(low_stock_scan)]}
