"""Korean names in Hangul: Revised Romanization and the customary passport spellings.

A Hangul syllable is arithmetic over its jamo (Unicode chapter 18.6), so the Revised
Romanization of a name needs no library, only korean.yaml's jamo table. Libraries that
romanise running Korean text (korean-romanizer) apply the sound changes between
syllables, which the official rule for personal names leaves out (한복남 Han Boknam);
they are also GPL-licensed. The customary spellings (Lee, Park, Roh; Myung, Moo) are
the table's variant lists.
"""

from __future__ import annotations

from functools import cache

from liaison.errors import ConfigurationError
from liaison.matching.names.combine import Choice, Part, Rendering, cheapest
from liaison.matching.names.tables import Spellings, section, spelling_lists, spellings

_FIRST = 0xAC00
_LAST = 0xD7A3
# A syllable's first spellings: enough for the RR form and the two or three spellings
# passports use, no more (each given syllable multiplies the name's forms).
_PER_SYLLABLE = 4
_LIMIT = 16


@cache
def _jamo() -> tuple[list[Spellings], list[Spellings], list[Spellings]]:
    def column(key: str, size: int) -> list[Spellings]:
        values = section("korean", key)
        if not isinstance(values, list) or len(values) != size:
            raise ConfigurationError(f"name table korean.yaml {key}: expected {size} entries")
        return [spellings(str(v), where=f"korean.yaml {key}[{i}]") for i, v in enumerate(values)]

    return column("initials", 19), column("vowels", 21), column("finals", 28)


@cache
def _surnames() -> dict[str, tuple[Choice, ...]]:
    out: dict[str, tuple[Choice, ...]] = {}
    for hangul, values in spelling_lists("korean", "surnames").items():
        # The RR spelling and the first customary one are equally likely in a file
        # (I / Lee, Bak / Park); the rest are rarer.
        out[hangul] = tuple(Choice((v,), max(0, i - 1)) for i, v in enumerate(values))
    return out


def surname_spellings() -> list[tuple[str, ...]]:
    """The spellings of each Korean family name, RR first (for token variants)."""
    return list(spelling_lists("korean", "surnames").values())


def is_hangul(char: str) -> bool:
    """Whether a character is a precomposed Hangul syllable."""
    return _FIRST <= ord(char) <= _LAST


@cache
def syllable_choices(syllable: str) -> tuple[Choice, ...]:
    """The spellings of one Hangul syllable, RR first, each costed by its departures."""
    initials, vowels, finals = _jamo()
    offset = ord(syllable) - _FIRST
    initial, rest = divmod(offset, 21 * 28)
    vowel, final = divmod(rest, 28)
    found: dict[str, int] = {}
    for i, first in enumerate(initials[initial]):
        for j, middle in enumerate(vowels[vowel]):
            for k, last in enumerate(finals[final]):
                spelling = first + middle + last
                cost = i + j + k
                if spelling not in found or cost < found[spelling]:
                    found[spelling] = cost
    best = sorted(found.items(), key=lambda item: (item[1], list(found).index(item[0])))
    return tuple(Choice((s,), c) for s, c in best[:_PER_SYLLABLE])


def korean_renderings(text: str) -> list[Rendering]:
    """Spellings of a Korean name: family name first as written, given name syllables."""
    words = ["".join(c for c in w if is_hangul(c)) for w in text.split()]
    words = [w for w in words if w]
    if not words:
        return []
    if len(words) == 1:
        name = words[0]
        cut = 2 if len(name) > 2 and name[:2] in _surnames() else 1
        words = [name[:cut], name[cut:]] if len(name) > 1 else [name]
    family, given = words[0], words[1:]
    family_choices = _surnames().get(family)
    family_part = (
        Part((family_choices,))
        if family_choices
        else Part(tuple(syllable_choices(c) for c in family))
    )
    parts = [family_part, *(Part(tuple(syllable_choices(c) for c in w)) for w in given)]
    return cheapest(parts, _LIMIT)
