"""The story of the demo as data: agencies, gangs, sweeps, operations and cases.

``liaison/data/demo_story.yaml`` tells it; this module reads it into typed objects once
and checks that every reference in it (agency, gang, operation, offence) exists, so a
broken story fails at load with the name of what is missing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any, cast, get_args

from liaison.demo.people import Naming, Place
from liaison.demo.spellings import STYLES
from liaison.demo.tables import Weighted, read_data
from liaison.domain.offences import offence_taxonomy
from liaison.errors import ConfigurationError


@dataclass(frozen=True)
class AgencySpec:
    """An agency of the demo, its users and how it numbers its files."""

    code: str
    nation: str
    name: str
    parent: str | None
    style: str
    ref_prefix: str
    calendar: str
    users: tuple[tuple[str, str], ...]  # (role, display name)

    def year(self, year: int) -> int:
        """A Gregorian year in the agency's own calendar (ROC, Buddhist Era)."""
        if self.calendar == "roc":
            return year - 1911
        if self.calendar == "buddhist":
            return year + 543
        return year


@dataclass(frozen=True)
class RecordRule:
    """Where a gang's members turn up besides the sweeps, and how likely."""

    agency: str
    p: float
    lead_p: float
    context: str
    start: dt.date | None
    end: dt.date | None
    operation: str | None
    op_share: float


@dataclass(frozen=True)
class Gang:
    """An invented gang: its names in every language, members and haunts."""

    key: str
    naming: Naming
    members: int
    nationalities: Weighted[str]
    roles: Weighted[str]
    names: dict[str, str]
    aliases: tuple[str, ...]
    countries: tuple[str, ...]
    base: Place
    offences: tuple[str, ...]
    records: tuple[RecordRule, ...]


@dataclass(frozen=True)
class Sweep:
    """Who a sweep arrests and where those it sends home are received."""

    targets: dict[str, float]
    workers: int
    worker_nationalities: Weighted[str]
    children: int
    child_nationalities: Weighted[str] | None
    unrecorded_victims: int
    returns: dict[str, str]
    returnees_from: str | None
    returnees_p: float


@dataclass(frozen=True)
class Operation:
    """An operation of the story; ``sweep`` is set for the three Cambodian sweeps."""

    key: str
    owner: str
    name: str
    start: dt.date
    end: dt.date | None
    place: str
    country: str
    agencies: tuple[str, ...]
    seizures: tuple[tuple[str, float, str], ...]
    sweep: Sweep | None
    outcomes: Weighted[str] | None


@dataclass(frozen=True)
class CaseSpec:
    """A case of the story: which operations and gangs it is about."""

    owner: str
    title: str
    offences: tuple[str, ...]
    opened: dt.date
    status: str
    operations: tuple[str, ...]
    gangs: tuple[str, ...]
    victims: bool


@dataclass(frozen=True)
class Background:
    """The everyday people of each agency's files, outside the gangs' story."""

    agencies: Weighted[str]
    nationalities: dict[str, Weighted[str]]
    elsewhere: float
    again: float
    offences: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Story:
    """The whole story."""

    agencies: tuple[AgencySpec, ...]
    home_agency: dict[str, str]
    homes: dict[str, tuple[Place, ...]]
    transit: dict[str, tuple[Place, ...]]
    gangs: tuple[Gang, ...]
    sweep_outcomes: dict[str, Weighted[str]]
    return_outcomes: dict[str, Weighted[str]]
    operations: dict[str, Operation]
    cases: tuple[CaseSpec, ...]
    background: Background

    @cached_property
    def _by_code(self) -> dict[str, AgencySpec]:
        return {a.code: a for a in self.agencies}

    def agency(self, code: str) -> AgencySpec:
        """The agency with this code."""
        return self._by_code[code]


def _weights(raw: dict[str, Any]) -> Weighted[str]:
    return Weighted.of((str(k), float(v)) for k, v in raw.items())


def _places(raw: dict[str, list[dict[str, str]]]) -> dict[str, tuple[Place, ...]]:
    return {
        nation: tuple(Place(nation, p["city"], p["latin"], p.get("local")) for p in places)
        for nation, places in raw.items()
    }


def _gang(raw: dict[str, Any]) -> Gang:
    base = raw["base"]
    return Gang(
        key=raw["key"],
        naming=cast(Naming, raw["naming"]),
        members=int(raw["members"]),
        nationalities=_weights(raw["nationalities"]),
        roles=_weights(raw["roles"]),
        names={str(k): str(v) for k, v in raw["names"].items()},
        aliases=tuple(str(a) for a in raw.get("aliases", [])),
        countries=tuple(raw["countries"]),
        base=Place(base["nation"], base["city"], base["latin"]),
        offences=tuple(raw["offences"]),
        records=tuple(
            RecordRule(
                agency=r["agency"],
                p=float(r["p"]),
                lead_p=float(r.get("lead_p", r["p"])),
                context=r["context"],
                start=r.get("from"),
                end=r.get("to"),
                operation=r.get("operation"),
                op_share=float(r.get("op_share", 1.0 if r.get("operation") else 0.0)),
            )
            for r in raw["records"]
        ),
    )


def _operation(raw: dict[str, Any]) -> Operation:
    sweep = None
    if "sweep" in raw:
        s = raw["sweep"]
        returnees = s.get("returnees", {})
        sweep = Sweep(
            targets={str(k): float(v) for k, v in s["targets"].items()},
            workers=int(s["workers"]),
            worker_nationalities=_weights(s["worker_nationalities"]),
            children=int(s.get("children", 0)),
            child_nationalities=_weights(s["child_nationalities"])
            if "child_nationalities" in s
            else None,
            unrecorded_victims=int(s.get("unrecorded_victims", 0)),
            returns={str(k): str(v) for k, v in s.get("returns", {}).items()},
            returnees_from=returnees.get("from"),
            returnees_p=float(returnees.get("p", 0.0)),
        )
    return Operation(
        key=raw["key"],
        owner=raw["owner"],
        name=raw["name"],
        start=raw["start"],
        end=raw.get("end"),
        place=raw["place"],
        country=raw["country"],
        agencies=tuple(raw["agencies"]),
        seizures=tuple((str(i), float(q), str(u)) for i, q, u in raw.get("seizures", [])),
        sweep=sweep,
        outcomes=_weights(raw["outcomes"]) if "outcomes" in raw else None,
    )


def _check(story: Story) -> None:
    codes = {a.code for a in story.agencies}
    gangs = {g.key for g in story.gangs}
    offences = offence_taxonomy()
    problems: list[str] = []

    def need(ok: bool, message: str) -> None:
        if not ok:
            problems.append(message)

    for agency in story.agencies:
        need(agency.style in (*STYLES, "none"), f"agency {agency.code}: unknown style")
        need(agency.calendar in ("gregorian", "roc", "buddhist"), f"agency {agency.code}: calendar")
    for gang in story.gangs:
        need(gang.naming in get_args(Naming), f"gang {gang.key}: unknown naming {gang.naming}")
        need(all(o in offences for o in gang.offences), f"gang {gang.key}: unknown offence")
        for rule in gang.records:
            need(rule.agency in codes, f"gang {gang.key}: no agency {rule.agency}")
            need(
                rule.operation in story.operations or (rule.start and rule.end) is not None,
                f"gang {gang.key}: a rule for {rule.agency} needs an operation or dates",
            )
    for op in story.operations.values():
        need(op.owner in codes and set(op.agencies) <= codes, f"operation {op.key}: unknown agency")
        if op.sweep:
            need(set(op.sweep.targets) <= gangs, f"operation {op.key}: unknown gang")
            for nation, key in op.sweep.returns.items():
                target = story.operations.get(key)
                need(
                    target is not None and target.owner == story.home_agency.get(nation),
                    f"operation {op.key}: returns to {nation} need an operation of its home agency",
                )
    for case in story.cases:
        need(case.owner in codes, f"case {case.title}: no agency {case.owner}")
        need(set(case.gangs) <= gangs, f"case {case.title}: unknown gang")
        need(set(case.operations) <= set(story.operations), f"case {case.title}: unknown operation")
        need(all(o in offences for o in case.offences), f"case {case.title}: unknown offence")
    for offence_list in story.background.offences.values():
        need(all(o in offences for o in offence_list), "background: unknown offence")
    if problems:
        raise ConfigurationError("demo_story.yaml is inconsistent: " + "; ".join(problems))


@cache
def demo_story() -> Story:
    """The story, read from ``demo_story.yaml`` and checked once."""
    raw = read_data("demo_story.yaml")
    background = raw["background"]
    story = Story(
        agencies=tuple(
            AgencySpec(
                code=a["code"],
                nation=a["nation"],
                name=a["name"],
                parent=a.get("parent"),
                style=a["style"],
                ref_prefix=a["ref"]["prefix"],
                calendar=a["ref"]["calendar"],
                users=tuple((str(role), str(name)) for role, name in a["users"].items()),
            )
            for a in raw["agencies"]
        ),
        home_agency={str(k): str(v) for k, v in raw["home_agency"].items()},
        homes=_places(raw["homes"]),
        transit=_places(raw["transit"]),
        gangs=tuple(_gang(g) for g in raw["gangs"]),
        sweep_outcomes={k: _weights(v) for k, v in raw["sweep_outcomes"].items()},
        return_outcomes={k: _weights(v) for k, v in raw["return_outcomes"].items()},
        operations={o["key"]: _operation(o) for o in raw["operations"]},
        cases=tuple(
            CaseSpec(
                owner=c["owner"],
                title=c["title"],
                offences=tuple(c["offences"]),
                opened=c["opened"],
                status=c["status"],
                operations=tuple(c.get("operations", [])),
                gangs=tuple(c.get("gangs", [])),
                victims=bool(c.get("victims", False)),
            )
            for c in raw["cases"]
        ),
        background=Background(
            agencies=_weights(background["agencies"]),
            nationalities={k: _weights(v) for k, v in background["nationalities"].items()},
            elsewhere=float(background["elsewhere"]),
            again=float(background["again"]),
            offences={k: tuple(v) for k, v in background["offences"].items()},
        ),
    )
    _check(story)
    return story
