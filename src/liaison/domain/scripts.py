"""Which writing system a name is written in (ISO 15924 codes).

Names are data: the script of each name is kept beside it, so a Khmer arrest report and
a romanised passport entry stay distinguishable after any normalisation.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from functools import cache

# Unicode character-name prefixes mapped to ISO 15924 script codes.
_PREFIXES: tuple[tuple[str, str], ...] = (
    ("CJK ", "Hani"),
    ("HIRAGANA", "Hira"),
    ("KATAKANA", "Kana"),
    ("HANGUL", "Hang"),
    ("KHMER", "Khmr"),
    ("THAI", "Thai"),
    ("LAO", "Laoo"),
    ("MYANMAR", "Mymr"),
    ("LATIN", "Latn"),
    ("CYRILLIC", "Cyrl"),
    ("ARABIC", "Arab"),
    ("DEVANAGARI", "Deva"),
    ("GREEK", "Grek"),
)

SCRIPTS = frozenset(code for _, code in _PREFIXES) | {"Jpan", "Zyyy"}


@cache  # a few thousand distinct letters at most; imports call this per character
def char_script(char: str) -> str | None:
    """The script of one letter, or None for digits, spaces and punctuation."""
    if not (char.isalpha() or unicodedata.category(char) in {"Mn", "Mc"}):
        return None
    name = unicodedata.name(char, "")
    for prefix, code in _PREFIXES:
        if name.startswith(prefix):
            return code
    return "Zyyy"


def detect_script(text: str) -> str:
    """The main script of a name; Japanese kana with kanji gives ``Jpan``."""
    if text.isascii():
        return "Latn" if any(c.isalpha() for c in text) else "Zyyy"
    counts: Counter[str] = Counter()
    for char in text:
        code = char_script(char)
        if code:
            counts[code] += 1
    if not counts:
        return "Zyyy"
    if counts["Hira"] or counts["Kana"]:
        return "Jpan"
    return counts.most_common(1)[0][0]
