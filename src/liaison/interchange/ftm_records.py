"""Turning one FollowTheMoney entity into the data of a Liaison record.

Each function returns the record's data and the problems it found, named by the FtM
property the user would fix. Values are taken as the file holds them, not re-cleaned
by FtM: cleaning drops what it cannot read (a date such as ``12/10/1950``) without a
word, whereas the record models reject it with a reason the report shows.
"""

from __future__ import annotations

from typing import Any

from liaison.domain.dates import InvalidDate, parse_full_date
from liaison.domain.identifiers import normalise_document_number
from liaison.domain.records import DocumentType, NameKind, RecordKindName
from liaison.domain.scripts import detect_script
from liaison.interchange.ftm_reading import RELATION_SCHEMATA, FtmEntity

Problems = list[tuple[str | None, str]]  # (FtM property or None for the entity, message)


# Which FtM property a model field came from, for the report (first path part).
_PROPERTY_OF_FIELD: dict[RecordKindName, dict[str, str]] = {
    RecordKindName.SUBJECT: {
        "names": "name",
        "birth_date": "birthDate",
        "gender": "gender",
        "nationalities": "nationality",
        "documents": "passportNumber",
        "phones": "phone",
        "addresses": "address",
    },
    RecordKindName.ORGANISATION: {
        "aliases": "alias",
        "type": "classification",
        "countries": "country",
    },
    RecordKindName.OPERATION: {
        "start_date": "startDate",
        "end_date": "endDate",
        "place": "location",
        "country": "country",
    },
}


def property_of_field(kind: RecordKindName, schema: str, field_path: str) -> str | None:
    """The FtM property a model field was read from, if there is one."""
    top = field_path.split(".")[0]
    if top == "ref":
        return "id"
    if kind is RecordKindName.RELATION and schema in RELATION_SCHEMATA:
        _, source, target, role = RELATION_SCHEMATA[schema]
        by_field = {
            "subject_id": source,
            "target_id": target,
            "role": role,
            "start": "startDate",
            "end": "endDate",
        }
        return by_field.get(top)
    return _PROPERTY_OF_FIELD.get(kind, {}).get(top, top if top != "(record)" else None)


def _notes(entity: FtmEntity, *extra: str) -> str | None:
    parts = entity.values("notes", "summary", "description") + [e for e in extra if e]
    return "\n\n".join(parts) or None


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None and v != []}


def _countries(entity: FtmEntity, *props: str) -> list[str]:
    return list(dict.fromkeys(c.upper() for c in entity.values(*props)))


def _document_type(entity: FtmEntity) -> str:
    if entity.schema == "Passport":
        return DocumentType.PASSPORT.value
    written = (entity.first("type") or "").strip().casefold().replace(" ", "_")
    known = {d.value for d in DocumentType}
    return written if written in known else DocumentType.OTHER.value


def _documents(
    person: FtmEntity, identifications: list[FtmEntity], problems: Problems
) -> tuple[list[dict[str, Any]], list[str]]:
    """Documents from Identification entities first (they carry nation and expiry), then
    the person's bare passport and id numbers not already among them."""
    documents: list[dict[str, Any]] = []
    notes: list[str] = []
    seen: set[str] = set()
    for doc in identifications:
        number = doc.first("number", "passportNumber")
        if number is None:
            problems.append(("identification", f"{doc.schema} {doc.id!r} has no number"))
            continue
        expiry = doc.first("endDate")
        if expiry and not _is_full_date(expiry[:10]):
            # A partial expiry cannot be stored as a date; keep it readable instead.
            notes.append(f"Document {number} expires {expiry}.")
            expiry = None
        seen.add(normalise_document_number(number))
        documents.append(
            _compact(
                {
                    "type": _document_type(doc),
                    "number": number,
                    "issuing_country": (doc.first("country") or "").upper() or None,
                    "expiry": expiry[:10] if expiry else None,
                }
            )
        )
    for prop, kind in (("passportNumber", DocumentType.PASSPORT), ("idNumber", DocumentType.OTHER)):
        for number in person.values(prop):
            if normalise_document_number(number) not in seen:
                seen.add(normalise_document_number(number))
                documents.append({"type": kind.value, "number": number})
    return documents, notes


def _is_full_date(text: str) -> bool:
    try:
        parse_full_date(text)
    except InvalidDate:
        return False
    return True


def subject_data(
    person: FtmEntity, identifications: list[FtmEntity]
) -> tuple[dict[str, Any], Problems]:
    """A Person as subject data."""
    problems: Problems = []
    written = person.values("name")
    if not written:
        joined = " ".join(person.values("firstName") + person.values("lastName")).strip()
        written = [joined] if joined else []
    if not written:
        problems.append(("name", "a Person needs a name (or firstName and lastName)"))
    names: list[dict[str, Any]] = []
    for index, value in enumerate(written):
        # FtM keeps a name and its transliterations side by side under `name`: the first
        # is the primary, another in a different script is taken as a romanisation.
        same = index == 0 or detect_script(value) == detect_script(written[0])
        kind = NameKind.PRIMARY if same else NameKind.ROMANISATION
        names.append({"value": value, "kind": kind.value})
    parts = _compact({"given": person.first("firstName"), "family": person.first("lastName")})
    if names and parts:
        # firstName/lastName belong to the name that contains them (often the Latin one).
        bearer = next((n for n in names if all(p in n["value"] for p in parts.values())), names[0])
        bearer.update(parts)
    for prop, kind in (
        ("alias", NameKind.ALIAS),
        ("previousName", NameKind.ALIAS),
        ("weakAlias", NameKind.NICKNAME),
    ):
        names += [{"value": v, "kind": kind.value} for v in person.values(prop)]
    births = [d[:10] for d in person.values("birthDate")]
    extra = [f"Other birth dates in the source: {', '.join(births[1:])}."] if births[1:] else []
    documents, doc_notes = _documents(person, identifications, problems)
    data = {
        "ref": person.id,
        "names": names,
        "birth_date": births[0] if births else None,
        "gender": person.first("gender"),
        "nationalities": _countries(person, "nationality", "citizenship"),
        "documents": documents,
        "phones": [{"number": p} for p in person.values("phone")],
        "addresses": [{"text": a} for a in person.values("address")],
        "notes": _notes(person, *extra, *doc_notes),
    }
    return _compact(data), problems


def organisation_data(entity: FtmEntity, schema_label: str) -> tuple[dict[str, Any], Problems]:
    """An Organization (or Company, PublicBody, ...) as organisation data."""
    names = entity.values("name")
    if not names:
        return {}, [("name", f"an {entity.schema} needs a name")]
    aliases = entity.values("name", "alias", "weakAlias", "previousName")[1:]
    data = {
        "ref": entity.id,
        "name": names[0],
        "aliases": aliases,
        "type": entity.first("classification") or schema_label.lower(),
        "countries": _countries(entity, "country", "jurisdiction", "mainCountry"),
        "notes": _notes(entity),
    }
    return _compact(data), []


def relation_data(
    entity: FtmEntity, subject_id: str, target_id: str
) -> tuple[dict[str, Any], Problems]:
    """A Membership, Associate or Family, its two ends already resolved to record ids."""
    relation_type, _, _, role = RELATION_SCHEMATA[entity.schema]
    start = entity.first("startDate", "date")
    end = entity.first("endDate")
    data = {
        "ref": entity.id,
        "type": relation_type,
        "subject_id": subject_id,
        "target_id": target_id,
        "role": entity.first(role),
        "start": start[:10] if start else None,
        "end": end[:10] if end else None,
        "notes": _notes(entity),
    }
    return _compact(data), []


def operation_data(entity: FtmEntity) -> tuple[dict[str, Any], Problems]:
    """An Event as operation data (its `involved` entities are not imported: FtM does
    not say what became of them, and an operation's subject needs an outcome)."""
    problems: Problems = [
        (prop, f"an Event needs {prop} to be an operation")
        for prop, present in (
            ("name", entity.first("name")),
            ("startDate", entity.first("startDate", "date")),
            ("country", entity.first("country")),
        )
        if present is None
    ]
    dates: dict[str, str | None] = {}
    for key, props in (("start_date", ("startDate", "date")), ("end_date", ("endDate",))):
        value = entity.first(*props)
        if value and not _is_full_date(value[:10]):
            problems.append((props[0], f"{value!r} is not a full date (expected YYYY-MM-DD)"))
            value = None
        dates[key] = value[:10] if value else None
    data = {
        "ref": entity.id,
        "name": entity.first("name"),
        **dates,
        "place": entity.first("location", "address"),
        "country": (entity.first("country") or "").upper() or None,
        "notes": _notes(entity),
    }
    return _compact(data), problems
