"""Importing FollowTheMoney entities (JSON lines) into an agency's records.

Imported: ``Person`` as subjects; ``Organization`` and the schemata built on it
(``Company``, ``PublicBody``) as organisations; ``Membership``, ``Associate`` and
``Family`` as relations; ``Event`` as operations; ``Identification`` and ``Passport`` as
documents of their holder. Every other schema (``Sanction``, ``Address``, ``Ownership``,
...) is skipped and counted in the result: Aleph and OpenSanctions files carry many of
them, and refusing a whole file for them would make those files unusable. A relation
whose end is an entity of a skipped schema is skipped the same way.

All or nothing: every entity is converted and validated first, and the problems of all
of them are reported together; then all kinds are written in one transaction, in
dependency order, so relations may point at persons and organisations of the same file.

An entity's id becomes its record's ref. An entity whose id the agency already holds as
the ref of a record of the same kind was imported before: it is skipped and counted as
already present (not updated), so importing the same file twice changes nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from liaison.domain.access import Action, Actor, RecordResource
from liaison.domain.records import RECORD_KINDS, RecordKindName
from liaison.errors import ImportRejected, ValidationFailed
from liaison.interchange.file_import import ImportProgress, ProgressCallback
from liaison.interchange.ftm import ftm_model, imported_record_id
from liaison.interchange.ftm_reading import (
    DOCUMENT,
    RELATION_SCHEMATA,
    FtmEntity,
    FtmReader,
    classify,
    ftm_problem,
)
from liaison.interchange.ftm_records import (
    Problems,
    operation_data,
    organisation_data,
    property_of_field,
    relation_data,
    subject_data,
)
from liaison.interchange.tabular import Position, ensure_importable
from liaison.services.access import ensure_permission
from liaison.services.records import ImportRow, import_records, resolve_refs, validate_record
from liaison.settings import load_settings
from liaison.storage.database import Store

_ORDER = (
    RecordKindName.SUBJECT,
    RecordKindName.ORGANISATION,
    RecordKindName.RELATION,
    RecordKindName.OPERATION,
)
MAX_PROBLEMS = 1000


@dataclass(frozen=True)
class FtmImportResult:
    """What an FtM import did: records imported per kind, entities skipped and why."""

    imported: dict[str, int]
    already_present: int
    skipped: dict[str, int]

    def summary(self) -> str:
        """One line for the command line."""
        done = ", ".join(f"{n} {kind}(s)" for kind, n in self.imported.items() if n)
        parts = [f"imported {done or 'nothing'}"]
        if self.already_present:
            parts.append(f"{self.already_present} imported before (left unchanged)")
        if self.skipped:
            parts.append(
                "skipped " + ", ".join(f"{n} {why}" for why, n in sorted(self.skipped.items()))
            )
        return "; ".join(parts)


class _FtmFile(FtmReader):
    """The entities of one file and what became of each, for one agency's import."""

    def __init__(self, store: Store, actor: Actor, path: Path, model: Any) -> None:
        super().__init__(path, model)
        self.store = store
        self.actor = actor
        self.skipped: Counter[str] = Counter()
        self.existing: dict[str, str] = {}  # entity id -> id of the record imported before

    def kind_of(self, entity: FtmEntity) -> str | None:
        return classify(self.model, entity.schema)

    def find_existing(self) -> None:
        """Entities imported before, found by their id as the ref of a record."""
        by_kind: dict[str, list[str]] = {}
        for entity in self.entities.values():
            kind = self.kind_of(entity)
            if kind in {k.value for k in _ORDER}:
                by_kind.setdefault(str(kind), []).append(entity.id)
        for kind, ids in by_kind.items():
            self.existing.update(resolve_refs(self.store, self.actor, kind, ids))

    def record_id(self, entity_id: str) -> str:
        assert self.actor.agency_id is not None
        return self.existing.get(entity_id) or imported_record_id(self.actor.agency_id, entity_id)


def _endpoints(
    ftm: _FtmFile, relation: FtmEntity, outside: dict[str, dict[str, str]]
) -> tuple[str, str] | str | Problems:
    """The record ids of a relation's two ends; a skip reason; or its problems."""
    _, source, target, _ = RELATION_SCHEMATA[relation.schema]
    wanted = (
        (source, RecordKindName.SUBJECT),
        (
            target,
            RecordKindName.ORGANISATION
            if relation.schema == "Membership"
            else RecordKindName.SUBJECT,
        ),
    )
    ids: list[str] = []
    problems: Problems = []
    for prop, kind in wanted:
        other_id = relation.first(prop)
        other = ftm.entities.get(other_id or "")
        if other_id is None:
            problems.append((prop, f"a {relation.schema} needs {prop}"))
        elif other is not None and ftm.kind_of(other) != kind.value:
            return f"{relation.schema} ({prop} is a {other.schema})"
        elif other is not None:
            ids.append(ftm.record_id(other_id))
        elif other_id in outside.get(kind.value, {}):
            ids.append(outside[kind.value][other_id])
        else:
            problems.append(
                (prop, f"{other_id!r} is neither in this file nor among your {kind.value}s")
            )
    return problems or (ids[0], ids[1])


def _outside_ends(ftm: _FtmFile, relations: list[FtmEntity]) -> dict[str, dict[str, str]]:
    """Records imported before that relations of this file point to (not in the file)."""
    wanted: dict[str, set[str]] = {}
    for relation in relations:
        _, source, target, _ = RELATION_SCHEMATA[relation.schema]
        target_kind = "organisation" if relation.schema == "Membership" else "subject"
        for prop, kind in ((source, "subject"), (target, target_kind)):
            other_id = relation.first(prop)
            if other_id and other_id not in ftm.entities:
                wanted.setdefault(kind, set()).add(other_id)
    return {k: resolve_refs(ftm.store, ftm.actor, k, ids) for k, ids in wanted.items()}


def _convert(ftm: _FtmFile) -> dict[RecordKindName, list[tuple[FtmEntity, ImportRow]]]:
    documents: dict[str, list[FtmEntity]] = {}
    for entity in ftm.entities.values():
        if ftm.kind_of(entity) == DOCUMENT:
            holder = ftm.entities.get(entity.first("holder") or "")
            if holder is None or ftm.kind_of(holder) != RecordKindName.SUBJECT.value:
                ftm.skipped[f"{entity.schema} (holder not a Person of this file)"] += 1
            elif holder.id in ftm.existing:
                ftm.skipped[f"{entity.schema} (holder imported before)"] += 1
            else:
                documents.setdefault(holder.id, []).append(entity)
    relations = [e for e in ftm.entities.values() if ftm.kind_of(e) == "relation"]
    outside = _outside_ends(ftm, [r for r in relations if r.id not in ftm.existing])
    rows: dict[RecordKindName, list[tuple[FtmEntity, ImportRow]]] = {k: [] for k in _ORDER}
    for entity in sorted(ftm.entities.values(), key=lambda e: e.line):
        kind = ftm.kind_of(entity)
        if kind is None:
            ftm.skipped[f"{entity.schema} (schema not imported)"] += 1
            continue
        if kind == DOCUMENT or entity.id in ftm.existing or entity.id in ftm.broken:
            continue
        record_kind = RecordKindName(kind)
        data: dict[str, Any] = {}
        problems: Problems = []
        if record_kind is RecordKindName.SUBJECT:
            data, problems = subject_data(entity, documents.get(entity.id, []))
        elif record_kind is RecordKindName.ORGANISATION:
            data, problems = organisation_data(entity, ftm.model.get(entity.schema).label)
        elif record_kind is RecordKindName.OPERATION:
            data, problems = operation_data(entity)
        else:
            ends = _endpoints(ftm, entity, outside)
            if isinstance(ends, str):
                ftm.skipped[ends] += 1
                continue
            if isinstance(ends, tuple):
                data, problems = relation_data(entity, *ends)
            else:
                problems = ends
        for prop, message in problems:
            ftm.problems.append(ftm_problem(entity, entity.line, prop, message))
        if not problems:
            ftm.problems += _model_problems(record_kind, entity, data)
        row = ImportRow(entity.line, data, record_id=ftm.record_id(entity.id))
        rows[record_kind].append((entity, row))
    return rows


def _model_problems(
    kind: RecordKindName, entity: FtmEntity, data: dict[str, Any]
) -> list[dict[str, Any]]:
    try:
        validate_record(RECORD_KINDS[kind], data)
    except ValidationFailed as exc:
        return [
            ftm_problem(
                entity,
                entity.line,
                property_of_field(kind, entity.schema, d["field"]),
                d["message"],
                d["field"],
            )
            for d in exc.details or []
        ]
    return []


def _rejected(problems: list[dict[str, Any]], total: int) -> ImportRejected:
    shown = sorted(problems, key=lambda p: p["row"])[:MAX_PROBLEMS]
    bad = len({p["row"] for p in shown})
    return ImportRejected(
        f"nothing was imported: {bad} of {total} entities have problems", details=shown
    )


def import_ftm(
    store: Store,
    actor: Actor,
    path: str | Path,
    *,
    progress: ProgressCallback | None = None,
    max_bytes: int | None = None,
) -> FtmImportResult:
    """Import an FtM JSON lines file into the actor's agency, all or nothing.

    Raises ``ImportRejected`` naming each bad entity (line, id, property and reason) or
    ``ValidationFailed`` for a file-level problem; either way nothing is written.
    """
    the_path = Path(path)
    model = ftm_model()
    if actor.agency_id is None:
        raise ValidationFailed("records belong to an agency: act for one (--agency)")
    ensure_permission(actor, Action.IMPORT, RecordResource(actor.agency_id))
    ensure_importable(
        the_path, load_settings().import_max_bytes if max_bytes is None else max_bytes
    )
    ftm = _FtmFile(store, actor, the_path, model)
    ftm.read(Position(the_path.stat().st_size))
    if not ftm.entities and not ftm.problems:
        raise ValidationFailed(f"{the_path.name}: there are no entities to import")
    ftm.find_existing()
    rows = _convert(ftm)
    if ftm.problems:
        raise _rejected(ftm.problems, ftm.count)
    total = sum(len(r) for r in rows.values())
    done = 0

    def report(count: int) -> None:
        if progress is not None:
            progress(ImportProgress(done + count, (done + count) / total if total else None))

    by_line = {row.number: entity for kind_rows in rows.values() for entity, row in kind_rows}
    with store.transaction() as conn:
        joined = store.joined(conn)
        for kind in _ORDER:
            try:
                import_records(joined, actor, kind, [r for _, r in rows[kind]], progress=report)
            except ImportRejected as exc:
                raise _rejected(_name_entities(exc.details or [], kind, by_line), total) from None
            done += len(rows[kind])
    return FtmImportResult(
        imported={kind.value: len(rows[kind]) for kind in _ORDER},
        already_present=len(ftm.existing),
        skipped=dict(ftm.skipped),
    )


def _name_entities(
    details: list[dict[str, Any]], kind: RecordKindName, by_line: dict[int, FtmEntity]
) -> list[dict[str, Any]]:
    named = []
    for detail in details:
        entity = by_line.get(detail["row"])
        schema = entity.schema if entity else ""
        prop = property_of_field(kind, schema, str(detail.get("field", "(record)")))
        named.append(ftm_problem(entity, detail["row"], prop, detail["message"], detail["field"]))
    return named
