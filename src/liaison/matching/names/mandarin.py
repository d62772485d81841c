"""Mandarin in Latin letters: pinyin, Wade-Giles and Gwoyeu Romatzyh, both ways.

pypinyin reads the characters and writes every system; its Wade-Giles has known
errors on a dozen syllables, corrected by wade_giles.yaml. A name that arrives already
romanised (Chen Zhiming, Chen Chih-ming) is split into its syllables and written in
the other system, so the two spellings of one name meet without the characters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from liaison.matching.names.combine import Part, Rendering, cheapest, ranked
from liaison.matching.names.folding import fold_text
from liaison.matching.names.tables import section

# Spellings of a romanised name in the other system: Wade-Giles without apostrophes is
# ambiguous (chen is zhen or chen), so a few combinations are kept.
_CONVERSIONS = 4


@cache
def _wade_giles_fixes() -> dict[str, str]:
    return {k: str(v) for k, v in section("wade_giles", "corrections").items()}


@cache
def wade_giles(pinyin: str) -> str:
    """Wade-Giles of one toneless pinyin syllable, apostrophes and umlauts folded."""
    from pypinyin import Style
    from pypinyin.style import convert as pinyin_style

    fixed = _wade_giles_fixes().get(pinyin)
    if fixed is None:
        fixed = str(pinyin_style(pinyin.replace("ü", "v"), Style.WADEGILES, strict=False))
    # pypinyin writes ü as v; folding (Ch'ü → chu) follows the passports.
    return fold_text(fixed.replace("v", "ü")).replace(" ", "")


@dataclass(frozen=True)
class Mandarin:
    """One syllable in the Mandarin conventions: pinyin, Wade-Giles, Gwoyeu Romatzyh."""

    pinyin: str
    wade_giles: str
    gwoyeu: str


@cache
def mandarin(marked: str) -> Mandarin:
    """The conventions of one tone-marked pinyin syllable (yīng → ying, ying, ing)."""
    from pypinyin import Style
    from pypinyin.style import convert as pinyin_style

    plain = fold_text(str(pinyin_style(marked, Style.NORMAL, strict=False))).replace(" ", "")
    # Gwoyeu Romatzyh spells the tone into the letters (九 jeou, 英 ing): Taiwanese
    # passports mix it into Wade-Giles (Ma Ying-jeou, Tsai Ing-wen).
    gwoyeu = fold_text(str(pinyin_style(marked, Style.GWOYEU, strict=False))).replace(" ", "")
    return Mandarin(plain, wade_giles(plain), gwoyeu)


@cache
def _phrases() -> tuple[frozenset[str], int]:
    from pypinyin.constants import PHRASES_DICT

    return frozenset(PHRASES_DICT), max(map(len, PHRASES_DICT), default=0)


@cache
def _char_marked(char: str) -> str:
    from pypinyin import Style, lazy_pinyin

    marked = lazy_pinyin(char, style=Style.TONE)
    return marked[0] if len(marked) == 1 else char


def _in_a_phrase(chars: str) -> bool:
    phrases, longest = _phrases()
    n = len(chars)
    return any(
        chars[i : i + size] in phrases
        for i in range(n - 1)
        for size in range(2, min(longest, n - i) + 1)
    )


def mandarin_readings(chars: str) -> list[Mandarin | None]:
    from pypinyin import Style, lazy_pinyin

    if _in_a_phrase(chars):
        # One call for the whole name: pypinyin picks a heteronym's reading from the
        # characters around it (its phrase list).
        marked = lazy_pinyin(chars, style=Style.TONE)
        if len(marked) != len(chars):
            marked = [_char_marked(c) for c in chars]
    else:
        # No phrase of pypinyin's in the name: each character reads as it does alone,
        # as pypinyin would read it, from a per-character cache (names are new, their
        # characters are not).
        marked = [_char_marked(c) for c in chars]
    return [mandarin(m) if m != c else None for m, c in zip(marked, chars, strict=True)]


@cache
def _pinyin_syllables() -> frozenset[str]:
    from pypinyin.pinyin_dict import pinyin_dict

    marked = {m for readings in pinyin_dict.values() for m in readings.split(",")}
    plain = {fold_text(m) for m in marked}
    # Bare nasals (m, ng, hm) are interjections, never a syllable of a name.
    return frozenset(p for p in plain if p.isalpha() and any(v in p for v in "aeiou"))


@cache
def _wade_giles_to_pinyin() -> dict[str, tuple[str, ...]]:
    out: dict[str, dict[str, None]] = {}
    for syllable in sorted(_pinyin_syllables()):
        out.setdefault(wade_giles(syllable), {})[syllable] = None
    return {wade: tuple(pinyin) for wade, pinyin in out.items()}


@cache
def split_syllables(word: str, system: str) -> tuple[str, ...] | None:
    """A written word split into the syllables of a system (zhiming → zhi, ming).

    ``system`` is "pinyin" or "wade_giles"; None when the word is not made of that
    system's syllables. The split with the fewest syllables wins (xian, not xi an).
    """
    inventory = _pinyin_syllables() if system == "pinyin" else _wade_giles_to_pinyin()
    best: list[tuple[str, ...] | None] = [()] + [None] * len(word)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 6), end):
            previous = best[start]
            piece = word[start:end]
            # Inside a word a syllable never starts with a vowel (pinyin writes Xi'an
            # with an apostrophe), so "chee" is not che + e.
            if start and piece[0] in "aeo":
                continue
            if previous is not None and piece in inventory:
                candidate = (*previous, piece)
                current = best[end]
                if current is None or len(candidate) < len(current):
                    best[end] = candidate
    return best[len(word)]


def converted_renderings(words: Sequence[tuple[str, ...]]) -> list[Rendering]:
    """A Latin Chinese name in the other Mandarin system: Chen Zhiming → chen chih
    ming, Chen Chih-ming → chen zhi ming. Empty unless every word is made of that
    system's syllables and the name has a family and a given name.
    """
    if len(words) < 2:
        return []
    out: list[Rendering] = []
    as_pinyin = [split_syllables("".join(w), "pinyin") for w in words]
    if all(as_pinyin):
        out.append(tuple(tuple(wade_giles(p) for p in word or ()) for word in as_pinyin))
    as_wade = [split_syllables("".join(w), "wade_giles") for w in words]
    if all(as_wade):
        table = _wade_giles_to_pinyin()
        parts = [Part(tuple(ranked(table[s]) for s in word or ())) for word in as_wade]
        out.extend(cheapest(parts, _CONVERSIONS))
    return [r for r in out if r != tuple(words)]
