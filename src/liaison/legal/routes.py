"""The legal-route engine: how can a person be brought to justice, and what stands in the way.

Pure reasoning over a ``KnowledgeBase``: given where the person is, their nationalities,
the requesting nation, the offences and (optionally) the penalty, it lists every route —
extradition under a named treaty, under a convention, on reciprocity or the holding
state's own law, surrender under an arrangement, deportation, transfer of proceedings,
prosecution where the person is — each with the conditions that hold, fail or need a
decision, every condition citing its rule and source. Nothing here reads or writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from liaison.domain.nations import is_nation_code
from liaison.domain.offences import offence_taxonomy
from liaison.errors import ValidationFailed
from liaison.legal.knowledge import (
    Criminality,
    DeathPenalty,
    Instrument,
    InstrumentKind,
    InstrumentStatus,
    KnowledgeBase,
    NationalityClause,
    NationalsRule,
    NationRules,
    Source,
    Tristate,
    Use,
    WithoutTreaty,
)


class VictimStatus(StrEnum):
    """Trafficking-victim screening of the person (non-punishment principle)."""

    NONE = "none"  # no indication
    FLAGGED = "flagged"  # possible victim forced into crime; screening outcome pending
    VICTIM = "victim"  # screened: a victim
    NOT_VICTIM = "not_victim"  # screened: not a victim


class ConditionStatus(StrEnum):
    """How one condition of a route stands."""

    HOLDS = "holds"
    FAILS = "fails"
    DECIDE = "decide"


class RouteStatus(StrEnum):
    """How a route stands as a whole."""

    AVAILABLE = "available"
    NEEDS_DECISION = "needs_decision"
    BLOCKED = "blocked"


class RouteKind(StrEnum):
    """The ways of bringing a person to justice."""

    DOMESTIC = "domestic_prosecution"
    EXTRADITION_TREATY = "extradition_treaty"
    SURRENDER_ARRANGEMENT = "surrender_arrangement"
    EXTRADITION_CONVENTION = "extradition_convention"
    EXTRADITION_WITHOUT_TREATY = "extradition_without_treaty"
    DEPORTATION = "deportation"
    TRANSFER_OF_PROCEEDINGS = "transfer_of_proceedings"
    PROSECUTION_WHERE_HELD = "prosecution_where_held"


# Preference when several routes are open: a treaty gives the most legal certainty and
# speciality protection; deportation gives none (see principles.deportation in the data).
_PREFERENCE = list(RouteKind)


@dataclass(frozen=True)
class RouteQuestion:
    """What the engine is asked."""

    wanted_by: str
    located_in: str
    nationalities: tuple[str, ...]
    offences: tuple[str, ...]
    penalty_years: float | None = None
    victim_status: VictimStatus = VictimStatus.NONE
    political_character: bool = False
    on_date: dt.date = field(default_factory=dt.date.today)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "wanted_by": self.wanted_by,
            "located_in": self.located_in,
            "nationalities": list(self.nationalities),
            "offences": list(self.offences),
            "penalty_years": self.penalty_years,
            "victim_status": self.victim_status.value,
            "political_character": self.political_character,
            "on_date": self.on_date.isoformat(),
        }


@dataclass(frozen=True)
class Condition:
    """One condition of a route, with the rule and the source it rests on."""

    name: str
    status: ConditionStatus
    reason: str
    rule: str
    source: Source | None = None
    offence: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "name": self.name,
            "status": self.status.value,
            "reason": self.reason,
            "rule": self.rule,
            "source": self.source.to_dict() if self.source else None,
            "offence": self.offence,
        }


@dataclass(frozen=True)
class Route:
    """One way to bring the person to justice, and whether it is open."""

    kind: RouteKind
    title: str
    conditions: tuple[Condition, ...]
    instrument: str | None = None
    destination: str | None = None

    @property
    def status(self) -> RouteStatus:
        """Blocked if a route-wide condition fails or every offence fails; else open or
        needing a decision."""
        route_wide = [c for c in self.conditions if c.offence is None]
        if any(c.status is ConditionStatus.FAILS for c in route_wide):
            return RouteStatus.BLOCKED
        offences = {c.offence for c in self.conditions if c.offence is not None}
        failing = {
            c.offence
            for c in self.conditions
            if c.offence is not None and c.status is ConditionStatus.FAILS
        }
        if offences and failing == offences:
            return RouteStatus.BLOCKED
        if failing or any(c.status is ConditionStatus.DECIDE for c in self.conditions):
            return RouteStatus.NEEDS_DECISION
        return RouteStatus.AVAILABLE

    @property
    def blockers(self) -> list[Condition]:
        """The conditions that fail."""
        return [c for c in self.conditions if c.status is ConditionStatus.FAILS]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "kind": self.kind.value,
            "title": self.title,
            "status": self.status.value,
            "instrument": self.instrument,
            "destination": self.destination,
            "conditions": [c.to_dict() for c in self.conditions],
        }


@dataclass(frozen=True)
class Step:
    """One step of the reasoning, in order, citing its rule and source."""

    text: str
    rule: str | None = None
    source: Source | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "text": self.text,
            "rule": self.rule,
            "source": self.source.to_dict() if self.source else None,
        }


@dataclass(frozen=True)
class RouteAnalysis:
    """The engine's answer: every route, the best one, the reasoning and the disclaimer."""

    question: RouteQuestion
    routes: tuple[Route, ...]
    steps: tuple[Step, ...]
    assistance: tuple[str, ...]
    disclaimer: str

    @property
    def best(self) -> Route | None:
        """The preferred open route: available first, then needing a decision."""
        for wanted in (RouteStatus.AVAILABLE, RouteStatus.NEEDS_DECISION):
            for route in self.routes:
                if route.status is wanted and _delivers(route, self.question):
                    return route
        return None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        best = self.best
        return {
            "question": self.question.to_dict(),
            "best_route": best.to_dict() if best else None,
            "routes": [r.to_dict() for r in self.routes],
            "steps": [s.to_dict() for s in self.steps],
            "mutual_legal_assistance": list(self.assistance),
            "disclaimer": self.disclaimer,
        }


def _delivers(route: Route, question: RouteQuestion) -> bool:
    # A deportation to a third state does not bring the person to the requesting nation.
    return route.kind is not RouteKind.DEPORTATION or route.destination == question.wanted_by


def _invalid(field_name: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, details=[{"field": field_name, "message": message}])


def check_question(kb: KnowledgeBase, question: RouteQuestion) -> None:
    """Refuse a question the knowledge base cannot answer, naming the field."""
    for name, code in (("wanted_by", question.wanted_by), ("located_in", question.located_in)):
        if not is_nation_code(code):
            raise _invalid(name, f"{code!r} is not an ISO 3166-1 alpha-2 nation code")
        if code not in kb.nations:
            known = ", ".join(sorted(kb.nations))
            raise _invalid(
                name, f"the legal knowledge base has no rules for {code}; it covers {known}"
            )
    if not question.nationalities:
        raise _invalid("nationality", "give at least one nationality of the person")
    for code in question.nationalities:
        if not is_nation_code(code):
            raise _invalid("nationality", f"{code!r} is not an ISO 3166-1 alpha-2 nation code")
    if not question.offences:
        raise _invalid("offence", "give at least one offence code")
    taxonomy = offence_taxonomy()
    for code in question.offences:
        if code not in taxonomy:
            raise _invalid("offence", f"{code!r} is not an offence code (see `liaison offences`)")
    if question.penalty_years is not None and not 0 <= question.penalty_years <= 200:
        raise _invalid("penalty_years", "the penalty must be between 0 and 200 years")


class _Reasoner:
    """Works through one question, writing the steps as it goes."""

    def __init__(self, kb: KnowledgeBase, question: RouteQuestion) -> None:
        self.kb = kb
        self.q = question
        self.req = kb.nations[question.wanted_by]
        self.hold = kb.nations[question.located_in]
        self.steps: list[Step] = []
        self.is_national_of_holder = question.located_in in question.nationalities

    def step(self, text: str, rule: str | None = None, source: Source | None = None) -> None:
        self.steps.append(Step(text, rule, source))

    # --- conditions shared by several routes --------------------------------------------

    def victim_condition(self) -> Condition | None:
        status = self.q.victim_status
        principle = self.kb.principles.get("non_punishment")
        source = principle.sources[0] if principle else None
        rule = "Non-punishment principle for trafficking victims"
        if status is VictimStatus.FLAGGED:
            return Condition(
                "non_punishment",
                ConditionStatus.FAILS,
                "flagged as a possible trafficking victim forced into crime: punitive measures "
                "are blocked until a screening outcome is recorded",
                rule,
                source,
            )
        if status is VictimStatus.VICTIM:
            return Condition(
                "non_punishment",
                ConditionStatus.FAILS,
                "screened as a trafficking victim: not to be punished for acts directly "
                "related to being trafficked; offer protection instead",
                rule,
                source,
            )
        if status is VictimStatus.NOT_VICTIM:
            return Condition(
                "non_punishment",
                ConditionStatus.HOLDS,
                "screening recorded: not a trafficking victim",
                rule,
                source,
            )
        return None

    def criminality(self, offence: str, nation: NationRules) -> Condition:
        law = self.kb.law(offence, nation.code)
        label = offence_taxonomy()[offence].label.lower()
        rule = f"Dual criminality: the conduct must be an offence in {nation.name}"
        if law is None or law.criminal is Criminality.UNKNOWN:
            return Condition(
                "dual_criminality",
                ConditionStatus.DECIDE,
                f"the crosswalk has no entry for {label} in {nation.name}: a legal officer "
                "must establish it",
                rule,
                None,
                offence,
            )
        if law.criminal is Criminality.NO:
            return Condition(
                "dual_criminality",
                ConditionStatus.FAILS,
                f"{label} is not an offence in {nation.name}",
                rule,
                law.source,
                offence,
            )
        if law.criminal is Criminality.PARTLY:
            return Condition(
                "dual_criminality",
                ConditionStatus.DECIDE,
                f"only some forms of {label} are offences in {nation.name} ({law.law}): "
                "check the conduct",
                rule,
                law.source,
                offence,
            )
        return Condition(
            "dual_criminality",
            ConditionStatus.HOLDS,
            f"{label} is an offence in {nation.name} ({law.law})",
            rule,
            law.source,
            offence,
        )

    def penalty(
        self, offence: str, threshold: float | None, threshold_rule: str, source: Source | None
    ) -> Condition:
        label = offence_taxonomy()[offence].label.lower()
        if threshold is None:
            return Condition(
                "penalty_threshold",
                ConditionStatus.DECIDE,
                "no penalty threshold is recorded for this route: check the applicable text",
                threshold_rule,
                source,
                offence,
            )
        problems: list[str] = []
        unknown: list[str] = []
        for nation, years in (
            (self.req, self._requesting_penalty(offence)),
            (self.hold, self._penalty_in(offence, self.hold.code)),
        ):
            if years is None:
                unknown.append(nation.name)
            elif years < threshold:
                problems.append(f"{nation.name}: at most {_years(years)}")
        needed = f"punishable by at least {_years(threshold)} in both"
        if problems:
            return Condition(
                "penalty_threshold",
                ConditionStatus.FAILS,
                f"{label} is under the threshold ({needed}; {'; '.join(problems)})",
                threshold_rule,
                source,
                offence,
            )
        if unknown:
            return Condition(
                "penalty_threshold",
                ConditionStatus.DECIDE,
                f"{needed}; the maximum penalty is not recorded for {', '.join(unknown)}",
                threshold_rule,
                source,
                offence,
            )
        return Condition(
            "penalty_threshold",
            ConditionStatus.HOLDS,
            f"{label}: {needed}",
            threshold_rule,
            source,
            offence,
        )

    def _penalty_in(self, offence: str, nation: str) -> float | None:
        law = self.kb.law(offence, nation)
        return None if law is None else law.max_penalty_years

    def _requesting_penalty(self, offence: str) -> float | None:
        if self.q.penalty_years is not None:
            return self.q.penalty_years
        return self._penalty_in(offence, self.req.code)

    def offence_conditions(
        self, threshold: float | None, threshold_rule: str, source: Source | None
    ) -> list[Condition]:
        conditions = []
        for offence in self.q.offences:
            conditions.append(self.criminality(offence, self.req))
            conditions.append(self.criminality(offence, self.hold))
            conditions.append(self.penalty(offence, threshold, threshold_rule, source))
        return conditions

    def nationality(self, instrument: Instrument | None) -> Condition | None:
        if not self.is_national_of_holder:
            return None
        rule_fact = self.hold.extradites_nationals
        name = self.hold.name
        rule = f"Nationality bar: {name}'s rule on surrendering its own nationals"
        value = rule_fact.value
        if value is NationalsRule.NEVER:
            return Condition(
                "nationality_bar",
                ConditionStatus.FAILS,
                f"the person is a national of {name}, whose law bars extraditing its nationals",
                rule,
                rule_fact.source,
            )
        if value is NationalsRule.TREATY_ONLY and instrument is None:
            return Condition(
                "nationality_bar",
                ConditionStatus.FAILS,
                f"the person is a national of {name}, which surrenders nationals only under "
                "an extradition agreement",
                rule,
                rule_fact.source,
            )
        if value is NationalsRule.UNKNOWN:
            return Condition(
                "nationality_bar",
                ConditionStatus.DECIDE,
                f"the person is a national of {name}; its rule on extraditing nationals is "
                "not established",
                rule,
                rule_fact.source,
            )
        clause = instrument.provision("nationality") if instrument else None
        if clause and clause.value is NationalityClause.MANDATORY_REFUSAL:
            return Condition(
                "nationality_bar",
                ConditionStatus.FAILS,
                f"the person is a national of {name}; the instrument obliges refusal",
                f"{instrument.title if instrument else ''}, "
                f"{clause.article or 'nationality clause'}",
                instrument.sources[0] if instrument else None,
            )
        if value is NationalsRule.DISCRETIONARY or (
            clause and clause.value is NationalityClause.DISCRETIONARY
        ):
            return Condition(
                "nationality_bar",
                ConditionStatus.DECIDE,
                f"the person is a national of {name}, which may refuse to surrender its "
                "nationals: a decision of its authorities",
                rule,
                rule_fact.source,
            )
        return Condition(
            "nationality_bar",
            ConditionStatus.HOLDS,
            f"{name} may surrender its nationals",
            rule,
            rule_fact.source,
        )

    def political(self, instrument: Instrument | None) -> Condition:
        clause = instrument.provision("political_exception") if instrument else None
        rule = "Political-offence exception"
        if clause is not None and instrument is not None:
            rule = f"{rule} ({instrument.title}, {clause.article or 'exceptions'})"
        if self.q.political_character:
            return Condition(
                "political_offence",
                ConditionStatus.DECIDE,
                "a political character of the offence or of the request is alleged: the "
                "holding state decides whether the exception applies",
                rule,
                instrument.sources[0] if instrument else None,
            )
        return Condition(
            "political_offence",
            ConditionStatus.HOLDS,
            "no political character is recorded",
            rule,
            instrument.sources[0] if instrument else None,
        )

    def death_penalty(self, instrument: Instrument | None, destination: str) -> Condition | None:
        capital = [
            o
            for o in self.q.offences
            if (law := self.kb.law(o, destination)) is not None and law.punishable_by_death
        ]
        if not capital:
            return None
        assurance = instrument.provision("death_penalty_assurance") if instrument else None
        abolished = self.hold.death_penalty.value is DeathPenalty.ABOLISHED
        if not abolished and not (assurance and assurance.value):
            return None
        labels = ", ".join(offence_taxonomy()[o].label.lower() for o in capital)
        return Condition(
            "death_penalty",
            ConditionStatus.DECIDE,
            f"{labels} can carry the death penalty in {self.kb.nations[destination].name}: "
            f"{self.hold.name} may require an assurance that it will not be imposed or "
            "carried out",
            "Death-penalty assurance",
            self.hold.death_penalty.source
            if abolished
            else instrument.sources[0]
            if instrument
            else None,
        )

    def recognition(self) -> Condition | None:
        if not self.req.recognition_limited:
            return None
        return Condition(
            "recognition",
            ConditionStatus.DECIDE,
            f"{self.hold.name} does not recognise {self.req.name} diplomatically: a formal "
            f"request from {self.req.name} may not be receivable through diplomatic channels",
            "Extradition is requested state to state",
            self.req.recognition_source,
        )

    # --- the routes ----------------------------------------------------------------------

    def instrument_route(self, instrument: Instrument) -> Route:
        in_force = instrument.is_in_force_on(self.q.on_date)
        source = instrument.sources[0]
        conditions: list[Condition] = []
        if in_force:
            since = f" since {instrument.in_force}" if instrument.in_force else ""
            conditions.append(
                Condition(
                    "in_force",
                    ConditionStatus.HOLDS,
                    f"in force{since}",
                    "Instrument status",
                    source,
                )
            )
        elif instrument.status is InstrumentStatus.UNVERIFIED:
            conditions.append(
                Condition(
                    "in_force",
                    ConditionStatus.DECIDE,
                    "reported, but its existence or status is not verified: confirm before use",
                    "Instrument status",
                    source,
                )
            )
        else:
            conditions.append(
                Condition(
                    "in_force",
                    ConditionStatus.FAILS,
                    f"not in force ({instrument.status.value.replace('_', ' ')})",
                    "Instrument status",
                    source,
                )
            )
        covered = instrument.provision("offences")
        if covered is not None:
            for offence in self.q.offences:
                if offence not in covered.value:
                    conditions.append(
                        Condition(
                            "offence_covered",
                            ConditionStatus.FAILS,
                            f"{offence_taxonomy()[offence].label.lower()} is outside its scope",
                            f"{instrument.title}, {covered.article or 'scope'}",
                            source,
                            offence,
                        )
                    )
        scope = instrument.provision("scope")
        if scope is not None and covered is None and instrument.kind is InstrumentKind.CONVENTION:
            conditions.append(
                Condition(
                    "scope",
                    ConditionStatus.DECIDE,
                    f"to confirm: {scope.value}",
                    f"{instrument.title}, {scope.article or 'scope'}",
                    source,
                )
            )
        if instrument.kind is InstrumentKind.CONVENTION:
            conditions.append(self._convention_basis(instrument))
        minimum = instrument.provision("min_penalty_years")
        threshold = minimum.value if minimum else self.hold.min_penalty_years.value
        threshold_rule = (
            f"{instrument.title}, {minimum.article or 'extraditable offences'}"
            if minimum
            else f"{self.hold.name}'s extradition law"
        )
        threshold_source = source if minimum else self.hold.min_penalty_years.source
        dual = instrument.provision("dual_criminality")
        offence_conditions = self.offence_conditions(threshold, threshold_rule, threshold_source)
        if dual is not None and dual.value == "case_by_case":
            offence_conditions = [_soften(c) for c in offence_conditions]
        conditions += offence_conditions
        for condition in (
            self.nationality(instrument),
            self.political(instrument),
            self.death_penalty(instrument, self.req.code),
            self.recognition() if instrument.kind is not InstrumentKind.ARRANGEMENT else None,
            self.victim_condition(),
        ):
            if condition is not None:
                conditions.append(condition)
        kind = {
            InstrumentKind.EXTRADITION_TREATY: RouteKind.EXTRADITION_TREATY,
            InstrumentKind.ARRANGEMENT: RouteKind.SURRENDER_ARRANGEMENT,
        }.get(instrument.kind, RouteKind.EXTRADITION_CONVENTION)
        verb = (
            "Surrender (repatriation)" if kind is RouteKind.SURRENDER_ARRANGEMENT else "Extradition"
        )
        return Route(
            kind,
            f"{verb} under the {instrument.title}",
            tuple(conditions),
            instrument=instrument.id,
            destination=self.req.code,
        )

    def _convention_basis(self, instrument: Instrument) -> Condition:
        rule = "A multilateral convention as the legal basis of extradition"
        without = self.hold.extradition_without_treaty.value
        basis = self.hold.convention_as_legal_basis
        if basis.value is Tristate.YES:
            return Condition(
                "legal_basis",
                ConditionStatus.HOLDS,
                f"{self.hold.name} accepts a ratified convention as the legal basis",
                rule,
                basis.source,
            )
        if without in {WithoutTreaty.RECIPROCITY, WithoutTreaty.LAW}:
            return Condition(
                "legal_basis",
                ConditionStatus.HOLDS,
                f"{self.hold.name} does not require a treaty; the convention supports the request",
                rule,
                self.hold.extradition_without_treaty.source,
            )
        if basis.value is Tristate.NO:
            return Condition(
                "legal_basis",
                ConditionStatus.FAILS,
                f"{self.hold.name} does not take a convention as the legal basis",
                rule,
                basis.source,
            )
        return Condition(
            "legal_basis",
            ConditionStatus.DECIDE,
            f"whether {self.hold.name} accepts the convention alone as the legal basis is "
            "not established",
            rule,
            basis.source,
        )

    def without_treaty_route(self, has_treaty: bool) -> Route:
        fact = self.hold.extradition_without_treaty
        value = fact.value
        conditions: list[Condition] = []
        rule = f"{self.hold.name}: extradition where no treaty applies"
        if value is WithoutTreaty.NEVER:
            conditions.append(
                Condition(
                    "legal_basis",
                    ConditionStatus.FAILS,
                    f"{self.hold.name} extradites only under a treaty",
                    rule,
                    fact.source,
                )
            )
        elif value is WithoutTreaty.UNKNOWN:
            conditions.append(
                Condition(
                    "legal_basis",
                    ConditionStatus.DECIDE,
                    f"whether {self.hold.name} extradites without a treaty is not established",
                    rule,
                    fact.source,
                )
            )
        else:
            undertaking = (
                f"; {self.req.name} must give a written undertaking of reciprocity"
                if value is WithoutTreaty.RECIPROCITY
                else ""
            )
            conditions.append(
                Condition(
                    "legal_basis",
                    ConditionStatus.HOLDS,
                    f"{self.hold.name}'s law allows extradition without a treaty{undertaking}",
                    rule,
                    fact.source,
                )
            )
        if has_treaty:
            conditions.append(
                Condition(
                    "treaty_governs",
                    ConditionStatus.DECIDE,
                    "an instrument binds both nations and normally governs instead",
                    rule,
                    fact.source,
                )
            )
        conditions += self.offence_conditions(
            self.hold.min_penalty_years.value,
            f"{self.hold.name}'s extradition law",
            self.hold.min_penalty_years.source,
        )
        for condition in (
            self.nationality(None),
            self.political(None),
            self.death_penalty(None, self.req.code),
            self.recognition(),
            self.victim_condition(),
        ):
            if condition is not None:
                conditions.append(condition)
        basis = "reciprocity" if value is WithoutTreaty.RECIPROCITY else "national law"
        return Route(
            RouteKind.EXTRADITION_WITHOUT_TREATY,
            f"Extradition without a treaty ({basis} of {self.hold.name})",
            tuple(conditions),
            destination=self.req.code,
        )

    def deportation_routes(self) -> list[Route]:
        principle = self.kb.principles.get("deportation")
        principle_source = principle.sources[0] if principle else None
        routes = []
        destinations = [n for n in self.q.nationalities if n != self.hold.code]
        if self.is_national_of_holder or not destinations:
            return [
                Route(
                    RouteKind.DEPORTATION,
                    f"Deportation from {self.hold.name}",
                    (
                        Condition(
                            "deportable",
                            ConditionStatus.FAILS,
                            f"the person is a national of {self.hold.name}, which cannot "
                            "deport its own nationals",
                            "A state admits its own nationals",
                            principle_source,
                        ),
                    ),
                )
            ]
        for destination in destinations:
            name = (
                self.kb.nations[destination].name if destination in self.kb.nations else destination
            )
            conditions = [
                Condition(
                    "immigration_ground",
                    ConditionStatus.DECIDE,
                    f"{self.hold.name} needs a ground under its immigration law (e.g. illegal "
                    "stay, cancelled visa); there is no dual-criminality check and no "
                    "speciality protection",
                    "Deportation is an immigration measure of the holding state",
                    principle_source,
                )
            ]
            if destination == self.req.code:
                conditions.append(
                    Condition(
                        "reaches_requester",
                        ConditionStatus.HOLDS,
                        f"the person is a national of {name}, the requesting nation",
                        "Deportation goes to the state of nationality",
                        principle_source,
                    )
                )
            else:
                conditions.append(
                    Condition(
                        "reaches_requester",
                        ConditionStatus.DECIDE,
                        f"deportation goes to {name}, not to {self.req.name}: {self.req.name} "
                        f"would then need a route from {name}",
                        "Deportation goes to the state of nationality",
                        principle_source,
                    )
                )
            for report in self.hold.deportation_reports:
                if report.nationality == destination and report.destination != destination:
                    other = self.kb.nations.get(report.destination)
                    conditions.append(
                        Condition(
                            "third_state_risk",
                            ConditionStatus.DECIDE,
                            f"{self.hold.name} has reportedly deported {name} nationals to "
                            f"{other.name if other else report.destination} instead: ask for "
                            "an assurance of the destination",
                            "Deportation to a third state (loophole)",
                            report.source,
                        )
                    )
            death = (
                self.death_penalty(None, destination) if destination in self.kb.nations else None
            )
            if death is not None:
                conditions.append(death)
            victim = self.victim_condition()
            if victim is not None:
                conditions.append(victim)
            routes.append(
                Route(
                    RouteKind.DEPORTATION,
                    f"Deportation from {self.hold.name} to {name}",
                    tuple(conditions),
                    destination=destination,
                )
            )
        return routes

    def prosecution_where_held(self) -> Route:
        """Prosecution by the holding state: of its own national (the answer to a
        nationality bar), or after a transfer of proceedings."""
        national = self.is_national_of_holder
        conditions: list[Condition] = []
        if national:
            fact = self.hold.prosecutes_nationals_abroad
            rule = f"{self.hold.name} prosecutes its nationals for offences abroad"
            status = {
                Tristate.YES: ConditionStatus.HOLDS,
                Tristate.NO: ConditionStatus.FAILS,
            }.get(fact.value, ConditionStatus.DECIDE)
            reason = {
                ConditionStatus.HOLDS: f"{self.hold.name} can try its nationals for acts abroad",
                ConditionStatus.FAILS: f"{self.hold.name} does not try its nationals "
                "for acts abroad",
                ConditionStatus.DECIDE: f"{self.hold.name} can try its nationals for acts "
                "abroad only in some cases: check the offence",
            }[status]
            conditions.append(Condition("jurisdiction", status, reason, rule, fact.source))
        else:
            conditions.append(
                Condition(
                    "jurisdiction",
                    ConditionStatus.DECIDE,
                    f"{self.hold.name} must have jurisdiction over the conduct (e.g. part of it "
                    f"took place in {self.hold.name})",
                    "Transfer of proceedings needs jurisdiction in the receiving state",
                    None,
                )
            )
        conditions += [self.criminality(o, self.hold) for o in self.q.offences]
        untoc = next(
            (
                i
                for i in self.kb.between(self.req.code, self.hold.code)
                if Use.TRANSFER_OF_PROCEEDINGS in i.covers and i.is_in_force_on(self.q.on_date)
            ),
            None,
        )
        if untoc is not None:
            clause = untoc.provision("nationality")
            conditions.append(
                Condition(
                    "treaty_support",
                    ConditionStatus.HOLDS,
                    f"both are parties to the {untoc.title}",
                    f"{untoc.title}, "
                    + (
                        clause.article
                        if national and clause and clause.article
                        else "transfer of proceedings"
                    ),
                    untoc.sources[0],
                )
            )
        victim = self.victim_condition()
        if victim is not None:
            conditions.append(victim)
        kind = RouteKind.PROSECUTION_WHERE_HELD if national else RouteKind.TRANSFER_OF_PROCEEDINGS
        title = (
            f"Prosecution in {self.hold.name} of its own national (extradite or prosecute)"
            if national
            else f"Transfer of proceedings from {self.req.name} to {self.hold.name}"
        )
        return Route(kind, title, tuple(conditions), destination=self.hold.code)


def _soften(condition: Condition) -> Condition:
    if condition.status is not ConditionStatus.FAILS:
        return condition
    return Condition(
        condition.name,
        ConditionStatus.DECIDE,
        condition.reason + " (the arrangement handles such cases case by case)",
        condition.rule,
        condition.source,
        condition.offence,
    )


def _years(value: float) -> str:
    if value == float("inf"):
        return "life or death"
    return f"{value:g} year" + ("" if value == 1 else "s")


def analyse_routes(kb: KnowledgeBase, question: RouteQuestion) -> RouteAnalysis:
    """Every route for ``question``, with the reasoning step by step."""
    check_question(kb, question)
    r = _Reasoner(kb, question)
    req, hold = r.req, r.hold
    labels = ", ".join(offence_taxonomy()[o].label.lower() for o in question.offences)
    r.step(
        f"{req.name} wants a person of nationality {', '.join(question.nationalities)} who is "
        f"in {hold.name}, for {labels}"
        + (f" (penalty {question.penalty_years:g} years)" if question.penalty_years else "")
        + f"; assessed as of {question.on_date.isoformat()}."
    )
    if req.code == hold.code:
        route = Route(
            RouteKind.DOMESTIC,
            f"Arrest and prosecution in {hold.name}",
            tuple(
                c
                for c in (
                    Condition(
                        "jurisdiction",
                        ConditionStatus.HOLDS,
                        f"the person is in {hold.name}, the requesting nation",
                        "Territorial jurisdiction",
                    ),
                    r.victim_condition(),
                )
                if c is not None
            ),
            destination=hold.code,
        )
        r.step("The person is already in the requesting nation: no cross-border route is needed.")
        return RouteAnalysis(question, (route,), tuple(r.steps), (), kb.disclaimer)

    instruments = kb.between(req.code, hold.code)
    surrender = [i for i in instruments if {Use.EXTRADITION, Use.REPATRIATION} & i.covers]
    assistance = tuple(
        f"{i.title} ({i.id})"
        for i in instruments
        if Use.MLA in i.covers and i.status is InstrumentStatus.IN_FORCE
    )
    absence = kb.absence(req.code, hold.code)
    bilateral = [i for i in surrender if i.kind is not InstrumentKind.CONVENTION]
    if bilateral:
        r.step(
            "Instruments for surrender between them: "
            + "; ".join(f"{i.title} ({i.status.value.replace('_', ' ')})" for i in bilateral)
            + ".",
            "Treaties, conventions and arrangements in the knowledge base",
            bilateral[0].sources[0],
        )
    elif absence is not None:
        r.step(
            f"There is no extradition treaty between {req.name} and {hold.name}.",
            "Recorded absence of a bilateral treaty",
            absence.source,
        )
    else:
        r.step(
            f"No bilateral instrument between {req.name} and {hold.name} is recorded, and "
            "no source says there is none: a legal officer should check.",
        )
    conventions = [i for i in surrender if i.kind is InstrumentKind.CONVENTION]
    if conventions:
        r.step(
            "Multilateral conventions binding both: "
            + "; ".join(i.title for i in conventions)
            + ".",
            "Conventions in the knowledge base",
            conventions[0].sources[0],
        )
    without = hold.extradition_without_treaty
    r.step(
        f"{hold.name} without a treaty: {without.value.value.replace('_', ' ')}.",
        f"{hold.name}'s extradition law",
        without.source,
    )
    if r.is_national_of_holder:
        fact = hold.extradites_nationals
        r.step(
            f"The person is a national of {hold.name}; its rule on surrendering nationals: "
            f"{fact.value.value.replace('_', ' ')}.",
            "Nationality bar",
            fact.source,
        )
    if question.victim_status is not VictimStatus.NONE:
        victim = r.victim_condition()
        assert victim is not None
        r.step(victim.reason + ".", victim.rule, victim.source)

    routes: list[Route] = [r.instrument_route(i) for i in surrender]
    has_treaty = any(
        i.kind is not InstrumentKind.CONVENTION
        and i.status is not InstrumentStatus.SIGNED_NOT_IN_FORCE
        for i in surrender
    )
    routes.append(r.without_treaty_route(has_treaty))
    routes += r.deportation_routes()
    routes.append(r.prosecution_where_held())
    routes.sort(key=lambda route: _PREFERENCE.index(route.kind))
    for route in routes:
        failing = "; ".join(c.reason for c in route.blockers[:2])
        pending = [c for c in route.conditions if c.status is ConditionStatus.DECIDE]
        status = route.status.value.replace("_", " ")
        detail = (
            f" because {failing}"
            if route.status is RouteStatus.BLOCKED
            else f" ({len(pending)} point(s) to decide)"
            if pending
            else ""
        )
        first = route.blockers[0] if route.blockers else (pending[0] if pending else None)
        r.step(
            f"{route.title}: {status}{detail}.",
            first.rule if first else None,
            first.source if first else None,
        )
    analysis = RouteAnalysis(question, tuple(routes), tuple(r.steps), assistance, kb.disclaimer)
    best = analysis.best
    r.steps.append(
        Step(
            f"Best available route: {best.title} ({best.status.value.replace('_', ' ')})."
            if best
            else f"No route brings this person from {hold.name} to justice in {req.name}: "
            "a loophole to raise."
        )
    )
    return RouteAnalysis(question, tuple(routes), tuple(r.steps), assistance, kb.disclaimer)


def parse_nations(values: Iterable[str]) -> tuple[str, ...]:
    """Nation codes as given on a command line or query string, upper-cased, split on commas."""
    codes: list[str] = []
    for value in values:
        codes += [part.strip().upper() for part in value.split(",") if part.strip()]
    return tuple(dict.fromkeys(codes))
