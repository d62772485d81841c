"""Chinese names in Han characters: both scripts and every customary romanisation.

One name, 陳志明, is written 陈志明 on the mainland, Chen Zhiming in pinyin, Chen
Chih-ming in Wade-Giles (Taiwan), Chan Chi-ming in Hong Kong, Tan Chee Beng in Penang
and Trần Chí Minh in Hanoi. Libraries give what they can: OpenCC the scripts, pypinyin
Mandarin (pinyin, Wade-Giles, Gwoyeu Romatzyh), ToJyutping Cantonese, taibun Hokkien
readings (each imported on first use: pypinyin and ToJyutping take about a second to
load their dictionaries, which a process that never sees a Han name should not pay);
the family-name spellings and the customary spellings of each community are
tables in ``liaison/data/names`` (their sources are cited there).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import opencc

from liaison.matching.names.combine import Choice, Part, Rendering, cheapest, interleave, ranked
from liaison.matching.names.folding import fold_text
from liaison.matching.names.mandarin import Mandarin, mandarin_readings, wade_giles
from liaison.matching.names.tables import Spellings, cell_map, rows, section, spellings

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")

# How many spellings each convention may contribute (see combine.interleave): enough
# for the common variants (Li/Lee Ka-sing/shing), few enough that the consumer's first
# forms cover every convention.
_LIMITS = {"pinyin": 1, "wade_giles": 1, "taiwan": 4, "cantonese": 8, "hokkien": 8}
_VIETNAMESE_LIMIT = 2


@dataclass(frozen=True)
class Surname:
    """One family name's spellings in each convention (chinese_surnames.yaml)."""

    pinyin: Spellings
    taiwan: Spellings
    cantonese: Spellings
    hokkien: Spellings
    vietnamese: Spellings


@cache
def _to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@cache
def _to_traditional() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


def han_scripts(text: str) -> tuple[str, str]:
    """(simplified, traditional) of the Han characters of a name, separators removed.

    When the name is already traditional it is kept as written: converting it to
    simplified and back could change a character the person's papers use.
    """
    han = "".join(_HAN.findall(text))
    simplified = str(_to_simplified().convert(han))
    traditional = han if simplified != han else str(_to_traditional().convert(han))
    return simplified, traditional


def _both_scripts(key: str) -> tuple[str, str]:
    simplified = str(_to_simplified().convert(key))
    return key, simplified


@cache
def _surnames() -> dict[str, Surname]:
    table = rows("chinese_surnames", "surnames", 7)
    out: dict[str, Surname] = {}
    for key, (pinyin, taiwan, cantonese, hokkien, teochew, hakka, vietnamese) in table.items():
        # Teochew follows Hokkien in the same registers; Hakka families in Malaysia and
        # Hong Kong write their names beside Cantonese ones, so each is tried after the
        # main spelling of its neighbour.
        surname = Surname(
            pinyin=pinyin,
            taiwan=taiwan,
            cantonese=tuple(dict.fromkeys((*cantonese, *hakka))),
            hokkien=tuple(dict.fromkeys((*hokkien, *teochew))),
            vietnamese=vietnamese,
        )
        for form in _both_scripts(key):
            out.setdefault(form, surname)
    return out


@cache
def _given() -> dict[str, tuple[Spellings, Spellings]]:
    table = rows("chinese_given", "characters", 2)
    out: dict[str, tuple[Spellings, Spellings]] = {}
    for key, (hokkien, vietnamese) in table.items():
        for form in _both_scripts(key):
            out.setdefault(form, (hokkien, vietnamese))
    return out


def surname_spellings() -> list[tuple[str, ...]]:
    """The one-word spellings of each family name across conventions, pinyin first."""
    groups: dict[tuple[str, ...], None] = {}
    for surname in _surnames().values():
        wade = tuple(wade_giles(p) for p in surname.pinyin if " " not in p)
        spellings = (
            *surname.pinyin,
            *wade,
            *surname.taiwan,
            *surname.cantonese,
            *surname.hokkien,
            *surname.vietnamese,
        )
        group = tuple(dict.fromkeys(s for s in spellings if s and " " not in s))
        groups.setdefault(group, None)
    return list(groups)


# --- Cantonese --------------------------------------------------------------------


@cache
def _jyutping_table() -> tuple[dict[str, Spellings], dict[str, Spellings], dict[str, Spellings]]:
    return (
        cell_map("jyutping_hk", "initials"),
        cell_map("jyutping_hk", "finals"),
        cell_map("jyutping_hk", "syllables"),
    )


_JYUTPING = re.compile(r"^(gw|kw|ng|[bpmfdtnlgkhwzcsj]?)([a-z]+?)([1-6]?)$")


@cache
def hong_kong_spellings(jyutping: str) -> Spellings:
    """Hong Kong Government spellings of one Jyutping syllable (zoeng1 → cheung)."""
    initials, finals, syllables = _jyutping_table()
    match = _JYUTPING.match(jyutping)
    if not match:
        return ()
    initial, final, _ = match.groups()
    whole = syllables.get(initial + final)
    if whole:
        return whole
    if initial not in initials or final not in finals:
        return ()
    out: dict[tuple[int, str], None] = {}
    for i, first in enumerate(initials[initial]):
        for j, second in enumerate(finals[final]):
            out[(i + j, first + second)] = None
    return tuple(spelling for _, spelling in sorted(out))


def _cantonese_readings(chars: str) -> list[Spellings]:
    import ToJyutping

    readings = ToJyutping.get_jyutping_list(chars)
    if len(readings) != len(chars):
        return [()] * len(chars)
    return [hong_kong_spellings(jp) if jp else () for _, jp in readings]


# --- Hokkien ----------------------------------------------------------------------


@cache
def _taibun() -> Any:
    # Imported on first use: Hokkien readings of rare characters only.
    from taibun import Converter

    # Tone marks are folded here; the dot of o͘ (U+0358) is kept as a second o.
    return Converter(system="POJ")


@cache
def _poj_customary() -> tuple[dict[str, str], dict[str, str], dict[str, Spellings]]:
    table = section("chinese_given", "poj_customary")
    return (
        {str(k): str(v) for k, v in table["syllables"].items()},
        {str(k): str(v) for k, v in table["initials"].items()},
        {
            str(k): spellings(str(v), where=f"chinese_given.yaml poj_customary.finals.{k}")
            for k, v in table["finals"].items()
        },
    )


@cache
def _hokkien_char(char: str) -> Spellings:
    known = _given().get(char)
    if known and known[0]:
        return known[0]
    marked = str(_taibun().get(char)).replace("ⁿ", "").replace("\u0358", "o")
    poj = fold_text(marked).replace(" ", "")
    if not poj.isalpha():
        return ()
    syllables, initials, finals = _poj_customary()
    if poj in syllables:
        return (syllables[poj], poj)
    customary = poj
    for initial, spelling in initials.items():
        if customary.startswith(initial):
            customary = spelling + customary[len(initial) :]
    out = [customary]
    for final, options in finals.items():
        if customary.endswith(final):
            out = [customary[: -len(final)] + option for option in options]
            break
    return tuple(dict.fromkeys((*out, poj)))


def _vietnamese_char(char: str) -> Spellings:
    known = _given().get(char)
    return known[1] if known else ()


# --- Assembly ---------------------------------------------------------------------


def starts_with_surname(text: str) -> bool:
    """Whether a Han name begins with a family name of the surname table."""
    han = "".join(_HAN.findall(text))
    surnames = _surnames()
    return han[:2] in surnames or han[:1] in surnames


def _split(segments: Sequence[str]) -> tuple[int, list[int]]:
    """Lengths of the family name and of each given-name word (surname first)."""
    if len(segments) > 1:
        return len(segments[0]), [len(s) for s in segments[1:]]
    name = segments[0]
    if len(name) == 1:
        return 1, []
    if len(name) > 2 and name[:2] in _surnames():
        return 2, [len(name) - 2]
    return 1, [len(name) - 1]


def _slots(values: Sequence[Spellings]) -> tuple[tuple[Choice, ...], ...]:
    return tuple(ranked(v) for v in values)


@dataclass(frozen=True)
class _Layout:
    """Where the family name and the given-name words sit in the name's characters."""

    family: str
    family_length: int
    given_lengths: list[int]

    def parts(
        self,
        per_char: Sequence[Spellings],
        column: Callable[[Surname], Spellings] | None = None,
    ) -> list[Part]:
        """The name's parts in one convention: the family name from the surname table
        when it is there, otherwise character by character like the given name."""
        surname = _surnames().get(self.family) if column else None
        known = column(surname) if column and surname else ()
        family = Part((ranked(known),)) if known else Part(_slots(per_char[: self.family_length]))
        parts = [family]
        start = self.family_length
        for length in self.given_lengths:
            parts.append(Part(_slots(per_char[start : start + length])))
            start += length
        return parts


def chinese_renderings(text: str) -> list[Rendering]:
    """Every customary romanisation of a Chinese name, best of each convention first."""
    segments = _HAN.findall(text)
    if not segments:
        return []
    traditional = [
        s if str(_to_simplified().convert(s)) != s else str(_to_traditional().convert(s))
        for s in segments
    ]
    chars = "".join(traditional)
    family_length, given_lengths = _split(traditional)
    layout = _Layout(chars[:family_length], family_length, given_lengths)

    readings = mandarin_readings(chars)
    surname = _surnames().get(layout.family)
    if surname and surname.pinyin and len(surname.pinyin[0].split()) == family_length:
        # The surname reading (單 shan, not dan) replaces the ordinary one.
        readings[:family_length] = [
            Mandarin(p, wade_giles(p), p) for p in surname.pinyin[0].split()
        ]
    pinyin = [(r.pinyin,) if r else () for r in readings]
    wade = [(r.wade_giles,) if r else () for r in readings]
    taiwan = [tuple(dict.fromkeys((r.wade_giles, r.gwoyeu))) if r else () for r in readings]
    hokkien = [_hokkien_char(c) for c in chars]
    vietnamese = [_vietnamese_char(c) for c in chars]

    groups = [
        cheapest(layout.parts(pinyin), _LIMITS["pinyin"]),
        cheapest(layout.parts(wade), _LIMITS["wade_giles"]),
        cheapest(layout.parts(taiwan, lambda s: s.taiwan), _LIMITS["taiwan"]),
        cheapest(
            layout.parts(_cantonese_readings(chars), lambda s: s.cantonese),
            _LIMITS["cantonese"],
        ),
        cheapest(layout.parts(hokkien, lambda s: s.hokkien), _LIMITS["hokkien"]),
    ]
    if all(vietnamese[family_length:]):
        groups.append(cheapest(layout.parts(vietnamese, lambda s: s.vietnamese), _VIETNAMESE_LIMIT))
    return interleave(groups)
