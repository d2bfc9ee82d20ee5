"""Server messages in the caller's language: Babel catalogs keyed by the stable error code."""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

SUPPORTED = ["zh_CN", "en"]
_LOCALES = Path(__file__).parent / "locales"


@lru_cache
def _translations(locale: str) -> Translations | None:
    # one .po file per feature (identity.po, catalog.po …), merged into one catalog
    paths = sorted((_LOCALES / locale).glob("*.po"))
    if not paths:
        return None
    with paths[0].open("rb") as po:
        catalog = read_po(po, locale=locale)
    for path in paths[1:]:
        with path.open("rb") as po:
            for message in read_po(po, locale=locale):
                if message.id:
                    catalog[message.id] = message
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer)


def negotiate(accept_language: str | None, preferred: str | None = None) -> str:
    """The user's own locale first, then the best Accept-Language match, then Chinese."""
    if preferred in SUPPORTED:
        return str(preferred)
    ranked: list[tuple[float, str]] = []
    for part in (accept_language or "").split(","):
        tag, _, q = part.strip().partition(";q=")
        try:
            ranked.append((float(q or 1), tag.strip().lower()))
        except ValueError:
            continue
    for _, tag in sorted(ranked, key=lambda item: -item[0]):
        if tag.startswith("zh"):
            return "zh_CN"
        if tag.startswith("en"):
            return "en"
    return "zh_CN"


def translate(code: str, default: str, locale: str, data: dict[str, Any] | None = None) -> str:
    """The catalog's text for `code` in `locale`, formatted with the error's data; else the English default."""
    translations = _translations(locale)
    if translations is None:
        return default
    text = translations.gettext(code)
    if text == code:
        return default
    try:
        return text.format(**(data or {}))
    except (KeyError, IndexError, ValueError):
        return default
