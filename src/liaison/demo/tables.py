"""The name tables of the demo: ``liaison/data/demo_*.yaml`` and Faker's frequency lists.

The YAML files hold what Liaison decides (which characters, with which readings in which
convention); Faker's zh_CN and zh_TW locales supply how often real surnames and given
names occur, so the demo's name collisions (many 王伟, many 陳家豪) are as common as in
life. Faker is the ``demo`` extra and is imported only here, on first use.
"""

from __future__ import annotations

import bisect
import importlib
import itertools
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Generic, TypeVar

import yaml

from liaison.errors import ConfigurationError

T = TypeVar("T")


@dataclass(frozen=True)
class Weighted(Generic[T]):
    """Items drawn with relative weights; one ``rng.random()`` per draw."""

    items: tuple[T, ...]
    cumulative: tuple[float, ...]

    @classmethod
    def of(cls, pairs: Iterable[tuple[T, float]]) -> Weighted[T]:
        """From (item, weight) pairs; items of weight 0 are never drawn."""
        kept = [(item, float(weight)) for item, weight in pairs if weight > 0]
        if not kept:
            raise ValueError("nothing to draw from")
        items = tuple(item for item, _ in kept)
        return cls(items, tuple(itertools.accumulate(weight for _, weight in kept)))

    @classmethod
    def uniform(cls, items: Iterable[T]) -> Weighted[T]:
        """Every item equally likely."""
        return cls.of((item, 1.0) for item in items)

    def pick(self, rng: random.Random) -> T:
        """One item."""
        point = rng.random() * self.cumulative[-1]
        return self.items[bisect.bisect_right(self.cumulative, point)]


@dataclass(frozen=True)
class Hanzi:
    """One Chinese character and its readings in every convention the demo writes."""

    traditional: str
    simplified: str
    pinyin: str
    cantonese: str
    hokkien: str
    vietnamese: str
    wade_giles: str
    khmer: str


@dataclass(frozen=True)
class ChineseTables:
    """Chinese surnames and given names, weighted by their frequency."""

    characters: dict[str, Hanzi]
    surnames_cn: Weighted[Hanzi]
    surnames_tw: Weighted[Hanzi]
    given: dict[tuple[str, str], Weighted[tuple[Hanzi, ...]]]  # (CN|TW, m|f)


@dataclass(frozen=True)
class KhmerPart:
    """A Khmer name in Khmer script and its Latin spellings, customary first."""

    script: str
    spellings: tuple[str, ...]


@dataclass(frozen=True)
class ThaiPart:
    """A Thai name in Thai script, in RTGS and in its customary spellings."""

    script: str
    rtgs: str
    customary: tuple[str, ...]


@dataclass(frozen=True)
class NameTables:
    """Every name list the demo draws from."""

    chinese: ChineseTables
    khmer_family: Weighted[KhmerPart]
    khmer_given: dict[str, tuple[KhmerPart, ...]]  # m|f
    khmer_never: frozenset[str]
    thai_given: dict[str, tuple[ThaiPart, ...]]
    thai_surnames: tuple[ThaiPart, ...]
    thai_nicknames: tuple[tuple[str, str], ...]
    viet_family: Weighted[str]
    viet_middle: dict[str, tuple[str, ...]]
    viet_given: dict[str, tuple[str, ...]]
    english: dict[str, tuple[str, ...]]
    monikers: tuple[str, ...]


def read_data(name: str) -> Any:
    """A YAML file of ``liaison/data``, parsed."""
    text = resources.files("liaison").joinpath(f"data/{name}").read_text("utf-8")
    return yaml.safe_load(text)


def _faker_person(locale: str) -> Any:
    try:
        module = importlib.import_module(f"faker.providers.person.{locale}")
    except ImportError:
        raise ConfigurationError(
            "the demo data draws names from Faker's lists; install it with "
            "pip install 'liaison[demo]'"
        ) from None
    return module.Provider


def _chinese() -> ChineseTables:
    hanzi = read_data("demo_hanzi.yaml")
    syllables = read_data("demo_syllables.yaml")["syllables"]
    characters: dict[str, Hanzi] = {}
    for trad, row in hanzi["characters"].items():
        simplified, pinyin, cantonese, hokkien, vietnamese = (str(x) for x in row)
        wade_giles, khmer = (str(x) for x in syllables[pinyin])
        characters[str(trad)] = Hanzi(
            str(trad), simplified, pinyin, cantonese, hokkien, vietnamese, wade_giles, khmer
        )
    by_simplified = {h.simplified: h for h in characters.values()}
    cn, tw = _faker_person("zh_CN"), _faker_person("zh_TW")

    def surnames(frequencies: dict[str, float], lookup: dict[str, Hanzi]) -> Weighted[Hanzi]:
        return Weighted.of((lookup[n], w) for n, w in frequencies.items() if n in lookup)

    def given(names: Iterable[tuple[str, float]], lookup: dict[str, Hanzi]) -> Weighted[Any]:
        # Only names every character of which has readings in demo_hanzi.yaml.
        return Weighted.of(
            (tuple(lookup[c] for c in name), w)
            for name, w in names
            if all(c in lookup for c in name)
        )

    return ChineseTables(
        characters=characters,
        surnames_cn=surnames(dict(cn.last_names), by_simplified),
        surnames_tw=surnames(dict(tw.last_names), characters),
        given={
            # zh_CN lists names without frequencies: equally likely.
            ("CN", "m"): given(((n, 1.0) for n in cn.first_names_male), by_simplified),
            ("CN", "f"): given(((n, 1.0) for n in cn.first_names_female), by_simplified),
            ("TW", "m"): given(tw.first_names_male.items(), characters),
            ("TW", "f"): given(tw.first_names_female.items(), characters),
        },
    )


def _by_gender(rows: Sequence[Sequence[Any]], make: Any) -> dict[str, tuple[Any, ...]]:
    found: dict[str, list[Any]] = {"m": [], "f": []}
    for row in rows:
        gender = str(row[1])
        for key in ("m", "f"):
            if gender in (key, "u"):
                found[key].append(make(row))
    return {key: tuple(items) for key, items in found.items()}


@cache
def name_tables() -> NameTables:
    """The name tables, read and checked once."""
    khmer = read_data("demo_khmer_names.yaml")
    thai = read_data("demo_thai_names.yaml")
    viet = read_data("demo_vietnamese_names.yaml")
    aliases = read_data("demo_aliases.yaml")
    return NameTables(
        chinese=_chinese(),
        khmer_family=Weighted.of(
            (KhmerPart(str(r[0]), tuple(str(s) for s in r[2:])), float(r[1]))
            for r in khmer["family"]
        ),
        khmer_given=_by_gender(
            khmer["given"], lambda r: KhmerPart(str(r[0]), tuple(str(s) for s in r[2:]))
        ),
        khmer_never=frozenset(str(n) for n in khmer["never"]),
        thai_given=_by_gender(
            thai["given"],
            lambda r: ThaiPart(str(r[0]), str(r[2]), tuple(str(s) for s in r[3:])),
        ),
        thai_surnames=tuple(
            ThaiPart(str(r[0]), str(r[1]), tuple(str(s) for s in r[2:])) for r in thai["surnames"]
        ),
        thai_nicknames=tuple((str(a), str(b)) for a, b in thai["nicknames"]),
        viet_family=Weighted.of((str(n), float(w)) for n, w in viet["family"]),
        viet_middle={k: tuple(str(x) for x in v) for k, v in viet["middle"].items()},
        viet_given={k: tuple(str(x) for x in v) for k, v in viet["given"].items()},
        english={k: tuple(str(x) for x in v) for k, v in aliases["english"].items()},
        monikers=tuple(str(x) for x in aliases["monikers"]),
    )
