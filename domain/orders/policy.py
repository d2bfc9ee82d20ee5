"""The rules an order is placed and run under, as one value the domain reads (never the settings themselves).

Today `infra.settings.OrderSettings.policy()` builds it from the environment; the settings issue later reads it
from the database. The defaults here are the shop's defaults, so a test can build `OrderPolicy()` and change
only what it is about.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal


@dataclass(frozen=True)
class OrderPolicy:
    unpaid_timeout: timedelta = timedelta(minutes=30)  # an unpaid order is cancelled after this
    auto_confirm_after: timedelta = timedelta(days=7)  # receipt is confirmed for the customer after shipping
    tax_rate: Decimal = Decimal(0)  # 0.13 for 13 %
    tax_inclusive: bool = True  # prices already include the tax (the usual case for Chinese retail)
    max_quantity_per_line: int = 99
    # units of one SKU over a customer's non-cancelled orders placed in the last 24 hours
    max_quantity_per_customer_day: int = 200
    max_unpaid_orders: int = 5  # open unpaid orders one customer may have at once
    duplicate_window: timedelta = timedelta(seconds=10)  # the same order again within this is a double submit
    auto_review: bool = True  # False: every paid order waits in the manual review queue
    auto_review_amount_limit: Decimal = Decimal(5000)  # in the order's currency; above it a person reviews
