"""Every code the payments domain writes where finance or a customer reads it — a payment's failure code, a
refund's failure code, a log line's kind and coded note, a system refund's reason — reads in words in both
languages of the SPA (frontend/src/i18n/payments/*.json): a new code without its label fails here.

The codes are found by reading domain/payments/*.py: the module constants that name codes, and the literals given
as `note=` / `reason=` / `source=`, assigned to a `failure_code`, given to a refund's `fail(…)` or a provider's
final refusal (`Answer("failed", note=…)`)."""

from __future__ import annotations

import ast
import json
import re
from datetime import UTC, datetime
from pathlib import Path

from api.schemas.payments import PaymentEventOut
from domain.orders.entities import OrderStatus
from domain.payments.entities import EventKind, PaymentEvent

ROOT = Path(__file__).resolve().parents[2]
PAYMENTS = ROOT / "domain" / "payments"
LOCALES = ("en", "zh-CN")
CODE = re.compile(r"^[a-z][a-z0-9_]*$")  # the API's note_is_code, less the dots no payment code uses
NOTE_KEYWORDS = {"note", "reason", "source"}


def _constants(trees: list[ast.Module]) -> dict[str, str]:
    """Module-level `NAME = "code"` (and `A, B = "a", "b"`) of every payments module."""
    found: dict[str, str] = {}
    for tree in trees:
        for node in tree.body:
            if not isinstance(node, ast.Assign):
                continue
            for target in node.targets:
                pairs = (
                    zip(target.elts, node.value.elts, strict=False)
                    if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple)
                    else [(target, node.value)]
                )
                for name, value in pairs:
                    if isinstance(name, ast.Name) and isinstance(value, ast.Constant) and isinstance(value.value, str):
                        found[name.id] = value.value
    return {name: value for name, value in found.items() if name.isupper() and CODE.match(value)}


def _codes_in(node: ast.AST | None, constants: dict[str, str]) -> set[str]:
    """The codes an expression may be: a literal, a constant's name, either side of an `or`, a tuple's items."""
    match node:
        case ast.Constant(value=str() as text) if CODE.match(text):
            return {text}
        case ast.Name(id=name) | ast.Attribute(attr=name) if name in constants:
            return {constants[name]}
        case ast.BoolOp(values=values) | ast.Tuple(elts=values):
            return set().union(*(_codes_in(v, constants) for v in values))
    return set()


def written() -> dict[str, set[str]]:
    """The codes written, by where the SPA shows them: `failure` (a payment's), `refundFailure`, `note`."""
    trees = [ast.parse(path.read_text(encoding="utf-8")) for path in sorted(PAYMENTS.glob("*.py"))]
    constants = _constants(trees)
    found: dict[str, set[str]] = {"failure": set(), "refundFailure": set(), "note": set()}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                for keyword in node.keywords:
                    if keyword.arg in NOTE_KEYWORDS:
                        found["note"] |= _codes_in(keyword.value, constants)
                if isinstance(node.func, ast.Name) and node.func.id == "fail" and len(node.args) >= 5:
                    found["refundFailure"] |= _codes_in(node.args[4], constants)  # fail(uow, clock, p, r, code)
                if (
                    isinstance(node.func, ast.Name)
                    and node.func.id == "Answer"
                    and _codes_in(node.args[0], {}) == {"failed"}
                ):  # the provider's final refusal, which `fail` records as the refund's code
                    found["refundFailure"] |= _codes_in(next(k.value for k in node.keywords if k.arg == "note"), {})
            elif isinstance(node, ast.Assign):
                for target in node.targets:
                    targets = target.elts if isinstance(target, ast.Tuple) else [target]
                    values = node.value.elts if isinstance(node.value, ast.Tuple) else [node.value] * len(targets)
                    for name, value in zip(targets, values, strict=False):
                        if isinstance(name, ast.Attribute) and name.attr == "failure_code":
                            found["failure"] |= _codes_in(value, constants)
    # a module's code constants are written as notes (a callback's refusal, a system refund's reason…); a refund's
    # failure code is its log line's note too; a late payment's note names the order's state
    found["note"] |= set(constants.values())
    found["note"] |= found["refundFailure"]
    found["note"] |= {f"order_{s}" for s in OrderStatus if s != OrderStatus.PENDING_PAYMENT} | {"order_amount_changed"}
    return found


def labels(locale: str) -> dict[str, dict[str, str]]:
    path = ROOT / "frontend" / "src" / "i18n" / "payments" / f"{locale}.json"
    return dict(json.loads(path.read_text(encoding="utf-8"))["payments"])


def test_the_scan_finds_the_codes_it_is_meant_to() -> None:
    codes = written()
    assert {"declined", "provider_unavailable", "rejected"} <= codes["failure"]
    assert {"provider_refused", "retries_exhausted"} <= codes["refundFailure"]
    assert {"replaced_by_other_method", "replaced", "late_payment", "order_closed", "unknown_payment"} <= codes["note"]
    assert {"amount_mismatch", "currency_mismatch", "proof_uploaded", "abandoned"} <= codes["note"]


def test_every_code_written_has_a_label_in_both_languages() -> None:
    codes = written()
    for locale in LOCALES:
        words = labels(locale)
        for group, wanted in codes.items():
            assert wanted - set(words[group]) == set(), f"{locale}: payments.{group} lacks these codes"
        assert {str(kind) for kind in EventKind} - set(words["event"]) == set(), f"{locale}: payments.event"


def test_both_languages_word_the_same_codes() -> None:
    english, chinese = labels("en"), labels("zh-CN")
    for group in ("failure", "refundFailure", "note", "event"):
        assert set(english[group]) == set(chinese[group]), group
        assert all(re.search(r"[\u4e00-\u9fff]", text) for text in chinese[group].values()), group


def test_a_code_written_on_a_persons_action_is_a_code_and_a_persons_words_are_not() -> None:
    def line(note: str, actor_kind: str) -> bool:
        event = PaymentEvent(datetime.now(UTC), EventKind.EXPIRED, "alipay", note=note, actor_kind=actor_kind)
        return PaymentEventOut.of(event).note_is_code

    assert line("replaced_by_other_method", "customer") and line("proof_uploaded", "customer")
    assert line("order_cancelled", "customer") and line("order_merged", "staff")  # the order's end, a person's act
    assert line("abandoned", "system")
    assert not line("ok", "staff") and not line("查无此款", "staff")
