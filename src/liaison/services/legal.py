"""Legal cooperation use cases: the knowledge base and its changes, legal routes, the
trafficking-victim status of subjects, and the loophole report.

Every function starts with the permission check. The knowledge base in force is the
shipped YAML with every recorded change applied on top; a change is checked against the
whole knowledge base before it is stored, so a bad one changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from liaison.domain.access import Action, Actor, RecordResource, SystemResource
from liaison.domain.nations import is_nation_code
from liaison.domain.records import RecordKindName
from liaison.errors import NotFound, ValidationFailed
from liaison.legal.knowledge import KnowledgeBase, build_knowledge_base
from liaison.legal.loading import Change, Section, apply_changes, baseline_raw, current_body
from liaison.legal.loopholes import DeadlineAtRisk, WantedSubject, loophole_report
from liaison.legal.routes import RouteAnalysis, RouteQuestion, VictimStatus, analyse_routes
from liaison.services.access import ensure_permission
from liaison.services.records import get_record, iter_records
from liaison.storage.database import Store
from liaison.storage.legal_tables import legal_knowledge_changes, legal_subject_status
from liaison.storage.tables import records

_KB_CACHE: dict[tuple[str, int, str], KnowledgeBase] = {}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, details=[{"field": field, "message": message}])


def _changes(conn: Connection) -> list[Change]:
    rows = conn.execute(
        sa.select(
            legal_knowledge_changes.c.section,
            legal_knowledge_changes.c.key,
            legal_knowledge_changes.c.body,
        ).order_by(legal_knowledge_changes.c.id)
    ).all()
    return [Change(Section(r.section), r.key, r.body) for r in rows]


def _knowledge(conn: Connection) -> KnowledgeBase:
    """The knowledge base in force for the store ``conn`` belongs to, cached until the
    next change (the key includes the newest change's id and time, so a store emptied
    and refilled is never served a stale copy)."""
    last = conn.execute(
        sa.select(legal_knowledge_changes.c.id, legal_knowledge_changes.c.created_at)
        .order_by(legal_knowledge_changes.c.id.desc())
        .limit(1)
    ).first()
    url = conn.engine.url.render_as_string(hide_password=True)
    key = (url, int(last.id) if last else 0, str(last.created_at) if last else "")
    if key not in _KB_CACHE:
        raw = apply_changes(baseline_raw(), _changes(conn))
        _KB_CACHE[key] = build_knowledge_base(raw)
    return _KB_CACHE[key]


def knowledge_base(store: Store, actor: Actor) -> KnowledgeBase:
    """The knowledge base in force: the shipped baseline with every change applied."""
    ensure_permission(actor, Action.LEGAL_READ, SystemResource())
    with store.transaction() as conn:
        return _knowledge(conn)


def knowledge_entry(store: Store, actor: Actor, section: str, key: str) -> dict[str, Any]:
    """One entry of the knowledge base in force, as data, with its change history."""
    ensure_permission(actor, Action.LEGAL_READ, SystemResource())
    the_section = _section(section)
    with store.transaction() as conn:
        raw = apply_changes(baseline_raw(), _changes(conn))
        body = current_body(raw, the_section, key)
        history = _history(conn, the_section, key)
    if body is None:
        raise NotFound(f"no {the_section.value} {key!r} in the legal knowledge base")
    return {"section": the_section.value, "key": key, "body": body, "history": history}


def _section(section: str) -> Section:
    try:
        return Section(section)
    except ValueError:
        allowed = ", ".join(s.value for s in Section)
        raise _invalid("section", f"{section!r} is not one of {allowed}") from None


def _history(conn: Connection, section: Section, key: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        sa.select(legal_knowledge_changes)
        .where(legal_knowledge_changes.c.section == section.value)
        .where(legal_knowledge_changes.c.key == key)
        .order_by(legal_knowledge_changes.c.version)
    ).all()
    return [
        {
            "version": r.version,
            "removed": r.body is None,
            "reason": r.reason,
            "by": r.username,
            "at": r.created_at.isoformat(),
        }
        for r in rows
    ]


def change_knowledge(
    store: Store,
    actor: Actor,
    section: str,
    key: str,
    body: Mapping[str, Any] | None,
    reason: str,
) -> dict[str, Any]:
    """Replace (or, with ``body=None``, remove) one entry of the knowledge base.

    The change is checked against the whole knowledge base first; a bad change raises
    ``ValidationFailed`` naming the field, and nothing is stored. Every stored change is a
    new version of the entry, with who, when and why.
    """
    ensure_permission(actor, Action.LEGAL_EDIT_KNOWLEDGE, SystemResource())
    the_section = _section(section)
    key = key.strip()
    if the_section is Section.NATION:
        key = key.upper()
    if not key or len(key) > 100:
        raise _invalid("key", "the key must be 1-100 characters")
    if not reason.strip():
        raise _invalid("reason", "say why the knowledge base changes (and on what source)")
    if body is not None and not isinstance(body, Mapping):
        raise _invalid("body", "the body must be a JSON object")
    with store.transaction() as conn:
        change = Change(the_section, key, dict(body) if body is not None else None)
        raw = apply_changes(apply_changes(baseline_raw(), _changes(conn)), [change])
        if (
            body is None
            and current_body(apply_changes(baseline_raw(), _changes(conn)), the_section, key)
            is None
        ):
            raise NotFound(f"no {the_section.value} {key!r} to remove")
        try:
            build_knowledge_base(raw)
        except ValidationFailed as exc:
            for item in exc.details or []:
                item["file"] = f"change of {the_section.value} {key}"
            raise
        version = (
            conn.execute(
                sa.select(sa.func.max(legal_knowledge_changes.c.version))
                .where(legal_knowledge_changes.c.section == the_section.value)
                .where(legal_knowledge_changes.c.key == key)
            ).scalar()
            or 0
        ) + 1
        conn.execute(
            legal_knowledge_changes.insert().values(
                section=the_section.value,
                key=key,
                version=version,
                body=change.body,
                reason=reason.strip()[:2000],
                username=actor.username or "operator",
                agency_id=actor.agency_id,
                created_at=_now(),
            )
        )
        history = _history(conn, the_section, key)
    return {"section": the_section.value, "key": key, "version": version, "history": history}


def knowledge_changes(store: Store, actor: Actor, limit: int = 100) -> list[dict[str, Any]]:
    """The latest changes to the knowledge base, newest first (the audit trail)."""
    ensure_permission(actor, Action.LEGAL_READ, SystemResource())
    with store.transaction() as conn:
        rows = conn.execute(
            sa.select(legal_knowledge_changes)
            .order_by(legal_knowledge_changes.c.id.desc())
            .limit(limit)
        ).all()
    return [
        {
            "id": r.id,
            "section": r.section,
            "key": r.key,
            "version": r.version,
            "removed": r.body is None,
            "reason": r.reason,
            "by": r.username,
            "at": r.created_at.isoformat(),
        }
        for r in rows
    ]


def legal_routes(store: Store, actor: Actor, question: RouteQuestion) -> RouteAnalysis:
    """Every legal route for a question, with the reasoning step by step."""
    ensure_permission(actor, Action.LEGAL_READ, SystemResource())
    with store.transaction() as conn:
        kb = _knowledge(conn)
    return analyse_routes(kb, question)


# --- subjects: whereabouts, deportation and victim screening ------------------------------


def set_subject_status(
    store: Store,
    actor: Actor,
    subject_id: str,
    *,
    located_in: str | None = None,
    proposed_deportation_to: str | None = None,
    victim_status: str = VictimStatus.NONE.value,
    note: str = "",
) -> dict[str, Any]:
    """Record where a subject is, a proposed deportation and the trafficking-victim
    screening (the owner agency's writers only)."""
    with store.transaction() as conn:
        owner = conn.execute(
            sa.select(records.c.agency_id)
            .where(records.c.id == subject_id)
            .where(records.c.kind == RecordKindName.SUBJECT.value)
        ).scalar()
        if owner is None:
            raise NotFound("no such record")
        ensure_permission(actor, Action.UPDATE, RecordResource(owner))
        for field, code in (
            ("located_in", located_in),
            ("proposed_deportation_to", proposed_deportation_to),
        ):
            if code is not None and not is_nation_code(code):
                raise _invalid(field, f"{code!r} is not an ISO 3166-1 alpha-2 nation code")
        try:
            status = VictimStatus(victim_status)
        except ValueError:
            allowed = ", ".join(s.value for s in VictimStatus)
            raise _invalid("victim_status", f"{victim_status!r} is not one of {allowed}") from None
        values = {
            "agency_id": owner,
            "located_in": located_in,
            "proposed_deportation_to": proposed_deportation_to,
            "victim_status": status.value,
            "note": note[:2000],
            "updated_by": actor.username or "operator",
            "updated_at": _now(),
        }
        table = legal_subject_status
        exists = conn.execute(
            sa.select(table.c.subject_id).where(table.c.subject_id == subject_id)
        ).first()
        if exists:
            conn.execute(table.update().where(table.c.subject_id == subject_id).values(**values))
        else:
            conn.execute(table.insert().values(subject_id=subject_id, **values))
    return {"subject_id": subject_id, **{k: v for k, v in values.items() if k != "updated_at"}}


def routes_for_subject(
    store: Store,
    actor: Actor,
    subject_id: str,
    *,
    wanted_by: str | None = None,
    offences: Sequence[str] = (),
    penalty_years: float | None = None,
    today: dt.date | None = None,
) -> RouteAnalysis:
    """The routes for a subject the actor may read: nationality from the record, place and
    victim screening from its legal status, wanted by the actor's nation by default."""
    subject = get_record(store, actor, RecordKindName.SUBJECT, subject_id)
    ensure_permission(actor, Action.LEGAL_READ, SystemResource())
    with store.transaction() as conn:
        status = conn.execute(
            sa.select(legal_subject_status).where(legal_subject_status.c.subject_id == subject_id)
        ).first()
        kb = _knowledge(conn)
    located = status.located_in if status else None
    if located is None:
        raise _invalid("located_in", "record where the subject is first (legal subject-status)")
    question = RouteQuestion(
        wanted_by=(wanted_by or actor.nation or "").upper(),
        located_in=located,
        nationalities=tuple(subject.get("nationalities") or ()),
        offences=tuple(offences),
        penalty_years=penalty_years,
        victim_status=VictimStatus(status.victim_status) if status else VictimStatus.NONE,
        on_date=today or dt.date.today(),
    )
    return analyse_routes(kb, question)


def _whereabouts(store: Store, actor: Actor) -> dict[str, tuple[str, str | None, bool]]:
    """Per subject, from the agency's operations: (country held in, deported to, recorded)."""
    latest: dict[str, tuple[str, str, str | None]] = {}
    for operation in iter_records(store, actor, RecordKindName.OPERATION):
        body = operation
        for item in body.get("subjects") or []:
            when = item.get("date") or body.get("start_date") or ""
            current = latest.get(item["subject_id"])
            if current is None or when >= current[0]:
                to = item.get("to_country") if item.get("outcome") == "deported" else None
                latest[item["subject_id"]] = (when, body["country"], to)
    return {sid: (country, to, to is not None) for sid, (_, country, to) in latest.items()}


def legal_report(
    store: Store, actor: Actor, *, today: dt.date | None = None, include_matrix: bool = True
) -> dict[str, Any]:
    """The loophole report over the open cases the actor's agency may read."""
    from liaison.services.legal_requests import deadlines_at_risk

    ensure_permission(actor, Action.LEGAL_READ, SystemResource())
    today = today or dt.date.today()
    with store.transaction() as conn:
        kb = _knowledge(conn)
    wanted_by = actor.nation or ""
    subjects: dict[str, dict[str, Any]] = {}
    cases = []
    for case in iter_records(store, actor, RecordKindName.CASE):
        if case.get("status") == "open" and case.get("subject_ids"):
            cases.append(case)
    wanted_ids = {sid for case in cases for sid in case["subject_ids"]}
    for subject in iter_records(store, actor, RecordKindName.SUBJECT):
        if subject["id"] in wanted_ids:
            subjects[subject["id"]] = subject
    places = _whereabouts(store, actor)
    with store.transaction() as conn:
        statuses = {
            r.subject_id: r
            for r in conn.execute(
                sa.select(legal_subject_status).where(
                    legal_subject_status.c.subject_id.in_(list(wanted_ids) or [""])
                )
            ).all()
        }
    wanted: list[WantedSubject] = []
    for case in cases:
        offences = tuple(case.get("offences") or ())
        for sid in case["subject_ids"]:
            found = subjects.get(sid)
            if found is None:
                continue
            subject = found
            status = statuses.get(sid)
            place = places.get(sid)
            located = (status.located_in if status else None) or (place[0] if place else None)
            deport_to = place[1] if place else None
            recorded = bool(place and place[2])
            if status and status.proposed_deportation_to:
                deport_to, recorded = status.proposed_deportation_to, False
            if deport_to:
                located = located if not recorded else (place[0] if place else located)
            wanted.append(
                WantedSubject(
                    case_ref=case["ref"] or case["id"],
                    subject_id=sid,
                    label=subject["names"][0]["value"],
                    wanted_by=wanted_by,
                    nationalities=tuple(subject.get("nationalities") or ()),
                    offences=offences,
                    located_in=located,
                    victim_status=VictimStatus(status.victim_status)
                    if status
                    else VictimStatus.NONE,
                    deportation_to=deport_to,
                    deportation_recorded=recorded,
                )
            )
    deadlines: list[DeadlineAtRisk] = deadlines_at_risk(store, actor, today)
    return loophole_report(kb, wanted, deadlines, today, include_matrix=include_matrix)
