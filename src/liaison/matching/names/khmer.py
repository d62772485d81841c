"""Khmer names: the customary spellings of known names, UNGEGN rules for the rest.

Cambodians write their names in Latin letters by custom rather than by a system (Hun
Sen, not UNGEGN's Hun Saen; Norodom, not Noroattam), so each written word is first
looked up in khmer.yaml's name table. Other words are romanised by syllable with the
UNGEGN tables: a consonant's series decides its vowel's sound, a vowelless consonant
after a syllable closes it, a subscript (coeng) after an open syllable starts the next
one. Each word gets the UNGEGN form and a customary-style form (the second spelling of
each letter where the table gives one).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from liaison.matching.names.combine import Choice, Part, Rendering, cheapest, ranked
from liaison.matching.names.tables import Spellings, cell_map, section, spelling_lists, spellings

COENG = "\u17d2"
_TO_FIRST = "\u17c9"  # muusikatoan: a second-series consonant sounds first-series
_TO_SECOND = "\u17ca"  # triisap: a first-series consonant sounds second-series
_SILENCER = "\u17cd"  # toandakhiat: the consonant under it is not pronounced
_ROBAT = "\u17cc"
_IGNORED = frozenset("\u17cb\u17ce\u17cf\u17d0\u17d1\u17d3\u17dd\u200b\u200c\u200d")
_LIMIT = 8
_SONORANTS = frozenset("ងញនមយរលវ")


@dataclass(frozen=True)
class Letter:
    """A consonant: its series (1 or 2) and its initial and final spellings."""

    series: int
    initial: Spellings
    final: Spellings


@dataclass(frozen=True)
class KhmerTables:
    """khmer.yaml, parsed."""

    consonants: dict[str, Letter]
    vowels: dict[str, tuple[Spellings, Spellings]]
    inherent: tuple[Spellings, Spellings]
    independent: dict[str, Spellings]
    names: dict[str, Spellings]


@cache
def tables() -> KhmerTables:
    """The Khmer tables, read once."""
    consonants = {}
    for letter, (series, initial, final) in section("khmer", "consonants").items():
        where = f"khmer.yaml consonants.{letter}"
        consonants[str(letter)] = Letter(
            int(series), spellings(str(initial), where=where), spellings(str(final), where=where)
        )
    vowels: dict[str, tuple[Spellings, Spellings]] = {}
    for key in ("vowels", "vowel_signs"):
        for sign, (first, second) in section("khmer", key).items():
            where = f"khmer.yaml {key}.{sign}"
            vowels[str(sign)] = (spellings(first, where=where), spellings(second, where=where))
    first, second = section("khmer", "inherent")
    return KhmerTables(
        consonants=consonants,
        vowels=vowels,
        inherent=(
            spellings(first, where="khmer.yaml inherent"),
            spellings(second, where="khmer.yaml inherent"),
        ),
        independent=cell_map("khmer", "independent"),
        names=spelling_lists("khmer", "names"),
    )


def customary_spellings() -> list[tuple[str, ...]]:
    """The spellings of each known Khmer name word (for token variants)."""
    return [tuple(v for v in values if " " not in v) for values in tables().names.values()]


@dataclass
class _Cluster:
    """A base consonant with its subscripts, series marks and vowel signs."""

    consonants: list[str] = field(default_factory=list)
    series_mark: str = ""
    vowel: str = ""
    silent: bool = False
    independent: str = ""


def _clusters(word: str) -> list[_Cluster]:
    consonants = tables().consonants
    out: list[_Cluster] = []
    i = 0
    while i < len(word):
        char = word[i]
        if char in consonants:
            out.append(_Cluster([char]))
        elif char == COENG and i + 1 < len(word) and out and word[i + 1] in consonants:
            out[-1].consonants.append(word[i + 1])
            i += 1
        elif char in (_TO_FIRST, _TO_SECOND) and out:
            out[-1].series_mark = char
        elif char == _SILENCER and out:
            out[-1].silent = True
        elif char == _ROBAT and out:
            out[-1].consonants.append("រ")
        elif char in tables().independent:
            out.append(_Cluster(independent=char))
        elif char not in _IGNORED and out and "\u17b6" <= char <= "\u17c8":
            out[-1].vowel += char
        i += 1
    return [c for c in out if not c.silent]


def _series(cluster: _Cluster) -> int:
    letters = tables().consonants
    if cluster.series_mark == _TO_FIRST:
        return 1
    if cluster.series_mark == _TO_SECOND:
        return 2
    # A cluster sounds in its base's series, except a first-series base over a
    # second-series stop, which takes the second (ស្ពាន spean; but ស្រី srei, since ř
    # is a sonorant). Huffman, "Cambodian System of Writing" (1970), ch. 9.
    base = letters[cluster.consonants[0]].series
    stops = [c for c in cluster.consonants[1:] if c not in _SONORANTS]
    if base == 1 and any(letters[c].series == 2 for c in stops):
        return 2
    return base


def _pick(options: Spellings, style: int) -> str:
    if not options:
        return ""
    return options[min(style, len(options) - 1)]


def romanise_word(word: str, style: int) -> str:
    """One Khmer word by rule: style 0 is UNGEGN, style 1 the customary habits."""
    t = tables()
    syllables: list[list[str]] = []  # each: [initial, vowel, final]
    open_inherent = False  # the last syllable has an inherent vowel and no final yet
    clusters = _clusters(word)
    for cluster in clusters:
        if cluster.independent:
            syllables.append(["", _pick(t.independent[cluster.independent], style), ""])
            open_inherent = False
            continue
        letters = [t.consonants[c] for c in cluster.consonants]
        previous = syllables[-1] if syllables else None
        can_close = previous is not None and not previous[2] and previous[1] != ""
        if not cluster.vowel and can_close and previous is not None:
            # A bare consonant after an open syllable closes it (ផល: pha + l).
            previous[2] = _pick(letters[0].final, style)
            letters = letters[1:]
            open_inherent = False
            if not letters:
                continue
            cluster = _Cluster(cluster.consonants[1:], cluster.series_mark, cluster.vowel)
        elif len(letters) > 1 and open_inherent and previous is not None:
            # A subscript after an open inherent-vowel syllable: the base closes that
            # syllable and the subscript starts the next (រង្ស៊ី: rong + si).
            previous[2] = _pick(letters[0].final, style)
            letters = letters[1:]
            cluster = _Cluster(cluster.consonants[1:], cluster.series_mark, cluster.vowel)
        series = _series(cluster) - 1
        initial = "".join(_pick(letter.initial, style) for letter in letters)
        if style and len(letters) > 1 and cluster.consonants[0] == "ប":
            initial = "p" + initial[1:]  # ប្រាក់ Prak: ប before a subscript sounds p
        if cluster.series_mark == _TO_FIRST and cluster.consonants[:1] == ["ប"]:
            initial = "p"  # ប៉ is the p of loanwords and names (ប៉ុល Pol)
        if cluster.vowel:
            vowel = _pick(t.vowels.get(cluster.vowel, ((), ()))[series], style)
            open_inherent = False
            if style and cluster is clusters[-1]:
                # The customary ends of a name: ឡី Ley, សារី Sary, ហោ Hor.
                if cluster.vowel == "ី":
                    vowel = "ey" if series == 0 else "y"
                elif cluster.vowel == "ោ":
                    vowel = "or"
        else:
            vowel = _pick(t.inherent[series], style)
            open_inherent = True
        syllables.append([initial, vowel, ""])
    return "".join("".join(s) for s in syllables)


def khmer_renderings(text: str) -> list[Rendering]:
    """Spellings of a Khmer name, word by word in the order written."""
    names = tables().names
    parts: list[Part] = []
    for word in text.split():
        khmer = "".join(c for c in word if "\u1780" <= c <= "\u17ff")
        if not khmer:
            continue
        known = names.get(khmer)
        if known:
            parts.append(Part((ranked(known),)))
            continue
        forms = [romanise_word(khmer, 0), romanise_word(khmer, 1)]
        choices = tuple(Choice((f,), i) for i, f in enumerate(dict.fromkeys(forms)) if f)
        if choices:
            parts.append(Part((choices,)))
    return cheapest(parts, _LIMIT)
