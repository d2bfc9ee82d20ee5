"""A shop's existing orders through the migration that makes the notes of edit, split and merge codes: the English
words the code of before wrote become the same codes and parameters new rows get, anything else keeps its words,
and a downgrade gives the words back."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import uuid
from pathlib import Path

from alembic import command
from alembic.config import Config

from tests.conftest import ROOT

A, B = "261129120000123456", "261129120100654321"
NOW = "2026-11-29 12:00:00.000000"
WORDS = {  # (action, note as written before) → (code, parameters) after the upgrade, or None: kept as words
    ("split", f"split from {A}"): ("split_from", {"number": A}),
    ("split", f"split into {A}, {B}"): ("split_into", {"numbers": [A, B]}),
    ("merge", f"merged into {A}"): ("merged_into", {"number": A}),
    ("merge", f"merged {B}; total 32.50 CNY; to pay 20.00 CNY"): (
        "merged",
        {
            "numbers": [B],
            "changes": [
                {"kind": "new_total", "total": {"amount": "32.50", "currency": "CNY"}},
                {"kind": "to_pay", "amount": {"amount": "20.00", "currency": "CNY"}},
            ],
        },
    ),
    ("edit", "no change"): ("no_change", {}),
    ("edit", "address; A-1 ×2→5; +C ×4; -B; A-1 10.00 CNY→8.00 CNY; remark; total 23.33 CNY→54.00 CNY; to refund 4.00 CNY"): (
        "changed",
        {
            "changes": [
                {"kind": "address"},
                {"kind": "quantity", "sku": "A-1", "from": 2, "to": 5},
                {"kind": "added", "sku": "C", "quantity": 4},
                {"kind": "removed", "sku": "B"},
                {
                    "kind": "unit_price",
                    "sku": "A-1",
                    "from": {"amount": "10.00", "currency": "CNY"},
                    "to": {"amount": "8.00", "currency": "CNY"},
                },
                {"kind": "remark"},
                {
                    "kind": "total",
                    "from": {"amount": "23.33", "currency": "CNY"},
                    "to": {"amount": "54.00", "currency": "CNY"},
                },
                {"kind": "to_refund", "amount": {"amount": "4.00", "currency": "CNY"}},
            ]
        },
    ),
    ("edit", "address; a SKU code with spaces ×1→2"): None,  # does not read as the words of before: kept
    ("cancel", f"merged into {A}"): None,  # what a person typed is theirs, whatever it says
    ("approve", "auto_review"): None,
}  # fmt: skip


async def test_upgrading_makes_old_notes_codes_where_they_read_as_the_old_words_and_downgrading_restores_them(
    tmp_path: Path,
) -> None:
    # given a database at the revision before, with an order merged into another and one a customer cancelled
    path = tmp_path / "old.db"
    config = Config(str(ROOT / "alembic.ini"))
    config.attributes["database_url"] = f"sqlite+aiosqlite:///{path}"
    config.attributes["configure_logging"] = False
    await asyncio.to_thread(command.upgrade, config, "0018")
    merged, cancelled = uuid.uuid4().hex, uuid.uuid4().hex
    with sqlite3.connect(path) as db:
        for order_id, number, reason in ((merged, B, f"merged into {A}"), (cancelled, A, "changed my mind")):
            db.execute(
                "INSERT INTO sales_order (id, number, channel, customer_id, currency, status, subtotal_minor,"
                " total_minor, tax_inclusive, review_flags, item_count, cancel_reason, created_at)"
                " VALUES (?, ?, 'web', ?, 'CNY', 'cancelled', 100, 100, 1, '[]', 1, ?, ?)",
                (order_id, number, uuid.uuid4().hex, reason, NOW),
            )
        events = {}
        for action, note in WORDS:
            events[action, note] = uuid.uuid4().hex
            db.execute(
                "INSERT INTO order_event (id, order_id, at, action, actor_kind, to_status, note)"
                " VALUES (?, ?, ?, ?, 'staff', 'cancelled', ?)",
                (events[action, note], merged, NOW, action, note),
            )

    # when it is upgraded
    await asyncio.to_thread(command.upgrade, config, "head")

    # then the words of edit, split and merge are codes with their parameters, and nothing else changed
    with sqlite3.connect(path) as db:
        rows = {
            event_id: (note, params)
            for event_id, note, params in db.execute("SELECT id, note, note_params FROM order_event")
        }
        reasons = {order_id: (reason, params) for order_id, reason, params in db.execute("SELECT id, cancel_reason, cancel_reason_params FROM sales_order")}  # fmt: skip
    for (action, note), expected in WORDS.items():
        note_now, params = rows[events[action, note]]
        assert (note_now, json.loads(params) if params else None) == (expected or (note, None)), note
    assert (reasons[merged][0], json.loads(reasons[merged][1])) == ("merged_into", {"number": A})
    assert reasons[cancelled] == ("changed my mind", None)

    # when it is downgraded again
    await asyncio.to_thread(command.downgrade, config, "0018")

    # then every note and reason reads as it was written
    with sqlite3.connect(path) as db:
        notes = dict(db.execute("SELECT id, note FROM order_event").fetchall())
        back = dict(db.execute("SELECT id, cancel_reason FROM sales_order").fetchall())
    assert {key: notes[event_id] for key, event_id in events.items()} == {key: key[1] for key in WORDS}
    assert back == {merged: f"merged into {A}", cancelled: "changed my mind"}
