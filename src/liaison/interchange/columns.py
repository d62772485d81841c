"""The default columns of each record kind in CSV, Excel and flat JSON imports.

The columns are data: one ``Column`` per column with its type and help (the tables of
``docs/import-formats.md`` are generated from it, and a test keeps them equal). Each kind
also has a builder that arranges typed cell values into the shape of its model, and
rules that map a model field back to the column it came from, so a report names the
column the user sees, not ``names.0.value``.

References to other records are written as the agency's own refs; builders leave a
``Ref`` in their place, which ``liaison.interchange.rows`` resolves to a record id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from liaison.domain.grading import InformationAccuracy, SourceReliability
from liaison.domain.records import (
    CaseStatus,
    DocumentType,
    Gender,
    RecordKindName,
    RelationType,
)
from liaison.interchange.cells import CellType

Problem = Callable[[str, str], None]  # (column, message): records a problem of a row


# The documented default columns of a subject file (README, docs/import-formats.md): what
# `liaison import subjects` reads without a mapping, and what `liaison xref` compares.
DEFAULT_SUBJECT_COLUMNS = (
    "id",
    "name",
    "aliases",
    "birth_date",
    "gender",
    "nationality",
    "id_number",
    "phone",
    "address",
)


@dataclass(frozen=True)
class Column:
    """One column of a flat import file."""

    name: str
    type: CellType
    help: str
    required: bool = False
    choices: tuple[str, ...] = ()
    aliases: tuple[tuple[str, str], ...] = ()  # short forms of choices, e.g. m -> male


@dataclass(frozen=True)
class Ref:
    """Another record, named by the agency's own reference; resolved before import."""

    kind: RecordKindName
    ref: str
    column: str


@dataclass(frozen=True)
class KindColumns:
    """The columns of one record kind, how they build its model, and back."""

    kind: RecordKindName
    columns: tuple[Column, ...]
    build: Callable[[dict[str, Any], Problem], dict[str, Any]]
    field_rules: tuple[tuple[str, str], ...]  # (model field pattern, column); * = any index

    @property
    def names(self) -> list[str]:
        """The column names in documented order."""
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column | None:
        """The column called ``name``, if the kind has one."""
        return next((c for c in self.columns if c.name == name), None)

    def column_for_field(self, field: str) -> str | None:
        """The column a model field path (``names.0.value``) was read from."""
        parts = field.split(".")
        for pattern, column in self.field_rules:
            wanted = pattern.split(".")
            if len(wanted) <= len(parts) and all(
                w in ("*", p) for w, p in zip(wanted, parts, strict=False)
            ):
                return column
        return parts[0] if self.column(parts[0]) else None


def _enum_column(name: str, values: list[str], help_text: str, **extra: Any) -> Column:
    return Column(name, CellType.TEXT, help_text, choices=tuple(values), **extra)


def _id(required: bool = False) -> Column:
    return Column(
        "id",
        CellType.TEXT,
        "Your agency's own reference for the record (stored as its `ref`); unique per kind.",
        required=required,
    )


_GRADING = (
    _enum_column(
        "source_reliability",
        [s.value for s in SourceReliability],
        "Source grading A, B, C or X (default X).",
    ),
    _enum_column(
        "information_accuracy",
        [a.value for a in InformationAccuracy],
        "Information grading 1-4 (default 4).",
    ),
    Column(
        "retention_review",
        CellType.FULL_DATE,
        "When your agency reviews the need to keep it (default: in 3 years).",
    ),
    Column("notes", CellType.TEXT, "Free text, up to 20,000 characters."),
)


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    # An empty cell means "not given": the model's default applies, not None.
    return {k: v for k, v in data.items() if v is not None}


def _meta(v: dict[str, Any]) -> dict[str, Any]:
    return {
        "ref": v.get("id"),
        "source_reliability": v.get("source_reliability"),
        "information_accuracy": v.get("information_accuracy"),
        "retention_review": v.get("retention_review"),
        "notes": v.get("notes"),
    }


def _refs(kind: RecordKindName, v: dict[str, Any], column: str) -> list[Ref]:
    return [Ref(kind, ref, column) for ref in v.get(column) or []]


def _build_subject(v: dict[str, Any], problem: Problem) -> dict[str, Any]:
    # The primary name is always names[0], so names.0 maps back to `name` and every
    # later index to `aliases` in a report.
    primary = _compact(
        {
            "value": v.get("name") or "",
            "kind": "primary",
            "given": v.get("given_name"),
            "family": v.get("family_name"),
        }
    )
    names = [primary] + [{"value": a, "kind": "alias"} for a in v.get("aliases") or []]
    numbers = v.get("id_number") or []
    for column in ("id_type", "id_country"):
        if v.get(column) and not numbers:
            problem(column, "is set, but there is no id_number it belongs to")
    documents = [
        _compact(
            {
                "type": v.get("id_type") or DocumentType.PASSPORT.value,
                "number": number,
                "issuing_country": v.get("id_country"),
            }
        )
        for number in numbers
    ]
    return _compact(
        {
            **_meta(v),
            "names": names,
            "birth_date": v.get("birth_date"),
            "gender": v.get("gender"),
            "nationalities": v.get("nationality") or [],
            "documents": documents,
            "phones": [{"number": p} for p in v.get("phone") or []],
            "addresses": [{"text": v["address"]}] if v.get("address") else [],
        }
    )


def _build_organisation(v: dict[str, Any], _: Problem) -> dict[str, Any]:
    return _compact(
        {
            **_meta(v),
            "name": v.get("name"),
            "aliases": v.get("aliases") or [],
            "type": v.get("type"),
            "countries": v.get("countries") or [],
        }
    )


def _build_relation(v: dict[str, Any], _: Problem) -> dict[str, Any]:
    kind = v.get("type")
    target: Any = v.get("target")
    # Only a known type tells which kind the target is; an unknown type is reported by
    # the model, so its target stays unresolved rather than adding a second problem.
    if target and kind in {t.value for t in RelationType}:
        target_kind = (
            RecordKindName.ORGANISATION
            if kind == RelationType.MEMBERSHIP.value
            else RecordKindName.SUBJECT
        )
        target = Ref(target_kind, target, "target")
    subject = v.get("subject")
    return _compact(
        {
            **_meta(v),
            "type": kind,
            "subject_id": Ref(RecordKindName.SUBJECT, subject, "subject") if subject else None,
            "target_id": target,
            "role": v.get("role"),
            "start": v.get("start"),
            "end": v.get("end"),
        }
    )


def _build_operation(v: dict[str, Any], _: Problem) -> dict[str, Any]:
    arrested = [
        {"subject_id": ref, "outcome": "arrested"}
        for ref in _refs(RecordKindName.SUBJECT, v, "arrested_subjects")
    ]
    return _compact(
        {
            **_meta(v),
            "name": v.get("name"),
            "start_date": v.get("start_date"),
            "end_date": v.get("end_date"),
            "place": v.get("place"),
            "country": v.get("country"),
            "agencies": [code.upper() for code in v.get("agencies") or []],
            "arrests": v.get("arrests"),
            "rescued_victims": v.get("rescued_victims"),
            "subjects": arrested,
        }
    )


def _build_case(v: dict[str, Any], _: Problem) -> dict[str, Any]:
    return _compact(
        {
            **_meta(v),
            "title": v.get("title"),
            "offences": v.get("offences") or [],
            "status": v.get("status"),
            "opened": v.get("opened"),
            "subject_ids": _refs(RecordKindName.SUBJECT, v, "subjects"),
            "organisation_ids": _refs(RecordKindName.ORGANISATION, v, "organisations"),
            "operation_ids": _refs(RecordKindName.OPERATION, v, "operations"),
        }
    )


_REFS_HELP = "Refs (`id`s) of the {what}, imported before."

KIND_COLUMNS: dict[RecordKindName, KindColumns] = {
    RecordKindName.SUBJECT: KindColumns(
        RecordKindName.SUBJECT,
        (
            _id(),
            Column("name", CellType.TEXT, "The name as written, in any script.", required=True),
            Column("aliases", CellType.LIST, "Other names (stored as names of kind alias)."),
            Column("birth_date", CellType.DATE, "`1985-03-01`, `1985-03` or `1985`; `~1985`."),
            _enum_column(
                "gender",
                [g.value for g in Gender],
                "`male`, `female`, `other` or `unknown` (`m`, `f` accepted).",
                aliases=(("m", "male"), ("f", "female")),
            ),
            Column("nationality", CellType.LIST, "ISO codes (`KH`) or English names (`Cambodia`)."),
            Column("id_number", CellType.LIST, "Identity document numbers (passports by default)."),
            Column("phone", CellType.LIST, "Phone numbers as written; E.164 is derived."),
            Column("address", CellType.TEXT, "One address as free text."),
            Column("given_name", CellType.TEXT, "The given-name part of `name`."),
            Column("family_name", CellType.TEXT, "The family-name part of `name`."),
            _enum_column(
                "id_type",
                [d.value for d in DocumentType],
                "`passport` (default), `national_id`, `driving_licence`, `residence_permit` or "
                "`other`: the type of every `id_number`.",
            ),
            Column("id_country", CellType.TEXT, "Issuing nation of every `id_number`."),
            *_GRADING,
        ),
        _build_subject,
        (
            ("ref", "id"),
            ("names.0.given", "given_name"),
            ("names.0.family", "family_name"),
            ("names.0", "name"),
            ("names.*", "aliases"),
            ("names", "name"),
            ("nationalities", "nationality"),
            ("documents.*.type", "id_type"),
            ("documents.*.issuing_country", "id_country"),
            ("documents", "id_number"),
            ("phones", "phone"),
            ("addresses", "address"),
        ),
    ),
    RecordKindName.ORGANISATION: KindColumns(
        RecordKindName.ORGANISATION,
        (
            _id(),
            Column("name", CellType.TEXT, "The organisation's name.", required=True),
            Column("aliases", CellType.LIST, "Other names."),
            Column("type", CellType.TEXT, "What it is (default `gang`)."),
            Column("countries", CellType.LIST, "Where it operates: ISO codes or English names."),
            *_GRADING,
        ),
        _build_organisation,
        (("ref", "id"),),
    ),
    RecordKindName.RELATION: KindColumns(
        RecordKindName.RELATION,
        (
            _id(),
            _enum_column(
                "type",
                [t.value for t in RelationType],
                "`membership` (subject in organisation), `associate` or `family`.",
                required=True,
            ),
            Column("subject", CellType.TEXT, "Ref of the subject.", required=True),
            Column(
                "target",
                CellType.TEXT,
                "Ref of the organisation (membership) or of the other subject.",
                required=True,
            ),
            Column("role", CellType.TEXT, "Role in the organisation, or the kinship."),
            Column("start", CellType.DATE, "Since when (partial dates allowed)."),
            Column("end", CellType.DATE, "Until when (partial dates allowed)."),
            *_GRADING,
        ),
        _build_relation,
        (("ref", "id"), ("subject_id", "subject"), ("target_id", "target")),
    ),
    RecordKindName.OPERATION: KindColumns(
        RecordKindName.OPERATION,
        (
            _id(),
            Column("name", CellType.TEXT, "The operation's name.", required=True),
            Column("start_date", CellType.FULL_DATE, "First day.", required=True),
            Column("end_date", CellType.FULL_DATE, "Last day."),
            Column("place", CellType.TEXT, "Where, as free text."),
            Column("country", CellType.TEXT, "Nation where it took place.", required=True),
            Column("agencies", CellType.LIST, "Codes of the participating agencies."),
            Column("arrests", CellType.INTEGER, "Number of arrests."),
            Column("rescued_victims", CellType.INTEGER, "Number of victims rescued."),
            Column("arrested_subjects", CellType.LIST, _REFS_HELP.format(what="subjects arrested")),
            *_GRADING,
        ),
        _build_operation,
        (("ref", "id"), ("subjects", "arrested_subjects")),
    ),
    RecordKindName.CASE: KindColumns(
        RecordKindName.CASE,
        (
            _id(required=True),
            Column("title", CellType.TEXT, "The case title.", required=True),
            Column("offences", CellType.LIST, "Offence codes of the taxonomy (docs/offences.md)."),
            _enum_column(
                "status", [s.value for s in CaseStatus], "`open` (default), `suspended`, `closed`."
            ),
            Column("opened", CellType.FULL_DATE, "When the case was opened."),
            Column("subjects", CellType.LIST, _REFS_HELP.format(what="subjects")),
            Column("organisations", CellType.LIST, _REFS_HELP.format(what="organisations")),
            Column("operations", CellType.LIST, _REFS_HELP.format(what="operations")),
            *_GRADING,
        ),
        _build_case,
        (
            ("ref", "id"),
            ("subject_ids", "subjects"),
            ("organisation_ids", "organisations"),
            ("operation_ids", "operations"),
        ),
    ),
}


def columns_markdown(kind: RecordKindName) -> str:
    """The column table of a kind as Markdown, as ``docs/import-formats.md`` shows it."""
    lines = ["| Column | Type | Required | What it holds |", "| --- | --- | --- | --- |"]
    for column in KIND_COLUMNS[kind].columns:
        required = "yes" if column.required else ""
        kind_of_value = "choice" if column.choices else column.type.value
        lines.append(f"| `{column.name}` | {kind_of_value} | {required} | {column.help} |")
    return "\n".join(lines) + "\n"
