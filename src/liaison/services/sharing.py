"""Sharing under the owner's control: distribution, handling codes, four-eyes, consent,
disclosure, hit/no-hit and sharing groups.

The owner agency sets a record's distribution; ``_apply`` turns it into grant rows
(``record_grants``) that every read path filters on, so a change or a withdrawal takes
effect at once for every recipient. A case's distribution also reaches the records linked
to it (grants ``via`` the case) unless the owner excludes one. An agency that requires
four-eyes gets a pending approval instead of a wider distribution until a supervisor
other than the requester approves. Recipients never widen a distribution: they ask the
owner for consent, and the owner's approval is what shares.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from liaison.domain.access import (
    Action,
    Actor,
    AgencyResource,
    DistributionLevel,
    RecordResource,
    SharingRequestResource,
    SystemResource,
    agency_principal,
    distribution_principals,
)
from liaison.errors import Conflict, NotFound, ValidationFailed
from liaison.services import audit
from liaison.services.access import ensure_permission, ensure_record_permission
from liaison.storage.database import Store
from liaison.storage.sharing_tables import (
    distributions,
    hits,
    record_grants,
    sharing_group_members,
    sharing_groups,
    sharing_policies,
    sharing_requests,
)
from liaison.storage.tables import agencies, nations, record_links, records

# Strength bands a hit/no-hit answer may carry instead of a score (after the Prüm
# "hit / no hit" answer: presence and quality, nothing of the record itself).
BANDS = ((0.9, "strong"), (0.75, "probable"), (0.5, "possible"))
HIT_FLOOR = BANDS[-1][0]


def band_of(score: float) -> str | None:
    """The strength band of a score, or None below the weakest band."""
    for floor, name in BANDS:
        if score >= floor:
            return name
    return None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _iso(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).isoformat()


def _who(actor: Actor) -> str:
    return actor.username or "operator"


def _invalid(field_name: str, message: str) -> ValidationFailed:
    return ValidationFailed(
        f"{field_name}: {message}", details=[{"field": field_name, "message": message}]
    )


@dataclass(frozen=True)
class DistributionSpec:
    """What the owner asks for: how far the record goes and on what terms."""

    level: str = DistributionLevel.OWN_AGENCY.value
    targets: Sequence[str] = ()
    no_onward: bool = False
    no_judicial: bool = False
    restrictions: str = ""
    hit_opt_out: bool = False
    excluded: Sequence[str] = field(default_factory=tuple)

    def as_payload(self) -> dict[str, Any]:
        """The spec as JSON (kept with a pending approval)."""
        payload = asdict(self)
        payload["targets"] = list(self.targets)
        payload["excluded"] = list(self.excluded)
        return payload


# ---------------------------------------------------------------------------- records


def _record(conn: Connection, record_id: str) -> Any:
    row = conn.execute(
        sa.select(records.c.id, records.c.kind, records.c.agency_id, agencies.c.nation)
        .join(agencies, agencies.c.id == records.c.agency_id)
        .where(records.c.id == record_id)
    ).first()
    if row is None:
        raise NotFound("no such record")
    return row


def _principals(conn: Connection, owner_nation: str, spec: DistributionSpec) -> frozenset[str]:
    """Check the spec's targets against the directory and turn it into principals."""
    try:
        level = DistributionLevel(spec.level)
    except ValueError:
        allowed = ", ".join(x.value for x in DistributionLevel)
        raise _invalid("level", f"{spec.level!r} is not one of {allowed}") from None
    targets = [t.strip() for t in spec.targets if t and t.strip()]
    if len(spec.restrictions) > 2000:
        raise _invalid("restrictions", "at most 2000 characters")
    needs_targets = {DistributionLevel.NATIONS, DistributionLevel.AGENCIES, DistributionLevel.GROUP}
    if level in needs_targets and not targets:
        raise _invalid("targets", f"level {level.value} names at least one target")
    if level not in needs_targets and targets:
        raise _invalid("targets", f"level {level.value} takes no targets")
    if level is DistributionLevel.NATIONS:
        codes = [t.upper() for t in targets]
        known = set(
            conn.execute(sa.select(nations.c.code).where(nations.c.code.in_(codes))).scalars()
        )
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise _invalid("targets", f"no nation {unknown[0]!r}")
        return distribution_principals(level, owner_nation, nations=codes)
    if level is DistributionLevel.AGENCIES:
        found = dict(
            conn.execute(
                sa.select(agencies.c.code, agencies.c.id).where(agencies.c.code.in_(targets))
            ).all()
        )
        unknown = [t for t in targets if t not in found]
        if unknown:
            raise _invalid("targets", f"no agency {unknown[0]!r}")
        return distribution_principals(level, owner_nation, agency_ids=found.values())
    if level is DistributionLevel.GROUP:
        if len(targets) != 1:
            raise _invalid("targets", "level group names exactly one group")
        group_id = conn.execute(
            sa.select(sharing_groups.c.id).where(sharing_groups.c.code == targets[0])
        ).scalar()
        if group_id is None:
            raise _invalid("targets", f"no sharing group {targets[0]!r}")
        return distribution_principals(level, owner_nation, group_id=int(group_id))
    return distribution_principals(level, owner_nation)


def _current_principals(conn: Connection, record_id: str) -> frozenset[str]:
    return frozenset(
        conn.execute(
            sa.select(record_grants.c.principal).where(
                record_grants.c.record_id == record_id, record_grants.c.via == record_id
            )
        ).scalars()
    )


def _grant(
    conn: Connection, record_ids: Iterable[str], principals: Iterable[str], via: str
) -> None:
    rows = [{"record_id": r, "principal": p, "via": via} for r in record_ids for p in principals]
    if rows:
        conn.execute(record_grants.insert(), rows)


def _linked_records(conn: Connection, case_id: str, owner: int) -> list[str]:
    """The owner's own records a case links to (never another agency's: passing those
    on would be onward dissemination)."""
    return list(
        conn.execute(
            sa.select(record_links.c.target_id)
            .join(records, records.c.id == record_links.c.target_id)
            .where(record_links.c.source_id == case_id, records.c.agency_id == owner)
            .distinct()
        ).scalars()
    )


def refresh_case_grants(conn: Connection, case_id: str) -> list[str]:
    """Re-derive the grants a case's distribution gives its linked records (after the
    case, its links or its exclusions change); returns the records now reached."""
    via = f"case:{case_id}"
    conn.execute(record_grants.delete().where(record_grants.c.via == via))
    case = conn.execute(
        sa.select(records.c.kind, records.c.agency_id).where(records.c.id == case_id)
    ).first()
    if case is None or case.kind != "case":
        return []
    excluded = conn.execute(
        sa.select(distributions.c.excluded).where(distributions.c.record_id == case_id)
    ).scalar()
    principals = _current_principals(conn, case_id)
    if not principals:
        return []
    reached = [
        r for r in _linked_records(conn, case_id, case.agency_id) if r not in set(excluded or [])
    ]
    _grant(conn, reached, principals, via)
    return reached


def after_record_write(conn: Connection, kind: str, record_id: str) -> None:
    """Keep a shared case's grants in step with its links (called by record writes)."""
    if kind == "case":
        refresh_case_grants(conn, record_id)


def _requires_approval(conn: Connection, agency_id: int) -> bool:
    return bool(
        conn.execute(
            sa.select(sharing_policies.c.requires_approval).where(
                sharing_policies.c.agency_id == agency_id
            )
        ).scalar()
    )


def _apply(
    conn: Connection, actor: Actor, record: Any, spec: DistributionSpec, principals: frozenset[str]
) -> list[str]:
    values = {
        "level": spec.level,
        "targets": list(spec.targets),
        "no_onward": spec.no_onward,
        "no_judicial": spec.no_judicial,
        "restrictions": spec.restrictions,
        "hit_opt_out": spec.hit_opt_out,
        "excluded": list(spec.excluded),
        "set_by": _who(actor),
        "set_at": _now(),
    }
    exists = conn.execute(
        sa.select(distributions.c.record_id).where(distributions.c.record_id == record.id)
    ).first()
    if exists:
        conn.execute(
            distributions.update().where(distributions.c.record_id == record.id).values(**values)
        )
    else:
        conn.execute(distributions.insert().values(record_id=record.id, **values))
    conn.execute(
        record_grants.delete().where(
            record_grants.c.record_id == record.id, record_grants.c.via == record.id
        )
    )
    _grant(conn, [record.id], principals, record.id)
    return refresh_case_grants(conn, record.id) if record.kind == "case" else []


def _describe_distribution(conn: Connection, record_id: str) -> dict[str, Any]:
    row = conn.execute(
        sa.select(distributions).where(distributions.c.record_id == record_id)
    ).first()
    if row is None:
        return {
            "record_id": record_id,
            "level": DistributionLevel.OWN_AGENCY.value,
            "targets": [],
            "handling": {"no_onward": False, "no_judicial": False, "restrictions": ""},
            "hit_opt_out": False,
            "excluded": [],
        }
    return {
        "record_id": record_id,
        "level": row.level,
        "targets": list(row.targets),
        "handling": {
            "no_onward": row.no_onward,
            "no_judicial": row.no_judicial,
            "restrictions": row.restrictions,
        },
        "hit_opt_out": row.hit_opt_out,
        "excluded": list(row.excluded),
        "set_by": row.set_by,
        "set_at": _iso(row.set_at),
    }


def set_distribution(
    store: Store, actor: Actor, record_id: str, spec: DistributionSpec
) -> dict[str, Any]:
    """Set, narrow or widen a record's distribution and handling codes (the owner's).

    Narrowing takes effect at once. Widening beyond what recipients have now, in an
    agency that requires four-eyes, waits for a supervisor's approval: the answer then
    has ``state: pending_approval`` and the request id.
    """
    with store.transaction() as conn:
        record = _record(conn, record_id)
        ensure_record_permission(conn, actor, Action.SHARE, record.id, record.agency_id)
        principals = _principals(conn, record.nation, spec)
        current = _current_principals(conn, record.id)
        widens = not principals <= current
        if widens and _requires_approval(conn, record.agency_id):
            request_id = conn.execute(
                sharing_requests.insert()
                .values(
                    kind="approval",
                    state="pending",
                    record_id=record.id,
                    owner_agency_id=record.agency_id,
                    requester_agency_id=record.agency_id,
                    requested_by=_who(actor),
                    purpose=actor.purpose[:2000],
                    payload=spec.as_payload(),
                    created_at=_now(),
                    decision_note="",
                )
                .returning(sharing_requests.c.id)
            ).scalar_one()
            audit.write(
                conn,
                actor,
                "share.approval_requested",
                owner_agency_id=record.agency_id,
                record_ids=[record.id],
                detail={
                    "request": int(request_id),
                    "level": spec.level,
                    "targets": list(spec.targets),
                },
            )
            return {
                **_describe_distribution(conn, record.id),
                "state": "pending_approval",
                "request_id": int(request_id),
            }
        reached = _apply(conn, actor, record, spec, principals)
        audit.write(
            conn,
            actor,
            "share.set",
            owner_agency_id=record.agency_id,
            record_ids=[record.id, *reached],
            detail={
                "level": spec.level,
                "targets": list(spec.targets),
                "principals": sorted(principals),
            },
        )
        return {**_describe_distribution(conn, record.id), "state": "in_force"}


def withdraw(store: Store, actor: Actor, record_id: str) -> dict[str, Any]:
    """Withdraw a record from every recipient at once: its distribution, what a case
    passed on, consents and disclosures given. Handling codes stay as they were."""
    with store.transaction() as conn:
        record = _record(conn, record_id)
        ensure_record_permission(conn, actor, Action.SHARE, record.id, record.agency_id)
        reached = []
        if record.kind == "case":
            reached = list(
                conn.execute(
                    sa.select(record_grants.c.record_id)
                    .where(record_grants.c.via == f"case:{record.id}")
                    .distinct()
                ).scalars()
            )
            conn.execute(record_grants.delete().where(record_grants.c.via == f"case:{record.id}"))
        conn.execute(record_grants.delete().where(record_grants.c.record_id == record.id))
        conn.execute(
            distributions.update()
            .where(distributions.c.record_id == record.id)
            .values(
                level=DistributionLevel.OWN_AGENCY.value,
                targets=[],
                set_by=_who(actor),
                set_at=_now(),
            )
        )
        audit.write(
            conn,
            actor,
            "share.withdraw",
            owner_agency_id=record.agency_id,
            record_ids=[record.id, *reached],
        )
        return {**_describe_distribution(conn, record.id), "state": "in_force"}


def get_distribution(store: Store, actor: Actor, record_id: str) -> dict[str, Any]:
    """A record's distribution: in full for its owner; for a recipient, the handling
    codes it must respect."""
    with store.transaction() as conn:
        record = _record(conn, record_id)
        ensure_record_permission(conn, actor, Action.READ, record.id, record.agency_id)
        described = _describe_distribution(conn, record.id)
        if actor.agency_id != record.agency_id:
            return {"record_id": record.id, "handling": described["handling"]}
        return described


# ---------------------------------------------------------------------------- groups


def create_group(store: Store, actor: Actor, code: str, name: str) -> dict[str, Any]:
    """A sharing group (e.g. ASEANAPOL members), managed by a coordinator."""
    ensure_permission(actor, Action.MANAGE_GROUPS, SystemResource())
    code = code.strip()
    if not code or len(code) > 50:
        raise _invalid("code", "1-50 characters")
    if not name.strip() or len(name) > 300:
        raise _invalid("name", "1-300 characters")
    with store.transaction() as conn:
        if conn.execute(
            sa.select(sharing_groups.c.id).where(sharing_groups.c.code == code)
        ).first():
            raise Conflict(f"a sharing group {code!r} exists already")
        conn.execute(
            sharing_groups.insert().values(
                code=code, name=name.strip(), created_by=_who(actor), created_at=_now()
            )
        )
        audit.write(conn, actor, "group.create", detail={"group": code})
    return {"code": code, "name": name.strip(), "members": []}


def _group_id(conn: Connection, code: str) -> int:
    found = conn.execute(
        sa.select(sharing_groups.c.id).where(sharing_groups.c.code == code)
    ).scalar()
    if found is None:
        raise NotFound(f"no sharing group {code!r}")
    return int(found)


def _agency_id(conn: Connection, code: str) -> int:
    found = conn.execute(sa.select(agencies.c.id).where(agencies.c.code == code)).scalar()
    if found is None:
        raise NotFound(f"no agency {code!r}")
    return int(found)


def set_group_member(
    store: Store, actor: Actor, group: str, agency: str, *, member: bool
) -> dict[str, Any]:
    """Add an agency to a sharing group, or remove it (it loses at once what the group
    was given)."""
    ensure_permission(actor, Action.MANAGE_GROUPS, SystemResource())
    with store.transaction() as conn:
        group_id = _group_id(conn, group)
        agency_id = _agency_id(conn, agency)
        table = sharing_group_members
        conn.execute(
            table.delete().where(table.c.group_id == group_id, table.c.agency_id == agency_id)
        )
        if member:
            conn.execute(
                table.insert().values(group_id=group_id, agency_id=agency_id, added_at=_now())
            )
        audit.write(
            conn,
            actor,
            "group.member_added" if member else "group.member_removed",
            detail={"group": group, "agency": agency},
        )
    return _group(store, group)


def _group(store: Store, code: str) -> dict[str, Any]:
    with store.transaction() as conn:
        group_id = _group_id(conn, code)
        row = conn.execute(sa.select(sharing_groups).where(sharing_groups.c.id == group_id)).one()
        members = conn.execute(
            sa.select(agencies.c.code)
            .join(sharing_group_members, sharing_group_members.c.agency_id == agencies.c.id)
            .where(sharing_group_members.c.group_id == group_id)
            .order_by(agencies.c.code)
        ).scalars()
        return {"code": row.code, "name": row.name, "members": list(members)}


def list_groups(store: Store, actor: Actor) -> list[dict[str, Any]]:
    """Every sharing group with its member agencies (the directory is public)."""
    ensure_permission(actor, Action.LIST, SystemResource())
    with store.transaction() as conn:
        codes = list(
            conn.execute(sa.select(sharing_groups.c.code).order_by(sharing_groups.c.code)).scalars()
        )
    return [_group(store, code) for code in codes]


# ---------------------------------------------------------------------------- policy


def set_policy(
    store: Store, actor: Actor, agency: str, *, requires_approval: bool
) -> dict[str, Any]:
    """Whether an agency's sharing outside itself needs a supervisor's approval (its admin)."""
    with store.transaction() as conn:
        agency_id = _agency_id(conn, agency)
        ensure_permission(actor, Action.SET_POLICY, AgencyResource(agency_id))
        conn.execute(sharing_policies.delete().where(sharing_policies.c.agency_id == agency_id))
        conn.execute(
            sharing_policies.insert().values(
                agency_id=agency_id,
                requires_approval=requires_approval,
                updated_by=_who(actor),
                updated_at=_now(),
            )
        )
        audit.write(
            conn,
            actor,
            "share.policy",
            owner_agency_id=agency_id,
            detail={"requires_approval": requires_approval},
        )
    return {"agency": agency, "requires_approval": requires_approval}


# ---------------------------------------------------------------------------- requests


def _request_out(row: Any, codes: dict[int, str]) -> dict[str, Any]:
    return {
        "id": row.id,
        "kind": row.kind,
        "state": row.state,
        "record_id": row.record_id,
        "owner": codes.get(row.owner_agency_id),
        "requester": codes.get(row.requester_agency_id),
        "requested_by": row.requested_by,
        "purpose": row.purpose,
        "payload": row.payload,
        "created_at": _iso(row.created_at),
        "decided_by": row.decided_by,
        "decided_at": _iso(row.decided_at),
        "decision_note": row.decision_note,
    }


def _agency_codes(conn: Connection) -> dict[int, str]:
    return {int(r.id): str(r.code) for r in conn.execute(sa.select(agencies.c.id, agencies.c.code))}


def request_consent(
    store: Store, actor: Actor, record_id: str, *, use: str, to_agency: str | None = None
) -> dict[str, Any]:
    """A recipient asks the owner for consent: ``onward`` (pass the record to
    ``to_agency``, or export it) or ``judicial`` (use it in judicial proceedings)."""
    if use not in {"onward", "judicial"}:
        raise _invalid("use", "expected onward or judicial")
    if not actor.purpose.strip():
        raise _invalid("purpose", "state why you need the consent")
    with store.transaction() as conn:
        record = _record(conn, record_id)
        ensure_record_permission(conn, actor, Action.REQUEST_CONSENT, record.id, record.agency_id)
        payload: dict[str, Any] = {"use": use}
        if use == "onward" and to_agency:
            _agency_id(conn, to_agency)
            payload["to_agency"] = to_agency
        assert actor.agency_id is not None
        request_id = _insert_request(conn, actor, "consent", record.id, record.agency_id, payload)
        audit.write(
            conn,
            actor,
            "share.consent_requested",
            owner_agency_id=record.agency_id,
            record_ids=[record.id],
            detail={"request": request_id, **payload},
        )
        return _get_request(conn, request_id)


def _insert_request(
    conn: Connection, actor: Actor, kind: str, record_id: str, owner: int, payload: dict[str, Any]
) -> int:
    assert actor.agency_id is not None
    return int(
        conn.execute(
            sharing_requests.insert()
            .values(
                kind=kind,
                state="pending",
                record_id=record_id,
                owner_agency_id=owner,
                requester_agency_id=actor.agency_id,
                requested_by=_who(actor),
                purpose=actor.purpose[:2000],
                payload=payload,
                created_at=_now(),
                decision_note="",
            )
            .returning(sharing_requests.c.id)
        ).scalar_one()
    )


def _get_request(conn: Connection, request_id: int) -> dict[str, Any]:
    row = conn.execute(sa.select(sharing_requests).where(sharing_requests.c.id == request_id)).one()
    return _request_out(row, _agency_codes(conn))


def request_disclosure(store: Store, actor: Actor, reference: str) -> dict[str, Any]:
    """From a hit: ask the owner to disclose the record behind it (purpose required)."""
    if not actor.purpose.strip():
        raise _invalid("purpose", "state why you need the record disclosed")
    with store.transaction() as conn:
        hit = conn.execute(sa.select(hits).where(hits.c.reference == reference)).first()
        if hit is None or hit.searcher_agency_id != actor.agency_id:
            raise NotFound("no such hit")
        ensure_permission(
            actor,
            Action.READ,
            SharingRequestResource(hit.owner_agency_id, hit.searcher_agency_id, "disclosure"),
        )
        request_id = _insert_request(
            conn, actor, "disclosure", hit.record_id, hit.owner_agency_id, {"reference": reference}
        )
        audit.write(
            conn,
            actor,
            "share.disclosure_requested",
            owner_agency_id=hit.owner_agency_id,
            record_ids=[hit.record_id],
            detail={"request": request_id, "reference": reference},
        )
        out = _get_request(conn, request_id)
    # The searcher learns nothing of the record from its own request.
    return {**out, "record_id": None, "reference": reference}


def list_requests(store: Store, actor: Actor, *, state: str | None = None) -> list[dict[str, Any]]:
    """Requests the actor's agency decides (incoming) or made (outgoing), newest first.

    A searcher sees its disclosure requests by the hit's reference, never the record id.
    """
    if actor.agency_id is None:
        return []
    query = sa.select(sharing_requests).where(
        sa.or_(
            sharing_requests.c.owner_agency_id == actor.agency_id,
            sharing_requests.c.requester_agency_id == actor.agency_id,
        )
    )
    if state:
        query = query.where(sharing_requests.c.state == state)
    with store.transaction() as conn:
        codes = _agency_codes(conn)
        found = []
        for row in conn.execute(query.order_by(sharing_requests.c.id.desc())):
            ensure_permission(
                actor,
                Action.READ,
                SharingRequestResource(row.owner_agency_id, row.requester_agency_id, row.kind),
            )
            out = _request_out(row, codes)
            if (
                row.kind == "disclosure"
                and row.owner_agency_id != actor.agency_id
                and row.state != "approved"
            ):
                out["record_id"] = None
                out["reference"] = row.payload.get("reference")
            found.append(out)
    return found


def decide(
    store: Store, actor: Actor, request_id: int, *, approve: bool, note: str = ""
) -> dict[str, Any]:
    """The owner's answer to a request, recorded with who and when.

    - approval (four-eyes): a supervisor other than the requester; approving applies
      the distribution asked for;
    - consent: approving an onward consent grants the named agency; a judicial or
      export consent lets the requester use the record so;
    - disclosure: approving grants the searcher's agency the record.
    """
    if len(note) > 2000:
        raise _invalid("note", "at most 2000 characters")
    with store.transaction() as conn:
        row = conn.execute(
            sa.select(sharing_requests).where(sharing_requests.c.id == request_id)
        ).first()
        if row is None:
            raise NotFound("no such request")
        resource = SharingRequestResource(
            row.owner_agency_id, row.requester_agency_id, row.kind, row.requested_by
        )
        action = Action.APPROVE_SHARING if row.kind == "approval" else Action.DECIDE_REQUEST
        ensure_permission(actor, action, resource)
        if row.state != "pending":
            raise Conflict(f"request {request_id} was {row.state} already")
        reached: list[str] = []
        if approve:
            record = _record(conn, row.record_id)
            if row.kind == "approval":
                spec = DistributionSpec(**row.payload)
                reached = _apply(conn, actor, record, spec, _principals(conn, record.nation, spec))
            elif row.kind == "consent" and row.payload.get("to_agency"):
                target = _agency_id(conn, row.payload["to_agency"])
                _grant(conn, [record.id], [agency_principal(target)], f"consent:{row.id}")
            elif row.kind == "disclosure":
                _grant(
                    conn,
                    [record.id],
                    [agency_principal(row.requester_agency_id)],
                    f"disclosure:{row.id}",
                )
        conn.execute(
            sharing_requests.update()
            .where(sharing_requests.c.id == request_id)
            .values(
                state="approved" if approve else "refused",
                decided_by=_who(actor),
                decided_at=_now(),
                decision_note=note,
            )
        )
        audit.write(
            conn,
            actor,
            f"share.{row.kind}_{'approved' if approve else 'refused'}",
            owner_agency_id=row.owner_agency_id,
            record_ids=[row.record_id, *reached],
            detail={"request": request_id, "note": note},
        )
        return _get_request(conn, request_id)


# ---------------------------------------------------------------------------- hits


@dataclass(frozen=True)
class HiddenMatch:
    """A matching record the searcher may not read: what the hit is made of."""

    record_id: str
    owner_agency_id: int
    score: float


def hit_candidates(conn: Connection, record_ids: Sequence[str]) -> set[str]:
    """Those of ``record_ids`` whose owner has not opted them out of hit/no-hit."""
    if not record_ids:
        return set()
    covert = set(
        conn.execute(
            sa.select(distributions.c.record_id).where(
                distributions.c.record_id.in_(list(record_ids)),
                distributions.c.hit_opt_out.is_(True),
            )
        ).scalars()
    )
    return {r for r in record_ids if r not in covert}


def record_hits(
    conn: Connection, actor: Actor, found: Sequence[HiddenMatch], source: str
) -> list[dict[str, Any]]:
    """Write a hit per hidden match at or above the weakest band, notify each owner (the
    hit row) and audit it; return what the searcher may see: the match exists, its
    band, the owner agency and an opaque reference — nothing of the record."""
    if actor.agency_id is None:
        return []
    codes = _agency_codes(conn)
    shown = []
    for match in found:
        band = band_of(match.score)
        if band is None:
            continue
        reference = "HIT-" + secrets.token_hex(8).upper()
        conn.execute(
            hits.insert().values(
                reference=reference,
                record_id=match.record_id,
                owner_agency_id=match.owner_agency_id,
                searcher_agency_id=actor.agency_id,
                searcher=_who(actor),
                purpose=actor.purpose[:2000],
                band=band,
                source=source,
                created_at=_now(),
            )
        )
        audit.write(
            conn,
            actor,
            f"{source}.hit",
            owner_agency_id=match.owner_agency_id,
            record_ids=[match.record_id],
            detail={"reference": reference, "band": band},
        )
        shown.append(
            {
                "hit": True,
                "band": band,
                "owner": codes.get(match.owner_agency_id),
                "reference": reference,
            }
        )
    return shown


def hit_notifications(store: Store, actor: Actor, *, limit: int = 100) -> list[dict[str, Any]]:
    """Hits on the actor's agency's records: who searched, when, for what purpose."""
    if actor.agency_id is None:
        return []
    ensure_permission(actor, Action.LIST, RecordResource(actor.agency_id))
    with store.transaction() as conn:
        codes = _agency_codes(conn)
        rows = conn.execute(
            sa.select(hits)
            .where(hits.c.owner_agency_id == actor.agency_id)
            .order_by(hits.c.id.desc())
            .limit(limit)
        ).all()
    return [
        {
            "reference": r.reference,
            "record_id": r.record_id,
            "band": r.band,
            "searcher": r.searcher,
            "searcher_agency": codes.get(r.searcher_agency_id),
            "purpose": r.purpose,
            "source": r.source,
            "at": _iso(r.created_at),
        }
        for r in rows
    ]
