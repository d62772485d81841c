"""The legal knowledge base as data: nations' rules, instruments and the offence crosswalk.

The knowledge base is read from plain mappings (the YAML files in ``data/legal``, with the
coordinators' and legal officers' changes applied on top) and checked once here, the
followthemoney way: any inconsistency is a ``ValidationFailed`` that names the file and
field, and nothing is half-built. The classes are frozen; the route engine only reads them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from liaison.domain.nations import is_nation_code
from liaison.domain.offences import offence_taxonomy
from liaison.errors import ValidationFailed

DISCLAIMER = (
    "Starting data compiled from public sources. Legal officers must verify every fact "
    "against the official text before relying on it; this is not legal advice."
)


class NationalsRule(StrEnum):
    """Whether a nation extradites its own nationals."""

    NEVER = "never"
    TREATY_ONLY = "treaty_only"
    DISCRETIONARY = "discretionary"
    YES = "yes"
    UNKNOWN = "unknown"


class WithoutTreaty(StrEnum):
    """Whether a nation extradites where no treaty applies."""

    RECIPROCITY = "reciprocity"
    LAW = "law"
    NEVER = "never"
    UNKNOWN = "unknown"


class DeathPenalty(StrEnum):
    """Whether a nation's law keeps the death penalty."""

    RETAINED = "retained"
    ABOLISHED = "abolished"
    UNKNOWN = "unknown"


class Tristate(StrEnum):
    """A yes/no fact that may also be conditional or not established."""

    YES = "yes"
    CONDITIONAL = "conditional"
    NO = "no"
    UNKNOWN = "unknown"


class InstrumentKind(StrEnum):
    """What sort of instrument binds the parties."""

    EXTRADITION_TREATY = "extradition_treaty"
    MLA_TREATY = "mla_treaty"
    CONVENTION = "convention"
    ARRANGEMENT = "arrangement"


class InstrumentStatus(StrEnum):
    """Where an instrument stands."""

    IN_FORCE = "in_force"
    SIGNED_NOT_IN_FORCE = "signed_not_in_force"
    TERMINATED = "terminated"
    UNVERIFIED = "unverified"


class Use(StrEnum):
    """What an instrument can be used for."""

    EXTRADITION = "extradition"
    MLA = "mla"
    REPATRIATION = "repatriation"
    TRANSFER_OF_PROCEEDINGS = "transfer_of_proceedings"
    VICTIM_PROTECTION = "victim_protection"


class NationalityClause(StrEnum):
    """What an instrument says about surrendering the requested party's nationals."""

    MANDATORY_REFUSAL = "mandatory_refusal"
    DISCRETIONARY = "discretionary"
    NO_BAR = "no_bar"


class Criminality(StrEnum):
    """Whether conduct is an offence in a nation."""

    YES = "yes"
    NO = "no"
    PARTLY = "partly"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Source:
    """Where a fact comes from: a citation and, when known, a public URL."""

    citation: str
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"citation": self.citation, "url": self.url}


@dataclass(frozen=True)
class Fact:
    """One fact of a nation's law with its source."""

    value: Any
    source: Source
    note: str | None = None


@dataclass(frozen=True)
class DeportationReport:
    """A report that the nation deported nationals of one state to another state."""

    nationality: str
    destination: str
    source: Source


@dataclass(frozen=True)
class NationRules:
    """A nation's rules on extradition and surrender."""

    code: str
    name: str
    interpol_member: Fact
    extradites_nationals: Fact
    extradition_without_treaty: Fact
    min_penalty_years: Fact
    death_penalty: Fact
    provisional_arrest_days: Fact
    prosecutes_nationals_abroad: Fact
    convention_as_legal_basis: Fact
    recognition_limited: bool = False
    recognition_source: Source | None = None
    deportation_reports: tuple[DeportationReport, ...] = ()


@dataclass(frozen=True)
class Provision:
    """A provision of an instrument and the article it is in."""

    value: Any
    article: str | None = None


@dataclass(frozen=True)
class Instrument:
    """A treaty, convention or arrangement between nations."""

    id: str
    kind: InstrumentKind
    title: str
    parties: frozenset[str]
    status: InstrumentStatus
    covers: frozenset[Use]
    provisions: Mapping[str, Provision]
    sources: tuple[Source, ...]
    signed: dt.date | None = None
    in_force: dt.date | None = None
    terminated: dt.date | None = None
    note: str | None = None

    def provision(self, name: str) -> Provision | None:
        """A provision by name, or None."""
        return self.provisions.get(name)

    def binds(self, *nations: str) -> bool:
        """True when every nation given is a party."""
        return all(n in self.parties for n in nations)

    def is_in_force_on(self, day: dt.date) -> bool:
        """In force on ``day``, as far as the recorded dates tell."""
        if self.status is not InstrumentStatus.IN_FORCE:
            return False
        if self.in_force is not None and self.in_force > day:
            return False
        return self.terminated is None or self.terminated > day


@dataclass(frozen=True)
class Absence:
    """A nation pair known to have no bilateral extradition treaty."""

    parties: frozenset[str]
    source: Source


@dataclass(frozen=True)
class OffenceLaw:
    """How one nation's law treats one offence of the taxonomy."""

    offence: str
    nation: str
    criminal: Criminality
    max_penalty: float | str | None
    law: str
    source: Source

    @property
    def max_penalty_years(self) -> float | None:
        """The maximum penalty in years; life and death count as unbounded."""
        if isinstance(self.max_penalty, str):
            return float("inf")
        return self.max_penalty

    @property
    def punishable_by_death(self) -> bool:
        """True when the maximum penalty is death."""
        return self.max_penalty == "death"


@dataclass(frozen=True)
class Principle:
    """A rule applied to every nation, with its sources."""

    name: str
    text: str
    sources: tuple[Source, ...]


@dataclass(frozen=True, eq=False)
class KnowledgeBase:
    """Everything the route engine knows, checked and frozen."""

    nations: Mapping[str, NationRules]
    instruments: Mapping[str, Instrument]
    absences: tuple[Absence, ...]
    crosswalk: Mapping[tuple[str, str], OffenceLaw]
    principles: Mapping[str, Principle] = field(default_factory=dict)
    disclaimer: str = DISCLAIMER

    def between(self, a: str, b: str) -> list[Instrument]:
        """Every instrument binding both nations, in file order."""
        return [i for i in self.instruments.values() if i.binds(a, b)]

    def absence(self, a: str, b: str) -> Absence | None:
        """The recorded absence of a bilateral extradition treaty between a and b."""
        pair = frozenset({a, b})
        return next((x for x in self.absences if x.parties == pair), None)

    def law(self, offence: str, nation: str) -> OffenceLaw | None:
        """How ``nation`` treats ``offence``, if recorded."""
        return self.crosswalk.get((offence, nation))


# --- building and checking ---------------------------------------------------------------

SECTION_FILES = {
    "nations": "nations.yaml",
    "principles": "nations.yaml",
    "instruments": "instruments.yaml",
    "no_extradition_treaty": "instruments.yaml",
    "offences": "crosswalk.yaml",
}

_NATION_FACTS: dict[str, type[StrEnum] | None] = {
    "interpol_member": None,
    "extradites_nationals": NationalsRule,
    "extradition_without_treaty": WithoutTreaty,
    "min_penalty_years": None,
    "death_penalty": DeathPenalty,
    "provisional_arrest_days": None,
    "prosecutes_nationals_abroad": Tristate,
    "convention_as_legal_basis": Tristate,
}
_PROVISION_KINDS: dict[str, str] = {
    "min_penalty_years": "number",
    "provisional_arrest_days": "days",
    "surrender_days": "days",
    "speciality_days": "days",
    "nationality": "nationality",
    "political_exception": "bool",
    "military_exception": "bool",
    "fiscal_exception": "bool",
    "death_penalty_assurance": "bool",
    "offences": "offences",
    "scope": "text",
    "dual_criminality": "dual",
}


class _Problems:
    """Collects every problem before raising, so one run names them all."""

    def __init__(self, files: Mapping[str, str]) -> None:
        self.items: list[dict[str, str]] = []
        self.files = files

    def add(self, section: str, path: str, message: str) -> None:
        self.items.append(
            {"file": self.files.get(section, section), "field": path, "message": message}
        )

    def raise_if_any(self) -> None:
        if not self.items:
            return
        first = self.items[0]
        more = f" (and {len(self.items) - 1} more)" if len(self.items) > 1 else ""
        raise ValidationFailed(
            f"invalid legal knowledge base: {first['file']}: {first['field']}: "
            f"{first['message']}{more}",
            details=self.items,
        )


def _yes_no(value: Any) -> Any:
    # YAML 1.1 reads bare yes/no as booleans; the enums spell them out.
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return value


def _source(problems: _Problems, section: str, path: str, raw: Any) -> Source | None:
    if not isinstance(raw, Mapping) or not str(raw.get("citation") or "").strip():
        problems.add(section, path, "a source with a non-empty citation is required")
        return None
    url = raw.get("url")
    if url is not None and not (isinstance(url, str) and url.startswith(("http://", "https://"))):
        problems.add(section, f"{path}.url", f"{url!r} is not an http(s) URL")
        url = None
    return Source(str(raw["citation"]).strip(), url)


def _date(problems: _Problems, section: str, path: str, raw: Any) -> dt.date | None:
    if raw is None:
        return None
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError:
        problems.add(section, path, f"{raw!r} is not a date (YYYY-MM-DD)")
        return None


def _nation(problems: _Problems, section: str, path: str, code: Any) -> str | None:
    text = str(code).strip().upper() if code is not None else ""
    if not is_nation_code(text):
        problems.add(section, path, f"{code!r} is not an ISO 3166-1 alpha-2 nation code")
        return None
    return text


def _fact(
    problems: _Problems, path: str, raw: Any, kind: type[StrEnum] | None, name: str
) -> Fact | None:
    if not isinstance(raw, Mapping) or "value" not in raw:
        problems.add("nations", path, "a fact needs a value and a source")
        return None
    value = raw["value"]
    if kind is not None:
        value = _yes_no(value)
        try:
            value = kind(value)
        except ValueError:
            allowed = ", ".join(m.value for m in kind)
            problems.add("nations", f"{path}.value", f"{value!r} is not one of {allowed}")
            return None
    elif name == "interpol_member":
        if not isinstance(value, bool):
            problems.add("nations", f"{path}.value", "expected true or false")
            return None
    elif value is not None and (
        isinstance(value, bool) or not isinstance(value, int | float) or value < 0
    ):
        problems.add("nations", f"{path}.value", f"{value!r} is not a non-negative number")
        return None
    source = _source(problems, "nations", f"{path}.source", raw.get("source"))
    if source is None:
        return None
    note = raw.get("note")
    return Fact(value, source, str(note) if note else None)


def _nations(problems: _Problems, raw: Any) -> dict[str, NationRules]:
    nations: dict[str, NationRules] = {}
    if not isinstance(raw, Mapping) or not raw:
        problems.add("nations", "nations", "a mapping of nation codes is required")
        return nations
    for key, entry in raw.items():
        path = f"nations.{key}"
        code = _nation(problems, "nations", path, key)
        if code is None:
            continue
        if not isinstance(entry, Mapping):
            problems.add("nations", path, "expected a mapping")
            continue
        facts: dict[str, Fact] = {}
        for name, kind in _NATION_FACTS.items():
            if name not in entry:
                problems.add("nations", f"{path}.{name}", "missing")
                continue
            fact = _fact(problems, f"{path}.{name}", entry[name], kind, name)
            if fact is not None:
                facts[name] = fact
        reports = []
        for index, item in enumerate(entry.get("deportation_reports") or []):
            where = f"{path}.deportation_reports[{index}]"
            nationality = _nation(
                problems, "nations", f"{where}.nationality", item.get("nationality")
            )
            destination = _nation(
                problems, "nations", f"{where}.destination", item.get("destination")
            )
            source = _source(problems, "nations", f"{where}.source", item.get("source"))
            if nationality and destination and source:
                reports.append(DeportationReport(nationality, destination, source))
        limited = bool(entry.get("recognition_limited", False))
        recognition_source = None
        if limited:
            recognition_source = _source(
                problems, "nations", f"{path}.recognition_source", entry.get("recognition_source")
            )
        if len(facts) != len(_NATION_FACTS):
            continue
        nations[code] = NationRules(
            code=code,
            name=str(entry.get("name") or code),
            recognition_limited=limited,
            recognition_source=recognition_source,
            deportation_reports=tuple(reports),
            **facts,
        )
    return nations


def _provision(problems: _Problems, path: str, name: str, raw: Any) -> Provision | None:
    kind = _PROVISION_KINDS.get(name)
    if kind is None:
        problems.add("instruments", path, f"unknown provision {name!r}")
        return None
    article = None
    if isinstance(raw, Mapping):
        article = str(raw["article"]) if raw.get("article") else None
        raw = raw.get("value")
    value: Any = raw
    if kind in {"number", "days"}:
        if isinstance(raw, bool) or not isinstance(raw, int | float) or raw < 0:
            problems.add("instruments", path, f"{raw!r} is not a non-negative number")
            return None
        if kind == "days" and (not float(raw).is_integer() or raw < 1):
            problems.add("instruments", path, f"{raw!r} is not a whole number of days")
            return None
    elif kind == "bool":
        if not isinstance(raw, bool):
            problems.add("instruments", path, "expected true or false")
            return None
    elif kind == "nationality":
        try:
            value = NationalityClause(raw)
        except ValueError:
            allowed = ", ".join(m.value for m in NationalityClause)
            problems.add("instruments", path, f"{raw!r} is not one of {allowed}")
            return None
    elif kind == "offences":
        if not isinstance(raw, list) or not raw:
            problems.add("instruments", path, "expected a list of offence codes")
            return None
        taxonomy = offence_taxonomy()
        for code in raw:
            if code not in taxonomy:
                problems.add(
                    "instruments", path, f"{code!r} is not an offence code of the taxonomy"
                )
                return None
        value = tuple(raw)
    elif kind == "dual":
        if raw not in {"required", "case_by_case"}:
            problems.add("instruments", path, f"{raw!r} is not one of required, case_by_case")
            return None
    elif not isinstance(raw, str) or not raw.strip():
        problems.add("instruments", path, "expected a text")
        return None
    return Provision(value, article)


def _instrument(problems: _Problems, key: str, entry: Any) -> Instrument | None:
    path = f"instruments.{key}"
    if not isinstance(entry, Mapping):
        problems.add("instruments", path, "expected a mapping")
        return None
    before = len(problems.items)
    kind: InstrumentKind | None = None
    status: InstrumentStatus | None = None
    try:
        kind = InstrumentKind(str(entry.get("kind")))
    except ValueError:
        allowed = ", ".join(m.value for m in InstrumentKind)
        problems.add(
            "instruments", f"{path}.kind", f"{entry.get('kind')!r} is not one of {allowed}"
        )
    try:
        status = InstrumentStatus(str(entry.get("status")))
    except ValueError:
        allowed = ", ".join(m.value for m in InstrumentStatus)
        problems.add(
            "instruments", f"{path}.status", f"{entry.get('status')!r} is not one of {allowed}"
        )
    title = str(entry.get("title") or "").strip()
    if not title:
        problems.add("instruments", f"{path}.title", "a title is required")
    raw_parties = entry.get("parties")
    parties: set[str] = set()
    if not isinstance(raw_parties, list) or len(raw_parties) < 2:
        problems.add("instruments", f"{path}.parties", "an instrument needs at least two parties")
    else:
        for index, code in enumerate(raw_parties):
            nation = _nation(problems, "instruments", f"{path}.parties[{index}]", code)
            if nation:
                parties.add(nation)
    covers: set[Use] = set()
    for use in entry.get("covers") or []:
        try:
            covers.add(Use(use))
        except ValueError:
            allowed = ", ".join(m.value for m in Use)
            problems.add("instruments", f"{path}.covers", f"{use!r} is not one of {allowed}")
    if not covers:
        problems.add("instruments", f"{path}.covers", "say what the instrument covers")
    signed = _date(problems, "instruments", f"{path}.signed", entry.get("signed"))
    in_force = _date(problems, "instruments", f"{path}.in_force", entry.get("in_force"))
    terminated = _date(problems, "instruments", f"{path}.terminated", entry.get("terminated"))
    if signed and in_force and in_force < signed:
        problems.add(
            "instruments",
            f"{path}.in_force",
            f"in force {in_force} is before it was signed {signed}",
        )
    start = in_force or signed
    if start and terminated and terminated < start:
        problems.add(
            "instruments", f"{path}.terminated", f"terminated {terminated} is before {start}"
        )
    if status is InstrumentStatus.TERMINATED and terminated is None:
        problems.add("instruments", f"{path}.terminated", "a terminated instrument needs the date")
    if status is InstrumentStatus.SIGNED_NOT_IN_FORCE and in_force is not None:
        problems.add(
            "instruments", f"{path}.in_force", "an instrument not in force has no in_force date"
        )
    provisions: dict[str, Provision] = {}
    raw_provisions = entry.get("provisions") or {}
    if not isinstance(raw_provisions, Mapping):
        problems.add("instruments", f"{path}.provisions", "expected a mapping")
        raw_provisions = {}
    for name, raw in raw_provisions.items():
        provision = _provision(problems, f"{path}.provisions.{name}", str(name), raw)
        if provision is not None:
            provisions[str(name)] = provision
    sources: list[Source] = []
    for index, raw in enumerate(entry.get("sources") or []):
        source = _source(problems, "instruments", f"{path}.sources[{index}]", raw)
        if source:
            sources.append(source)
    if not entry.get("sources"):
        problems.add("instruments", f"{path}.sources", "every instrument needs a public source")
    if len(problems.items) > before or kind is None or status is None:
        return None
    return Instrument(
        id=key,
        kind=kind,
        title=title,
        parties=frozenset(parties),
        status=status,
        covers=frozenset(covers),
        provisions=provisions,
        sources=tuple(sources),
        signed=signed,
        in_force=in_force,
        terminated=terminated,
        note=str(entry["note"]) if entry.get("note") else None,
    )


def _crosswalk(
    problems: _Problems, raw: Any, nations: Mapping[str, NationRules]
) -> dict[tuple[str, str], OffenceLaw]:
    result: dict[tuple[str, str], OffenceLaw] = {}
    if not isinstance(raw, Mapping):
        problems.add("offences", "offences", "a mapping of offence codes is required")
        return result
    taxonomy = offence_taxonomy()
    for offence, by_nation in raw.items():
        path = f"offences.{offence}"
        if offence not in taxonomy:
            problems.add("offences", path, f"{offence!r} is not an offence code of the taxonomy")
            continue
        if not isinstance(by_nation, Mapping):
            problems.add("offences", path, "expected a mapping of nation codes")
            continue
        for key, entry in by_nation.items():
            where = f"{path}.{key}"
            nation = _nation(problems, "offences", where, key)
            if nation is None:
                continue
            if nation not in nations:
                problems.add("offences", where, f"{nation} has no entry in nations.yaml")
                continue
            if not isinstance(entry, Mapping):
                problems.add("offences", where, "expected a mapping")
                continue
            try:
                criminal = Criminality(_yes_no(entry.get("criminal")))
            except ValueError:
                problems.add("offences", f"{where}.criminal", "expected yes, no, partly or unknown")
                continue
            penalty = entry.get("max_penalty")
            if (
                penalty is not None
                and penalty not in {"life", "death"}
                and (
                    isinstance(penalty, bool)
                    or not isinstance(penalty, int | float)
                    or penalty <= 0
                )
            ):
                problems.add(
                    "offences",
                    f"{where}.max_penalty",
                    f"{penalty!r} is not a number of years, life or death",
                )
                continue
            if criminal is Criminality.NO and penalty is not None:
                problems.add(
                    "offences", f"{where}.max_penalty", "an act that is not criminal has no penalty"
                )
                continue
            source = _source(problems, "offences", f"{where}.source", entry.get("source"))
            if source is None:
                continue
            result[(offence, nation)] = OffenceLaw(
                offence, nation, criminal, penalty, str(entry.get("law") or ""), source
            )
    return result


def _absences(problems: _Problems, raw: Any, instruments: Iterable[Instrument]) -> list[Absence]:
    found = []
    treaties = [i for i in instruments if i.kind is InstrumentKind.EXTRADITION_TREATY]
    for index, entry in enumerate(raw or []):
        path = f"no_extradition_treaty[{index}]"
        parties = entry.get("parties") if isinstance(entry, Mapping) else None
        if not isinstance(parties, list) or len(parties) != 2:
            problems.add("no_extradition_treaty", f"{path}.parties", "exactly two nations")
            continue
        codes = {_nation(problems, "no_extradition_treaty", f"{path}.parties", p) for p in parties}
        source = _source(problems, "no_extradition_treaty", f"{path}.source", entry.get("source"))
        if None in codes or source is None:
            continue
        pair = frozenset(c for c in codes if c)
        clash = [
            t.id
            for t in treaties
            if t.parties == pair and t.status is not InstrumentStatus.SIGNED_NOT_IN_FORCE
        ]
        if clash:
            problems.add(
                "no_extradition_treaty",
                path,
                f"{'-'.join(sorted(pair))} is recorded without a treaty, but {clash[0]} binds them",
            )
            continue
        found.append(Absence(pair, source))
    return found


def _principles(problems: _Problems, raw: Any) -> dict[str, Principle]:
    result: dict[str, Principle] = {}
    for name, entry in (raw or {}).items():
        path = f"principles.{name}"
        sources = [
            s
            for index, item in enumerate(entry.get("sources") or [])
            if (s := _source(problems, "principles", f"{path}.sources[{index}]", item))
        ]
        if not sources:
            problems.add("principles", path, "a principle needs a source")
            continue
        result[str(name)] = Principle(
            str(name), str(entry.get("text") or "").strip(), tuple(sources)
        )
    return result


def build_knowledge_base(
    raw: Mapping[str, Any], files: Mapping[str, str] = SECTION_FILES
) -> KnowledgeBase:
    """Check the raw sections and build the knowledge base; ``ValidationFailed`` lists
    every problem with its file and field, and nothing is returned half-built."""
    problems = _Problems(files)
    nations = _nations(problems, raw.get("nations"))
    instruments: dict[str, Instrument] = {}
    raw_instruments = raw.get("instruments") or {}
    if not isinstance(raw_instruments, Mapping):
        problems.add("instruments", "instruments", "expected a mapping of instrument ids")
        raw_instruments = {}
    for key, entry in raw_instruments.items():
        instrument = _instrument(problems, str(key), entry)
        if instrument is not None:
            instruments[str(key)] = instrument
    absences = _absences(problems, raw.get("no_extradition_treaty"), instruments.values())
    crosswalk = _crosswalk(problems, raw.get("offences"), nations)
    principles = _principles(problems, raw.get("principles"))
    problems.raise_if_any()
    disclaimer = str(raw.get("disclaimer") or DISCLAIMER).strip()
    return KnowledgeBase(nations, instruments, tuple(absences), crosswalk, principles, disclaimer)
