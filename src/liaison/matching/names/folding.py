"""Latin letters down to comparable lower-case ASCII words.

Every form the package hands out is made of a-z words separated by single spaces, so
that 'Nguyễn', 'NGUYEN' and 'Nguyen' are one form, 'Ch'en' is 'chen' and 'Jin-ping'
keeps the boundary between its syllables for the joined forms.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# Letters that Unicode does not decompose into a base letter plus a mark. Vietnamese
# đ is the one that matters most (Đặng → Dang, never Djang); the others are the usual
# ICAO 9303 (machine-readable passport) transliterations.
_LETTERS = {
    "đ": "d",
    "ð": "d",
    "ø": "o",
    "ł": "l",
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "þ": "th",
    "ı": "i",
    "ħ": "h",
    "ŋ": "ng",
    "ə": "e",
    "ĳ": "ij",
}
# Apostrophes and modifier letters inside a name are dropped, not turned into a break:
# Wade-Giles aspiration (Ch'en), Irish O'Brien, Hawaiian ʻokina.
_APOSTROPHES = frozenset("'’‘ʼʻ`´ʹ")
_HYPHENS = frozenset("-‐‑‒–—­")
_NOT_LETTERS = re.compile(r"[^a-z]+")


@cache  # a few hundred distinct letters in practice; called for every character
def _fold_char(char: str) -> str:
    lower = char.lower()
    if lower in _LETTERS:
        return _LETTERS[lower]
    if lower.isascii():
        return lower
    decomposed = unicodedata.normalize("NFKD", lower)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def fold_text(text: str) -> str:
    """Lower-case ASCII with diacritics removed and apostrophes dropped.

    Hyphens and every other non-letter become a single space; letters of other scripts
    vanish (they are romanised elsewhere, by their own script's rules).
    """
    chars = []
    for char in text:
        if char in _APOSTROPHES:
            continue
        chars.append(_fold_char(char))
    return _NOT_LETTERS.sub(" ", "".join(chars)).strip()


def fold_spelling(text: str) -> str:
    """A table spelling folded like a name: 'Trần' → 'tran', 'au yeung' unchanged."""
    return fold_text(text)


def latin_words(text: str) -> list[tuple[str, ...]]:
    """The words of a Latin-script name, each as its hyphen-separated syllables.

    'Xi Jin-ping' → [('xi',), ('jin', 'ping')]; 'CHEN, Zhiming' → [('chen',),
    ('zhiming',)]. Empty pieces (a stray hyphen) are dropped.
    """
    words: list[tuple[str, ...]] = []
    current: list[str] = []
    piece: list[str] = []

    def end_piece() -> None:
        folded = fold_text("".join(piece)).replace(" ", "")
        if folded:
            current.append(folded)
        piece.clear()

    def end_word() -> None:
        end_piece()
        if current:
            words.append(tuple(current))
        current.clear()

    for char in text:
        if char in _HYPHENS:
            end_piece()
        elif char in _APOSTROPHES:
            continue
        elif char.isalpha() or unicodedata.combining(char):
            piece.append(char)
        else:
            end_word()
    end_word()
    return words
