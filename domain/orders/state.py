"""The order state machine (DESIGN.md §2), in the one shape of domain/state_machine.py.

```
pending_payment ─pay─▶ paid ─approve─▶ awaiting_shipment ─ship_part─▶ partially_shipped ─ship_rest─▶ shipped ─confirm─▶ completed
      │                 │ └hold─▶ on_hold ─release─▶ awaiting_shipment
      └cancel/expire─▶ cancelled  └cancel─▶ closed (paid, on hold or awaiting shipment: refund follows)
awaiting_shipment ─review_again─▶ paid (in the review queue again: an edit, or a release from hold, found it
                                    failing the automatic review)
merge: pending_payment ─▶ cancelled, paid | awaiting_shipment ─▶ closed (its lines and payment move to the survivor)
```
"""

from __future__ import annotations

import enum

from domain.orders.entities import OrderStatus
from domain.state_machine import StateMachine


class OrderAction(enum.StrEnum):
    PAY = "pay"
    APPROVE = "approve"  # by a reviewer, or by the system when the automatic review passes
    HOLD = "hold"
    RELEASE = "release"
    SHIP_PART = "ship_part"
    SHIP_REST = "ship_rest"
    CONFIRM = "confirm"  # receipt confirmed by the customer, staff, or the auto-confirm job
    CANCEL = "cancel"
    EXPIRE = "expire"  # unpaid past its time (the system only)
    MERGE = "merge"  # merged into another order of the customer (domain/orders/splitting.py); its lines live on there
    REVIEW_AGAIN = "review_again"  # the system, after staff changed or released it (domain/orders/after_payment.py)


S, A = OrderStatus, OrderAction

ORDER = StateMachine[OrderStatus, OrderAction](
    "order",
    {
        (S.PENDING_PAYMENT, A.PAY): S.PAID,
        (S.PENDING_PAYMENT, A.CANCEL): S.CANCELLED,
        (S.PENDING_PAYMENT, A.EXPIRE): S.CANCELLED,
        (S.PENDING_PAYMENT, A.MERGE): S.CANCELLED,
        (S.PAID, A.MERGE): S.CLOSED,
        (S.AWAITING_SHIPMENT, A.MERGE): S.CLOSED,
        (S.PAID, A.APPROVE): S.AWAITING_SHIPMENT,
        (S.PAID, A.HOLD): S.ON_HOLD,
        (S.PAID, A.CANCEL): S.CLOSED,
        (S.ON_HOLD, A.RELEASE): S.AWAITING_SHIPMENT,
        (S.ON_HOLD, A.CANCEL): S.CLOSED,
        (S.AWAITING_SHIPMENT, A.HOLD): S.ON_HOLD,  # a problem seen after approval stops it before it ships
        (S.AWAITING_SHIPMENT, A.REVIEW_AGAIN): S.PAID,  # changed so that it fails the automatic review now
        (S.AWAITING_SHIPMENT, A.SHIP_PART): S.PARTIALLY_SHIPPED,
        (S.AWAITING_SHIPMENT, A.SHIP_REST): S.SHIPPED,
        (S.AWAITING_SHIPMENT, A.CANCEL): S.CLOSED,
        (S.PARTIALLY_SHIPPED, A.SHIP_PART): S.PARTIALLY_SHIPPED,
        (S.PARTIALLY_SHIPPED, A.SHIP_REST): S.SHIPPED,
        (S.SHIPPED, A.CONFIRM): S.COMPLETED,
    },
)

# Who may take each action in the back office (the customer's own actions are cancel and confirm).
STAFF_PERMISSION: dict[OrderAction, str] = {
    A.PAY: "payments:write",
    A.APPROVE: "orders:review",
    A.HOLD: "orders:review",
    A.RELEASE: "orders:review",
    A.SHIP_PART: "shipments:write",
    A.SHIP_REST: "shipments:write",
    A.CONFIRM: "orders:write",
    A.CANCEL: "orders:write",
}
CUSTOMER_ACTIONS = (A.CANCEL, A.CONFIRM)
