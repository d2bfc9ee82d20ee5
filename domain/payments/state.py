"""The payment and refund state machines (DESIGN.md §2), in the one shape of domain/state_machine.py.

```
pending ─start─▶ processing ─succeed─▶ succeeded
   │                 ├─fail─▶ failed ──succeed─▶ succeeded   (the customer paid after all: a card retried)
   └─────────────────┴─expire─▶ expired ─succeed─▶ succeeded (money arrived late: it is real and is recorded;
                                                             whether it pays the order or is refunded is the
                                                             order's call, domain/payments/applying.py)
pending ─succeed / fail─▶ …  (offline methods: finance confirms or rejects without a provider)
refund: pending ─succeed─▶ succeeded, pending ─fail─▶ failed
```
"""

from __future__ import annotations

import enum

from domain.payments.entities import PaymentStatus, RefundStatus
from domain.state_machine import StateMachine


class PaymentAction(enum.StrEnum):
    START = "start"
    SUCCEED = "succeed"
    FAIL = "fail"
    EXPIRE = "expire"


class RefundAction(enum.StrEnum):
    SUCCEED = "succeed"
    FAIL = "fail"


S, A = PaymentStatus, PaymentAction

PAYMENT = StateMachine[PaymentStatus, PaymentAction](
    "payment",
    {
        (S.PENDING, A.START): S.PROCESSING,
        (S.PENDING, A.SUCCEED): S.SUCCEEDED,
        (S.PENDING, A.FAIL): S.FAILED,
        (S.PENDING, A.EXPIRE): S.EXPIRED,
        (S.PROCESSING, A.SUCCEED): S.SUCCEEDED,
        (S.PROCESSING, A.FAIL): S.FAILED,
        (S.PROCESSING, A.EXPIRE): S.EXPIRED,
        (S.FAILED, A.SUCCEED): S.SUCCEEDED,
        (S.EXPIRED, A.SUCCEED): S.SUCCEEDED,
    },
)

REFUND = StateMachine[RefundStatus, RefundAction](
    "refund",
    {
        (RefundStatus.PENDING, RefundAction.SUCCEED): RefundStatus.SUCCEEDED,
        (RefundStatus.PENDING, RefundAction.FAIL): RefundStatus.FAILED,
    },
)
