"""What routers, jobs and the seed ask of orders. Each opens its unit of work, runs actions and commits once."""

from __future__ import annotations

import logging
from collections.abc import Callable

from domain.orders import editing, placing, reading, splitting, transitions
from domain.orders.policy import OrderPolicy
from domain.orders.ports import OrdersUoW
from domain.payments import closing
from domain.payments.ports import PaymentsUoW
from domain.ports import Clock
from domain.unit_of_work import use_case

log = logging.getLogger(__name__)

place_order = use_case(placing.place)
preview_checkout = use_case(placing.preview)
preview_manual_order = use_case(placing.staff_preview)
pay_order = use_case(transitions.pay)
approve_order = use_case(transitions.approve)
hold_order = use_case(transitions.hold)
release_order = use_case(transitions.release)
ship_order = use_case(transitions.ship)
confirm_receipt = use_case(transitions.confirm_receipt)
cancel_order = use_case(closing.cancel_order)  # its open payment attempts end with it
add_remark = use_case(transitions.add_remark)
expire_order = use_case(closing.expire_order)
auto_confirm_order = use_case(transitions.auto_confirm)
edit_order = use_case(editing.edit)
split_order = use_case(splitting.split)
merge_orders = use_case(closing.merge_orders)  # the open payment attempts of the merged-away orders end

get_order = use_case(reading.get_order)
list_orders = use_case(reading.list_orders)
list_my_orders = use_case(reading.list_my_orders)
my_order_counts = use_case(reading.my_counts)


async def expire_unpaid_orders(uows: Callable[[], PaymentsUoW], clock: Clock, *, batch: int = 200) -> int:
    """The expiry sweep (backstop of each order's deferred job): every unpaid order past its time, each in its
    own transaction, so one failure holds back none of the others. Safe on several workers at once."""
    async with uows() as uow:
        ids = await uow.orders.unpaid_expired(clock.now(), batch)
    expired = 0
    for order_id in ids:
        try:
            expired += await expire_order(uows(), clock, order_id)
        except Exception:  # the next sweep tries it again
            log.exception("could not expire order %s", order_id)
    return expired


async def auto_confirm_receipts(
    uows: Callable[[], OrdersUoW], clock: Clock, policy: OrderPolicy, *, batch: int = 200
) -> int:
    """Complete orders shipped longer ago than the policy's auto-confirm period, each in its own transaction."""
    async with uows() as uow:
        ids = await uow.orders.shipped_before(clock.now() - policy.auto_confirm_after, batch)
    confirmed = 0
    for order_id in ids:
        try:
            confirmed += await auto_confirm_order(uows(), clock, policy, order_id)
        except Exception:
            log.exception("could not confirm receipt of order %s", order_id)
    return confirmed
