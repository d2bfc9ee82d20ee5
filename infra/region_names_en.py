"""English names for the region tree, made once at data-build time into infra/data/regions.json (production reads
the file and needs no pinyin library: `pypinyin` is a dev dependency). The rule, with examples, is in
infra/data/README.md; in short: the place name in Hanyu Pinyin without tone marks, one capitalised word with an
apostrophe before a syllable starting with a, o or e (Xi'an), and the administrative suffix in English, except a
province's 省 and a prefecture-level city's 市, which English addresses leave out (Guangdong, Shenzhen, Nanshan
District). Readings pypinyin gets wrong and names whose English is not their pinyin are fixed by the tables in
infra/region_names_en_tables.py.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from pypinyin import lazy_pinyin

from infra.region_names_en_tables import (
    AUTONOMOUS,
    CHARACTERS,
    DIRECTIONS,
    NAMES,
    PEOPLES,
    PLACES,
    READINGS,
    SUFFIXES,
    ZONE_WORDS,
    ZONES,
)

_ZONE_LIKE = {*ZONES.values(), "New Area"}
_BANNERS = {"Banner", "Autonomous Banner"}

_VOWELS = ("a", "o", "e")


def english_names(names: list[tuple[str, int]], stems: AbstractSet[str] | None = None) -> list[str]:
    """The English name of each (Chinese name, level) of the tree; `stems` are the place names of the provinces
    and cities, which begin a zone's name as words of their own (Hebei Tangshan Lutai Economic Development Zone).
    """
    known = stems if stems is not None else {_split(name, level)[0] for name, level in names if level < 3}
    return [english_name(name, level, known) for name, level in names]


def english_name(name: str, level: int, stems: AbstractSet[str] = frozenset()) -> str:
    """One region's English name by the rule (see the module's docstring)."""
    if name in NAMES:
        return NAMES[name]
    stem, suffix = _split(name, level)
    peoples: list[str] = []
    if suffix in AUTONOMOUS.values() or stem.endswith("族"):
        stem, peoples = _peoples(stem)
    if suffix in _ZONE_LIKE:
        words = _zone_words(stem, stems)
    else:
        stem, position = _position(stem, suffix)
        words = ([_place(stem)] if stem else []) + position
    return " ".join(words + ([_listed(peoples)] if peoples else []) + ([suffix] if suffix else []))


def pinyin_word(chinese: str) -> str:
    """One place name as one capitalised pinyin word: 西安 → Xi'an, 呼伦贝尔 → Hulunbei'er, 吕梁 → Luliang."""
    syllables = _syllables(chinese)
    word = syllables[0] + "".join(("'" + s) if s.startswith(_VOWELS) else s for s in syllables[1:])
    return word[:1].upper() + word[1:]


def _place(stem: str) -> str:
    return PLACES.get(stem) or pinyin_word(stem)


def _split(name: str, level: int) -> tuple[str, str]:
    """The place name and its suffix's English."""
    for table in (AUTONOMOUS, ZONES, SUFFIXES[level]):
        for chinese in sorted(table, key=len, reverse=True):
            if name.endswith(chinese) and len(name) > len(chinese):
                return name[: -len(chinese)], table[chinese]
    return name, ""


def _peoples(stem: str) -> tuple[str, list[str]]:
    """The place name and the peoples named at its end (双江拉祜族佤族布朗族傣族 → 双江, Lahu Va Blang Dai)."""
    found: list[str] = []
    while True:
        rest = stem.removesuffix("族")
        match = next((p for p in sorted(PEOPLES, key=len, reverse=True) if rest.endswith(p)), None)
        # a one-character people counts only before 族: 藏族 is Tibetan, the 藏 of 西藏 is no people
        if match is None or (len(match) == 1 and rest == stem):
            return stem, found[::-1]
        found.append(PEOPLES[match])
        stem = rest[: -len(match)]


def _position(stem: str, suffix: str) -> tuple[str, list[str]]:
    """A banner's place name and its position words (察哈尔右翼前 → 察哈尔, Right Wing Front)."""
    words: list[str] = []
    while suffix in _BANNERS or stem.endswith(("左翼", "右翼")):
        match = next((d for d in DIRECTIONS if stem.endswith(d) and len(stem) > len(d) + 1), None)
        if match is None:
            break
        words.insert(0, DIRECTIONS[match])
        stem = stem[: -len(match)]
    return stem, words


def _listed(peoples: list[str]) -> str:
    return peoples[0] if len(peoples) == 1 else ", ".join(peoples[:-1]) + " and " + peoples[-1]


def _zone_words(stem: str, stems: AbstractSet[str]) -> list[str]:
    """A zone's name in words: the provinces and cities it begins with, then the rest (唐山市汉沽 → Tangshan
    Hangu), with a few common words translated."""
    words: list[str] = []
    while stem:
        known = next((s for s in sorted(stems | ZONE_WORDS.keys(), key=len, reverse=True) if stem.startswith(s)), "")
        if not known:
            return [*words, _place(stem)]
        words.append(ZONE_WORDS.get(known) or _place(known))
        stem = stem[len(known) :].removeprefix("省").removeprefix("市")
    return words


def _syllables(chinese: str) -> list[str]:
    """Toneless pinyin syllables, one per character, with the fixed readings applied; ü is written u."""
    syllables = [CHARACTERS.get(c) or s.replace("v", "u") for c, s in zip(chinese, lazy_pinyin(chinese), strict=True)]
    for phrase, reading in READINGS.items():
        start = chinese.find(phrase) if len(phrase) > 1 else (0 if chinese == phrase else -1)
        if start >= 0:
            syllables[start : start + len(phrase)] = reading.split()
    return syllables
