"""The one way SKU spec attributes are written as text, in the product editor and in catalog files alike:

    颜色|Colour=红|Red; 尺码|Size=M

- pairs `name=value` separated by `;` (a new line works too);
- an optional English name after `|`, on the attribute's name, on its value, or both;
- full-width `；` `＝` `｜` work as well, because staff type in Chinese input methods.

The first name and value are the shop's own (shown in Chinese); the English ones are shown in the English UI and
fall back to the shop's own when missing. Mirrored in frontend/src/pages/admin/catalog/attributes.ts."""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_ATTRIBUTES = 10
MAX_NAME = 32
MAX_VALUE = 64
_FULL_WIDTH = str.maketrans({"；": ";", "＝": "=", "｜": "|", "\n": ";", "\r": ";"})


# The English words of one attribute of one SKU, `{"name": "Colour", "value": "Red"}`; either key may be missing.
# A plain dict, because it is stored as JSON on the SKU and sent as is.
AttributeEnglish = dict[str, str]


@dataclass
class ParsedAttributes:
    attributes: dict[str, str] = field(default_factory=dict)
    english: dict[str, AttributeEnglish] = field(default_factory=dict)  # by the attribute's own name
    errors: list[str] = field(default_factory=list)  # the parts that could not be read


def _english(name: str | None, value: str | None) -> AttributeEnglish:
    return {k: v for k, v in (("name", name), ("value", value)) if v}


def _bilingual(text: str) -> tuple[str, str | None]:
    own, _, english = (part.strip() for part in text.partition("|"))
    return own, english or None


def parse(text: str) -> ParsedAttributes:
    """Read a spec cell; each unreadable part (no `=`, empty name or value, repeated name, too long, too many) is
    reported and left out."""
    parsed = ParsedAttributes()
    for raw in text.translate(_FULL_WIDTH).split(";"):
        part = raw.strip()
        if not part:
            continue
        name_text, sep, value_text = part.partition("=")
        name, name_en = _bilingual(name_text)
        value, value_en = _bilingual(value_text)
        too_long = max(len(name), len(name_en or "")) > MAX_NAME or max(len(value), len(value_en or "")) > MAX_VALUE
        full = len(parsed.attributes) == MAX_ATTRIBUTES
        if not sep or not name or not value or name in parsed.attributes or too_long or full:
            parsed.errors.append(part)
        else:
            parsed.attributes[name] = value
            if name_en or value_en:
                parsed.english[name] = _english(name_en, value_en)
    return parsed


def format_attributes(attributes: dict[str, str], english: dict[str, AttributeEnglish] | None = None) -> str:
    """The cell a SKU's specs are written as, so it reads back unchanged."""
    english = english or {}

    def word(own: str, other: str | None) -> str:
        return f"{own}|{other}" if other else own

    parts = []
    for name, value in attributes.items():
        words = english.get(name, {})
        parts.append(f"{word(name, words.get('name'))}={word(value, words.get('value'))}")
    return ";".join(parts)


def english_of(attributes: dict[str, str], english: dict[str, AttributeEnglish]) -> dict[str, AttributeEnglish]:
    """Only the English words of attributes the SKU has, and only those given (blank ones dropped)."""
    kept: dict[str, AttributeEnglish] = {}
    for name in attributes:
        words = english.get(name)
        if words is None:
            continue
        words = _english((words.get("name") or "").strip(), (words.get("value") or "").strip())
        if words:
            kept[name] = words
    return kept
