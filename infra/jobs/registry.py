"""Every feature's jobs and event handlers, for the ARQ worker, the in-process runner and the dispatcher."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from domain.events import Event
from infra.jobs import cart, catalog, inventory, notifications, order_exports, orders, payments, payments_refunds
from infra.jobs.queue import EventHandler, Job, JobCall

JOBS: list[Job] = [
    *notifications.JOBS,
    *inventory.JOBS,
    *catalog.JOBS,
    *cart.JOBS,
    *orders.JOBS,
    *order_exports.JOBS,
    *payments_refunds.JOBS,
    *payments.JOBS,
]
HANDLERS: Mapping[type[Event], EventHandler] = {
    **notifications.ON_EVENT,
    **inventory.ON_EVENT,
    **catalog.ON_EVENT,
    **orders.ON_EVENT,
    **order_exports.ON_EVENT,
    **payments_refunds.ON_EVENT,
    **payments.ON_EVENT,
}


def calls_for(events: Iterable[Event]) -> list[JobCall]:
    """The jobs a committed transaction's events ask for, each distinct call once, in the order asked."""
    calls: dict[tuple[Any, ...], JobCall] = {}
    for event in events:
        handler = HANDLERS.get(type(event))
        for call in handler(event) if handler else []:
            calls.setdefault(call.key, call)
    return list(calls.values())
