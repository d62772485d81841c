"""Invented persons: the real people behind the records, each with one true identity.

A ``Person`` is what the agencies' records are about, not what they say: one name in its
own tradition (Hanzi with all its readings, Khmer, Thai or Vietnamese), one birth date,
the documents and phones the person really holds. How each agency writes that person
down is ``liaison.demo.spellings`` and ``liaison.demo.subjects``.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Literal

from liaison.demo import documents
from liaison.demo.tables import ChineseTables, Hanzi, KhmerPart, NameTables, ThaiPart, Weighted

Naming = Literal["chinese", "khmer", "thai", "vietnamese"]

# The name tradition of a nation's people; US nationals of the demo are of Chinese,
# Vietnamese or Khmer descent (California's Asian gangs).
NAMING_OF: dict[str, Naming] = {
    "CN": "chinese",
    "TW": "chinese",
    "HK": "chinese",
    "MY": "chinese",
    "KH": "khmer",
    "TH": "thai",
    "VN": "vietnamese",
}
US_NAMINGS: Weighted[Naming] = Weighted.of([("chinese", 5), ("vietnamese", 4), ("khmer", 1)])

# How a Chinese name is romanised in the passport of each nation: Hanyu Pinyin in the
# People's Republic, Wade-Giles in Taiwan, Cantonese in Hong Kong, Hokkien spellings in
# Malaysia; Chinese-Americans carry either their family's Cantonese or pinyin.
PASSPORT_LATIN = {"CN": "pinyin", "TW": "wade_giles", "HK": "cantonese", "MY": "hokkien"}

# Share of people with an English given name (Kevin Chan), by nationality.
_ENGLISH_NAME = {"HK": 0.7, "US": 0.75, "MY": 0.45, "TW": 0.3}


@dataclass(frozen=True)
class ChineseName:
    """A Chinese name: one surname character and one or two given-name characters."""

    family: Hanzi
    given: tuple[Hanzi, ...]


@dataclass(frozen=True)
class KhmerName:
    """A Khmer name, family name first."""

    family: KhmerPart
    given: KhmerPart


@dataclass(frozen=True)
class ThaiName:
    """A Thai name, given name first, and the nickname everyone uses."""

    given: ThaiPart
    family: ThaiPart
    nickname: tuple[str, str]


@dataclass(frozen=True)
class VietName:
    """A Vietnamese name with diacritics: family, middle, given."""

    family: str
    middle: str
    given: str


PersonName = ChineseName | KhmerName | ThaiName | VietName


@dataclass(frozen=True)
class Place:
    """A kind of address in a city, as a template with ``{n}`` and ``{m}``."""

    nation: str
    city: str
    latin: str
    local: str | None = None


@dataclass(frozen=True)
class Address:
    """An address filled in: in Latin letters and, where the nation has one, its script."""

    nation: str
    city: str
    latin: str
    local: str | None

    @classmethod
    def at(cls, rng: random.Random, place: Place) -> Address:
        """A concrete address at a place."""
        n, m = rng.randrange(1, 300), rng.randrange(2, 600)
        local = place.local.format(n=n, m=m) if place.local else None
        return cls(place.nation, place.city, place.latin.format(n=n, m=m), local)


@dataclass(frozen=True)
class Passport:
    """A passport: its number, issuing nation and issue date."""

    number: str
    nation: str
    issued: dt.date


@dataclass
class Person:
    """An invented real person."""

    id: str
    name: PersonName
    nationality: str
    male: bool
    birth: dt.date
    latin: str
    home: Address
    passports: list[Passport] = field(default_factory=list)
    national_id: str | None = None
    phones: list[tuple[str, str]] = field(default_factory=list)
    english: str | None = None
    moniker: str | None = None

    @property
    def naming(self) -> Naming:
        """The name tradition."""
        if isinstance(self.name, ChineseName):
            return "chinese"
        if isinstance(self.name, KhmerName):
            return "khmer"
        return "thai" if isinstance(self.name, ThaiName) else "vietnamese"

    def passport_on(self, day: dt.date) -> Passport | None:
        """The newest passport of their nation issued by ``day`` (else the first one)."""
        own = [p for p in self.passports if p.nation == self.nationality]
        valid = [p for p in own if p.issued <= day]
        return valid[-1] if valid else (own[0] if own else None)

    def add_phone(self, rng: random.Random, nation: str) -> None:
        """A phone bought in ``nation`` (a Cambodian SIM for life in a compound)."""
        if all(n != nation for n, _ in self.phones):
            self.phones.append((nation, documents.phone_number(rng, nation)))

    def add_passport(self, rng: random.Random, nation: str, issued: dt.date) -> Passport:
        """A new passport: a renewal, a replacement, or a bought second nationality."""
        passport = Passport(documents.passport_number(rng, nation), nation, issued)
        self.passports.append(passport)
        self.passports.sort(key=lambda p: p.issued)
        return passport


def _date_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(max(1, (end - start).days + 1)))


def _chinese_name(
    rng: random.Random, tables: ChineseTables, nationality: str, male: bool
) -> ChineseName:
    mainland = nationality == "CN"
    family = (tables.surnames_cn if mainland else tables.surnames_tw).pick(rng)
    region = "CN" if mainland or rng.random() < 0.3 else "TW"
    given = tables.given[(region, "m" if male else "f")].pick(rng)
    return ChineseName(family, given)


def _new_name(
    rng: random.Random, tables: NameTables, naming: Naming, nationality: str, male: bool
) -> PersonName:
    gender = "m" if male else "f"
    if naming == "chinese":
        return _chinese_name(rng, tables.chinese, nationality, male)
    if naming == "khmer":
        while True:
            name = KhmerName(tables.khmer_family.pick(rng), rng.choice(tables.khmer_given[gender]))
            if f"{name.family.script} {name.given.script}" not in tables.khmer_never:
                return name
    if naming == "thai":
        return ThaiName(
            rng.choice(tables.thai_given[gender]),
            rng.choice(tables.thai_surnames),
            rng.choice(tables.thai_nicknames),
        )
    return VietName(
        tables.viet_family.pick(rng),
        rng.choice(tables.viet_middle[gender]),
        rng.choice(tables.viet_given[gender]),
    )


def _sibling_name(rng: random.Random, tables: NameTables, of: Person, male: bool) -> PersonName:
    gender, name = ("m" if male else "f"), of.name
    if isinstance(name, ChineseName):
        # Siblings share the generation character (志明, 志強): the hard negatives.
        region = "CN" if of.nationality == "CN" else "TW"
        pool = tables.chinese.given[(region, gender)].items
        if len(name.given) == 2:
            same = [g for g in pool if len(g) == 2 and g[0] == name.given[0] and g != name.given]
            if same:
                return ChineseName(name.family, rng.choice(same))
            other = rng.choice([g for g in pool if len(g) == 2])
            return ChineseName(name.family, (name.given[0], other[1]))
        return ChineseName(name.family, rng.choice([g for g in pool if g != name.given]))
    if isinstance(name, KhmerName):
        pool_k = [g for g in tables.khmer_given[gender] if g != name.given]
        return KhmerName(name.family, rng.choice(pool_k))
    if isinstance(name, ThaiName):
        pool_t = [g for g in tables.thai_given[gender] if g != name.given]
        return ThaiName(rng.choice(pool_t), name.family, rng.choice(tables.thai_nicknames))
    middle = name.middle if rng.random() < 0.7 else rng.choice(tables.viet_middle[gender])
    pool_v = [g for g in tables.viet_given[gender] if g != name.given]
    return VietName(name.family, middle, rng.choice(pool_v))


def _identity(rng: random.Random, tables: NameTables, person: Person) -> Person:
    nation = person.nationality
    adult = max(dt.date(person.birth.year + 18, person.birth.month, 1), dt.date(2008, 1, 1))
    first = _date_between(rng, adult, max(adult, dt.date(2018, 12, 31)))
    person.add_passport(rng, nation, first)
    if rng.random() < 0.25:  # renewed: the agencies hold different numbers
        person.add_passport(
            rng, nation, _date_between(rng, dt.date(2019, 1, 1), dt.date(2023, 6, 30))
        )
    person.national_id = documents.national_id(rng, nation, person.birth, person.male)
    person.phones = [(nation, documents.phone_number(rng, nation))]
    gender = "m" if person.male else "f"
    if rng.random() < _ENGLISH_NAME.get(nation, 0.04):
        person.english = rng.choice(tables.english[gender])
    return person


def invent_person(
    rng: random.Random,
    tables: NameTables,
    person_id: str,
    nationality: str,
    home: Address,
    *,
    naming: Naming | None = None,
    born: tuple[int, int] = (1965, 2000),
    male: bool | None = None,
) -> Person:
    """A new person of a nationality, born in the years ``born``, living at ``home``."""
    if naming is None:
        naming = NAMING_OF.get(nationality) or US_NAMINGS.pick(rng)
    if male is None:
        male = rng.random() < 0.72  # the gangs' files are mostly of men
    birth = _date_between(rng, dt.date(born[0], 1, 1), dt.date(born[1], 12, 31))
    latin = PASSPORT_LATIN.get(nationality, "cantonese" if rng.random() < 0.6 else "pinyin")
    name = _new_name(rng, tables, naming, nationality, male)
    person = Person(person_id, name, nationality, male, birth, latin, home)
    return _identity(rng, tables, person)


def invent_sibling(
    rng: random.Random, tables: NameTables, person_id: str, of: Person, *, twin: bool = False
) -> Person:
    """A brother or sister: same family name (and generation character), home and nation."""
    male = rng.random() < 0.75
    if twin:
        birth = of.birth
    else:
        gap = rng.choice((-1, 1)) * rng.randrange(1, 7)
        birth = of.birth.replace(year=of.birth.year + gap, day=min(of.birth.day, 28))
        birth = _date_between(rng, birth.replace(month=1, day=1), birth.replace(month=12, day=28))
    name = _sibling_name(rng, tables, of, male)
    person = Person(person_id, name, of.nationality, male, birth, of.latin, of.home)
    return _identity(rng, tables, person)


def invent_spouse(rng: random.Random, tables: NameTables, person_id: str, of: Person) -> Person:
    """A husband or wife of the same nationality and naming, living at the same home."""
    born = (of.birth.year - 6, min(of.birth.year + 8, 2003))
    return invent_person(
        rng,
        tables,
        person_id,
        of.nationality,
        of.home,
        naming=of.naming,
        born=born,
        male=not of.male,
    )
