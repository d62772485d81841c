"""How each agency writes a person's name: script, romanisation, order and mistakes.

An agency's *style* is the convention of its files: Cambodian records write Khmer script
or copy the passport's Latin letters; the mainland writes simplified Hanzi and pinyin;
Taiwan traditional Hanzi and Wade-Giles; Thai and Vietnamese files copy passports and add
what informants say; a California gang unit writes given name first, English names and
street monikers. The same person therefore appears as 陈志明, 陳志明, CHEN ZHIMING,
CHEN CHIH-MING, ចេន ជីមីង, Tan Chee Beng, Trần Chí Minh or Kevin Chen.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable

from liaison.demo.people import ChineseName, KhmerName, Person, ThaiName, VietName
from liaison.demo.tables import Hanzi, Weighted

NameEntry = dict[str, str]
STYLES = ("khmer", "mainland", "taiwan", "thai", "vietnamese", "us")

# Orders and cases of a Latin name: CHEN ZHIMING, Chen Zhiming, CHEN Zhiming, ...
_ARRANGE: dict[str, Callable[[str, str], str]] = {
    "FG": lambda f, g: f"{f} {g}",
    "FG_UPPER": lambda f, g: f"{f} {g}".upper(),
    "F_UPPER_G": lambda f, g: f"{f.upper()} {g}",
    "F_COMMA_G": lambda f, g: f"{f.upper()}, {g}",
    "GF": lambda f, g: f"{g} {f}",
    "GF_UPPER": lambda f, g: f"{g} {f}".upper(),
    "G_F_UPPER": lambda f, g: f"{g} {f.upper()}",
}
_MAINLAND = Weighted.of(
    [("FG", 40), ("FG_UPPER", 25), ("F_UPPER_G", 20), ("GF", 8), ("G_F_UPPER", 7)]
)
# Zhiming (the standard), Zhi Ming, Zhi-ming.
_PINYIN_JOIN = Weighted.of([("", 80), (" ", 10), ("-", 10)])
_COPIED = Weighted.of([("FG_UPPER", 60), ("F_UPPER_G", 15), ("F_COMMA_G", 10), ("FG", 15)])
_ABROAD = Weighted.of([("FG_UPPER", 50), ("FG", 30), ("GF", 20)])
_WESTERN = Weighted.of([("GF", 70), ("G_F_UPPER", 15), ("GF_UPPER", 15)])
# Letters clerks confuse when writing a name by ear or from a bad copy.
_SIMILAR = {"i": "y", "y": "i", "o": "u", "u": "o", "e": "a", "a": "e", "c": "k", "k": "c"}


def _entry(value: str, kind: str = "primary", family: str = "", given: str = "") -> NameEntry:
    entry = {"value": value, "kind": kind}
    if family:
        entry["family"] = family
    if given:
        entry["given"] = given
    return entry


def _latin(family: str, given: str, fmt: str, kind: str = "romanisation") -> NameEntry:
    return _entry(_ARRANGE[fmt](family, given), kind, family, given)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def strip_diacritics(text: str) -> str:
    """Vietnamese as written without diacritics (Nguyễn Văn Đức -> Nguyen Van Duc)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def misspell(rng: random.Random, text: str) -> str:
    """``text`` with one typing mistake inside a word: a swap, a drop, a double, a slip."""
    spots = [i for i in range(1, len(text)) if text[i].isalpha() and text[i - 1].isalpha()]
    if not spots:
        return text
    i = rng.choice(spots)
    ch, action = text[i], rng.randrange(4)
    after = text[i + 1] if i + 1 < len(text) else ""
    if action == 0 and after.isalpha() and after != ch:
        return text[:i] + after + ch + text[i + 2 :]
    if action == 3 and ch.lower() in _SIMILAR:
        slip = _SIMILAR[ch.lower()]
        return text[:i] + (slip.upper() if ch.isupper() else slip) + text[i + 1 :]
    if action == 1 and len(text) > 3:
        return text[:i] + text[i + 1 :]
    return text[:i] + ch + text[i:]


def _reading(h: Hanzi, system: str) -> str:
    return str(getattr(h, system))


def chinese_latin(
    name: ChineseName, system: str, *, passport: bool = False, join: str | None = None
) -> tuple[str, str]:
    """Family and given name romanised in ``system`` (pinyin, wade_giles, cantonese,
    hokkien or vietnamese); ``join`` is how given syllables meet: "" (Zhiming), "-"
    (Chih-ming) or " " (Chee Beng). Passports drop apostrophes and umlauts."""
    parts = [_reading(h, system) for h in name.given]
    family = _reading(name.family, system)
    if join is None:
        join = {"pinyin": "", "wade_giles": "-", "cantonese": "-"}.get(system, " ")
    if system == "pinyin" and join == "" and not passport:
        # A syllable starting with a vowel gets an apostrophe inside a word (Cheng'en).
        parts = parts[:1] + [("'" + p if p[0] in "aoe" else p) for p in parts[1:]]
    given = " ".join(_cap(p) for p in parts) if join == " " else _cap(join.join(parts))
    family = _cap(family)
    if passport:
        family, given = (
            t.replace("'", "").replace("ü", "u").replace("Ü", "U") for t in (family, given)
        )
    return family, given


def _hanzi(name: ChineseName, simplified: bool, kind: str = "primary") -> NameEntry:
    family = name.family.simplified if simplified else name.family.traditional
    given = "".join(h.simplified if simplified else h.traditional for h in name.given)
    return _entry(family + given, kind, family, given)


def _passport(person: Person, name: ChineseName) -> tuple[str, str]:
    return chinese_latin(name, person.latin, passport=True)


def _mainland(rng: random.Random, person: Person, name: ChineseName) -> list[NameEntry]:
    names = [_hanzi(name, True)]
    if rng.random() < 0.9:
        spelled = chinese_latin(name, "pinyin", join=_PINYIN_JOIN.pick(rng))
        names.append(_latin(*spelled, _MAINLAND.pick(rng)))
    if person.nationality != "CN" and rng.random() < 0.6:
        names.append(_latin(*_passport(person, name), "FG_UPPER", "alias"))
    return names


def _taiwan(rng: random.Random, person: Person, name: ChineseName) -> list[NameEntry]:
    names = [_hanzi(name, False)]
    if rng.random() < 0.9:
        if person.latin == "wade_giles" and rng.random() < 0.4:
            proper = rng.random() < 0.4  # with apostrophes, as in older files
            spelled = chinese_latin(name, "wade_giles", passport=not proper)
            names.append(_latin(*spelled, "FG"))
        else:
            names.append(_latin(*_passport(person, name), "FG_UPPER"))
    return names


def _cambodian(rng: random.Random, person: Person, name: ChineseName) -> list[NameEntry]:
    mainland, r = person.nationality == "CN", rng.random()
    if r < 0.4:  # written by ear in Khmer script
        family = name.family.khmer
        given = "".join(h.khmer for h in name.given)
        names = [_entry(f"{family} {given}", "primary", family, given)]
        if rng.random() < 0.75:
            names.append(_latin(*_passport(person, name), "FG_UPPER"))
        return names
    if r < 0.85:  # copied from the passport
        latin = _latin(*_passport(person, name), _COPIED.pick(rng), "primary")
        if rng.random() < 0.1:
            latin = _entry(misspell(rng, latin["value"]))
        names = [latin]
        if rng.random() < 0.25:
            names.append(_hanzi(name, mainland, "alias"))
        return names
    return [_hanzi(name, mainland), _latin(*_passport(person, name), "FG_UPPER")]


def _neighbour(
    rng: random.Random, person: Person, name: ChineseName, style: str
) -> list[NameEntry]:
    latin = _latin(*_passport(person, name), _ABROAD.pick(rng), "primary")
    if rng.random() < 0.08:
        latin = _entry(misspell(rng, latin["value"]))
    names = [latin]
    if style == "thai" and person.nationality in ("CN", "TW") and rng.random() < 0.15:
        names.append(_latin(*chinese_latin(name, "hokkien"), "FG", "alias"))
    if style == "vietnamese" and rng.random() < 0.3:
        names.append(_latin(*chinese_latin(name, "vietnamese"), "FG", "alias"))
    if rng.random() < 0.1:
        names.append(_hanzi(name, person.nationality == "CN", "alias"))
    return names


def _american(rng: random.Random, person: Person, name: ChineseName) -> list[NameEntry]:
    # Cantonese given names are mostly written as two words in the US (Chi Ming Chan).
    spaced = " " if person.latin == "cantonese" and rng.random() < 0.6 else None
    full = _latin(
        *chinese_latin(name, person.latin, passport=True, join=spaced), _WESTERN.pick(rng)
    )
    if person.english and rng.random() < 0.5:
        names = [_latin(full["family"], person.english, "GF", "primary"), full | {"kind": "alias"}]
    elif rng.random() < 0.1:
        names = [_entry(misspell(rng, full["value"]))]
    else:
        names = [full | {"kind": "primary"}]
    if person.nationality in ("CN", "TW") and rng.random() < 0.2:
        names.append(_latin(*chinese_latin(name, "cantonese"), "GF", "alias"))
    if rng.random() < 0.1:
        names.append(_hanzi(name, False, "alias"))
    return names


def _chinese(rng: random.Random, person: Person, name: ChineseName, style: str) -> list[NameEntry]:
    if style == "mainland":
        names = _mainland(rng, person, name)
    elif style == "taiwan":
        names = _taiwan(rng, person, name)
    elif style == "khmer":
        names = _cambodian(rng, person, name)
    elif style in ("thai", "vietnamese"):
        names = _neighbour(rng, person, name, style)
    else:
        names = _american(rng, person, name)
    if style in ("mainland", "taiwan"):
        if person.english and rng.random() < 0.3:
            family = _passport(person, name)[0]
            names.append(_latin(family, person.english, "G_F_UPPER", "alias"))
        if rng.random() < 0.08:  # 阿明: "Ah" and the last given character
            last = name.given[-1]
            nickname = last.simplified if style == "mainland" else last.traditional
            names.append(_entry("阿" + nickname, "nickname"))
    return names


def _spelling(rng: random.Random, spellings: tuple[str, ...]) -> str:
    return spellings[0] if rng.random() < 0.75 or len(spellings) == 1 else rng.choice(spellings[1:])


def _khmer(rng: random.Random, name: KhmerName, style: str) -> list[NameEntry]:
    family, given = _spelling(rng, name.family.spellings), _spelling(rng, name.given.spellings)
    if style == "khmer":
        names = [
            _entry(
                f"{name.family.script} {name.given.script}",
                "primary",
                name.family.script,
                name.given.script,
            )
        ]
        if rng.random() < 0.75:
            names.append(_latin(family, given, "FG_UPPER" if rng.random() < 0.6 else "FG"))
        return names
    fmt = _WESTERN.pick(rng) if style == "us" else _ABROAD.pick(rng)
    latin = _latin(family, given, fmt, "primary")
    if rng.random() < 0.08:
        latin = _entry(misspell(rng, latin["value"]))
    return [latin]


def _thai(rng: random.Random, name: ThaiName, style: str) -> list[NameEntry]:
    def pick(part: tuple[str, ...], rtgs: str) -> str:
        r = rng.random()
        return part[0] if r < 0.55 else rtgs if r < 0.8 else rng.choice(part)

    given, family = (
        pick(name.given.customary, name.given.rtgs),
        pick(name.family.customary, name.family.rtgs),
    )
    if style == "thai":
        names = [
            _entry(
                f"{name.given.script} {name.family.script}",
                "primary",
                name.family.script,
                name.given.script,
            )
        ]
        if rng.random() < 0.8:
            names.append(_latin(family, given, "GF" if rng.random() < 0.5 else "GF_UPPER"))
        if rng.random() < 0.25:
            names.append(_entry(name.nickname[0], "nickname"))
        return names
    if style == "khmer" and rng.random() < 0.35:
        fmt = "FG_UPPER"  # family name first, as Khmer names are written
    else:
        fmt = "GF" if rng.random() < 0.5 else "GF_UPPER"
    latin = _latin(family, given, fmt, "primary")
    if rng.random() < 0.08:
        latin = _entry(misspell(rng, latin["value"]))
    names = [latin]
    if style in ("us", "khmer") and rng.random() < 0.25:
        names.append(_entry(name.nickname[1], "nickname"))
    return names


def _vietnamese(rng: random.Random, person: Person, name: VietName, style: str) -> list[NameEntry]:
    given = f"{name.middle} {name.given}"
    if style == "vietnamese":
        names = [_entry(f"{name.family} {given}", "primary", name.family, given)]
        if rng.random() < 0.4:
            names.append(_latin(strip_diacritics(name.family), strip_diacritics(given), "FG_UPPER"))
        return names
    keep = rng.random() < (0.1 if style == "us" else 0.3)
    family = name.family if keep else strip_diacritics(name.family)
    first, middle = (
        (name.given, name.middle)
        if keep
        else (strip_diacritics(name.given), strip_diacritics(name.middle))
    )
    if style == "us":
        r = rng.random()
        if person.english and r < 0.2:
            return [
                _latin(family, person.english, "GF", "primary"),
                _latin(family, f"{first} {middle}", "GF", "alias"),
            ]
        if r < 0.6:
            return [_latin(family, f"{first} {middle}", "GF", "primary")]
        if r < 0.9:
            return [_latin(family, first, "GF", "primary")]
        return [_latin(family, f"{middle} {first}", "FG", "primary")]
    latin = _latin(family, f"{middle} {first}", _COPIED.pick(rng), "primary")
    if rng.random() < 0.08:
        latin = _entry(misspell(rng, latin["value"]))
    return [latin]


def render_names(rng: random.Random, person: Person, style: str) -> list[NameEntry]:
    """The names an agency of ``style`` writes for ``person``, primary first."""
    name = person.name
    if isinstance(name, ChineseName):
        names = _chinese(rng, person, name, style)
    elif isinstance(name, KhmerName):
        names = _khmer(rng, name, style)
    elif isinstance(name, ThaiName):
        names = _thai(rng, name, style)
    else:
        names = _vietnamese(rng, person, name, style)
    if person.moniker and style in ("us", "khmer", "thai") and rng.random() < 0.4:
        names.append(_entry(person.moniker, "nickname"))
    unique: dict[str, NameEntry] = {}
    for entry in names:
        unique.setdefault(entry["value"], entry)
    return list(unique.values())
