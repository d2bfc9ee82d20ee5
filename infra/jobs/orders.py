"""Order jobs: each unpaid order's expiry (deferred to its `expires_at` when it is placed), the expiry sweep that
catches any the deferred job missed, and the auto-confirmation of receipt. All are safe to run twice."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from domain.events import Event
from domain.orders import use_cases as orders
from domain.orders.events import OrderPlaced
from infra.jobs.queue import EventHandler, Job, JobCall

if TYPE_CHECKING:
    from infra.container import Container


async def expire_unpaid_order(ctx: dict[str, Any], order_id: str) -> bool:
    """Cancel the order if it is still unpaid and its time is up; otherwise nothing."""
    c: Container = ctx["container"]
    return await orders.expire_order(c.uow(), c.clock, UUID(order_id))


async def expire_unpaid_orders(ctx: dict[str, Any]) -> int:
    """Backstop: expire every unpaid order past its time (a deferred job lost with Redis, a crash at commit)."""
    c: Container = ctx["container"]
    return await orders.expire_unpaid_orders(c.uow, c.clock)


async def auto_confirm_receipts(ctx: dict[str, Any]) -> int:
    """Complete orders shipped longer ago than the auto-confirm period."""
    c: Container = ctx["container"]
    return await orders.auto_confirm_receipts(c.uow, c.clock, c.settings.orders.policy())


def _expiry(event: OrderPlaced) -> list[JobCall]:
    return [
        JobCall(
            expire_unpaid_order,
            {"order_id": str(event.order_id)},
            job_id=f"order-expiry:{event.order_id}",
            defer_until=event.expires_at,
        )
    ]


JOBS = [
    Job(expire_unpaid_order),
    Job(expire_unpaid_orders, every_minutes=1),
    Job(auto_confirm_receipts, every_minutes=10),
]
ON_EVENT: dict[type[Event], EventHandler] = {OrderPlaced: _expiry}
