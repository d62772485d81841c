"""Exporting an agency's records as FollowTheMoney entities (JSON lines).

Subjects become ``Person`` (with a ``Passport`` or ``Identification`` entity per
identity document, which keeps the issuing nation and expiry that ``passportNumber``
alone cannot carry), organisations ``Organization``, relations ``Membership``,
``Associate`` or ``Family``, operations ``Event`` and cases ``CourtCase``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from typing import Any, TextIO

from liaison.domain.access import Actor
from liaison.domain.records import DocumentType, RecordKindName, RelationType
from liaison.errors import ValidationFailed
from liaison.interchange.ftm import entity_id, ftm_model
from liaison.services.records import iter_records
from liaison.storage.database import Store

Entity = Any  # followthemoney.proxy.EntityProxy, typed loosely as the extra is optional

# Name kinds as FtM spells them: transliterations are names in their own right in FtM
# (OpenSanctions keeps them under `name`), nicknames are weak aliases.
_NAME_PROPERTY = {"primary": "name", "romanisation": "name", "alias": "alias"}

_RELATION_SCHEMA = {
    RelationType.MEMBERSHIP.value: ("Membership", "member", "organization", "role"),
    RelationType.ASSOCIATE.value: ("Associate", "person", "associate", "relationship"),
    RelationType.FAMILY.value: ("Family", "person", "relative", "relationship"),
}


def _entity(model: Any, schema: str, id_: str) -> Entity:
    entity = model.make_entity(schema)
    entity.id = id_
    return entity


def _document(model: Any, holder: str, doc: dict[str, Any]) -> Entity:
    passport = doc["type"] == DocumentType.PASSPORT.value
    digest = hashlib.sha1(
        f"{doc['type']}:{doc['number_normalised']}".encode(), usedforsecurity=False
    ).hexdigest()[:16]
    entity = _entity(model, "Passport" if passport else "Identification", f"{holder}-doc-{digest}")
    entity.add("holder", holder)
    entity.add("number", doc["number"])
    entity.add("type", doc["type"])
    if doc.get("issuing_country"):
        entity.add("country", doc["issuing_country"])
    if doc.get("expiry"):
        entity.add("endDate", doc["expiry"])
    return entity


def _person(model: Any, record: dict[str, Any], _: set[str]) -> Iterator[Entity]:
    person = _entity(model, "Person", entity_id(record["id"]))
    for name in record["names"]:
        person.add(_NAME_PROPERTY.get(name["kind"], "weakAlias"), name["value"])
        if name.get("given"):
            person.add("firstName", name["given"])
        if name.get("family"):
            person.add("lastName", name["family"])
    if record.get("birth_date"):
        # FtM dates have no "approximately"; the year (and month) stay as given.
        person.add("birthDate", record["birth_date"].lstrip("~"))
    person.add("nationality", record["nationalities"])
    if record["gender"] != "unknown":
        person.add("gender", record["gender"])
    for phone in record["phones"]:
        if phone.get("e164"):
            person.add("phone", phone["e164"])
        else:
            # FtM's cleaning would drop a number it cannot read; keep it as written.
            person.add("phone", phone["number"], cleaned=True)
    for doc in record["documents"]:
        passport = doc["type"] == DocumentType.PASSPORT.value
        person.add("passportNumber" if passport else "idNumber", doc["number"])
    for address in record["addresses"]:
        city = address.get("city")
        text = address["text"]
        person.add("address", f"{text}, {city}" if city and city not in text else text)
    if record.get("notes"):
        person.add("notes", record["notes"])
    yield person
    for doc in record["documents"]:
        yield _document(model, person.id, doc)


def _organisation(model: Any, record: dict[str, Any], _: set[str]) -> Iterator[Entity]:
    entity = _entity(model, "Organization", entity_id(record["id"]))
    entity.add("name", record["name"])
    entity.add("alias", record["aliases"])
    entity.add("country", record["countries"])
    entity.add("classification", record["type"])
    if record.get("notes"):
        entity.add("notes", record["notes"])
    yield entity


def _relation(model: Any, record: dict[str, Any], exported: set[str]) -> Iterator[Entity]:
    if record["subject_id"] not in exported or record["target_id"] not in exported:
        # The other end is not in this export (another agency's record): naming it
        # would disclose it.
        return
    schema, source, target, role = _RELATION_SCHEMA[record["type"]]
    entity = _entity(model, schema, entity_id(record["id"]))
    entity.add(source, entity_id(record["subject_id"]))
    entity.add(target, entity_id(record["target_id"]))
    if record.get("role"):
        entity.add(role, record["role"])
    for prop, key in (("startDate", "start"), ("endDate", "end")):
        if record.get(key):
            entity.add(prop, record[key].lstrip("~"))
    yield entity


def _operation(model: Any, record: dict[str, Any], exported: set[str]) -> Iterator[Entity]:
    event = _entity(model, "Event", entity_id(record["id"]))
    event.add("name", record["name"])
    event.add("startDate", record["start_date"])
    if record.get("end_date"):
        event.add("endDate", record["end_date"])
    if record.get("place"):
        event.add("location", record["place"])
    event.add("country", record["country"])
    involved = [s["subject_id"] for s in record["subjects"] if s["subject_id"] in exported]
    event.add("involved", [entity_id(i) for i in involved])
    # FtM has no fields for counts; a summary keeps them readable in Aleph.
    summary = [f"Arrests: {record['arrests']}", f"Rescued victims: {record['rescued_victims']}"]
    summary += [f"Seized: {s['quantity']:g} {s['unit']} {s['item']}" for s in record["seizures"]]
    event.add("summary", ". ".join(summary))
    if record.get("notes"):
        event.add("notes", record["notes"])
    yield event


def _case(model: Any, record: dict[str, Any], exported: set[str]) -> Iterator[Entity]:
    # CourtCase rather than Project: it carries what a case file has (a case number,
    # offence categories, a status, a filing date) and parties with roles, which Aleph
    # draws in its network view; FtM's Project is a funded activity with contracts and
    # payments. `type` says it is a police investigation, not (yet) a court proceeding.
    case = _entity(model, "CourtCase", entity_id(record["id"]))
    case.add("name", record["title"])
    case.add("caseNumber", record["ref"])
    case.add("type", "police investigation")
    case.add("status", record["status"])
    case.add("category", record["offences"])
    if record.get("opened"):
        case.add("fileDate", record["opened"])
    if record.get("notes"):
        case.add("notes", record["notes"])
    yield case
    parties = (
        [(i, "subject") for i in record["subject_ids"]]
        + [(i, "organisation") for i in record["organisation_ids"]]
        + [(i, "operation") for i in record["operation_ids"]]
    )
    for party_id, role in parties:
        if party_id in exported:
            party = _entity(model, "CourtCaseParty", f"{case.id}-party-{party_id}")
            party.add("case", case.id)
            party.add("party", entity_id(party_id))
            party.add("role", role)
            yield party


Converter = Callable[[Any, dict[str, Any], set[str]], Iterator[Entity]]

# Linked kinds come after the kinds they point to, so the set of exported ids is known.
_ORDER: tuple[tuple[RecordKindName, Converter], ...] = (
    (RecordKindName.SUBJECT, _person),
    (RecordKindName.ORGANISATION, _organisation),
    (RecordKindName.OPERATION, _operation),
    (RecordKindName.RELATION, _relation),
    (RecordKindName.CASE, _case),
)


def iter_ftm_entities(store: Store, actor: Actor) -> Iterator[dict[str, Any]]:
    """The actor's agency's records as FtM entities (``{"id", "schema", "properties"}``).

    Only records the agency owns are exported, even once it may read records others
    shared with it: sending those on to Aleph would be onward dissemination, which needs
    the owner's consent.
    """
    model = ftm_model()
    if actor.agency_id is None:
        raise ValidationFailed("records belong to an agency: act for one (--agency)")
    exported: set[str] = set()
    for kind, convert in _ORDER:
        for record in iter_records(store, actor, kind):
            if record["agency"] != actor.agency_code:
                continue
            for entity in convert(model, record, exported):
                yield entity.to_dict()
            exported.add(record["id"])


def export_ftm(store: Store, actor: Actor, out: TextIO) -> int:
    """Write the agency's records to ``out`` as FtM JSON lines; returns the entity count."""
    count = 0
    for entity in iter_ftm_entities(store, actor):
        out.write(json.dumps(entity, ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count
