"""The order list's filters as kept with an export (JSON), and back: the job applies exactly what was asked."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, fields
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.orders.entities import OrderStatus
from domain.orders.ports import OrderQuery

_TIMES = ("created_from", "created_to", "paid_from", "paid_to", "shipped_from", "shipped_to", "expiring_before")


def to_json(query: OrderQuery) -> dict[str, Any]:
    """Only the filters that are set, in JSON types (times as ISO text with their offset)."""
    out: dict[str, Any] = {}
    for name, value in asdict(query).items():
        if value is None or value == () or (name == "sort" and value == "-created_at"):
            continue
        if isinstance(value, datetime):
            value = value.isoformat()
        elif isinstance(value, UUID):
            value = str(value)
        elif isinstance(value, tuple):
            value = [str(v) for v in value]
        out[name] = value
    return out


def from_json(data: dict[str, Any]) -> OrderQuery:
    known = {f.name for f in fields(OrderQuery)}
    values: dict[str, Any] = {k: v for k, v in data.items() if k in known}
    for name in _TIMES:
        if values.get(name):
            values[name] = datetime.fromisoformat(values[name])
    if "statuses" in values:
        values["statuses"] = tuple(OrderStatus(s) for s in values["statuses"])
    if values.get("customer_id"):
        values["customer_id"] = UUID(values["customer_id"])
    return OrderQuery(**values)


def key(filters: dict[str, Any], format: str, locale: str) -> str:
    text = json.dumps([filters, format, locale], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()
