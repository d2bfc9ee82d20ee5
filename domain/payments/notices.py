"""What the customer is told about their payments (in-app inbox and e-mail, in their language; templates
`payment.*` in domain/notifications/templates.py). A refund's message is written with the refund's success
(domain/payments/refunding.py); these two follow `PaymentSucceeded` and `PaymentFailed` after their commit."""

from __future__ import annotations

from uuid import UUID

from domain.notifications import service as notifications
from domain.notifications.entities import Channel
from domain.orders.entities import OrderStatus
from domain.payments.entities import PaymentStatus
from domain.payments.ports import PaymentsUoW
from domain.ports import Clock


def pay_again_link(base_url: str, order_id: UUID) -> str:
    """The storefront's page to pay the order again (choose a method, start a new attempt)."""
    return f"{base_url.rstrip('/')}/orders/{order_id}/pay"


async def payment_succeeded(uow: PaymentsUoW, clock: Clock, payment_id: UUID) -> bool:
    """A receipt by e-mail: the inbox has the order's own "paid" message already (domain/orders/timeline.py)."""
    payment = await uow.payments.get(payment_id)
    if payment is None or payment.status != PaymentStatus.SUCCEEDED:
        return False
    order = await uow.orders.get(payment.order_id)
    customer = await uow.users.get(payment.customer_id)
    if order is None or customer is None:
        return False
    await notifications.notify(
        uow,
        clock,
        customer,
        "payment.succeeded",
        channels=[Channel.EMAIL],
        number=order.number,
        amount=str(payment.amount),
        payment_no=payment.payment_no,
        subject_id=str(order.id),
    )
    return True


async def payment_failed(uow: PaymentsUoW, clock: Clock, payment_id: UUID, *, base_url: str) -> bool:
    """A failed or expired attempt, told only while the order can still be paid and no other attempt is under
    way (an attempt replaced by one with another method is not news to the customer who made the new one)."""
    payment = await uow.payments.get(payment_id)
    if payment is None or payment.status not in (PaymentStatus.FAILED, PaymentStatus.EXPIRED):
        return False
    order = await uow.orders.get(payment.order_id)
    if order is None or order.status != OrderStatus.PENDING_PAYMENT:
        return False
    if order.expires_at is not None and order.expires_at <= clock.now():
        return False
    if await uow.payments.active_for_order(order.id) is not None:
        return False
    customer = await uow.users.get(payment.customer_id)
    if customer is None:
        return False
    await notifications.notify(
        uow,
        clock,
        customer,
        "payment.failed",
        channels=[Channel.IN_APP, Channel.EMAIL],
        number=order.number,
        amount=str(payment.amount),
        link=pay_again_link(base_url, order.id),
        subject_id=str(order.id),
    )
    return True
