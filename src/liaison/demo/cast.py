"""Casting the story: which invented person plays which part, and where each turns up.

Every ``Appearance`` becomes one subject record of one agency. A gang member may be
wanted at home, seen in transit in Thailand, arrested in a Cambodian sweep and deported
home, where the receiving agency records the person again: four records, one person.
The cast keeps who is who, which is the truth the matching work is measured against.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from liaison.demo.people import (
    Address,
    ChineseName,
    Naming,
    Person,
    invent_person,
    invent_sibling,
    invent_spouse,
)
from liaison.demo.spellings import chinese_latin
from liaison.demo.story import Gang, Operation, Story
from liaison.demo.tables import NameTables

DEFAULT_SUBJECTS = 2400
MAX_STORY_SCALE = 4.0
LEADS = ("leader", "lieutenant")
# Days from arrest to each outcome (a deportation takes weeks, an extradition months).
_DELAYS = {"deported": (10, 45), "extradited": (60, 300), "charged": (1, 7), "released": (1, 3)}


@dataclass(frozen=True)
class Outcome:
    """What became of a person in an operation, and when."""

    outcome: str
    date: dt.date
    to_country: str | None = None


@dataclass
class Appearance:
    """One time an agency recorded a person: one subject record."""

    agency: str
    date: dt.date
    context: str  # wanted, local, transit, gang, sweep, returned, victim, relative, background
    place: Address | None = None
    operation: str | None = None
    outcomes: list[Outcome] = field(default_factory=list)
    origin: str | None = None  # the sweep that sent the person to this agency
    offence: str | None = None
    record_id: str = ""  # the subject record it became, set by the generator


@dataclass
class Character:
    """A person with a part in the story and every appearance in the agencies' files."""

    person: Person
    part: str  # a gang role, or worker, child, relative, resident
    gang: Gang | None = None
    appearances: list[Appearance] = field(default_factory=list)
    kin: list[tuple[Character, str]] = field(default_factory=list)

    def appear(self, appearance: Appearance) -> Appearance:
        """Add an appearance."""
        self.appearances.append(appearance)
        return appearance


def _between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(max(1, (end - start).days + 1)))


def _after(rng: random.Random, day: dt.date, low: int, high: int) -> dt.date:
    return day + dt.timedelta(days=rng.randint(low, high))


def _kinship(person: Person, spouse: bool) -> str:
    if spouse:
        return "husband" if person.male else "wife"
    return "brother" if person.male else "sister"


class Casting:
    """Builds the cast for a size; ``characters`` is the result, in a fixed order."""

    def __init__(self, rng: random.Random, tables: NameTables, story: Story, subjects: int) -> None:
        self.rng, self.tables, self.story = rng, tables, story
        # The story grows with the size up to four times its default; beyond that the
        # everyday background fills the rest, so no operation or case outgrows the
        # limits of its record (10,000 subjects).
        self.scale = min(subjects / DEFAULT_SUBJECTS, MAX_STORY_SCALE)
        self.characters: list[Character] = []
        self.members: dict[str, list[Character]] = {}
        self.removed: set[str] = set()  # charged or extradited: in prison, not swept again
        self.deported: dict[str, list[Character]] = {}

    def sized(self, count: int, least: int = 2) -> int:
        """A story size scaled to the requested number of subjects."""
        return max(least, round(count * self.scale)) if count else 0

    def subjects(self) -> int:
        """Subject records so far (one per appearance)."""
        return sum(len(c.appearances) for c in self.characters)

    def add(self, person: Person, part: str, gang: Gang | None = None) -> Character:
        """A new character."""
        character = Character(person, part, gang)
        self.characters.append(character)
        return character

    def new_person(
        self,
        nationality: str,
        *,
        naming: Naming | None = None,
        born: tuple[int, int] = (1965, 2000),
        male: bool | None = None,
    ) -> Person:
        """A person living at a home of their nation."""
        home = Address.at(self.rng, self.rng.choice(self.story.homes[nationality]))
        return invent_person(
            self.rng,
            self.tables,
            self.next_id(),
            nationality,
            home,
            naming=naming,
            born=born,
            male=male,
        )

    def next_id(self) -> str:
        """The id of the next character's person (P00001, P00002, ...)."""
        return f"P{len(self.characters) + 1:05d}"

    def _relate(self, a: Character, b: Character, spouse: bool) -> None:
        a.kin.append((b, _kinship(b.person, spouse)))
        b.kin.append((a, _kinship(a.person, spouse)))

    def _moniker(self, person: Person) -> str:
        if isinstance(person.name, ChineseName) and self.rng.random() < 0.5:
            # "Ah" and a syllable of the given name: Ah Ming, Ah Beng.
            last = ChineseName(person.name.family, person.name.given[-1:])
            return "Ah " + chinese_latin(last, person.latin, passport=True)[1]
        return self.rng.choice(self.tables.monikers)

    def cast_gang(self, gang: Gang) -> None:
        """The members of a gang, their families and where they turn up."""
        rng, n = self.rng, self.sized(gang.members, 3)
        leaders, lieutenants = 1 + n // 60, max(1, round(n * 0.06))
        members: list[Character] = []
        while len(members) < n:
            k = len(members)
            part = "leader" if k < leaders else "lieutenant" if k < leaders + lieutenants else ""
            part = part or gang.roles.pick(rng)
            nationality = gang.nationalities.pick(rng)
            naming = gang.naming if nationality == "US" else None
            born = (1962, 1988) if part in LEADS else (1975, 2002)
            male = True if part in LEADS else rng.random() < 0.85
            member = self.add(
                self.new_person(nationality, naming=naming, born=born, male=male), part, gang
            )
            members.append(member)
            if rng.random() < 0.1 and len(members) < n:
                twin = rng.random() < 0.1
                sibling = invent_sibling(rng, self.tables, self.next_id(), member.person, twin=twin)
                in_gang = self.add(sibling, gang.roles.pick(rng), gang)
                self._relate(member, in_gang, spouse=False)
                members.append(in_gang)
            if rng.random() < 0.04:
                spouse = self.add(
                    invent_spouse(rng, self.tables, self.next_id(), member.person), "relative"
                )
                self._relate(member, spouse, spouse=True)
        for member in members:
            person = member.person
            if rng.random() < 0.3:
                person.moniker = self._moniker(person)
            if gang.base.nation != person.nationality and rng.random() < 0.8:
                person.add_phone(rng, gang.base.nation)
            if gang.base.nation == "KH" and person.nationality != "KH" and rng.random() < 0.03:
                # A bought Cambodian passport: a second nationality in Cambodian files.
                person.add_passport(
                    rng, "KH", _between(rng, dt.date(2017, 1, 1), dt.date(2019, 6, 30))
                )
            self._gang_records(gang, member)
        self.members[gang.key] = members

    def _gang_records(self, gang: Gang, member: Character) -> None:
        rng, person = self.rng, member.person
        for rule in gang.records:
            if rng.random() >= (rule.lead_p if member.part in LEADS else rule.p):
                continue
            op = self.story.operations.get(rule.operation or "")
            place = self._place(rule.context, rule.agency, person, gang)
            if op and rng.random() < rule.op_share:
                day = _between(rng, op.start, op.end or op.start)
                outcomes = [Outcome("arrested", day)]
                if op.outcomes:
                    final = op.outcomes.pick(rng)
                    outcomes.append(Outcome(final, _after(rng, day, *_DELAYS[final])))
                member.appear(Appearance(rule.agency, day, rule.context, place, op.key, outcomes))
            else:
                if rule.start and rule.end:
                    day = _between(rng, rule.start, rule.end)
                else:  # known to the agency before its operation
                    assert op is not None
                    day = op.start - dt.timedelta(days=rng.randint(30, 700))
                member.appear(Appearance(rule.agency, day, rule.context, place))

    def _place(
        self, context: str, agency: str, person: Person, gang: Gang | None
    ) -> Address | None:
        nation = self.story.agency(agency).nation
        if context in ("local", "sweep") and gang is not None:
            return Address.at(self.rng, gang.base)
        if context == "transit" and nation in self.story.transit:
            return Address.at(self.rng, self.rng.choice(self.story.transit[nation]))
        if person.nationality == nation or context in ("wanted", "returned", "victim"):
            return person.home
        return Address.at(self.rng, self.rng.choice(self.story.homes[nation]))

    def sweep(self, op: Operation) -> None:
        """A Cambodian sweep: gang members, returnees, workers and children."""
        assert op.sweep is not None
        rng, sweep = self.rng, op.sweep
        for key, chance in sweep.targets.items():
            for member in self.members[key]:
                if member.person.id in self.removed:
                    continue
                if rng.random() < chance * (0.8 if member.part in LEADS else 1.0):
                    self._arrest(op, member, "leaders" if member.part in LEADS else "members")
        if sweep.returnees_from:
            for member in self.deported.get(sweep.returnees_from, []):
                if rng.random() < sweep.returnees_p:
                    issued = _between(
                        rng, op.start - dt.timedelta(days=900), op.start - dt.timedelta(days=60)
                    )
                    member.person.add_passport(rng, member.person.nationality, issued)
                    self._arrest(op, member, "members")
        base = self.members[next(iter(sweep.targets))][0].gang
        for _ in range(self.sized(sweep.workers)):
            nationality = sweep.worker_nationalities.pick(rng)
            worker = self.add(self.new_person(nationality, born=(1982, 2004)), "worker", None)
            self._arrest(op, worker, "workers", base)
        for _ in range(self.sized(sweep.children, 0) if sweep.child_nationalities else 0):
            assert sweep.child_nationalities is not None
            nationality = sweep.child_nationalities.pick(rng)
            year = op.start.year
            child = self.add(self.new_person(nationality, born=(year - 17, year - 12)), "child")
            day = _between(rng, op.start, op.end or op.start)
            place = Address.at(rng, base.base) if base else None
            child.appear(
                Appearance(op.owner, day, "sweep", place, op.key, [Outcome("rescued", day)])
            )
            self._send_home(op, child, "rescued", day)

    def _arrest(self, op: Operation, who: Character, group: str, base: Gang | None = None) -> None:
        rng, person = self.rng, who.person
        if person.nationality == "KH" and group == "members":
            group = "locals"
        final = self.story.sweep_outcomes[group].pick(rng)
        if final in ("deported", "extradited") and person.nationality == "KH":
            final = "released"
        day = _between(rng, op.start, op.end or op.start)
        to = person.nationality if final in ("deported", "extradited") else None
        if final == "rescued":
            outcomes = [Outcome("rescued", day)]
            final_day = day
        else:
            outcomes = [Outcome("arrested", day)]
            final_day = _after(rng, day, *_DELAYS.get(final, (0, 0)))
            if final != "arrested":
                outcomes.append(Outcome(final, final_day, to))
        gang = who.gang or base
        place = Address.at(rng, gang.base) if gang else None
        who.appear(Appearance(op.owner, day, "sweep", place, op.key, outcomes))
        if final in ("charged", "extradited"):
            self.removed.add(person.id)
        if final == "deported":
            self.deported.setdefault(op.key, []).append(who)
        self._send_home(op, who, final, final_day)

    def _send_home(self, op: Operation, who: Character, final: str, day: dt.date) -> None:
        assert op.sweep is not None
        nation = who.person.nationality
        agency = self.story.home_agency.get(nation)
        if (
            agency is None
            or agency == op.owner
            or final not in ("deported", "extradited", "rescued")
        ):
            return
        key = op.sweep.returns.get(nation)
        arrival = _after(self.rng, day, 0, 3 if final != "rescued" else 40)
        if final == "rescued":
            outcomes = [Outcome("rescued", arrival)]
            context = "victim"
        else:
            outcomes = [Outcome(self.story.return_outcomes[final].pick(self.rng), arrival)]
            context = "returned"
        known = [s for s in who.appearances if s.agency == agency and s.operation is None]
        if known and self.rng.random() < 0.7:
            # The receiving agency finds its own file on the person and adds to it.
            known[0].context, known[0].operation, known[0].origin = context, key, op.key
            known[0].outcomes = outcomes
            return
        who.appear(Appearance(agency, arrival, context, who.person.home, key, outcomes, op.key))

    def relatives(self) -> None:
        """Husbands and wives turn up in some files of the agencies holding their spouse."""
        for character in self.characters:
            if character.part != "relative":
                continue
            for partner, _ in character.kin:
                for seen in partner.appearances:
                    if self.rng.random() < 0.3:
                        place = character.person.home
                        day = _after(self.rng, seen.date, 0, 60)
                        character.appear(Appearance(seen.agency, day, "relative", place))

    def background(self, target: int) -> None:
        """Everyday people of the agencies' files until the subjects reach ``target``."""
        rng, bg = self.rng, self.story.background
        count = self.subjects()
        while count < target:
            agency = bg.agencies.pick(rng)
            nationality = bg.nationalities[agency].pick(rng)
            resident = self.add(self.new_person(nationality, born=(1958, 2004)), "resident")
            self._everyday(resident, agency)
            if rng.random() < bg.elsewhere:
                other = agency
                while other == agency:
                    other = bg.agencies.pick(rng)
                self._everyday(resident, other)
            if rng.random() < bg.again:
                self._everyday(resident, agency)
            count += len(resident.appearances)

    def _everyday(self, who: Character, agency: str) -> None:
        rng = self.rng
        day = _between(rng, dt.date(2015, 1, 1), dt.date(2024, 6, 30))
        place = self._place("background", agency, who.person, None)
        offence = rng.choice(self.story.background.offences[agency])
        who.appear(Appearance(agency, day, "background", place, offence=offence))


def cast_story(
    rng: random.Random, tables: NameTables, story: Story, subjects: int
) -> list[Character]:
    """Everyone of the story and their appearances, with at least ``subjects`` in all."""
    casting = Casting(rng, tables, story, subjects)
    for gang in story.gangs:
        casting.cast_gang(gang)
    for op in story.operations.values():
        if op.sweep:
            casting.sweep(op)
    casting.relatives()
    casting.background(subjects)
    return casting.characters
