"""Every note and cancel reason edit, split and merge write as a code (domain/orders/notes.py), and every change an
edit lists, reads in words in both languages of the SPA: a new code or kind without its label fails here."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from domain.orders import notes

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ("en", "zh-CN")
HAN = re.compile(r"[\u4e00-\u9fff]")


def written() -> tuple[set[str], set[str]]:
    """The codes `Note(…)` is given and the kinds `_change(…)` is given in notes.py, as the code spells them."""
    tree = ast.parse((ROOT / "domain" / "orders" / "notes.py").read_text(encoding="utf-8"))
    codes: set[str] = set()
    kinds: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
            first = node.args[0]
            value = getattr(notes, first.id, None) if isinstance(first, ast.Name) else getattr(first, "value", None)
            if node.func.id == "Note" and isinstance(value, str):
                codes.add(value)
            if node.func.id == "_change" and isinstance(value, str):
                kinds.add(value)
    return codes, kinds


def labels(locale: str) -> dict[str, object]:
    path = ROOT / "frontend" / "src" / "i18n" / "orderNotes" / f"{locale}.json"
    return dict(json.loads(path.read_text(encoding="utf-8"))["orderNotes"])


def spa_list(name: str) -> set[str]:
    """A list of codes the SPA words (frontend/src/composables/useOrderNote.ts)."""
    source = (ROOT / "frontend" / "src" / "composables" / "useOrderNote.ts").read_text(encoding="utf-8")
    found = re.search(rf"export const {name} = \[(.*?)\] as const", source)
    assert found, name
    return set(re.findall(r"'([a-z_]+)'", found[1]))


def test_every_note_written_is_in_the_catalogue() -> None:
    codes, kinds = written()
    assert {"split_from", "merged_into", "changed"} <= codes and {"quantity", "to_refund"} <= kinds  # the scan sees
    assert codes - notes.CODES == set()
    assert kinds - notes.CHANGE_KINDS == set()


def test_the_spa_words_exactly_the_codes_of_the_server() -> None:
    assert spa_list("NOTE_CODES") == notes.CODES
    assert spa_list("CHANGE_KINDS") == notes.CHANGE_KINDS


def test_every_code_and_change_has_a_label_in_both_languages() -> None:
    for locale in LOCALES:
        texts = labels(locale)
        changes = texts["change"]
        assert isinstance(changes, dict)
        assert sorted(notes.CODES - set(texts)) == [], locale
        assert sorted(notes.CHANGE_KINDS - set(changes)) == [], locale
        assert all(isinstance(texts[code], str) and str(texts[code]).strip() for code in notes.CODES), locale


def test_chinese_labels_are_in_chinese_and_english_ones_in_english() -> None:
    def every_label(locale: str) -> dict[str, str]:
        texts = labels(locale)
        changes = texts["change"]
        assert isinstance(changes, dict)
        return {code: str(texts[code]) for code in notes.CODES} | {f"change.{k}": str(v) for k, v in changes.items()}

    zh, en = every_label("zh-CN"), every_label("en")
    assert zh["merged_into"] == "已合并到订单 {number}" and en["merged_into"] == "Merged into order {number}"
    assert [code for code, text in zh.items() if not HAN.search(text)] == []
    assert [code for code, text in en.items() if HAN.search(text)] == []
    # the same parameters in both languages: a label naming one the other lacks would show "{…}" to a reader
    assert {code: set(re.findall(r"\{(\w+)\}", text)) for code, text in zh.items()} == {
        code: set(re.findall(r"\{(\w+)\}", text)) for code, text in en.items()
    }
