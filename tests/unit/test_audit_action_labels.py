"""Every action the code writes to the audit log is listed in domain/audit/actions.py and reads in words in both
languages of the back office: a new `audit.record(..., action="x.y")` without a label fails here."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from domain.audit.actions import ACTIONS, TARGET_TYPES
from domain.inventory.entities import MovementKind
from domain.inventory.state import StocktakeAction

ROOT = Path(__file__).resolve().parents[2]
ACTION_TEXT = re.compile(r"^[a-z_]+\.[a-z_]+$")
LOCALES = ("en", "zh-CN")


def _strings(node: ast.AST | None) -> list[str]:
    """The action names an expression may hold: a literal, either side of `a if … else b`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and ACTION_TEXT.match(node.value):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _strings(node.body) + _strings(node.orelse)
    if isinstance(node, ast.JoinedStr):  # f"stock.{kind}", f"stocktake.{action}": every value of the enum
        prefix = node.values[0].value if isinstance(node.values[0], ast.Constant) else ""
        expansions = {"stock.": list(MovementKind), "stocktake.": list(StocktakeAction)}
        return [f"{prefix}{value}" for value in expansions.get(str(prefix), [])] or [f"{prefix}<unknown>"]
    return []


def recorded_actions() -> set[str]:
    """Actions passed as `action=` to the audit log, assigned to `action` before, or given to an `_audit` helper."""
    found: set[str] = set()
    for path in (ROOT / "domain").rglob("*.py"):
        if path.parts[-2] == "audit" or path.name == "state_machine.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if name == "record" or name == "_audit":
                    for keyword in node.keywords:
                        if keyword.arg == "action":
                            found.update(_strings(keyword.value))
                if name == "_audit":
                    for arg in node.args:
                        found.update(_strings(arg))
            elif isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "action" for t in node.targets
            ):
                found.update(_strings(node.value))
    return found


def labels(locale: str) -> dict[str, dict[str, str]]:
    """The labels of a locale; actions are nested by object (`actions.stock_level.update`, as vue-i18n reads a
    dotted key), flattened here back to the action names."""
    data = json.loads((ROOT / "frontend" / "src" / "i18n" / "audit" / f"{locale}.json").read_text(encoding="utf-8"))
    texts = dict(data["auditLog"])
    texts["actions"] = {
        f"{obj}.{verb}": text for obj, verbs in texts["actions"].items() for verb, text in verbs.items()
    }
    return texts


def test_every_recorded_action_is_in_the_catalogue() -> None:
    recorded = recorded_actions()
    assert {"stock_level.update", "user.disable", "stocktake.open", "warehouse.deactivate"} <= recorded  # the scan sees
    # stock movements of kinds no request books (reserve, ship…) never reach the log under `stock.<kind>`
    booked_by_requests = {a for a in recorded if not a.startswith("stock.") or a in ACTIONS}
    assert booked_by_requests - set(ACTIONS) == set()


def test_every_action_and_object_kind_has_a_label_in_both_languages() -> None:
    for locale in LOCALES:
        texts = labels(locale)
        assert sorted(set(ACTIONS) - set(texts["actions"])) == [], locale
        assert sorted(set(TARGET_TYPES) - set(texts["targets"])) == [], locale
        assert all(text.strip() and "." not in text for text in texts["actions"].values()), locale


def test_chinese_labels_are_in_chinese_and_english_ones_in_english() -> None:
    han = re.compile(r"[\u4e00-\u9fff]")
    zh, en = labels("zh-CN")["actions"], labels("en")["actions"]
    assert zh["stock_level.update"] == "改库存阈值" and en["stock_level.update"] == "Changed stock threshold"
    assert [a for a, text in zh.items() if not han.search(text) and "SKU" not in text] == []
    assert [a for a, text in en.items() if han.search(text)] == []
