"""The records an agency keeps: subjects, organisations, relations, operations, cases.

Each kind is a validated model (what a user may write) plus a ``RecordKind`` entry that
tells the service layer how to label, index and link it. The service code is the same
for every kind; what differs between kinds is data here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from liaison.domain.dates import InvalidDate, PartialDate, parse_full_date
from liaison.domain.grading import InformationAccuracy, SourceReliability
from liaison.domain.identifiers import normalise_document_number
from liaison.domain.nations import normalise_nation_code
from liaison.domain.offences import offence_taxonomy
from liaison.domain.phones import to_e164
from liaison.domain.scripts import SCRIPTS, detect_script

# Europol Regulation (EU) 2016/794, Art. 31: the need for continued storage is reviewed
# no later than three years after processing started. Used when an owner sets no date.
DEFAULT_RETENTION_YEARS = 3

MAX_TEXT = 2000
MAX_NAME = 500
MAX_NOTES = 20000
MAX_ITEMS = 200


def _nation(value: str) -> str:
    code = normalise_nation_code(value)
    if code is None:
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 nation code")
    return code


def _partial_date(value: str) -> str:
    try:
        return PartialDate.parse(value).iso()
    except InvalidDate as exc:
        raise ValueError(str(exc)) from None


def _full_date(value: Any) -> dt.date:
    # Pydantic's own date parsing takes numbers as Unix timestamps and "2023" as a
    # datetime; a date in a police record is written YYYY-MM-DD, nothing else.
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return parse_full_date(value)
        except InvalidDate as exc:
            raise ValueError(str(exc)) from None
    raise ValueError(f"expected a date written YYYY-MM-DD, not a {type(value).__name__}")


def _has_letter(value: str) -> str:
    if not any(ch.isalpha() for ch in value):
        raise ValueError(f"{value[:50]!r} contains no letter")
    return value


Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_TEXT)]
RequiredText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT)
]
NameText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_NAME),
    AfterValidator(_has_letter),
]
Notes = Annotated[str, StringConstraints(max_length=MAX_NOTES)]
NationCode = Annotated[str, AfterValidator(_nation)]
PartialDateText = Annotated[str, AfterValidator(_partial_date)]
FullDate = Annotated[dt.date, BeforeValidator(_full_date)]
RecordId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]


class RecordKindName(StrEnum):
    """The kinds of record."""

    SUBJECT = "subject"
    ORGANISATION = "organisation"
    RELATION = "relation"
    OPERATION = "operation"
    CASE = "case"


class NameKind(StrEnum):
    """What a name is to its bearer."""

    PRIMARY = "primary"
    ALIAS = "alias"
    ROMANISATION = "romanisation"
    NICKNAME = "nickname"


class Gender(StrEnum):
    """Gender as recorded."""

    MALE = "male"
    FEMALE = "female"
    OTHER = "other"
    UNKNOWN = "unknown"


class DocumentType(StrEnum):
    """Kinds of identity document."""

    PASSPORT = "passport"
    NATIONAL_ID = "national_id"
    DRIVING_LICENCE = "driving_licence"
    RESIDENCE_PERMIT = "residence_permit"
    OTHER = "other"


class RecordBase(BaseModel):
    """Fields every record carries: the owner's reference, grading and review date."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    ref: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = Field(
        default=None, description="The owner agency's own reference, unique per agency and kind."
    )
    source_reliability: SourceReliability = SourceReliability.X
    information_accuracy: InformationAccuracy = InformationAccuracy.CANNOT_JUDGE
    retention_review: FullDate | None = Field(
        default=None,
        description=f"When the owner reviews the need to keep it; default "
        f"{DEFAULT_RETENTION_YEARS} years after creation.",
    )
    notes: Notes = ""


class Name(BaseModel):
    """A name exactly as written, with its script and what kind of name it is."""

    model_config = ConfigDict(extra="forbid")

    value: NameText
    script: str | None = Field(default=None, description="ISO 15924 code; detected if absent.")
    kind: NameKind = NameKind.PRIMARY
    given: Annotated[str, StringConstraints(max_length=MAX_NAME)] | None = None
    family: Annotated[str, StringConstraints(max_length=MAX_NAME)] | None = None

    @model_validator(mode="after")
    def _script(self) -> Name:
        if self.script is None:
            self.script = detect_script(self.value)
        elif self.script not in SCRIPTS:
            raise ValueError(f"script {self.script!r} is not one of {sorted(SCRIPTS)}")
        return self


class Document(BaseModel):
    """An identity document."""

    model_config = ConfigDict(extra="forbid")

    type: DocumentType = DocumentType.PASSPORT
    number: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
    issuing_country: NationCode | None = None
    expiry: FullDate | None = None
    number_normalised: str | None = Field(default=None, description="Computed; ignored on input.")

    @model_validator(mode="after")
    def _normalise(self) -> Document:
        self.number_normalised = normalise_document_number(self.number)
        if not self.number_normalised:
            raise ValueError(f"document number {self.number!r} has no letters or digits")
        return self


class Phone(BaseModel):
    """A phone number as written, and its E.164 form where it can be derived."""

    model_config = ConfigDict(extra="forbid")

    number: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
    country: NationCode | None = Field(
        default=None, description="Where the number is from, if it has no +country code."
    )
    e164: str | None = Field(default=None, description="Computed; ignored on input.")


class Address(BaseModel):
    """A postal or descriptive address."""

    model_config = ConfigDict(extra="forbid")

    text: RequiredText
    city: Text | None = None
    country: NationCode | None = None


class SubjectIn(RecordBase):
    """A person."""

    names: list[Name] = Field(min_length=1, max_length=MAX_ITEMS)
    birth_date: PartialDateText | None = Field(
        default=None, description="YYYY, YYYY-MM or YYYY-MM-DD; prefix ~ when approximate."
    )
    gender: Gender = Gender.UNKNOWN
    nationalities: list[NationCode] = Field(default_factory=list, max_length=10)
    documents: list[Document] = Field(default_factory=list, max_length=MAX_ITEMS)
    phones: list[Phone] = Field(default_factory=list, max_length=MAX_ITEMS)
    addresses: list[Address] = Field(default_factory=list, max_length=MAX_ITEMS)

    @model_validator(mode="after")
    def _phones(self) -> SubjectIn:
        hint = self.nationalities[0] if self.nationalities else None
        for phone in self.phones:
            phone.e164 = to_e164(phone.number, phone.country or hint)
        return self


class OrganisationIn(RecordBase):
    """An organisation, usually a gang or criminal network."""

    name: NameText
    aliases: list[NameText] = Field(default_factory=list, max_length=MAX_ITEMS)
    type: Annotated[str, StringConstraints(strip_whitespace=True, max_length=50)] = Field(
        default="gang", description="What it is: gang, scam compound, company ..."
    )
    countries: list[NationCode] = Field(default_factory=list, max_length=50)


class RelationType(StrEnum):
    """Kinds of relation."""

    MEMBERSHIP = "membership"
    ASSOCIATE = "associate"
    FAMILY = "family"


class RelationIn(RecordBase):
    """A relation from a subject to an organisation (membership) or another subject."""

    type: RelationType
    subject_id: RecordId
    target_id: RecordId = Field(
        description="An organisation for membership, a subject for associate and family."
    )
    role: Text | None = Field(default=None, description="Role in the gang, or kinship.")
    start: PartialDateText | None = None
    end: PartialDateText | None = None

    @model_validator(mode="after")
    def _check(self) -> RelationIn:
        if self.subject_id == self.target_id:
            raise ValueError("a relation needs two different records")
        if self.start and self.end and _sort_key(self.end) < _sort_key(self.start):
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


def _sort_key(text: str) -> tuple[int, int, int]:
    date = PartialDate.parse(text)
    return (date.year, date.month or 0, date.day or 0)


class SubjectOutcome(StrEnum):
    """What became of a subject in an operation."""

    ARRESTED = "arrested"
    RELEASED = "released"
    DEPORTED = "deported"
    EXTRADITED = "extradited"
    CHARGED = "charged"
    RESCUED = "rescued"
    WANTED = "wanted"


class OperationSubject(BaseModel):
    """A subject involved in an operation and what became of them."""

    model_config = ConfigDict(extra="forbid")

    subject_id: RecordId
    outcome: SubjectOutcome
    to_country: NationCode | None = Field(
        default=None, description="Destination; required for deported and extradited."
    )
    date: FullDate | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _destination(self) -> OperationSubject:
        needs = self.outcome in {SubjectOutcome.DEPORTED, SubjectOutcome.EXTRADITED}
        if needs and not self.to_country:
            raise ValueError(f"outcome {self.outcome.value!r} needs to_country")
        if not needs and self.to_country:
            raise ValueError(f"to_country is only for deported or extradited, not {self.outcome}")
        return self


class Seizure(BaseModel):
    """Something seized in an operation."""

    model_config = ConfigDict(extra="forbid")

    item: RequiredText
    quantity: float = Field(ge=0)
    unit: Annotated[str, StringConstraints(strip_whitespace=True, max_length=30)] = "items"


class OperationIn(RecordBase):
    """A raid or sweep."""

    name: NameText
    start_date: FullDate
    end_date: FullDate | None = None
    place: Text | None = None
    country: NationCode
    agencies: list[Annotated[str, StringConstraints(max_length=50)]] = Field(
        default_factory=list, description="Codes of the participating agencies."
    )
    arrests: int = Field(default=0, ge=0)
    rescued_victims: int = Field(default=0, ge=0)
    seizures: list[Seizure] = Field(default_factory=list, max_length=MAX_ITEMS)
    subjects: list[OperationSubject] = Field(default_factory=list, max_length=10000)

    @model_validator(mode="after")
    def _dates(self) -> OperationIn:
        if self.end_date and self.end_date < self.start_date:
            raise ValueError(f"end_date {self.end_date} is before start_date {self.start_date}")
        return self


class CaseStatus(StrEnum):
    """Where a case stands."""

    OPEN = "open"
    SUSPENDED = "suspended"
    CLOSED = "closed"


def _offence(code: str) -> str:
    if code not in offence_taxonomy():
        raise ValueError(f"{code!r} is not an offence code of the taxonomy (docs/offences.md)")
    return code


class CaseIn(RecordBase):
    """An investigation case."""

    ref: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)] = (
        Field(description="The case reference, unique in the owner agency.")
    )

    title: RequiredText
    offences: list[Annotated[str, AfterValidator(_offence)]] = Field(
        default_factory=list, max_length=50
    )
    status: CaseStatus = CaseStatus.OPEN
    opened: FullDate | None = None
    subject_ids: list[RecordId] = Field(default_factory=list, max_length=10000)
    organisation_ids: list[RecordId] = Field(default_factory=list, max_length=1000)
    operation_ids: list[RecordId] = Field(default_factory=list, max_length=1000)


@dataclass(frozen=True)
class Link:
    """A reference from one record to another, checked on write."""

    target_id: str
    target_kind: RecordKindName
    field: str


@dataclass(frozen=True)
class IndexedName:
    """A name kept in the store's name index."""

    value: str
    script: str
    kind: str


@dataclass(frozen=True)
class IndexedKey:
    """A value a record can be looked up by: a document number, a phone, a country.

    ``scheme`` says what the value is (``passport``, ``phone``, ``nationality``,
    ``country`` ...); ``country`` is where a document was issued.
    """

    scheme: str
    value: str
    country: str | None


@dataclass(frozen=True)
class RecordKind:
    """How the service layer treats one kind of record."""

    name: RecordKindName
    model: type[RecordBase]
    label: Callable[[Any], str]
    links: Callable[[Any], list[Link]]
    names: Callable[[Any], list[IndexedName]]
    keys: Callable[[Any], list[IndexedKey]]


def _none(_: Any) -> list[Any]:
    return []


def _countries(scheme: str, codes: list[str]) -> list[IndexedKey]:
    return [IndexedKey(scheme, code, None) for code in dict.fromkeys(codes)]


def _subject_keys(subject: SubjectIn) -> list[IndexedKey]:
    found = [
        IndexedKey(d.type.value, d.number_normalised or "", d.issuing_country)
        for d in subject.documents
    ]
    found += [IndexedKey("phone", p.e164, None) for p in subject.phones if p.e164]
    found += _countries("nationality", subject.nationalities)
    return found


def _relation_links(relation: RelationIn) -> list[Link]:
    target = (
        RecordKindName.ORGANISATION
        if relation.type is RelationType.MEMBERSHIP
        else RecordKindName.SUBJECT
    )
    return [
        Link(relation.subject_id, RecordKindName.SUBJECT, "subject_id"),
        Link(relation.target_id, target, "target_id"),
    ]


def _case_links(case: CaseIn) -> list[Link]:
    return (
        [Link(i, RecordKindName.SUBJECT, "subject_ids") for i in case.subject_ids]
        + [Link(i, RecordKindName.ORGANISATION, "organisation_ids") for i in case.organisation_ids]
        + [Link(i, RecordKindName.OPERATION, "operation_ids") for i in case.operation_ids]
    )


RECORD_KINDS: dict[RecordKindName, RecordKind] = {
    RecordKindName.SUBJECT: RecordKind(
        name=RecordKindName.SUBJECT,
        model=SubjectIn,
        label=lambda s: s.names[0].value,
        links=_none,
        names=lambda s: [IndexedName(n.value, n.script or "Zyyy", n.kind.value) for n in s.names],
        keys=_subject_keys,
    ),
    RecordKindName.ORGANISATION: RecordKind(
        name=RecordKindName.ORGANISATION,
        model=OrganisationIn,
        label=lambda o: o.name,
        links=_none,
        names=lambda o: (
            [IndexedName(o.name, detect_script(o.name), "primary")]
            + [IndexedName(a, detect_script(a), "alias") for a in o.aliases]
        ),
        keys=lambda o: _countries("country", o.countries),
    ),
    RecordKindName.RELATION: RecordKind(
        name=RecordKindName.RELATION,
        model=RelationIn,
        label=lambda r: r.type.value + (f" ({r.role})" if r.role else ""),
        links=_relation_links,
        names=_none,
        keys=_none,
    ),
    RecordKindName.OPERATION: RecordKind(
        name=RecordKindName.OPERATION,
        model=OperationIn,
        label=lambda o: o.name,
        links=lambda o: [
            Link(s.subject_id, RecordKindName.SUBJECT, "subjects") for s in o.subjects
        ],
        names=_none,
        keys=lambda o: _countries("country", [o.country]),
    ),
    RecordKindName.CASE: RecordKind(
        name=RecordKindName.CASE,
        model=CaseIn,
        label=lambda c: c.title,
        links=_case_links,
        names=_none,
        keys=_none,
    ),
}
