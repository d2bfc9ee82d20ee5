"""orders: the notes of edit, split and merge, and a merged order's cancel reason, are codes with parameters shown
in the reader's language (order_event.note_params, sales_order.cancel_reason_params)

Rows written before hold English words ("split from 2611…", "merged into 2611…", "A ×2→5; total 10.00 CNY→…").
Those that read exactly as the code of that time wrote them become codes too, so they follow the reader's
language from now on; anything else (a note longer than the column, a SKU code the words cannot be told apart
from) keeps its words and is shown as it is. Downgrading writes the codes back as those English words.

Revision ID: 0019_order_note_codes
Revises: 0018
Create Date: 2026-11-29 22:00:00
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0019_order_note_codes"
down_revision: str | Sequence[str] | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

order_event = sa.table(
    "order_event",
    sa.column("id", sa.Uuid),
    sa.column("order_id", sa.Uuid),
    sa.column("action", sa.String),
    sa.column("note", sa.String),
    sa.column("note_params", sa.JSON),
)
sales_order = sa.table(
    "sales_order",
    sa.column("id", sa.Uuid),
    sa.column("cancel_reason", sa.String),
    sa.column("cancel_reason_params", sa.JSON),
)

# the words as domain/orders/editing.py and splitting.py wrote them until this revision
NUMBER = r"\d{18}"
AMOUNT = r"(-?\d+(?:\.\d+)?) ([A-Z]{3})"  # str(Money): "12.50 CNY"
SPLIT_FROM = re.compile(rf"^split from ({NUMBER})$")
SPLIT_INTO = re.compile(rf"^split into ({NUMBER}(?:, {NUMBER})*)$")
MERGED_INTO = re.compile(rf"^merged into ({NUMBER})$")
MERGED = re.compile(rf"^merged ({NUMBER}(?:, {NUMBER})*); total {AMOUNT}(?:; (to pay|to refund) {AMOUNT})?$")
QUANTITY = re.compile(r"^(\S+) ×(\d+)→(\d+)$")
UNIT_PRICE = re.compile(rf"^(\S+) {AMOUNT}→{AMOUNT}$")
TOTAL = re.compile(rf"^total {AMOUNT}→{AMOUNT}$")
BALANCE = re.compile(rf"^(to pay|to refund) {AMOUNT}$")
ADDED = re.compile(r"^\+(\S+) ×(\d+)$")
REMOVED = re.compile(r"^-(\S+)$")


def _money(amount: str, currency: str) -> dict[str, str]:
    return {"amount": amount, "currency": currency}


def _words(money: dict[str, str]) -> str:
    return f"{money['amount']} {money['currency']}"


def _change(words: str) -> dict[str, Any] | None:
    if words in ("address", "note", "remark"):
        return {"kind": words}
    if m := QUANTITY.match(words):
        return {"kind": "quantity", "sku": m[1], "from": int(m[2]), "to": int(m[3])}
    if m := TOTAL.match(words):  # before a unit price: a SKU coded "total" would read the same
        return {"kind": "total", "from": _money(m[1], m[2]), "to": _money(m[3], m[4])}
    if m := UNIT_PRICE.match(words):
        return {"kind": "unit_price", "sku": m[1], "from": _money(m[2], m[3]), "to": _money(m[4], m[5])}
    if m := BALANCE.match(words):
        return {"kind": m[1].replace(" ", "_"), "amount": _money(m[2], m[3])}
    if m := ADDED.match(words):
        return {"kind": "added", "sku": m[1], "quantity": int(m[2])}
    if m := REMOVED.match(words):
        return {"kind": "removed", "sku": m[1]}
    return None


def coded(action: str, note: str) -> tuple[str, dict[str, Any]] | None:
    """The code and parameters of a note edit, split or merge wrote in words; None when it does not read as one."""
    if action == "split":
        if m := SPLIT_FROM.match(note):
            return "split_from", {"number": m[1]}
        if m := SPLIT_INTO.match(note):
            return "split_into", {"numbers": m[1].split(", ")}
    if action == "merge":
        if m := MERGED_INTO.match(note):
            return "merged_into", {"number": m[1]}
        if m := MERGED.match(note):
            changes: list[dict[str, Any]] = [{"kind": "new_total", "total": _money(m[2], m[3])}]
            if m[4]:
                changes.append({"kind": m[4].replace(" ", "_"), "amount": _money(m[5], m[6])})
            return "merged", {"numbers": m[1].split(", "), "changes": changes}
    if action == "edit" and len(note) < 500:  # 500: cut off at the column's length, the rest is lost
        if note == "no change":
            return "no_change", {}
        edit_changes = [_change(words) for words in note.split("; ")]
        if all(edit_changes):
            return "changed", {"changes": edit_changes}
    return None


def _change_words(change: dict[str, Any]) -> str:
    kind = change["kind"]
    if kind == "quantity":
        return f"{change['sku']} ×{change['from']}→{change['to']}"
    if kind == "unit_price":
        return f"{change['sku']} {_words(change['from'])}→{_words(change['to'])}"
    if kind == "total":
        return f"total {_words(change['from'])}→{_words(change['to'])}"
    if kind in ("to_pay", "to_refund"):
        return f"{kind.replace('_', ' ')} {_words(change['amount'])}"
    if kind == "new_total":
        return f"total {_words(change['total'])}"
    if kind == "added":
        return f"+{change['sku']} ×{change['quantity']}"
    if kind == "removed":
        return f"-{change['sku']}"
    return str(kind)  # address, note, remark


def words(code: str, params: dict[str, Any]) -> str:
    """A coded note in the English words of before (for a downgrade)."""
    if code == "split_from":
        return f"split from {params['number']}"
    if code == "split_into":
        return f"split into {', '.join(params['numbers'])}"
    if code == "merged_into":
        return f"merged into {params['number']}"
    if code == "merged":
        return "; ".join([f"merged {', '.join(params['numbers'])}", *map(_change_words, params["changes"])])
    if code == "no_change":
        return "no change"
    if code == "changed":
        return "; ".join(map(_change_words, params["changes"]))[:500]
    return code


def upgrade() -> None:
    # plain ALTER TABLE ADD COLUMN on both databases: a batch copy of the table on SQLite would be slow on a large
    # shop and lose the expression indexes of the order list
    op.add_column("order_event", sa.Column("note_params", sa.JSON(), nullable=True))
    op.add_column("sales_order", sa.Column("cancel_reason_params", sa.JSON(), nullable=True))
    connection = op.get_bind()
    events = connection.execute(
        sa.select(order_event.c.id, order_event.c.order_id, order_event.c.action, order_event.c.note).where(
            order_event.c.action.in_(("edit", "split", "merge")), order_event.c.note != ""
        )
    ).all()
    merged: dict[Any, tuple[str, dict[str, Any]]] = {}
    for event_id, order_id, action, note in events:
        found = coded(action, note)
        if found is None:
            continue
        connection.execute(
            sa.update(order_event).where(order_event.c.id == event_id).values(note=found[0], note_params=found[1])
        )
        if found[0] == "merged_into":
            merged[order_id] = found
    for order_id, (code, params) in merged.items():  # its cancel reason is the words of its merge event
        connection.execute(
            sa.update(sales_order)
            .where(sales_order.c.id == order_id, sales_order.c.cancel_reason == words(code, params))
            .values(cancel_reason=code, cancel_reason_params=params)
        )


def downgrade() -> None:
    connection = op.get_bind()
    for event_id, note, params in connection.execute(
        sa.select(order_event.c.id, order_event.c.note, order_event.c.note_params).where(
            order_event.c.note_params.is_not(None)
        )
    ).all():
        connection.execute(
            sa.update(order_event).where(order_event.c.id == event_id).values(note=words(note, params or {}))
        )
    for order_id, reason, params in connection.execute(
        sa.select(sales_order.c.id, sales_order.c.cancel_reason, sales_order.c.cancel_reason_params).where(
            sales_order.c.cancel_reason_params.is_not(None)
        )
    ).all():
        connection.execute(
            sa.update(sales_order).where(sales_order.c.id == order_id).values(cancel_reason=words(reason, params or {}))
        )
    op.drop_column("sales_order", "cancel_reason_params")  # SQLite 3.35+ drops a plain column in place
    op.drop_column("order_event", "note_params")
