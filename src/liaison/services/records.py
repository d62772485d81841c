"""Create, read, update, list, delete and bulk-import records of every kind.

One code path serves all five kinds; what differs between them is the ``RecordKind``
entry in ``liaison.domain.records``. Every function starts with the permission check.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import queue
import threading
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.engine import Connection

from liaison.domain.access import Action, Actor, RecordResource, is_allowed, readable_agencies
from liaison.domain.dates import add_years
from liaison.domain.records import (
    DEFAULT_RETENTION_YEARS,
    RECORD_KINDS,
    RecordBase,
    RecordKind,
    RecordKindName,
)
from liaison.errors import Conflict, ImportRejected, LiaisonError, NotFound, ValidationFailed
from liaison.matching.index import ChunkIndexer, IndexedChunk, index_rows
from liaison.services import audit, sharing
from liaison.services.access import (
    ReadScope,
    ensure_permission,
    ensure_record_permission,
    handling_of,
    read_scope,
    record_resource,
)
from liaison.storage import term_index
from liaison.storage.bulk import bulk_insert
from liaison.storage.database import Store
from liaison.storage.sharing_tables import distributions
from liaison.storage.tables import (
    INDEX_TABLES,
    agencies,
    match_profiles,
    record_keys,
    record_links,
    record_names,
    records,
)
from liaison.storage.term_index import stored_keys

_META_FIELDS = ("ref", "source_reliability", "information_accuracy", "retention_review")
CHUNK = 1000


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class _RecordIds:
    """Random (version 4) UUIDs for new records, from one ``os.urandom`` call per thousand.

    ``uuid.uuid4`` asks the kernel for 16 bytes each time; at import rates that cost a
    tenth of the run (measured on 20,000 subjects).
    """

    def __init__(self) -> None:
        self._pool = b""
        self._lock = threading.Lock()

    def new(self) -> str:
        with self._lock:
            if not self._pool:
                self._pool = os.urandom(16 * 1024)
            raw, self._pool = self._pool[:16], self._pool[16:]
        return str(uuid.UUID(bytes=raw, version=4))


new_record_id = _RecordIds().new


def fold(text: str) -> str:
    """A name in the form the store's name filter compares (NFKC, case-folded)."""
    return unicodedata.normalize("NFKC", text).casefold()


def kind_of(kind: str | RecordKindName) -> RecordKind:
    """The kind entry for a kind name; a clear error for an unknown one."""
    try:
        return RECORD_KINDS[RecordKindName(kind)]
    except ValueError:
        names = ", ".join(k.value for k in RecordKindName)
        raise ValidationFailed(f"unknown record kind {kind!r}; kinds are {names}") from None


def validation_problems(exc: ValidationError) -> list[dict[str, str]]:
    """Pydantic's errors as ``{"field", "message"}`` items a user can read."""
    problems = []
    for error in exc.errors(include_url=False, include_input=False):
        location = ".".join(str(part) for part in error["loc"]) or "(record)"
        message = str(error["msg"]).removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            message = "unknown field"
        problems.append({"field": location, "message": message})
    return problems


def validate_record(kind: RecordKind, data: Any) -> RecordBase:
    """The validated model for ``data``, or ``ValidationFailed`` naming every problem."""
    if not isinstance(data, dict):
        raise ValidationFailed(
            f"a {kind.name.value} must be a JSON object",
            details=[{"field": "(record)", "message": "expected an object"}],
        )
    try:
        return kind.model.model_validate(data)
    except ValidationError as exc:
        problems = validation_problems(exc)
        summary = "; ".join(f"{p['field']}: {p['message']}" for p in problems[:5])
        raise ValidationFailed(f"invalid {kind.name.value}: {summary}", details=problems) from None


@dataclass
class PreparedRecord:
    """A validated record turned into the rows the store keeps."""

    row: dict[str, Any]
    index_rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    links: list[tuple[str, RecordKindName, str]] = field(default_factory=list)
    agency_codes: list[str] = field(default_factory=list)


def _prepare(
    kind: RecordKind,
    model: RecordBase,
    actor: Actor,
    now: dt.datetime,
    record_id: str,
    version: int = 1,
    created: tuple[dt.datetime, str] | None = None,
    *,
    matching_index: bool = True,
) -> PreparedRecord:
    assert actor.agency_id is not None
    if model.retention_review is None:
        start = created[0] if created else now
        model.retention_review = add_years(start.date(), DEFAULT_RETENTION_YEARS)
    # Serialised once, in pydantic's Rust core; the store writes the text as it is.
    body = model.model_dump_json()
    who = actor.username or "operator"
    row = {
        "id": record_id,
        "kind": kind.name.value,
        "agency_id": actor.agency_id,
        "ref": model.ref or None,
        "label": kind.label(model)[:500],
        "body": body,
        "source_reliability": model.source_reliability.value,
        "information_accuracy": model.information_accuracy.value,
        "retention_review": model.retention_review,
        "created_at": created[0] if created else now,
        "created_by": created[1] if created else who,
        "updated_at": now,
        "updated_by": who,
        "version": version,
    }
    agency_id = actor.agency_id
    index: dict[str, list[dict[str, Any]]] = {
        record_names.name: [
            {
                "record_id": record_id,
                "position": position,
                "agency_id": agency_id,
                "value": n.value,
                "script": n.script,
                "name_kind": n.kind,
                "folded": fold(n.value)[:500],
            }
            for position, n in enumerate(kind.names(model))
        ],
        record_keys.name: [
            {
                "record_id": record_id,
                "position": position,
                "agency_id": agency_id,
                "scheme": k.scheme,
                "value": k.value,
                "country": k.country,
            }
            for position, k in enumerate(kind.keys(model))
        ],
        record_links.name: [
            {
                "source_id": record_id,
                "position": position,
                "target_id": link.target_id,
                "field": link.field,
            }
            for position, link in enumerate(kind.links(model))
        ],
        match_profiles.name: [],
    }
    if kind.name is RecordKindName.SUBJECT and matching_index:
        # The matching index, written with the record so a search never misses it
        # (an import derives it a chunk at a time: ``ChunkIndexer``).
        index[match_profiles.name] = [index_rows(record_id, agency_id, json.loads(body))]
    links = [(link.target_id, link.target_kind, link.field) for link in kind.links(model)]
    codes = list(getattr(model, "agencies", []) or [])
    return PreparedRecord(row, index, links, codes)


def _check_links(
    conn: Connection, actor: Actor, prepared: Sequence[tuple[int, PreparedRecord]]
) -> list[dict[str, Any]]:
    """Problems with references to other records and agencies, per row number."""
    targets = {t for _, p in prepared for t, _, _ in p.links}
    found: dict[str, tuple[str, int]] = {}
    for chunk in _chunks(sorted(targets), 500):
        for row in conn.execute(
            sa.select(records.c.id, records.c.kind, records.c.agency_id).where(
                records.c.id.in_(chunk)
            )
        ):
            found[row.id] = (row.kind, row.agency_id)
    codes = {c for _, p in prepared for c in p.agency_codes}
    known_codes = set()
    for chunk in _chunks(sorted(codes), 500):
        known_codes |= set(
            conn.execute(sa.select(agencies.c.code).where(agencies.c.code.in_(chunk))).scalars()
        )
    readable = readable_agencies(actor)
    problems: list[dict[str, Any]] = []
    for number, item in prepared:
        for target, expected, field_name in item.links:
            hit = found.get(target)
            if hit is None or hit[1] not in readable:
                message = f"no {expected.value} with id {target!r}"
            elif hit[0] != expected.value:
                message = f"{target!r} is a {hit[0]}, not a {expected.value}"
            else:
                continue
            problems.append({"row": number, "field": field_name, "message": message})
        for code in item.agency_codes:
            if code not in known_codes:
                problems.append(
                    {"row": number, "field": "agencies", "message": f"no agency {code!r}"}
                )
    return problems


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _insert_index(conn: Connection, table: sa.Table, rows: Sequence[dict[str, Any]]) -> None:
    if table is match_profiles:
        # The keys as this database keeps them (an array, or text for SQLite's FTS5).
        rows = [{**r, "keys": stored_keys(conn.dialect.name, r["keys"])} for r in rows]
    bulk_insert(conn, table, rows)


def _insert(conn: Connection, prepared: Sequence[PreparedRecord]) -> None:
    bulk_insert(conn, records, [p.row for p in prepared])
    for table in INDEX_TABLES:
        _insert_index(conn, table, [r for p in prepared for r in p.index_rows[table.name]])


def _delete_index(conn: Connection, record_id: str) -> None:
    for table in INDEX_TABLES:
        column = table.c.source_id if table is record_links else table.c.record_id
        conn.execute(table.delete().where(column == record_id))


def _refs_in_use(conn: Connection, actor: Actor, kind: RecordKind) -> set[str]:
    """Every reference the actor's agency already uses for this kind.

    Read once per import rather than per chunk: PostgreSQL plans a per-chunk lookup from
    statistics taken before the import's own rows arrived and falls back to scanning the
    table (measured: 5.5 s of a 20,000-subject import). One index-only read is cheap; a
    million references take about 80 MB.
    """
    return set(
        conn.execute(
            sa.select(records.c.ref).where(
                records.c.agency_id == actor.agency_id,
                records.c.kind == kind.name.value,
                records.c.ref.is_not(None),
            )
        ).scalars()
    )


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _iso(moment: dt.datetime) -> str:
    # SQLite returns naive datetimes; everything is stored in UTC.
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.isoformat()


def record_to_dict(row: Any, agency_code: str) -> dict[str, Any]:
    """The JSON form of a stored record: its fields plus id, kind, owner and history."""
    # The record's own fields first: the meta fields below always win over them.
    found = {
        **row.body,
        "id": row.id,
        "kind": row.kind,
        "agency": agency_code,
        "version": row.version,
        "created_at": _iso(row.created_at),
        "updated_at": _iso(row.updated_at),
        "created_by": row.created_by,
        "updated_by": row.updated_by,
    }
    # The owner's handling codes travel with the record wherever it is shown or exported.
    handling = handling_of(row)
    if handling.any:
        found["handling"] = {
            "no_onward": handling.no_onward,
            "no_judicial": handling.no_judicial,
            "restrictions": handling.restrictions,
        }
    return found


def _select_records() -> sa.Select[Any]:
    return (
        sa.select(
            records,
            agencies.c.code.label("agency_code"),
            distributions.c.no_onward,
            distributions.c.no_judicial,
            distributions.c.restrictions,
        )
        .join(agencies, agencies.c.id == records.c.agency_id)
        .outerjoin(distributions, distributions.c.record_id == records.c.id)
    )


def _load(conn: Connection, actor: Actor, kind: RecordKind, record_id: str, action: Action) -> Any:
    row = conn.execute(
        _select_records().where(records.c.id == record_id, records.c.kind == kind.name.value)
    ).first()
    if row is None:
        raise NotFound(f"no {kind.name.value} with id {record_id!r}")
    try:
        ensure_record_permission(conn, actor, action, row.id, row.agency_id)
    except NotFound:
        # The same answer as for a record that does not exist: no existence oracle.
        raise NotFound(f"no {kind.name.value} with id {record_id!r}") from None
    return row


def create_record(store: Store, actor: Actor, kind_name: str, data: Any) -> dict[str, Any]:
    """Create one record owned by the actor's agency."""
    kind = kind_of(kind_name)
    if actor.agency_id is None:
        raise ValidationFailed("records belong to an agency: act for one (--agency)")
    ensure_permission(actor, Action.CREATE, RecordResource(actor.agency_id))
    model = validate_record(kind, data)
    with store.transaction() as conn:
        prepared = _prepare(kind, model, actor, _now(), new_record_id())
        _guard_one(conn, actor, kind, prepared)
        _insert(conn, [prepared])
        row = conn.execute(_select_records().where(records.c.id == prepared.row["id"])).one()
        return record_to_dict(row, row.agency_code)


def _guard_one(
    conn: Connection, actor: Actor, kind: RecordKind, prepared: PreparedRecord, own_id: str = ""
) -> None:
    ref = prepared.row["ref"]
    if ref:
        owner = conn.execute(
            sa.select(records.c.id).where(
                records.c.agency_id == actor.agency_id,
                records.c.kind == kind.name.value,
                records.c.ref == ref,
            )
        ).scalar()
        if owner is not None and owner != own_id:
            raise Conflict(f"your agency already has a {kind.name.value} with ref {ref!r}")
    problems = _check_links(conn, actor, [(1, prepared)])
    if problems:
        details = [{"field": p["field"], "message": p["message"]} for p in problems]
        raise ValidationFailed(
            "; ".join(f"{p['field']}: {p['message']}" for p in details), details=details
        )


def get_record(store: Store, actor: Actor, kind_name: str, record_id: str) -> dict[str, Any]:
    """One record the actor may read."""
    kind = kind_of(kind_name)
    with store.transaction() as conn:
        row = _load(conn, actor, kind, record_id, Action.READ)
        audit.record_access(conn, actor, "record.read", [(row.id, row.agency_id)])
        return record_to_dict(row, row.agency_code)


def update_record(
    store: Store,
    actor: Actor,
    kind_name: str,
    record_id: str,
    data: Any,
    *,
    replace: bool,
    expected_version: int | None = None,
) -> dict[str, Any]:
    """Change a record: ``replace`` swaps all its fields, otherwise only the given ones.

    With ``expected_version`` the change is refused if someone changed it meanwhile.
    """
    kind = kind_of(kind_name)
    if not isinstance(data, dict):
        raise ValidationFailed("the change must be a JSON object")
    with store.transaction() as conn:
        row = _load(conn, actor, kind, record_id, Action.UPDATE)
        if expected_version is not None and expected_version != row.version:
            raise Conflict(
                f"the {kind.name.value} is at version {row.version}, not {expected_version}: "
                "someone changed it; reload and try again"
            )
        merged = data if replace else {**dict(row.body), **data}
        model = validate_record(kind, merged)
        prepared = _prepare(
            kind, model, actor, _now(), record_id, row.version + 1, (row.created_at, row.created_by)
        )
        _guard_one(conn, actor, kind, prepared, own_id=record_id)
        values = {k: v for k, v in prepared.row.items() if k not in {"id", "agency_id", "kind"}}
        values["body"] = json.loads(values["body"])
        updated = conn.execute(
            records.update()
            .where(records.c.id == record_id, records.c.version == row.version)
            .values(**values)
        )
        if updated.rowcount != 1:
            raise Conflict(f"the {kind.name.value} was changed meanwhile; reload and try again")
        _delete_index(conn, record_id)
        for table in INDEX_TABLES:
            _insert_index(conn, table, prepared.index_rows[table.name])
        sharing.after_record_write(conn, kind.name.value, record_id)
        fresh = conn.execute(_select_records().where(records.c.id == record_id)).one()
        return record_to_dict(fresh, fresh.agency_code)


def delete_record(store: Store, actor: Actor, kind_name: str, record_id: str) -> None:
    """Delete a record nothing else points to; otherwise say what points to it."""
    kind = kind_of(kind_name)
    with store.transaction() as conn:
        _load(conn, actor, kind, record_id, Action.DELETE)
        users_of = conn.execute(
            sa.select(records.c.id, records.c.kind, records.c.agency_id)
            .join(record_links, record_links.c.source_id == records.c.id)
            .where(record_links.c.target_id == record_id)
            .distinct()
        ).all()
        if users_of:
            readable = readable_agencies(actor)
            named = [f"{r.kind} {r.id}" for r in users_of if r.agency_id in readable]
            hidden = len(users_of) - len(named)
            parts = named[:10] + ([f"{hidden} record(s) of other agencies"] if hidden else [])
            raise Conflict(
                f"the {kind.name.value} is still referenced by {', '.join(parts)}; "
                "remove those references first",
                details={"referenced_by": named},
            )
        _delete_index(conn, record_id)
        conn.execute(records.delete().where(records.c.id == record_id))


@dataclass(frozen=True)
class RecordFilter:
    """What a list request may ask for."""

    q: str | None = None
    ref: str | None = None
    country: str | None = None
    updated_since: dt.datetime | None = None


def list_records(
    store: Store,
    actor: Actor,
    kind_name: str,
    flt: RecordFilter,
    *,
    limit: int,
    offset: int,
) -> dict[str, Any]:
    """A page of the records the actor may read, newest change first, with the total."""
    kind = kind_of(kind_name)
    if actor.agency_id is None:
        return {"items": [], "total": 0, "limit": limit, "offset": offset}
    ensure_permission(actor, Action.LIST, RecordResource(actor.agency_id))
    with store.transaction() as conn:
        scope = read_scope(conn, actor)
        return list_in_scope(conn, actor, scope, kind, flt, limit=limit, offset=offset)


def list_in_scope(
    conn: Connection,
    actor: Actor,
    scope: ReadScope,
    kind: RecordKind,
    flt: RecordFilter,
    *,
    limit: int,
    offset: int,
    audited: bool = True,
) -> dict[str, Any]:
    """``list_records`` inside a transaction, for the records ``scope`` reaches; every
    record of another agency on the page is audited."""
    conditions: list[sa.ColumnElement[bool]] = [
        records.c.kind == kind.name.value,
        scope.clause(records.c.id, records.c.agency_id),
    ]
    if flt.ref:
        conditions.append(records.c.ref == flt.ref)
    if flt.q:
        pattern = f"%{_escape_like(fold(flt.q))}%"
        named = sa.select(record_names.c.record_id).where(
            record_names.c.folded.like(pattern, escape="\\")
        )
        conditions.append(
            sa.or_(
                records.c.id.in_(named), sa.func.lower(records.c.label).like(pattern, escape="\\")
            )
        )
    if flt.country:
        conditions.append(
            records.c.id.in_(
                sa.select(record_keys.c.record_id).where(
                    record_keys.c.scheme.in_(("nationality", "country")),
                    record_keys.c.value == flt.country.strip().upper(),
                )
            )
        )
    if flt.updated_since:
        conditions.append(records.c.updated_at >= flt.updated_since)
    total = conn.execute(
        sa.select(sa.func.count()).select_from(records).where(*conditions)
    ).scalar_one()
    rows = conn.execute(
        _select_records()
        .where(*conditions)
        .order_by(records.c.updated_at.desc(), records.c.id)
        .limit(limit)
        .offset(offset)
    ).all()
    if audited:
        audit.record_access(conn, actor, "record.list", [(r.id, r.agency_id) for r in rows])
    return {
        "items": [record_to_dict(r, r.agency_code) for r in rows],
        "total": total,
        "limit": limit,
        "offset": offset,
    }


def _usable(conn: Connection, actor: Actor, use: Action, row: Any) -> bool:
    """Whether the actor may put a readable row to ``use``; consents are looked up only
    when a handling code stands in the way."""
    if row.agency_id == actor.agency_id:
        return True
    resource = RecordResource(row.agency_id, granted=True, handling=handling_of(row))
    if is_allowed(actor, use, resource):
        return True
    return is_allowed(actor, use, record_resource(conn, actor, row.id, row.agency_id))


def iter_records(
    store: Store, actor: Actor, kind_name: str, *, use: Action = Action.EXPORT
) -> Iterator[dict[str, Any]]:
    """Every record of a kind the actor may export, in id order, streamed.

    Records of other agencies come only where their handling codes allow ``use``
    (``EXPORT``, or ``JUDICIAL_USE`` for proceedings) or the owner consented; each chunk's
    records of other agencies are audited as exported.
    """
    kind = kind_of(kind_name)
    if actor.agency_id is None:
        return
    ensure_permission(actor, use, RecordResource(actor.agency_id))
    last_id = ""
    while True:
        with store.transaction() as conn:
            scope = read_scope(conn, actor)
            rows = conn.execute(
                _select_records()
                .where(
                    records.c.kind == kind.name.value,
                    scope.clause(records.c.id, records.c.agency_id),
                    records.c.id > last_id,
                )
                .order_by(records.c.id)
                .limit(CHUNK)
            ).all()
            allowed = [row for row in rows if _usable(conn, actor, use, row)]
            audit.record_access(conn, actor, use.value, [(r.id, r.agency_id) for r in allowed])
        if not rows:
            return
        for row in allowed:
            yield record_to_dict(row, row.agency_code)
        last_id = rows[-1].id


def resolve_refs(store: Store, actor: Actor, kind_name: str, refs: Iterable[str]) -> dict[str, str]:
    """Record ids of the actor's own records of a kind, by their agency reference."""
    kind = kind_of(kind_name)
    wanted = sorted({r for r in refs if r})
    found: dict[str, str] = {}
    with store.transaction() as conn:
        for chunk in _chunks(wanted, 500):
            for row in conn.execute(
                sa.select(records.c.ref, records.c.id).where(
                    records.c.agency_id == actor.agency_id,
                    records.c.kind == kind.name.value,
                    records.c.ref.in_(chunk),
                )
            ):
                found[row.ref] = row.id
    return found


def _prepare_row(
    kind: RecordKind,
    actor: Actor,
    now: dt.datetime,
    item: ImportRow,
    note: Callable[[int, str, str], None],
) -> PreparedRecord | None:
    try:
        model = validate_record(kind, item.data)
    except ValidationFailed as exc:
        for problem in exc.details or []:
            note(item.number, problem["field"], problem["message"])
        return None
    return _prepare(
        kind,
        model,
        actor,
        now,
        item.record_id or new_record_id(),
        matching_index=kind.name is not RecordKindName.SUBJECT,
    )


Chunk = list[tuple[int, PreparedRecord]]


class _ChunkWriter:
    """Writes validated chunks on a second thread while the next chunk is validated.

    Validation is Python work and writing is mostly the database's; overlapping them uses
    both cores (measured on PostgreSQL: see benchmarks/import_subjects.py). The connection
    is used only by this thread until ``close`` returns. A chunk of subjects comes with
    the future of its matching index rows (``ChunkIndexer``), written in the same
    transaction.
    """

    def __init__(self, conn: Connection, actor: Actor, problems: list[dict[str, Any]]) -> None:
        self._conn = conn
        self._actor = actor
        self._problems = problems
        self._queue: queue.Queue[tuple[Chunk, Callable[[], IndexedChunk] | None] | None] = (
            queue.Queue(2)
        )
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="liaison-import-writer")
        self._thread.start()

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            batch, indexed = item
            if self._error is not None or not batch:
                continue
            try:
                self._problems.extend(_check_links(self._conn, self._actor, batch))
                if not self._problems:
                    _insert(self._conn, [prepared for _, prepared in batch])
                    if indexed is not None:
                        _insert_index(self._conn, match_profiles, indexed())
            except BaseException as exc:  # handed to the caller's thread in close()
                self._error = exc

    def put(self, batch: Chunk, indexed: Callable[[], IndexedChunk] | None = None) -> None:
        """Queue a chunk; waits while two chunks are already waiting."""
        if self._error is not None:
            self.close()
        self._queue.put((batch, indexed))

    def close(self) -> None:
        """Wait for every queued chunk; raise what the writer raised, if anything."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()
        if self._error is not None:
            error, self._error = self._error, None
            raise error


@dataclass(frozen=True)
class ImportRow:
    """One row of an import: its number in the file (for the report) and its fields.

    ``problems`` holds errors the reader found before validation (e.g. an unreadable
    cell); such a row is reported and never written.
    """

    number: int
    data: dict[str, Any]
    problems: tuple[dict[str, str], ...] = ()
    record_id: str | None = None


def import_records(
    store: Store,
    actor: Actor,
    kind_name: str,
    rows: Iterable[ImportRow],
    *,
    progress: Callable[[int], None] | None = None,
    max_problems: int = 1000,
) -> int:
    """Import rows all-or-nothing: every row is checked, and if any is bad nothing is kept.

    Rows are validated and written chunk by chunk inside one transaction, so memory stays
    flat on large files; any problem rolls the whole transaction back and raises
    ``ImportRejected`` whose details name each bad row, field and reason.
    """
    kind = kind_of(kind_name)
    if actor.agency_id is None:
        raise ValidationFailed("records belong to an agency: act for one (--agency)")
    ensure_permission(actor, Action.IMPORT, RecordResource(actor.agency_id))
    problems: list[dict[str, Any]] = []
    seen_refs: dict[str, int] = {}
    count = 0

    class _Rejected(LiaisonError):
        """Raised inside the transaction only to roll it back."""

    def note(number: int, field_name: str, message: str) -> None:
        problems.append({"row": number, "field": field_name, "message": message})

    def _note_ref(
        ref: str | None,
        number: int,
        taken: set[str],
        seen: dict[str, int],
        note: Callable[[int, str, str], None],
    ) -> None:
        if not ref:
            return
        if ref in taken:
            note(number, "ref", f"your agency already has a {kind.name.value} with ref {ref!r}")
        elif ref in seen:
            note(number, "ref", f"ref {ref!r} appears already in row {seen[ref]}")
        else:
            seen[ref] = number

    try:
        with store.transaction() as conn:
            taken = _refs_in_use(conn, actor, kind)
            writer = _ChunkWriter(conn, actor, problems)
            indexer = ChunkIndexer() if kind.name is RecordKindName.SUBJECT else None
            batch: list[tuple[int, PreparedRecord]] = []
            now = _now()

            def write(chunk: Chunk) -> None:
                indexed = None
                if indexer is not None and chunk and not problems:
                    indexed = indexer.submit(
                        [(p.row["id"], p.row["agency_id"], p.row["body"]) for _, p in chunk]
                    )
                writer.put(chunk, indexed)

            try:
                for item in rows:
                    count += 1
                    if item.problems:
                        problems.extend({"row": item.number, **p} for p in item.problems)
                    else:
                        prepared = _prepare_row(kind, actor, now, item, note)
                        if prepared is not None:
                            _note_ref(prepared.row["ref"], item.number, taken, seen_refs, note)
                            batch.append((item.number, prepared))
                    if len(batch) >= CHUNK:
                        write(batch)
                        batch = []
                    if progress is not None:
                        progress(count)
                    if len(problems) >= max_problems:
                        break
                write(batch)
                if count >= CHUNK:
                    writer.close()
                    if not problems:
                        term_index.after_bulk_write(conn)
            finally:
                try:
                    writer.close()
                finally:
                    if indexer is not None:
                        indexer.close()
            if problems:
                raise _Rejected("rejected")
    except _Rejected:
        shown = sorted(problems, key=lambda p: p["row"])[:max_problems]
        more = " (stopped counting at the limit)" if len(problems) >= max_problems else ""
        raise ImportRejected(
            f"nothing was imported: {len({p['row'] for p in shown})} of {count} rows read "
            f"have problems{more}",
            details=shown,
        ) from None
    return count
