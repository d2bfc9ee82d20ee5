"""Payment and refund numbers: what we send the provider as out_trade_no / out_refund_no. Letters and digits only,
≤ 32 characters (WeChat Pay's limit, the tightest), time first so they sort, then random digits so nobody guesses
another's. `P` + `YYMMDDHHMMSS` (UTC) + 10 random digits = 23 characters; refunds start with `R`. The tables'
unique constraints refuse a collision, and the caller draws again."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import UTC, datetime

RANDOM_DIGITS = 10


def number(prefix: str, at: datetime, randbelow: Callable[[int], int] = secrets.randbelow) -> str:
    if at.tzinfo is None:
        raise ValueError("a payment number needs an aware datetime")
    stamp = at.astimezone(UTC).strftime("%y%m%d%H%M%S")
    return f"{prefix}{stamp}{randbelow(10**RANDOM_DIGITS):0{RANDOM_DIGITS}d}"


def payment_number(at: datetime) -> str:
    return number("P", at)


def refund_number(at: datetime) -> str:
    return number("R", at)
