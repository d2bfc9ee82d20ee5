"""Refund jobs: send a refund as soon as it is asked for (`RefundRequested`), the sweep that sends those due again
(retries, and first sends a lost job missed), the full refund of a paid order that was cancelled (`OrderClosed`),
and the customer's messages about their payments. All are safe to run twice."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from domain.events import Event
from domain.orders.events import OrderClosed
from domain.payments import refund_use_cases as refunds
from domain.payments.events import PaymentFailed, PaymentSucceeded, RefundRequested
from infra.jobs.queue import EventHandler, Job, JobCall

if TYPE_CHECKING:
    from infra.container import Container


async def send_refund(ctx: dict[str, Any], refund_id: str) -> bool:
    """Send the refund to its provider and book the answer; False when there was nothing to send now."""
    c: Container = ctx["container"]
    policy = c.settings.payments.refunds.policy()
    return await refunds.send_refund(c.uow, c.clock, c.payment_gateways, policy, UUID(refund_id)) is not None


async def send_due_refunds(ctx: dict[str, Any]) -> int:
    c: Container = ctx["container"]
    return await refunds.send_due_refunds(c.uow, c.clock, c.payment_gateways, c.settings.payments.refunds.policy())


async def refund_closed_order(ctx: dict[str, Any], order_id: str) -> int:
    """Refund what a cancelled paid order still holds; its refunds are sent by `send_refund` after the commit."""
    c: Container = ctx["container"]
    return len(await refunds.refund_closed_order(c.uow(), c.clock, UUID(order_id)))


async def refund_closed_orders(ctx: dict[str, Any]) -> int:
    """Backstop: refund the cancelled paid orders whose closing job was lost."""
    c: Container = ctx["container"]
    return await refunds.refund_closed_orders(c.uow, c.clock)


async def tell_payment_succeeded(ctx: dict[str, Any], payment_id: str) -> bool:
    c: Container = ctx["container"]
    return await refunds.tell_payment_succeeded(c.uow(), c.clock, UUID(payment_id))


async def tell_payment_failed(ctx: dict[str, Any], payment_id: str) -> bool:
    c: Container = ctx["container"]
    base_url = c.settings.public_base_url
    return await refunds.tell_payment_failed(c.uow(), c.clock, UUID(payment_id), base_url=base_url)


def _send(event: RefundRequested) -> list[JobCall]:
    return [JobCall(send_refund, {"refund_id": str(event.refund_id)}, job_id=f"refund:{event.refund_id}")]


def _closed(event: OrderClosed) -> list[JobCall]:
    order_id = str(event.order_id)
    return [JobCall(refund_closed_order, {"order_id": order_id}, job_id=f"order-closed-refund:{order_id}")]


def _succeeded(event: PaymentSucceeded) -> list[JobCall]:
    payment_id = str(event.payment_id)
    return [JobCall(tell_payment_succeeded, {"payment_id": payment_id}, job_id=f"payment-succeeded:{payment_id}")]


def _failed(event: PaymentFailed) -> list[JobCall]:
    payment_id = str(event.payment_id)
    return [JobCall(tell_payment_failed, {"payment_id": payment_id}, job_id=f"payment-failed:{payment_id}")]


JOBS = [
    Job(send_refund),
    Job(send_due_refunds, every_minutes=1),
    Job(refund_closed_order),
    Job(refund_closed_orders, every_minutes=5),
    Job(tell_payment_succeeded),
    Job(tell_payment_failed),
]
ON_EVENT: dict[type[Event], EventHandler] = {
    RefundRequested: _send,
    OrderClosed: _closed,
    PaymentSucceeded: _succeeded,
    PaymentFailed: _failed,
}
