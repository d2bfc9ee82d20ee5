"""Every move of an order goes through `move`: the state machine's transition, a timeline row, a message to the
customer in their language, and (for staff) an audit row, all in the caller's transaction."""

from __future__ import annotations

from typing import Any

from domain.audit import service as audit
from domain.identity.actor import Actor
from domain.notifications import service as notifications
from domain.notifications.entities import Channel
from domain.notifications.service import Recipient
from domain.orders.entities import ActorKind, Order, OrderEvent
from domain.orders.ports import OrdersUoW
from domain.orders.state import ORDER, OrderAction
from domain.ports import Clock

SYSTEM = Actor(user_id=None, name="system", system=True)


def kind_of(actor: Actor, order: Order) -> ActorKind:
    if actor.system or actor.user_id is None:
        return ActorKind.SYSTEM
    return ActorKind.CUSTOMER if actor.user_id == order.customer_id else ActorKind.STAFF


def add_event(
    order: Order,
    clock: Clock,
    actor: Actor,
    action: str,
    *,
    from_status: str | None,
    note: str = "",
    note_params: dict[str, Any] | None = None,
) -> OrderEvent:
    event = OrderEvent(
        order_id=order.id,
        at=clock.now(),
        action=action,
        actor_kind=kind_of(actor, order),
        from_status=from_status,
        to_status=str(order.status),
        actor_id=actor.user_id,
        actor_name=actor.name,
        note=note,
        note_params=note_params,
    )
    order.events.append(event)
    order.updated_at = event.at
    return event


async def tell_customer(
    uow: OrdersUoW, clock: Clock, order: Order, template: str, customer: Recipient | None = None
) -> None:
    """An in-app message to the customer (rendered in the reader's language from the template `order.*`); pass
    the customer when this transaction has read them already."""
    user = customer or await uow.users.get(order.customer_id)
    if user is not None:
        await notifications.notify(
            uow,
            clock,
            user,
            template,
            channels=[Channel.IN_APP],
            number=order.number,
            total=str(order.total),
            subject_id=str(order.id),  # the inbox links the message to the order
        )


async def audit_staff(
    uow: OrdersUoW, clock: Clock, actor: Actor, action: str, order: Order, before: dict[str, Any] | None
) -> None:
    """Staff changes go to the audit log; the customer's own and the system's are on the timeline only."""
    if kind_of(actor, order) is ActorKind.STAFF:
        await audit.record(
            uow,
            actor,
            action=action,
            target_type="order",
            target_id=order.id,
            at=clock.now(),
            before=before,
            after=order.snapshot(),
        )


async def move(
    uow: OrdersUoW,
    clock: Clock,
    actor: Actor,
    order: Order,
    action: OrderAction,
    *,
    note: str = "",
    note_params: dict[str, Any] | None = None,
    template: str | None = None,
) -> None:
    """Move the order by `action` (409 `order.invalid_transition` when its state does not allow it); with
    `note_params` the note is a code (domain/orders/notes.py)."""
    before = order.snapshot()
    from_status = str(order.status)
    uow.record(ORDER.apply(order, action, order_id=str(order.id)))
    add_event(order, clock, actor, str(action), from_status=from_status, note=note, note_params=note_params)
    await tell_customer(uow, clock, order, template or f"order.{order.status}")
    await audit_staff(uow, clock, actor, f"order.{action}", order, before)
