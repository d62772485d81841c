"""The one permission check every use case calls before touching data, and the same
rule as a SQL predicate for the paths that read many records at once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from liaison.domain.access import (
    Action,
    Actor,
    Handling,
    LegalRequestResource,
    RecordResource,
    Resource,
    SharingRequestResource,
    is_allowed,
    principals_of,
)
from liaison.errors import Forbidden, NotFound
from liaison.storage.sharing_tables import (
    distributions,
    record_grants,
    sharing_group_members,
    sharing_requests,
)


def ensure_permission(actor: Actor, action: Action, resource: Resource) -> None:
    """Raise unless ``actor`` may do ``action`` on ``resource``.

    A record the actor may not read is reported as not found, so a refusal never
    reveals that another agency holds it.
    """
    if is_allowed(actor, action, resource):
        return
    if isinstance(resource, RecordResource) and not is_allowed(actor, Action.READ, resource):
        raise NotFound("no such record")
    if isinstance(resource, LegalRequestResource) and not is_allowed(
        actor, Action.REQUEST_READ, resource
    ):
        raise NotFound("no such request")
    if isinstance(resource, SharingRequestResource) and not is_allowed(
        actor, Action.READ, resource
    ):
        raise NotFound("no such request")
    raise Forbidden(f"{actor.describe()} may not {action.value.replace('.', ' ')} here")


@dataclass(frozen=True)
class ReadScope:
    """The records an actor may read, as SQL: its agency's own, and those granted to
    one of its principals. Looked up once per use case (the actor's groups may change)."""

    agency_id: int | None
    principals: tuple[str, ...]

    def clause(
        self, record_id: sa.ColumnElement[Any], agency_id: sa.ColumnElement[Any]
    ) -> sa.ColumnElement[bool]:
        """True for a row whose record the actor may read."""
        if self.agency_id is None:
            return sa.false()
        return sa.or_(agency_id == self.agency_id, self.granted(record_id))

    def granted(self, record_id: sa.ColumnElement[Any]) -> sa.ColumnElement[bool]:
        """True for a record another agency granted to one of the actor's principals."""
        if not self.principals:
            return sa.false()
        # IN over the granted ids rather than a correlated EXISTS: beside "own agency
        # OR ...", PostgreSQL runs an IN subquery once and probes a hash for each row,
        # where EXISTS is one index probe per row (measured: benchmarks/permission_cost.py).
        return record_id.in_(
            sa.select(record_grants.c.record_id).where(
                record_grants.c.principal.in_(self.principals)
            )
        )


def read_scope(conn: Connection, actor: Actor) -> ReadScope:
    """The actor's read scope: its agency, nation, sharing groups and all members."""
    if actor.agency_id is None:
        return ReadScope(None, ())
    groups = conn.execute(
        sa.select(sharing_group_members.c.group_id).where(
            sharing_group_members.c.agency_id == actor.agency_id
        )
    ).scalars()
    return ReadScope(
        actor.agency_id, tuple(sorted(principals_of(actor.agency_id, actor.nation, groups)))
    )


def handling_of(row: Any) -> Handling:
    """The handling codes of a row that carries the distribution's columns (or NULLs)."""
    return Handling(
        no_onward=bool(getattr(row, "no_onward", False)),
        no_judicial=bool(getattr(row, "no_judicial", False)),
        restrictions=getattr(row, "restrictions", None) or "",
    )


def record_resource(
    conn: Connection, actor: Actor, record_id: str, owner_agency_id: int
) -> RecordResource:
    """Everything the permission rule needs to know about one record and this actor."""
    if actor.agency_id is None or actor.agency_id == owner_agency_id:
        return RecordResource(owner_agency_id)
    scope = read_scope(conn, actor)
    granted = bool(conn.execute(sa.select(scope.granted(sa.literal(record_id)))).scalar())
    if not granted:
        return RecordResource(owner_agency_id)
    row = conn.execute(
        sa.select(
            distributions.c.no_onward, distributions.c.no_judicial, distributions.c.restrictions
        ).where(distributions.c.record_id == record_id)
    ).first()
    consents = {
        str(payload.get("use"))
        for payload in conn.execute(
            sa.select(sharing_requests.c.payload).where(
                sharing_requests.c.record_id == record_id,
                sharing_requests.c.kind == "consent",
                sharing_requests.c.state == "approved",
                sharing_requests.c.requester_agency_id == actor.agency_id,
            )
        ).scalars()
    }
    return RecordResource(
        owner_agency_id,
        granted=True,
        handling=handling_of(row) if row is not None else Handling(),
        onward_consent="onward" in consents or "export" in consents,
        judicial_consent="judicial" in consents,
    )


def ensure_record_permission(
    conn: Connection, actor: Actor, action: Action, record_id: str, owner_agency_id: int
) -> RecordResource:
    """``ensure_permission`` on a stored record, its grants and handling codes looked up."""
    resource = record_resource(conn, actor, record_id, owner_agency_id)
    ensure_permission(actor, action, resource)
    return resource
