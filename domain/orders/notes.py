"""What the system writes on an order's timeline and as its cancel reason when staff edit, split or merge it, or
when the automatic review sends it back: a stable code and its parameters, never words. The SPA shows each in the
reader's language (`orderNotes.<code>`, each change of an edit `orderNotes.change.<kind>`, each failed rule as the
review queue names it), formatting money and numbers for that reader; a note without parameters (what a person
typed, the codes `auto_review`, `auto_confirm`, `expired`, or a note written before codes were kept) shows as it is.

Parameters are JSON: order numbers as strings, money as `{"amount": "12.50", "currency": "CNY"}` (the API's
`MoneyOut`), a list of changes as `[{"kind": …, …}]`, failed review rules as their codes (`["stock",
"amount_limit"]`, domain/orders/review.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from domain.money import Money

# the notes and reasons with parameters; frontend/src/i18n/orderNotes has a label for each in both languages
SPLIT_FROM = "split_from"  # {number}: on an order split off another
SPLIT_INTO = "split_into"  # {numbers}: on the order split
MERGED_INTO = "merged_into"  # {number}: on an order merged into another, and its cancel reason
MERGED = "merged"  # {numbers, changes}: on the order the others were merged into
CHANGED = "changed"  # {changes}: an edit
NO_CHANGE = "no_change"  # {}: an edit that changed nothing
REVIEW_FAILED = "review_failed"  # {flags}: the rules (domain/orders/review.py FLAGS) an order sent back to review fails
REFUNDED = "refunded"  # {amount, refund_no}: money went back to the customer (domain/payments/refunding.py)
CODES = frozenset({SPLIT_FROM, SPLIT_INTO, MERGED_INTO, MERGED, CHANGED, NO_CHANGE, REVIEW_FAILED, REFUNDED})

# the kinds of change an edit (or a merge) lists
CHANGE_KINDS = frozenset(
    {
        "address",  # {}
        "note",  # {}: the customer's note
        "remark",  # {}: a staff remark was added
        "quantity",  # {sku, from, to}
        "added",  # {sku, quantity}
        "removed",  # {sku}
        "unit_price",  # {sku, from, to}: money
        "total",  # {from, to}: money
        "new_total",  # {total}: money, after a merge
        "to_pay",  # {amount}: money the customer still owes
        "to_refund",  # {amount}: money owed back to the customer
    }
)

Change = dict[str, Any]


@dataclass(frozen=True)
class Note:
    """A timeline note or cancel reason as a code and its parameters (None: words a person typed)."""

    text: str
    params: dict[str, Any] | None = field(default=None)


def money(amount: Money) -> dict[str, str]:
    return {"amount": str(amount.rounded().amount), "currency": amount.currency}


def _change(kind: str, params: dict[str, Any] | None = None) -> Change:
    assert kind in CHANGE_KINDS, kind
    return {"kind": kind, **(params or {})}


def address_changed() -> Change:
    return _change("address")


def note_changed() -> Change:
    return _change("note")


def remark_added() -> Change:
    return _change("remark")


def quantity_changed(sku: str, before: int, after: int) -> Change:
    return _change("quantity", {"sku": sku, "from": before, "to": after})


def line_added(sku: str, quantity: int) -> Change:
    return _change("added", {"sku": sku, "quantity": quantity})


def line_removed(sku: str) -> Change:
    return _change("removed", {"sku": sku})


def unit_price_changed(sku: str, before: Money, after: Money) -> Change:
    return _change("unit_price", {"sku": sku, "from": money(before), "to": money(after)})


def total_changed(before: Money, after: Money) -> Change:
    return _change("total", {"from": money(before), "to": money(after)})


def balance(due: Money) -> Change:
    """What is left to settle once something was paid: to pay (positive) or to refund (negative)."""
    if due.minor >= 0:
        return _change("to_pay", {"amount": money(due)})
    return _change("to_refund", {"amount": money(-due)})


def tells_customer(changes: list[Change]) -> bool:
    """A staff remark alone is not the customer's business; any other change is."""
    return any(change["kind"] != "remark" for change in changes)


def changed(changes: list[Change]) -> Note:
    return Note(CHANGED, {"changes": changes}) if changes else Note(NO_CHANGE, {})


def split_from(number: str) -> Note:
    return Note(SPLIT_FROM, {"number": number})


def split_into(numbers: list[str]) -> Note:
    return Note(SPLIT_INTO, {"numbers": numbers})


def merged_into(number: str) -> Note:
    return Note(MERGED_INTO, {"number": number})


def merged(numbers: list[str], total: Money, due: Money | None) -> Note:
    changes = [_change("new_total", {"total": money(total)})] + ([balance(due)] if due is not None else [])
    return Note(MERGED, {"numbers": numbers, "changes": changes})


def review_failed(flags: list[str]) -> Note:
    return Note(REVIEW_FAILED, {"flags": flags})


def refunded(amount: Money, refund_no: str) -> Note:
    return Note(REFUNDED, {"amount": money(amount), "refund_no": refund_no})
