"""Safety checks before an order is placed (seed 003): purchase limits, unpaid orders piling up, a double submit,
a blacklisted customer, and a dealer price given to someone who is not a dealer.

Pure: the caller reads the customer's recent history (`CustomerHistory`) in the same transaction and passes it
in; these functions only decide.

Error kinds. 422 (`RuleViolation`) when the request itself breaks a rule and asking for something else would
pass: too many units on a line or in a day (the answer says how many are allowed), a price below the floor, a
blacklisted customer (for staff ordering on their behalf, the customer is part of the request). 409 (`Conflict`)
when nothing in the request is wrong but the state it meets is: the same order was just placed (the first one
stands; the client should show it, not retry), or the customer's unpaid orders must be paid or cancelled first.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from uuid import UUID

from domain.errors import Conflict, RuleViolation
from domain.money import Money
from domain.orders.policy import OrderPolicy
from domain.orders.pricing import PriceNegative


class CustomerBlacklisted(RuleViolation):
    code = "order.customer_blacklisted"
    message = "This customer may not place orders."


class QuantityLimit(RuleViolation):
    code = "order.quantity_limit"
    message = "Too many units of one item in one order."


class CustomerQuantityLimit(RuleViolation):
    code = "order.customer_quantity_limit"
    message = "Too many units of one item within 24 hours."


class TooManyUnpaid(Conflict):
    code = "order.too_many_unpaid"
    message = "Pay or cancel an unpaid order before placing another."


class DuplicateOrder(Conflict):
    code = "order.duplicate"
    message = "The same order was placed a moment ago."


class DealerPriceForNonDealer(RuleViolation):
    code = "order.dealer_price_for_non_dealer"
    message = "Only dealers may be charged less than the lowest retail price."


@dataclass(frozen=True)
class CustomerHistory:
    """What the checks need to know about the customer, read by the caller."""

    unpaid_orders: int  # open orders awaiting payment
    units_last_day: Mapping[UUID, int]  # units per SKU over non-cancelled orders placed in the last 24 hours
    recent_fingerprints: Collection[str]  # fingerprints of orders placed within the policy's duplicate window
    blacklisted: bool = False


def fingerprint(lines: Iterable[tuple[UUID, int]], address_id: UUID | None) -> str:
    """What makes two orders "the same order": the units of each SKU and the address, whatever the line order
    and however the units are spread over lines. A hex digest, so it can be stored and indexed."""
    units = _units(lines)
    canonical = ";".join(f"{sku}:{units[sku]}" for sku in sorted(units, key=str))
    return hashlib.sha256(f"{address_id or '-'}|{canonical}".encode()).hexdigest()


def check_order(
    policy: OrderPolicy, lines: Sequence[tuple[UUID, int]], history: CustomerHistory, fingerprint: str
) -> None:
    """Refuse an order the shop's rules do not allow, most specific first: the blacklist, then what is wrong
    with the request whatever came before, then a double submit (so a double click is told its order already
    exists rather than that the first click used up a limit), then the limits the customer's history reaches."""
    if history.blacklisted:
        raise CustomerBlacklisted()
    units = _units(lines)
    over_line = [
        {"sku_id": str(sku), "quantity": quantity, "limit": policy.max_quantity_per_line}
        for sku, quantity in units.items()
        if quantity > policy.max_quantity_per_line
    ]
    if over_line:
        raise QuantityLimit(
            f"At most {policy.max_quantity_per_line} units of one item per order.",
            limit=policy.max_quantity_per_line,
            skus=over_line,
        )
    if fingerprint in history.recent_fingerprints:
        raise DuplicateOrder(window_seconds=int(policy.duplicate_window.total_seconds()))
    if history.unpaid_orders >= policy.max_unpaid_orders:
        raise TooManyUnpaid(unpaid=history.unpaid_orders, limit=policy.max_unpaid_orders)
    limit = policy.max_quantity_per_customer_day
    over_day = [
        {
            "sku_id": str(sku),
            "quantity": quantity,
            "bought": history.units_last_day.get(sku, 0),
            "remaining": max(limit - history.units_last_day.get(sku, 0), 0),
        }
        for sku, quantity in units.items()
        if history.units_last_day.get(sku, 0) + quantity > limit
    ]
    if over_day:
        raise CustomerQuantityLimit(f"At most {limit} units of one item within 24 hours.", limit=limit, skus=over_day)


def check_price_override(unit_price: Money, floor: Money, *, is_dealer: bool) -> None:
    """A price staff type in for a line: never negative, and below `floor` (the lowest price a retail buyer may
    be charged, e.g. the current retail or promotion price) only for a dealer."""
    if unit_price.amount < 0:
        raise PriceNegative(field="unit_price", amount=str(unit_price.amount))
    if not is_dealer and unit_price < floor:
        raise DealerPriceForNonDealer(unit_price=str(unit_price), floor=str(floor))


def _units(lines: Iterable[tuple[UUID, int]]) -> Counter[UUID]:
    units: Counter[UUID] = Counter()
    for sku, quantity in lines:
        units[sku] += quantity
    return units
