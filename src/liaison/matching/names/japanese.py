"""Japanese names: kanji and kana to Hepburn, in every spelling passports and the press use.

Kanji names are read from japanese_names.tsv: the family names and given names of
SudachiDict (Apache-2.0) with all their readings (聖 Satoshi, Kiyoshi, Hijiri), and for a
given name the dictionary lacks, each kanji's readings in names. (pykakasi also reads
names but is GPL-3.0, and sudachipy with its dictionary is 115-200 MB for what is, for
names, a 4 MB table.) A name written without a space (安倍晋三) is cut where a known
family name meets a known given name. Kana is romanised from kana.yaml.

Each reading is written the ways Hepburn is written: passport style without long vowels
(Shinzo, Ono, Ito) and with m before b, m, p (Nambu), spelled out (Shinzou), with n
before b, m, p (Nanbu) and with ``oh`` for a long o (Ohno, Itoh).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import opencc

from liaison.errors import ConfigurationError
from liaison.matching.names.combine import Choice, Part, Rendering, cheapest
from liaison.matching.names.tables import section

# A long o spelled out (ou, oo) and a long u: the "ou" of Inoue (i-no-ue) is two
# syllables, so "ou" before e stays.
_LONG_O = re.compile(r"ou(?!e)|oo")
_LONG_U = re.compile(r"uu")
_N_LABIAL = re.compile(r"n(?=[bmp])")
_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々]")
_SEPARATORS = re.compile(r"[\s・=＝·]+")

# Readings tried per family name and per given name, and whole-name readings kept.
_FAMILY_READINGS = 3
_GIVEN_READINGS = 4
_COMPOSED_READINGS = 3
_READINGS = 4
# Forms kept per name: every reading in passport style, then the other styles.
_FORMS = 12
# A composed reading (kanji by kanji) costs more than any dictionary reading.
_COMPOSED_COST = 3


@dataclass(frozen=True)
class NameTable:
    """japanese_names.tsv, parsed: readings by written form."""

    family: dict[str, tuple[str, ...]]
    given: dict[str, tuple[str, ...]]
    kanji: dict[str, tuple[str, ...]]


@cache
def names_table() -> NameTable:
    """The Japanese name readings, read once (about 0.2 s)."""
    path = resources.files("liaison").joinpath("data/names/japanese_names.tsv")
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise ConfigurationError(f"name table japanese_names.tsv cannot be read: {exc}") from exc
    kinds: dict[str, dict[str, tuple[str, ...]]] = {"s": {}, "g": {}, "k": {}}
    for number, line in enumerate(text.splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 3 or fields[0] not in kinds or not fields[2]:
            raise ConfigurationError(f"name table japanese_names.tsv line {number} is malformed")
        kinds[fields[0]][fields[1]] = tuple(fields[2].split("/"))
    return NameTable(family=kinds["s"], given=kinds["g"], kanji=kinds["k"])


def passport_hepburn(spelled: str) -> str:
    """'shinzou' → 'shinzo', 'oono' → 'ono', 'yuuko' → 'yuko' (passport Hepburn)."""
    return _LONG_U.sub("u", _LONG_O.sub("o", spelled))


def _styles(spelled: str) -> tuple[str, str, str, str]:
    passport = passport_hepburn(spelled)
    return (
        _N_LABIAL.sub("m", passport),
        spelled,
        passport,
        _LONG_U.sub("u", _LONG_O.sub("oh", spelled)),
    )


def hepburn_spellings(spelled: str) -> tuple[str, ...]:
    """The ways one spelled-out reading is written, passport style first.

    'oono' → ono, oono, ohno; 'nanbu' → nambu, nanbu; 'satou' → sato, satou, satoh.
    """
    return tuple(dict.fromkeys(_styles(spelled)))


@cache
def _kana() -> tuple[dict[str, str], dict[str, str]]:
    digraphs = {str(k): str(v) for k, v in section("kana", "digraphs").items()}
    single = {str(k): str(v) for k, v in section("kana", "single").items()}
    return digraphs, single


def kana_to_hepburn(text: str) -> str:
    """Hepburn of kana (either script); other characters are dropped."""
    digraphs, single = _kana()
    hira = "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)
    out: list[str] = []
    double_next = False
    i = 0
    while i < len(hira):
        pair, char = hira[i : i + 2], hira[i]
        if char == "っ":
            double_next = True
            i += 1
            continue
        if char == "ー" and out:
            # A katakana long-vowel mark repeats the vowel (spelled-out form).
            out.append(out[-1][-1])
            i += 1
            continue
        value = digraphs.get(pair)
        step = 2
        if value is None:
            value, step = single.get(char, ""), 1
        if double_next and value:
            value = ("t" if value.startswith("ch") else value[0]) + value
            double_next = False
        out.append(value)
        i += step
    return "".join(out)


def _is_kana(text: str) -> bool:
    return all("\u3041" <= c <= "\u30ff" for c in text)


@cache
def _shinjitai() -> opencc.OpenCC:
    return opencc.OpenCC("t2jp")


@lru_cache(maxsize=8192)
def _modern(written: str) -> str:
    """The name in the post-1946 kanji (齋藤 → 斎藤, 彌生 → 弥生), kanji for kanji."""
    modern = str(_shinjitai().convert(written))
    return modern if len(modern) == len(written) else written


def _lookup(table: dict[str, tuple[str, ...]], written: str, modern: str) -> tuple[str, ...]:
    return table.get(written) or table.get(modern) or ()


def _pieces(modern: str) -> list[str] | None:
    """A given name cut into the fewest known pieces (紀代|秀, 良|治), never whole."""
    table = names_table()
    best: list[list[str] | None] = [[]] + [None] * len(modern)
    for end in range(1, len(modern) + 1):
        for start in range(max(0, end - 3), end):
            previous = best[start]
            if previous is None or end - start == len(modern) > 1:
                continue
            piece = modern[start:end]
            if piece in table.given or piece in table.kanji or _is_kana(piece):
                current = best[end]
                if current is None or len(previous) + 1 < len(current):
                    best[end] = [*previous, piece]
    return best[len(modern)]


def _composed(modern: str) -> tuple[str, ...]:
    """Readings of a given name piece by piece: for a name the dictionary lacks, and
    for one it knows with fewer readings than people use (良治 Yoshiharu in the
    dictionary, Ryoji too)."""
    table = names_table()
    pieces = _pieces(modern)
    if not pieces:
        return ()
    slots = []
    for piece in pieces:
        if _is_kana(piece):
            readings: tuple[str, ...] = (kana_to_hepburn(piece),)
        else:
            # Inside a longer name a kanji reads as it does in other names (治 ji,
            # haru), before its reading as a whole name (治 Osamu).
            inside = table.kanji.get(piece, ()) if len(piece) == 1 else ()
            readings = tuple(dict.fromkeys((*inside, *table.given.get(piece, ()))))
        slots.append(tuple(Choice((r,), i) for i, r in enumerate(readings[:_GIVEN_READINGS])))
    found = cheapest([Part(tuple(slots))], _COMPOSED_READINGS)
    return tuple("".join(word[0]) for word in found if word)


@lru_cache(maxsize=4096)
def given_readings(written: str) -> tuple[Choice, ...]:
    """A given name's readings: the dictionary's, then composed ones (costlier)."""
    if _is_kana(written):
        return (Choice((kana_to_hepburn(written),)),)
    modern = _modern(written)
    known = _lookup(names_table().given, written, modern)[:_GIVEN_READINGS]
    out = {r: i for i, r in enumerate(known)}
    for reading in _composed(modern):
        out.setdefault(reading, _COMPOSED_COST + len(out))
    return tuple(Choice((r,), cost) for r, cost in out.items())


@lru_cache(maxsize=4096)
def family_readings(written: str) -> tuple[Choice, ...]:
    """A family name's readings (kana is read as written)."""
    if _is_kana(written):
        return (Choice((kana_to_hepburn(written),)),)
    known = _lookup(names_table().family, written, _modern(written))[:_FAMILY_READINGS]
    return tuple(Choice((r,), i) for i, r in enumerate(known))


@lru_cache(maxsize=4096)
def _cuts(chunk: str) -> tuple[tuple[int, str, str, bool], ...]:
    """Where an unspaced name divides into family and given name, likeliest first:
    (cost, family, given, whether the table knows the given name whole).

    A family name of two kanji is the commonest, then one and three; a given name the
    dictionary knows beats one read kanji by kanji.
    """
    table = names_table()
    modern = _modern(chunk)
    prior = {2: 0, 1: 1, 3: 1}
    out = []
    for cut in range(1, len(chunk)):
        if not (chunk[:cut] in table.family or modern[:cut] in table.family):
            continue
        given = chunk[cut:]
        whole = given in table.given or modern[cut:] in table.given or _is_kana(given)
        if not whole and not _pieces(modern[cut:]):
            continue
        out.append((prior.get(cut, 3) + (0 if whole else 2), chunk[:cut], given, whole))
    out.sort(key=lambda item: item[0])
    # A second division only when it is nearly as likely as the first.
    return tuple(cut for cut in out if cut[0] <= out[0][0] + 1)


def split_name(text: str) -> list[tuple[str, list[str]]]:
    """(family, given words) readings of a name as written, likeliest first (at most 2)."""
    chunks = [unicodedata.normalize("NFKC", c) for c in _SEPARATORS.split(text.strip()) if c]
    chunks = [c for c in chunks if _KANJI.search(c) or _is_kana(c)]
    if not chunks:
        return []
    if len(chunks) > 1:
        return [(chunks[0], chunks[1:])]
    if _is_kana(chunks[0]):
        return [(chunks[0], [])]
    return [(family, [given]) for _, family, given, _ in _cuts(chunks[0])[:2]]


def kanji_name_kind(text: str) -> str:
    """How a kanji-only name reads: "japanese", "either" or "" (not Japanese).

    A name that divides into a family name of the Japanese table and a given name it
    knows whole is Japanese when the family name has two kanji or more (安倍|晋三: most
    Japanese family names have two, Chinese ones one) and either Japanese or Chinese
    when it has one (林|芳正, but also 李|克強, since many Chinese given names are
    Japanese ones too), or when the given name is only read kanji by kanji (田上|不美夫).
    """
    cuts = _cuts("".join(_SEPARATORS.split(text.strip())))
    if not cuts:
        return ""
    _, family, _, whole = cuts[0]
    if whole:
        return "japanese" if len(family) >= 2 else "either"
    return "either" if len(family) >= 2 else ""


def _renderings(text: str) -> list[Rendering]:
    out: dict[Rendering, None] = {}
    for family, given in split_name(text):
        parts = [Part((family_readings(family),))]
        parts.extend(Part((given_readings(word),)) for word in given)
        if all(part.slots[0] for part in parts):
            out.update(dict.fromkeys(cheapest(parts, _READINGS)))
    return list(out)


def _spelled(readings: Iterable[Rendering]) -> list[Rendering]:
    """Each reading in each Hepburn style: first every reading in passport style, then
    the other styles of each. The ``oh`` of a long o is a family-name habit (Shohei
    Ohtani, Hiroshi Itoh): that style keeps the given name in passport style."""
    styles: list[list[Rendering]] = []
    for rendering in readings:
        words = [_styles(word[0]) for word in rendering]
        ways: list[Rendering] = [tuple((w[i],) for w in words) for i in range(3)]
        ways.append(tuple((w[3 if n == 0 else 0],) for n, w in enumerate(words)))
        styles.append(ways)
    out: dict[Rendering, None] = {}
    for ways in styles:
        out.setdefault(ways[0], None)
    for ways in styles:
        out.update(dict.fromkeys(ways[1:]))
    return list(out)


def japanese_renderings(text: str) -> list[Rendering]:
    """Hepburn spellings of a Japanese name, family name first as written."""
    return _spelled(_renderings(text))[:_FORMS]
