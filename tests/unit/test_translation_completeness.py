"""Every error or message code the server can send has a Chinese text, so the Chinese UI never shows English.

The codes are read from the source (domain/, api/, infra/) rather than listed here, so a new `raise
Conflict(..., code="x.y")` without its line in api/locales/zh_CN/*.po fails this test:
- `code="…"` passed to any call, and `code = "…"` (class defaults, `code = {404: "…"}.get(…)`);
- a code-shaped string next to an English sentence in one call or tuple: `RowError(line, col, "import.x",
  "Message.")`, `Problem(field, "sku.x", "Message.")`, `problem(request, 422, "validation.failed", "Message.")`;
- the state machines' `<name>.invalid_transition` and their refusal codes.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import domain
from api import i18n
from domain.identity import permissions as perms
from domain.state_machine import StateMachine

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("domain", "api", "infra")
CODE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
DOTTED = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")


def _is_sentence(node: ast.expr) -> bool:
    if isinstance(node, ast.JoinedStr):
        return True
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and " " in node.value.strip()


def _literal(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _assigned(value: ast.expr) -> list[str]:
    """The strings `code = …` can end up holding: a literal, a choice of literals, or a lookup table's values."""
    if isinstance(value, ast.IfExp):
        return _assigned(value.body) + _assigned(value.orelse)
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and isinstance(value.func.value, ast.Dict):
        return [v for item in value.func.value.values if (v := _literal(item))]
    literal = _literal(value)
    return [literal] if literal else []


def codes_in(tree: ast.AST) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                value = _literal(keyword.value)
                if keyword.arg == "code" and value and CODE.match(value):
                    found.add(value)
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "code" for t in targets) and node.value is not None:
                found.update(v for v in _assigned(node.value) if CODE.match(v))
        parts = node.args if isinstance(node, ast.Call) else node.elts if isinstance(node, ast.Tuple) else None
        if parts and any(_is_sentence(p) for p in parts):
            found.update(v for p in parts if (v := _literal(p)) and DOTTED.match(v))
    return found


def raised_codes() -> set[str]:
    codes: set[str] = set()
    for package in SOURCES:
        for path in (ROOT / package).rglob("*.py"):
            codes |= codes_in(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
    for module in pkgutil.walk_packages(domain.__path__, "domain."):
        for value in vars(importlib.import_module(module.name)).values():
            if isinstance(value, StateMachine):
                codes.add(f"{value.name}.invalid_transition")
                codes.update(value.refusal_codes.values())
    return codes


def chinese_catalog() -> dict[str, str]:
    texts: dict[str, str] = {}
    for path in sorted((ROOT / "api" / "locales" / "zh_CN").glob("*.po")):
        with path.open("rb") as po:
            for message in read_po(po, locale="zh_CN"):
                if message.id and isinstance(message.id, str):
                    texts[message.id] = str(message.string or "")
    return texts


def test_the_scan_finds_codes_in_every_shape_they_are_raised_in() -> None:
    source = """
class Gone(NotFound):
    code = "thing.gone"
raise Conflict("Taken.", code="thing.taken")
errors.append(RowError(1, None, "import.empty", "The file has no rows."))
problems.append(Problem("f", "sku.listed_twice", f"Twice {x}."))
code = {404: "route.not_found"}.get(status)
audit.record(uow, actor, action="product.create")
notify(uow, clock, user, "security.password_changed", time=now)
"""
    assert codes_in(ast.parse(source)) == {
        "thing.gone",
        "thing.taken",
        "import.empty",
        "sku.listed_twice",
        "route.not_found",
    }


def test_the_codes_the_issue_names_are_among_those_found() -> None:
    assert {"stock.insufficient", "role.builtin", "stocktake.invalid_transition", "validation.failed"} <= raised_codes()


def test_every_code_the_server_sends_has_a_chinese_text() -> None:
    catalog = chinese_catalog()
    missing = sorted(code for code in raised_codes() if not catalog.get(code, "").strip())
    assert missing == [], f"add these codes to api/locales/zh_CN/<feature>.po: {missing}"


@pytest.mark.parametrize("code", sorted(chinese_catalog()))
def test_every_chinese_text_is_chinese_and_formats(code: str) -> None:
    text = chinese_catalog()[code]
    fields = {name for _, name, _, _ in string.Formatter().parse(text) if name}
    rendered = i18n.translate(code, "ENGLISH", "zh_CN", dict.fromkeys(fields, "X"))
    assert rendered != "ENGLISH"
    assert re.search(r"[\u4e00-\u9fff]", rendered), rendered


def test_every_permission_and_built_in_role_is_described_in_chinese() -> None:
    catalog = chinese_catalog()
    keys = [f"permission.{name}" for name in perms.PERMISSIONS] + [
        f"role.description.{name}" for name in perms.BUILTIN_ROLES
    ]
    assert [key for key in keys if not catalog.get(key, "").strip()] == []
