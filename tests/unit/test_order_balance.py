"""What a changed paid order still owes or is owed back: refunds settle only what an edit made owing back."""

from __future__ import annotations

from uuid import uuid4

import pytest

from domain.orders.editing import balance_due_minor
from domain.orders.entities import Order, OrderStatus, SalesChannel


def paid_order(*, total: int, paid: int, refunded: int = 0, status: OrderStatus = OrderStatus.PAID) -> Order:
    order = Order(number="1", channel=SalesChannel.WEB, customer_id=uuid4(), currency="CNY", status=status)
    order.total_minor, order.paid_minor, order.refunded_minor = total, paid, refunded
    return order


@pytest.mark.parametrize(
    ("total", "paid", "refunded", "balance"),
    [
        (100_00, 100_00, 0, 0),  # unchanged
        (120_00, 100_00, 0, 20_00),  # an edit raised it: the customer owes the difference
        (80_00, 100_00, 0, -20_00),  # an edit lowered it: the shop owes the difference back
        (80_00, 100_00, 20_00, 0),  # ... until it is refunded
        (100_00, 100_00, 10_00, 0),  # a goodwill refund is no debt of the customer's
        (80_00, 100_00, 30_00, 0),  # the edit's 20 and 10 of goodwill refunded
        (80_00, 100_00, 10_00, -10_00),  # goodwill first, then the edit: 10 more to give back
        (120_00, 100_00, 10_00, 20_00),  # goodwill first, then an edit up: the 20 is owed as before
    ],
)
def test_refunds_settle_only_what_an_edit_made_owing_back(total: int, paid: int, refunded: int, balance: int) -> None:
    assert balance_due_minor(paid_order(total=total, paid=paid, refunded=refunded)) == balance


@pytest.mark.parametrize("status", [OrderStatus.CANCELLED, OrderStatus.CLOSED])
def test_a_cancelled_or_closed_order_owes_nothing_either_way(status: OrderStatus) -> None:
    assert balance_due_minor(paid_order(total=80_00, paid=100_00, status=status)) == 0


def test_an_unpaid_order_has_no_balance() -> None:
    assert balance_due_minor(paid_order(total=100_00, paid=0, status=OrderStatus.PENDING_PAYMENT)) == 0
