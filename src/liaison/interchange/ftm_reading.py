"""Reading a FollowTheMoney JSON lines file into entities, fragments merged.

Each line is one entity ``{"id", "schema", "properties": {name: [values]}}``. A line
that is not such an entity, or an entity of an imported schema with an unknown property
or a value that is not a list of texts, is a problem of that line; the rest is read on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from liaison.domain.records import RecordKindName
from liaison.interchange.tabular import Position, read_json_lines

DOCUMENT = "document"  # Identification and Passport: documents of their holder

# Relation schemata: (record type, subject property, target property, role property).
RELATION_SCHEMATA = {
    "Membership": ("membership", "member", "organization", "role"),
    "Associate": ("associate", "person", "associate", "relationship"),
    "Family": ("family", "person", "relative", "relationship"),
}


@dataclass
class FtmEntity:
    """An entity as read from the file (fragments with the same id merged)."""

    id: str
    schema: str
    line: int
    properties: dict[str, list[str]] = field(default_factory=dict)

    def values(self, *props: str) -> list[str]:
        """The values of the given properties, in order, without repeats."""
        return list(dict.fromkeys(v for p in props for v in self.properties.get(p, [])))

    def first(self, *props: str) -> str | None:
        """The first value of the first given property that has one."""
        found = self.values(*props)
        return found[0] if found else None


def classify(model: Any, schema_name: str) -> str | None:
    """The record kind an entity of this schema becomes, ``document``, or None."""
    schema = model.get(schema_name)
    if schema.is_a("Person"):
        return RecordKindName.SUBJECT.value
    if schema.is_a("Organization"):
        return RecordKindName.ORGANISATION.value
    if schema.name in RELATION_SCHEMATA:
        return RecordKindName.RELATION.value
    if schema.is_a("Event"):
        return RecordKindName.OPERATION.value
    if schema.is_a("Identification"):
        return DOCUMENT
    return None


def ftm_problem(
    entity: FtmEntity | None,
    line: int,
    prop: str | None,
    message: str,
    field_path: str = "(record)",
) -> dict[str, Any]:
    """A problem of one line of an FtM file, as the import report shows it."""
    return {
        "row": line,
        "entity": entity.id if entity else None,
        "property": prop,
        "field": field_path,
        "message": message,
    }


class FtmReader:
    """The entities of one file, read and merged, and the problems of its lines."""

    def __init__(self, path: Path, model: Any) -> None:
        self.path = path
        self.model = model
        self.entities: dict[str, FtmEntity] = {}
        self.problems: list[dict[str, Any]] = []
        self.broken: set[str] = set()  # entities whose shape is wrong: not converted
        self.count = 0  # entity lines read

    def read(self, position: Position) -> None:
        """Read every line of the file."""
        with self.path.open("rb") as binary:
            for raw in read_json_lines(self.path, binary, position):
                self.count += 1
                if raw.problem:
                    self.problems.append(ftm_problem(None, raw.number, None, raw.problem))
                    continue
                entity = self._parse(raw.number, raw.cells)
                if entity is not None:
                    self._add(entity)

    def _parse(self, line: int, item: Any) -> FtmEntity | None:
        if not isinstance(item, dict):
            self.problems.append(ftm_problem(None, line, None, "expected an FtM entity object"))
            return None
        entity_id, schema_name = item.get("id"), item.get("schema")
        if not isinstance(entity_id, str) or not entity_id.strip():
            self.problems.append(ftm_problem(None, line, "id", "the entity has no id"))
            return None
        entity = FtmEntity(entity_id, str(schema_name), line)
        schema = self.model.get(schema_name) if isinstance(schema_name, str) else None
        if schema is None:
            self.problems.append(
                ftm_problem(entity, line, "schema", f"unknown FtM schema {schema_name!r}")
            )
            return None
        # Entities of schemata not imported are not checked: their problems are not the
        # user's to fix here. Their values are kept, as a fragment of the same id may
        # make them a Person or an Organization.
        checked = classify(self.model, schema.name) is not None
        found = len(self.problems)
        properties = item.get("properties") or {}
        if not isinstance(properties, dict):
            properties = {}
            if checked:
                self.problems.append(ftm_problem(entity, line, "properties", "must be an object"))
        for prop, values in properties.items():
            if prop not in schema.properties:
                if checked:
                    message = f"{schema.name} has no property {prop!r}"
                    self.problems.append(ftm_problem(entity, line, prop, message))
            elif not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                if checked:
                    self.problems.append(ftm_problem(entity, line, prop, "must be a list of texts"))
            else:
                entity.properties[prop] = values
        if len(self.problems) > found:
            self.broken.add(entity.id)
        return entity

    def _add(self, entity: FtmEntity) -> None:
        known = self.entities.get(entity.id)
        if known is None:
            self.entities[entity.id] = entity
            return
        from followthemoney.exc import InvalidData

        # FtM streams may repeat an id to add values to an entity: merge the fragments.
        try:
            known.schema = self.model.common_schema(known.schema, entity.schema).name
        except InvalidData as exc:
            self.problems.append(ftm_problem(entity, entity.line, "schema", str(exc)))
            return
        for prop, values in entity.properties.items():
            known.properties[prop] = list(dict.fromkeys(known.properties.get(prop, []) + values))
