"""Order numbers a person can read out on the phone: time first so they sort by when the order was placed, then
random digits so nobody can guess the next customer's order from their own.

`YYMMDDHHMMSS` in UTC (12 digits) + 6 random digits = 18 digits, e.g. `261129175712` + `048213`. A million
numbers per second leaves collisions rare but possible (two orders in one second share a number with chance
1 in 10⁶); the table's unique constraint refuses the second, and the caller draws again.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import UTC, datetime

RANDOM_DIGITS = 6
LENGTH = 12 + RANDOM_DIGITS


def order_number(at: datetime, randbelow: Callable[[int], int] = secrets.randbelow) -> str:
    """The number of an order placed at `at` (UTC-aware); `randbelow` is `secrets.randbelow` but for tests."""
    if at.tzinfo is None:
        raise ValueError("an order number needs an aware datetime")
    stamp = at.astimezone(UTC).strftime("%y%m%d%H%M%S")
    return f"{stamp}{randbelow(10**RANDOM_DIGITS):0{RANDOM_DIGITS}d}"
