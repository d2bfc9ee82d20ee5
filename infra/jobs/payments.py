"""Payment jobs: apply each stored callback (enqueued when the webhook stores it), the sweep that applies any whose
job was lost (Redis gone, a worker killed mid-way: the stored callback is the durable trigger), and the active
query of payments stuck in processing, which also expires attempts whose time is up or whose order went away
(an order's expiry or cancellation does not touch its payments: this job catches them within a minute or two).
All are safe to run twice and on several workers at once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from domain.events import Event
from domain.payments import use_cases as payments
from domain.payments.events import CallbackStored
from infra.jobs.queue import EventHandler, Job, JobCall

if TYPE_CHECKING:
    from infra.container import Container


async def apply_payment_callback(ctx: dict[str, Any], event_id: str) -> bool:
    """Apply one stored provider callback (a no-op when it was applied already)."""
    c: Container = ctx["container"]
    return await payments.apply_callback(c.uow(), c.clock, c.settings.orders.policy(), UUID(event_id))


async def apply_unapplied_payment_callbacks(ctx: dict[str, Any]) -> int:
    """Backstop: apply every callback stored over a minute ago and not applied yet."""
    c: Container = ctx["container"]
    return await payments.apply_unapplied_callbacks(c.uow, c.clock, c.settings.orders.policy())


async def query_processing_payments(ctx: dict[str, Any]) -> int:
    """Ask the providers about payments processing for over two minutes; expire the ones whose time is up."""
    c: Container = ctx["container"]
    return await payments.query_processing_payments(c.uow, c.clock, c.settings.orders.policy(), c.payment_gateways)


def _apply(event: CallbackStored) -> list[JobCall]:
    return [
        JobCall(apply_payment_callback, {"event_id": str(event.event_id)}, job_id=f"payment-callback:{event.event_id}")
    ]


JOBS = [
    Job(apply_payment_callback),
    Job(apply_unapplied_payment_callbacks, every_minutes=1),
    Job(query_processing_payments, every_minutes=1),
]
ON_EVENT: dict[type[Event], EventHandler] = {CallbackStored: _apply}
