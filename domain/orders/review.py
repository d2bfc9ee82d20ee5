"""Automatic review of a paid order: the rules it must pass to go straight to the warehouse, or the reasons it
waits in the manual review queue.

The caller gathers the facts (stock, address, total, the customer's flag) and stores the flags on the order;
`[]` means approved automatically. Flags come in a stable order so the queue and its filters read the same way
every time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.money import Money
from domain.orders.policy import OrderPolicy

STOCK = "stock"
ADDRESS = "address"
AMOUNT_LIMIT = "amount_limit"
CUSTOMER_FLAGGED = "customer_flagged"
MANUAL_REVIEW = "manual_review"
FLAGS = (STOCK, ADDRESS, AMOUNT_LIMIT, CUSTOMER_FLAGGED, MANUAL_REVIEW)

_REGION_CODE = re.compile(r"\d{6}")  # GB/T 2260; whether it exists is the region tree's check
_PHONE_DIGITS = 7  # the shortest number a carrier can ring (a landline without its area code)


@dataclass(frozen=True)
class ReviewFacts:
    stock_ok: bool  # every line's stock is reserved
    address_complete: bool
    total: Money
    customer_flagged: bool  # e.g. tagged for review by staff


def review_flags(policy: OrderPolicy, facts: ReviewFacts) -> list[str]:
    """The automatic rules the order fails, in the order of `FLAGS`. With automatic review switched off every
    order gets `manual_review` (after any rule it fails, so the reviewer still sees why)."""
    flags = []
    if not facts.stock_ok:
        flags.append(STOCK)
    if not facts.address_complete:
        flags.append(ADDRESS)
    if facts.total.amount > policy.auto_review_amount_limit:
        flags.append(AMOUNT_LIMIT)
    if facts.customer_flagged:
        flags.append(CUSTOMER_FLAGGED)
    if not policy.auto_review:
        flags.append(MANUAL_REVIEW)
    return flags


def address_complete(recipient: str | None, phone: str | None, region_code: str | None, detail: str | None) -> bool:
    """Whether a parcel can be sent: someone to receive it, a number to ring, a six-digit region and a street."""
    if not (recipient and recipient.strip() and detail and detail.strip() and phone and region_code):
        return False
    return sum(c.isdigit() for c in phone) >= _PHONE_DIGITS and bool(_REGION_CODE.fullmatch(region_code.strip()))
