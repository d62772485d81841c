"""Cooperation requests between two agencies: drafting, four-eyes approval, the state
machine, messages, statutory deadlines and their alerts.

Only the two agencies a request is between may see it; anyone else is told it does not
exist (the permission check answers 404). Every transition is an event row with who,
when and the legal date it happened, so the history is the audit trail. Time comes from
the ``today`` argument, so tests (and a node's scheduler) control the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from liaison.domain.access import Action, Actor, LegalRequestResource, Role
from liaison.domain.nations import is_nation_code
from liaison.domain.offences import offence_taxonomy
from liaison.errors import Conflict, Forbidden, NotFound, ValidationFailed
from liaison.legal.loopholes import DeadlineAtRisk
from liaison.legal.requests import (
    FINAL_STATES,
    TRANSITIONS,
    DeadlineKind,
    RequestKind,
    RequestState,
    Side,
    alerts_due,
    clock_rule,
    clock_started_by,
    due_date,
)
from liaison.services.access import ensure_permission
from liaison.services.legal import _knowledge
from liaison.storage.database import Store
from liaison.storage.legal_tables import (
    legal_alerts,
    legal_deadlines,
    legal_request_events,
    legal_request_messages,
    legal_requests,
)
from liaison.storage.tables import agencies

DEFAULT_ALERT_DAYS = (7, 2)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, details=[{"field": field, "message": message}])


def _agency(conn: Connection, code: str) -> Any:
    row = conn.execute(sa.select(agencies).where(agencies.c.code == code.strip().upper())).first()
    if row is None:
        raise _invalid("to_agency", f"no agency with code {code!r}")
    return row


def _particulars(data: Mapping[str, Any], holding_nation: str) -> dict[str, Any]:
    nationalities = [str(n).strip().upper() for n in data.get("nationalities") or []]
    for code in nationalities:
        if not is_nation_code(code):
            raise _invalid("nationalities", f"{code!r} is not an ISO 3166-1 alpha-2 nation code")
    located_in = str(data.get("located_in") or holding_nation).strip().upper()
    if not is_nation_code(located_in):
        raise _invalid("located_in", f"{located_in!r} is not an ISO 3166-1 alpha-2 nation code")
    offences = [str(o) for o in data.get("offences") or []]
    for code in offences:
        if code not in offence_taxonomy():
            raise _invalid("offences", f"{code!r} is not an offence code (see `liaison offences`)")
    penalty = data.get("penalty_years")
    if penalty is not None and (
        isinstance(penalty, bool) or not isinstance(penalty, int | float) or penalty < 0
    ):
        raise _invalid("penalty_years", "the penalty must be a number of years")
    subject = str(data.get("subject_ref") or "")[:200]
    return {
        "subject_ref": subject or None,
        "nationalities": nationalities,
        "located_in": located_in,
        "offences": offences,
        "penalty_years": penalty,
    }


def draft_request(
    store: Store,
    actor: Actor,
    *,
    kind: str,
    to_agency: str,
    title: str,
    particulars: Mapping[str, Any] | None = None,
    instrument: str | None = None,
    follows: int | None = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """Draft a request from the actor's agency to another agency."""
    try:
        the_kind = RequestKind(kind)
    except ValueError:
        allowed = ", ".join(k.value for k in RequestKind)
        raise _invalid("kind", f"{kind!r} is not one of {allowed}") from None
    if not title.strip() or len(title) > 300:
        raise _invalid("title", "the title must be 1-300 characters")
    if actor.agency_id is None:
        raise Forbidden(f"{actor.describe()} acts for no agency")
    with store.transaction() as conn:
        target = _agency(conn, to_agency)
        ensure_permission(
            actor, Action.REQUEST_DRAFT, LegalRequestResource(actor.agency_id, target.id)
        )
        if target.id == actor.agency_id:
            raise _invalid("to_agency", "a request goes to another agency")
        kb = _knowledge(conn)
        if instrument:
            found = kb.instruments.get(instrument)
            if found is None:
                raise _invalid("instrument", f"no instrument {instrument!r} in the knowledge base")
            if not found.binds(actor.nation or "", target.nation):
                raise _invalid(
                    "instrument", f"{instrument} does not bind {actor.nation} and {target.nation}"
                )
        details = _particulars(particulars or {}, target.nation)
        if follows is not None:
            earlier = _row(conn, actor, follows)
            if {earlier.requesting_agency_id, earlier.requested_agency_id} != {
                actor.agency_id,
                target.id,
            }:
                raise _invalid("follows", "the earlier request is between other agencies")
            details["follows"] = follows
        now = _now()
        new_id = conn.execute(
            legal_requests.insert().values(
                kind=the_kind.value,
                state=RequestState.DRAFT.value,
                requesting_agency_id=actor.agency_id,
                requested_agency_id=target.id,
                title=title.strip(),
                particulars=details,
                instrument_id=instrument,
                drafted_by=actor.username or "operator",
                approved_by=None,
                created_at=now,
                updated_at=now,
                version=1,
            )
        ).inserted_primary_key
        assert new_id is not None
        _event(conn, actor, int(new_id[0]), "draft", None, RequestState.DRAFT, today, "")
        return _view(conn, actor, _row(conn, actor, int(new_id[0])), today)


def _row(conn: Connection, actor: Actor, request_id: int) -> Any:
    row = conn.execute(sa.select(legal_requests).where(legal_requests.c.id == request_id)).first()
    if row is None:
        raise NotFound("no such request")
    ensure_permission(
        actor,
        Action.REQUEST_READ,
        LegalRequestResource(row.requesting_agency_id, row.requested_agency_id),
    )
    return row


def _event(
    conn: Connection,
    actor: Actor,
    request_id: int,
    event: str,
    source: RequestState | None,
    target: RequestState,
    today: dt.date | None,
    note: str,
    occurred_on: dt.date | None = None,
) -> None:
    conn.execute(
        legal_request_events.insert().values(
            request_id=request_id,
            event=event,
            from_state=source.value if source else None,
            to_state=target.value,
            occurred_on=occurred_on or today or dt.date.today(),
            username=actor.username or "operator",
            agency_id=actor.agency_id,
            note=note[:2000],
            created_at=_now(),
        )
    )


def _code(conn: Connection, agency_id: int) -> tuple[str, str]:
    row = conn.execute(
        sa.select(agencies.c.code, agencies.c.nation).where(agencies.c.id == agency_id)
    ).one()
    return row.code, row.nation


def _side_of(actor: Actor, row: Any) -> Side:
    return Side.REQUESTING if actor.agency_id == row.requesting_agency_id else Side.REQUESTED


def _allowed_events(actor: Actor, row: Any) -> list[str]:
    state = RequestState(row.state)
    side = _side_of(actor, row)
    events = []
    for transition in TRANSITIONS.values():
        if state not in transition.sources or transition.side not in {side, Side.EITHER}:
            continue
        if transition.event == "approve" and (
            actor.role not in {Role.SUPERVISOR, Role.ADMIN} or actor.username == row.drafted_by
        ):
            continue
        events.append(transition.event)
    return events


def _view(conn: Connection, actor: Actor, row: Any, today: dt.date | None) -> dict[str, Any]:
    today = today or dt.date.today()
    from_code, _ = _code(conn, row.requesting_agency_id)
    to_code, _ = _code(conn, row.requested_agency_id)
    deadlines = conn.execute(
        sa.select(legal_deadlines)
        .where(legal_deadlines.c.request_id == row.id)
        .order_by(legal_deadlines.c.id)
    ).all()
    events = conn.execute(
        sa.select(legal_request_events)
        .where(legal_request_events.c.request_id == row.id)
        .order_by(legal_request_events.c.id)
    ).all()
    notes = []
    if RequestKind(row.kind) in {RequestKind.PROVISIONAL_ARREST, RequestKind.EXTRADITION}:
        kb = _knowledge(conn)
        _, holding = _code(conn, row.requested_agency_id)
        kind = (
            DeadlineKind.FORMAL_REQUEST
            if row.kind == RequestKind.PROVISIONAL_ARREST.value
            else DeadlineKind.SURRENDER
        )
        rule = clock_rule(kb, kind, row.instrument_id, holding)
        if rule.days is None and not deadlines:
            notes.append(f"{kind.value.replace('_', ' ')} deadline: {rule.basis}")
    return {
        "id": row.id,
        "kind": row.kind,
        "state": row.state,
        "from_agency": from_code,
        "to_agency": to_code,
        "title": row.title,
        "particulars": row.particulars,
        "instrument": row.instrument_id,
        "drafted_by": row.drafted_by,
        "approved_by": row.approved_by,
        "version": row.version,
        "deadlines": [
            {
                "kind": d.kind,
                "starts_on": d.starts_on.isoformat(),
                "due_on": d.due_on.isoformat(),
                "days": d.days,
                "basis": d.basis,
                "status": d.status,
                "days_left": (d.due_on - today).days if d.status == "running" else None,
            }
            for d in deadlines
        ],
        "deadline_notes": notes,
        "events": [
            {
                "event": e.event,
                "from": e.from_state,
                "to": e.to_state,
                "occurred_on": e.occurred_on.isoformat(),
                "by": e.username,
                "note": e.note,
            }
            for e in events
        ],
        "next_events": _allowed_events(actor, row),
    }


def get_request(
    store: Store, actor: Actor, request_id: int, today: dt.date | None = None
) -> dict[str, Any]:
    """A request the actor's agency is party to."""
    with store.transaction() as conn:
        return _view(conn, actor, _row(conn, actor, request_id), today)


def list_requests(store: Store, actor: Actor, today: dt.date | None = None) -> list[dict[str, Any]]:
    """The requests the actor's agency sent or received, newest first."""
    if actor.agency_id is None:
        return []
    with store.transaction() as conn:
        rows = conn.execute(
            sa.select(legal_requests)
            .where(
                sa.or_(
                    legal_requests.c.requesting_agency_id == actor.agency_id,
                    legal_requests.c.requested_agency_id == actor.agency_id,
                )
            )
            .order_by(legal_requests.c.id.desc())
        ).all()
        views = []
        for row in rows:
            ensure_permission(
                actor,
                Action.REQUEST_READ,
                LegalRequestResource(row.requesting_agency_id, row.requested_agency_id),
            )
            views.append(_view(conn, actor, row, today))
        return views


def act_on_request(
    store: Store,
    actor: Actor,
    request_id: int,
    event: str,
    *,
    occurred_on: dt.date | None = None,
    note: str = "",
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """Move a request through its state machine; an event that starts a statutory clock
    (a provisional arrest carried out, an extradition granted) creates the deadline from
    ``occurred_on`` with the governing instrument's number of days."""
    today = today or dt.date.today()
    transition = TRANSITIONS.get(event)
    if transition is None:
        raise _invalid("event", f"{event!r} is not one of {', '.join(TRANSITIONS)}")
    if occurred_on is not None and occurred_on > today:
        raise _invalid("occurred_on", f"{occurred_on} is in the future")
    with store.transaction() as conn:
        row = _row(conn, actor, request_id)
        resource = LegalRequestResource(row.requesting_agency_id, row.requested_agency_id)
        action = Action.REQUEST_APPROVE if event == "approve" else Action.REQUEST_ACT
        ensure_permission(actor, action, resource)
        state = RequestState(row.state)
        side = _side_of(actor, row)
        if transition.side not in {side, Side.EITHER}:
            raise Forbidden(f"only the {transition.side.value} agency may {event} a request")
        if state not in transition.sources:
            raise Conflict(
                f"{event}: not possible for a request that is {state.value.replace('_', ' ')}"
            )
        if event == "approve" and actor.username == row.drafted_by:
            raise Forbidden("four-eyes: the approver must not be the person who drafted it")
        if expected_version is not None and expected_version != row.version:
            raise Conflict(f"the request changed (version {row.version}); reload and retry")
        values: dict[str, Any] = {
            "state": transition.target.value,
            "updated_at": _now(),
            "version": row.version + 1,
        }
        if event == "approve":
            values["approved_by"] = actor.username or "operator"
        conn.execute(legal_requests.update().where(legal_requests.c.id == row.id).values(**values))
        _event(conn, actor, row.id, event, state, transition.target, today, note, occurred_on)
        happened = occurred_on or today
        deadline = clock_started_by(RequestKind(row.kind), event)
        if deadline is not None:
            _start_clock(conn, row, deadline, happened)
        if event == "send" and row.particulars.get("follows"):
            _meet_formal_request(conn, int(row.particulars["follows"]), happened)
        if transition.target in FINAL_STATES:
            conn.execute(
                legal_deadlines.update()
                .where(legal_deadlines.c.request_id == row.id)
                .where(legal_deadlines.c.status == "running")
                .values(status="stopped", closed_on=happened)
            )
        return _view(conn, actor, _row(conn, actor, row.id), today)


def _start_clock(conn: Connection, row: Any, kind: DeadlineKind, start: dt.date) -> None:
    _, holding = _code(conn, row.requested_agency_id)
    rule = clock_rule(_knowledge(conn), kind, row.instrument_id, holding)
    if rule.days is None:
        return
    source = f" ({rule.source.citation})" if rule.source else ""
    conn.execute(
        legal_deadlines.insert().values(
            request_id=row.id,
            kind=kind.value,
            starts_on=start,
            due_on=due_date(start, rule.days),
            days=rule.days,
            basis=(rule.basis + source)[:1000],
            status="running",
            closed_on=None,
        )
    )


def _meet_formal_request(conn: Connection, earlier_id: int, day: dt.date) -> None:
    conn.execute(
        legal_deadlines.update()
        .where(legal_deadlines.c.request_id == earlier_id)
        .where(legal_deadlines.c.kind == DeadlineKind.FORMAL_REQUEST.value)
        .where(legal_deadlines.c.status == "running")
        .values(status="met", closed_on=day)
    )


def post_message(store: Store, actor: Actor, request_id: int, body: str) -> dict[str, Any]:
    """Add a message to a request's thread (either agency)."""
    if not body.strip() or len(body) > 20000:
        raise _invalid("body", "a message is 1-20000 characters")
    with store.transaction() as conn:
        row = _row(conn, actor, request_id)
        ensure_permission(
            actor,
            Action.REQUEST_ACT,
            LegalRequestResource(row.requesting_agency_id, row.requested_agency_id),
        )
        now = _now()
        conn.execute(
            legal_request_messages.insert().values(
                request_id=row.id,
                agency_id=actor.agency_id,
                username=actor.username or "operator",
                body=body.strip(),
                created_at=now,
            )
        )
    return {"request_id": request_id, "by": actor.username, "body": body.strip()}


def list_messages(store: Store, actor: Actor, request_id: int) -> list[dict[str, Any]]:
    """A request's message thread, oldest first."""
    with store.transaction() as conn:
        _row(conn, actor, request_id)
        rows = conn.execute(
            sa.select(legal_request_messages, agencies.c.code)
            .join(agencies, agencies.c.id == legal_request_messages.c.agency_id)
            .where(legal_request_messages.c.request_id == request_id)
            .order_by(legal_request_messages.c.id)
        ).all()
    return [
        {"agency": r.code, "by": r.username, "body": r.body, "at": r.created_at.isoformat()}
        for r in rows
    ]


def check_clocks(
    store: Store, today: dt.date, ahead: tuple[int, ...] = DEFAULT_ALERT_DAYS
) -> list[dict[str, Any]]:
    """Fire every alert that is due by ``today`` and has not fired, for both agencies of
    each request; mark passed deadlines expired. Returns the alerts fired now.

    A system task (the scheduler or ``liaison legal clocks``), not a user's use case:
    it reads every running deadline and tells only the two agencies concerned.
    """
    fired = []
    with store.transaction() as conn:
        running = conn.execute(
            sa.select(
                legal_deadlines.c.id.label("deadline_id"),
                legal_deadlines.c.kind.label("deadline_kind"),
                legal_deadlines.c.due_on,
                legal_deadlines.c.request_id,
                legal_requests.c.title,
                legal_requests.c.state,
                legal_requests.c.requesting_agency_id,
                legal_requests.c.requested_agency_id,
            )
            .join(legal_requests, legal_requests.c.id == legal_deadlines.c.request_id)
            .where(legal_deadlines.c.status == "running")
            .order_by(legal_deadlines.c.id)
        ).all()
        for row in running:
            deadline_id = row.deadline_id
            what = row.deadline_kind.replace("_", " ")
            for agency_id in (row.requesting_agency_id, row.requested_agency_id):
                already = set(
                    conn.execute(
                        sa.select(legal_alerts.c.kind)
                        .where(legal_alerts.c.deadline_id == deadline_id)
                        .where(legal_alerts.c.agency_id == agency_id)
                    ).scalars()
                )
                for kind in alerts_due(row.due_on, today, ahead, already):
                    days_left = (row.due_on - today).days
                    when = (
                        f"passed on {row.due_on}"
                        if kind == "expired"
                        else f"is due on {row.due_on} ({days_left} days left)"
                    )
                    message = f"Request {row.request_id} ({row.title}): the {what} deadline {when}"
                    conn.execute(
                        legal_alerts.insert().values(
                            deadline_id=deadline_id,
                            agency_id=agency_id,
                            kind=kind,
                            message=message[:1000],
                            fired_at=_now(),
                        )
                    )
                    fired.append(
                        {"request_id": row.request_id, "agency_id": agency_id, "kind": kind}
                    )
            if today > row.due_on:
                conn.execute(
                    legal_deadlines.update()
                    .where(legal_deadlines.c.id == deadline_id)
                    .values(status="expired", closed_on=row.due_on)
                )
                _event_expired(conn, row, today)
    return fired


def _event_expired(conn: Connection, row: Any, today: dt.date) -> None:
    conn.execute(
        legal_request_events.insert().values(
            request_id=row.request_id,
            event="deadline_expired",
            from_state=row.state,
            to_state=row.state,
            occurred_on=row.due_on,
            username="liaison",
            agency_id=row.requested_agency_id,
            note=f"the statutory deadline passed on {row.due_on} (recorded {today})",
            created_at=_now(),
        )
    )


def list_alerts(store: Store, actor: Actor) -> list[dict[str, Any]]:
    """The alerts addressed to the actor's agency, newest first."""
    if actor.agency_id is None:
        return []
    with store.transaction() as conn:
        rows = conn.execute(
            sa.select(legal_alerts, legal_deadlines.c.request_id, legal_deadlines.c.due_on)
            .join(legal_deadlines, legal_deadlines.c.id == legal_alerts.c.deadline_id)
            .where(legal_alerts.c.agency_id == actor.agency_id)
            .order_by(legal_alerts.c.id.desc())
        ).all()
    return [
        {
            "request_id": r.request_id,
            "kind": r.kind,
            "due_on": r.due_on.isoformat(),
            "message": r.message,
            "fired_at": r.fired_at.isoformat(),
        }
        for r in rows
    ]


def deadlines_at_risk(
    store: Store, actor: Actor, today: dt.date, within: int = max(DEFAULT_ALERT_DAYS)
) -> list[DeadlineAtRisk]:
    """Deadlines of the actor's agency's requests that run out within ``within`` days or
    have passed."""
    if actor.agency_id is None:
        return []
    with store.transaction() as conn:
        rows = conn.execute(
            sa.select(
                legal_deadlines.c.request_id,
                legal_deadlines.c.kind,
                legal_deadlines.c.due_on,
                legal_deadlines.c.status,
                legal_requests.c.title,
            )
            .join(legal_requests, legal_requests.c.id == legal_deadlines.c.request_id)
            .where(
                sa.or_(
                    legal_requests.c.requesting_agency_id == actor.agency_id,
                    legal_requests.c.requested_agency_id == actor.agency_id,
                )
            )
            .where(legal_deadlines.c.status.in_(["running", "expired"]))
        ).all()
    return [
        DeadlineAtRisk(r.request_id, r.title, r.kind, r.due_on, (r.due_on - today).days)
        for r in rows
        if (r.due_on - today).days <= within or r.status == "expired"
    ]
