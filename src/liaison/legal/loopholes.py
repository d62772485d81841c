"""The loophole report: where wanted people can slip through, computed from data given.

Over the wanted subjects of open cases: where each is, the best route and what blocks
the others; the nation-pair x offence-family matrix where no legal route exists at all;
deadlines at risk; and the deportation-instead-of-extradition pattern (a national of A
held in B, deported or about to be deported to a third state C). Pure: the service layer
gathers the subjects and deadlines it may read and hands them in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from liaison.domain.offences import offence_taxonomy
from liaison.legal.knowledge import KnowledgeBase
from liaison.legal.routes import (
    RouteKind,
    RouteQuestion,
    RouteStatus,
    VictimStatus,
    analyse_routes,
)

_LEGAL_ROUTES = {
    RouteKind.EXTRADITION_TREATY,
    RouteKind.SURRENDER_ARRANGEMENT,
    RouteKind.EXTRADITION_CONVENTION,
    RouteKind.EXTRADITION_WITHOUT_TREATY,
}


@dataclass(frozen=True)
class WantedSubject:
    """A subject of an open case, as far as the report needs to know them."""

    case_ref: str
    subject_id: str
    label: str
    wanted_by: str
    nationalities: tuple[str, ...]
    offences: tuple[str, ...]
    located_in: str | None
    victim_status: VictimStatus = VictimStatus.NONE
    deportation_to: str | None = None
    deportation_recorded: bool = False  # False: proposed


@dataclass(frozen=True)
class DeadlineAtRisk:
    """A running or passed statutory deadline of a request the reader is party to."""

    request_id: int
    title: str
    kind: str
    due_on: dt.date
    days_left: int


def _subject_entry(kb: KnowledgeBase, subject: WantedSubject, today: dt.date) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "case": subject.case_ref,
        "subject_id": subject.subject_id,
        "subject": subject.label,
        "wanted_by": subject.wanted_by,
        "nationalities": list(subject.nationalities),
        "located_in": subject.located_in,
        "offences": list(subject.offences),
        "victim_status": subject.victim_status.value,
        "best_route": None,
        "blocked": [],
        "problem": None,
    }
    if subject.located_in is None:
        entry["problem"] = "whereabouts unknown: no route can be assessed"
        return entry
    known = [n for n in subject.nationalities] or []
    if not known:
        entry["problem"] = "nationality unknown: no route can be assessed"
        return entry
    if subject.located_in not in kb.nations or not subject.offences:
        entry["problem"] = (
            "no offence recorded on the case"
            if not subject.offences
            else f"no legal rules recorded for {subject.located_in}"
        )
        return entry
    analysis = analyse_routes(
        kb,
        RouteQuestion(
            wanted_by=subject.wanted_by,
            located_in=subject.located_in,
            nationalities=tuple(known),
            offences=subject.offences,
            victim_status=subject.victim_status,
            on_date=today,
        ),
    )
    best = analysis.best
    if best is not None:
        entry["best_route"] = {
            "kind": best.kind.value,
            "title": best.title,
            "status": best.status.value,
        }
    else:
        entry["problem"] = "no route: a loophole"
    entry["blocked"] = [
        {"title": r.title, "because": [c.reason for c in r.blockers]}
        for r in analysis.routes
        if r.status is RouteStatus.BLOCKED
    ]
    return entry


@lru_cache(maxsize=8192)
def _cell(kb: KnowledgeBase, wanted_by: str, located_in: str, offence: str, day: dt.date) -> bool:
    """True when a legal route (treaty, convention, arrangement or extradition without
    treaty) is open for a national of the requesting nation."""
    analysis = analyse_routes(
        kb,
        RouteQuestion(
            wanted_by=wanted_by,
            located_in=located_in,
            nationalities=(wanted_by,),
            offences=(offence,),
            on_date=day,
        ),
    )
    return any(
        r.kind in _LEGAL_ROUTES and r.status is not RouteStatus.BLOCKED for r in analysis.routes
    )


def no_route_matrix(kb: KnowledgeBase, today: dt.date) -> list[dict[str, Any]]:
    """Every (requesting nation, holding nation, offence family) where no legal route is
    open for a fugitive of the requesting nation, with the offences concerned."""
    families: dict[str, list[str]] = {}
    for offence in offence_taxonomy().values():
        families.setdefault(offence.family, []).append(offence.code)
    cells = []
    codes = sorted(kb.nations)
    for wanted_by in codes:
        for located_in in codes:
            if wanted_by == located_in:
                continue
            for family, offences in families.items():
                closed = [o for o in offences if not _cell(kb, wanted_by, located_in, o, today)]
                if len(closed) == len(offences):
                    cells.append(
                        {"wanted_by": wanted_by, "located_in": located_in, "family": family}
                    )
    return cells


def deportation_flags(subjects: Iterable[WantedSubject]) -> list[dict[str, Any]]:
    """Nationals of A held in B with a deportation (recorded or proposed) to C, where C is
    not their nation or not the nation that wants them: the agencies of A should know."""
    flags = []
    for s in subjects:
        if not s.deportation_to or not s.located_in:
            continue
        third_state = s.deportation_to not in s.nationalities
        instead = s.deportation_to != s.wanted_by
        if not (third_state or instead):
            continue
        flags.append(
            {
                "case": s.case_ref,
                "subject_id": s.subject_id,
                "subject": s.label,
                "nationalities": list(s.nationalities),
                "held_in": s.located_in,
                "deportation_to": s.deportation_to,
                "recorded": s.deportation_recorded,
                "wanted_by": s.wanted_by,
                "pattern": "third_state" if third_state else "deportation_instead_of_extradition",
                "notify": sorted(set(s.nationalities) - {s.located_in}),
            }
        )
    return flags


def loophole_report(
    kb: KnowledgeBase,
    subjects: Sequence[WantedSubject],
    deadlines: Sequence[DeadlineAtRisk],
    today: dt.date,
    *,
    include_matrix: bool = True,
) -> dict[str, Any]:
    """The whole report as JSON-ready data."""
    entries = [_subject_entry(kb, s, today) for s in subjects]
    counts: dict[str, int] = {}
    for entry in entries:
        key = entry["best_route"]["status"] if entry["best_route"] else "no_route"
        counts[key] = counts.get(key, 0) + 1
    return {
        "generated_on": today.isoformat(),
        "disclaimer": kb.disclaimer,
        "summary": {
            "wanted_subjects": len(entries),
            "by_best_route_status": counts,
            "deadlines_at_risk": len(deadlines),
        },
        "wanted": entries,
        "no_route_matrix": no_route_matrix(kb, today) if include_matrix else [],
        "deadlines_at_risk": [
            {
                "request_id": d.request_id,
                "title": d.title,
                "kind": d.kind,
                "due_on": d.due_on.isoformat(),
                "days_left": d.days_left,
            }
            for d in sorted(deadlines, key=lambda d: d.due_on)
        ],
        "deportation_flags": deportation_flags(subjects),
    }
