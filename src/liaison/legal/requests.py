"""Cooperation requests as a state machine, and the statutory clocks they start.

Pure rules: which event moves a request from which state to which, which of the two
agencies may cause it, and which deadline an event starts under the governing
instrument (or the holding nation's law). The service layer stores and audits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from liaison.legal.knowledge import KnowledgeBase, Source


class RequestKind(StrEnum):
    """What is asked of the other agency."""

    INFORMATION = "information"
    MUTUAL_LEGAL_ASSISTANCE = "mutual_legal_assistance"
    PROVISIONAL_ARREST = "provisional_arrest"
    EXTRADITION = "extradition"
    TRANSFER_OF_PROCEEDINGS = "transfer_of_proceedings"


class RequestState(StrEnum):
    """Where a request stands."""

    DRAFT = "draft"
    APPROVED = "approved"
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    UNDER_REVIEW = "under_review"
    GRANTED = "granted"
    PARTLY_GRANTED = "partly_granted"
    REFUSED = "refused"
    EXECUTED = "executed"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


class Side(StrEnum):
    """Which of the two agencies may cause an event."""

    REQUESTING = "requesting"
    REQUESTED = "requested"
    EITHER = "either"


@dataclass(frozen=True)
class Transition:
    """An event: from which states, to which state, by which side."""

    event: str
    sources: frozenset[RequestState]
    target: RequestState
    side: Side


S = RequestState
_OPEN = frozenset({S.DRAFT, S.APPROVED, S.SENT, S.ACKNOWLEDGED, S.UNDER_REVIEW})
TRANSITIONS: dict[str, Transition] = {
    t.event: t
    for t in (
        # Approval is four-eyes: a supervisor of the requesting agency who did not draft it.
        Transition("approve", frozenset({S.DRAFT}), S.APPROVED, Side.REQUESTING),
        Transition("send", frozenset({S.APPROVED}), S.SENT, Side.REQUESTING),
        Transition("acknowledge", frozenset({S.SENT}), S.ACKNOWLEDGED, Side.REQUESTED),
        Transition("review", frozenset({S.ACKNOWLEDGED}), S.UNDER_REVIEW, Side.REQUESTED),
        Transition("grant", frozenset({S.UNDER_REVIEW}), S.GRANTED, Side.REQUESTED),
        Transition("grant_partly", frozenset({S.UNDER_REVIEW}), S.PARTLY_GRANTED, Side.REQUESTED),
        Transition("refuse", frozenset({S.UNDER_REVIEW}), S.REFUSED, Side.REQUESTED),
        Transition("execute", frozenset({S.GRANTED, S.PARTLY_GRANTED}), S.EXECUTED, Side.REQUESTED),
        Transition("close", frozenset({S.EXECUTED, S.REFUSED}), S.CLOSED, Side.EITHER),
        Transition("withdraw", _OPEN, S.WITHDRAWN, Side.REQUESTING),
    )
}
FINAL_STATES = frozenset({S.CLOSED, S.WITHDRAWN})


class DeadlineKind(StrEnum):
    """The statutory clocks Liaison runs."""

    # After a provisional arrest, the formal extradition request must arrive in time or
    # the person is released (e.g. PRC Extradition Law: 30 days, +15 on request).
    FORMAL_REQUEST = "formal_request"
    # After extradition is granted, the person must be removed in time or released.
    SURRENDER = "surrender"


@dataclass(frozen=True)
class ClockRule:
    """How long a deadline runs and on what basis."""

    kind: DeadlineKind
    days: int | None
    basis: str
    source: Source | None


def clock_started_by(kind: RequestKind, event: str) -> DeadlineKind | None:
    """The deadline an event starts on a request of this kind, if any."""
    if kind is RequestKind.PROVISIONAL_ARREST and event == "execute":
        return DeadlineKind.FORMAL_REQUEST
    if kind is RequestKind.EXTRADITION and event in {"grant", "grant_partly"}:
        return DeadlineKind.SURRENDER
    return None


def clock_rule(
    kb: KnowledgeBase, deadline: DeadlineKind, instrument_id: str | None, holding_nation: str
) -> ClockRule:
    """The number of days a deadline runs: the governing instrument's, else the holding
    nation's law, else unknown (the request then says that no limit is recorded)."""
    provision_name = (
        "provisional_arrest_days" if deadline is DeadlineKind.FORMAL_REQUEST else "surrender_days"
    )
    instrument = kb.instruments.get(instrument_id) if instrument_id else None
    if instrument is not None:
        provision = instrument.provision(provision_name)
        if provision is not None:
            article = f", {provision.article}" if provision.article else ""
            return ClockRule(
                deadline,
                int(provision.value),
                f"{instrument.title}{article}",
                instrument.sources[0],
            )
    nation = kb.nations.get(holding_nation)
    if nation is not None and deadline is DeadlineKind.FORMAL_REQUEST:
        fact = nation.provisional_arrest_days
        if fact.value is not None:
            return ClockRule(
                deadline, int(fact.value), f"{nation.name}: {fact.source.citation}", fact.source
            )
    return ClockRule(
        deadline, None, "no statutory limit is recorded: verify and track by hand", None
    )


def due_date(start: dt.date, days: int) -> dt.date:
    """The last day of a period of ``days`` counted from the day after ``start``."""
    return start + dt.timedelta(days=days)


def alerts_due(
    due_on: dt.date, today: dt.date, ahead: tuple[int, ...], already: set[str]
) -> list[str]:
    """The alert kinds that should fire by ``today`` and have not: ``ahead_N`` from N days
    before the due day, ``expired`` after it. Once expired, warnings not yet sent are
    skipped: the expiry says more."""
    if today > due_on:
        return [] if "expired" in already else ["expired"]
    kinds = []
    for days in sorted(set(ahead), reverse=True):
        kind = f"ahead_{days}"
        if today >= due_on - dt.timedelta(days=days) and kind not in already:
            kinds.append(kind)
    return kinds
