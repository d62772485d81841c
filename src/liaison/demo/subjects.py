"""One subject record: what one agency wrote down about a person at one appearance.

Besides the name (``liaison.demo.spellings``), agencies differ in what they know: a home
agency has the exact birth date and the national ID; a foreign one has a year, a month,
"about 1985" or day and month swapped, the passport seen that day (or an older one, or a
number copied wrongly), a local phone and the address where it met the person.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from liaison.demo.cast import Appearance, Character
from liaison.demo.documents import international, mistype_document
from liaison.demo.people import Address, Person
from liaison.demo.spellings import render_names
from liaison.demo.story import AgencySpec, Story
from liaison.demo.tables import Weighted
from liaison.domain.nations import iso_nations
from liaison.domain.offences import offence_taxonomy

# How precisely a foreign agency knows a birth date (relative weights).
_FOREIGN_BIRTH = Weighted.of(
    [("day", 62), ("month", 10), ("year", 8), ("approximate", 6), ("swapped", 6), ("none", 8)]
)
_HOME_BIRTH = Weighted.of([("day", 90), ("month", 3), ("year", 3), ("none", 4)])
# Source reliability and information accuracy by how the agency met the person.
_GRADES = {
    "wanted": ("B", "2"),
    "sweep": ("A", "1"),
    "returned": ("A", "1"),
    "local": ("B", "2"),
    "transit": ("B", "3"),
    "gang": ("C", "3"),
    "victim": ("A", "2"),
    "relative": ("B", "3"),
}


def birth_text(rng: random.Random, birth: dt.date, precise: bool) -> str | None:
    """The birth date as an agency knows it: exact, partial, approximate or misread."""
    kind = (_HOME_BIRTH if precise else _FOREIGN_BIRTH).pick(rng)
    if kind == "day":
        return birth.isoformat()
    if kind == "month":
        return f"{birth:%Y-%m}"
    if kind == "year":
        return f"{birth:%Y}"
    if kind == "approximate":
        return f"~{birth.year + rng.choice((-1, 0, 0, 1))}"
    if kind == "swapped" and birth.day <= 12 and birth.day != birth.month:
        return f"{birth.year}-{birth.day:02d}-{birth.month:02d}"
    return birth.isoformat() if kind == "swapped" else None


def _documents(
    rng: random.Random, person: Person, agency: AgencySpec, day: dt.date, child: bool
) -> list[dict[str, str]]:
    home = agency.nation == person.nationality
    docs: list[dict[str, str]] = []
    if child and rng.random() < 0.7:
        return docs
    if home and person.national_id and rng.random() < 0.9:
        docs.append(
            {
                "type": "national_id",
                "number": person.national_id,
                "issuing_country": person.nationality,
            }
        )
    shown = person.passport_on(day)
    if shown and rng.random() < (0.6 if home else 0.85):
        older = [p for p in person.passports if p.nation == shown.nation]
        if len(older) > 1 and rng.random() < 0.2:
            shown = rng.choice(older)
        number = shown.number
        if not home and rng.random() < 0.05:
            number = mistype_document(rng, number)
        docs.append({"type": "passport", "number": number, "issuing_country": shown.nation})
    for extra in person.passports:
        if extra.nation == agency.nation != person.nationality and rng.random() < 0.8:
            docs.append(
                {"type": "passport", "number": extra.number, "issuing_country": extra.nation}
            )
    return docs


def _phones(rng: random.Random, person: Person, agency: AgencySpec) -> list[dict[str, str]]:
    local = [number for nation, number in person.phones if nation == agency.nation]
    if local and rng.random() < 0.7:
        return [{"number": local[-1], "country": agency.nation}]
    if person.phones and rng.random() < 0.4:
        nation, number = person.phones[0]
        return [{"number": international(number, nation)}]
    return []


def address_entry(address: Address, local: bool) -> dict[str, str]:
    """An address as the domain model takes it, in the local script when ``local``."""
    text = address.local if local and address.local else address.latin
    return {"text": text, "city": address.city, "country": address.nation}


def _nationalities(rng: random.Random, person: Person, agency: AgencySpec) -> list[str]:
    found = [person.nationality]
    if rng.random() < 0.06:
        return []
    if person.nationality == "TW" and agency.style == "khmer" and rng.random() < 0.05:
        found = ["CN"]  # Taiwanese recorded as Chinese: one of the gaps deportations fall in
    if any(p.nation == agency.nation != person.nationality for p in person.passports):
        found.append(agency.nation)
    return found


def _outcome_words(outcome: str, to: str | None, day: dt.date) -> str:
    if to:
        return f"{outcome} to {iso_nations().get(to, to)} on {day.isoformat()}"
    return f"{outcome} on {day.isoformat()}"


def appearance_note(story: Story, character: Character, appearance: Appearance) -> str:
    """A line of context for the record, as an officer would write it."""
    gang = character.gang
    role = f"{character.part} of the {gang.names['en']}" if gang else ""
    op = story.operations.get(appearance.operation or "")
    last = appearance.outcomes[-1] if appearance.outcomes else None
    done = _outcome_words(last.outcome, last.to_country, last.date) if last else ""
    context = appearance.context
    if context == "wanted":
        return f"Suspected {role}; wanted for questioning."
    if context == "transit":
        return f"Seen in transit; suspected {role or 'gang associate'}."
    if context == "gang":
        return f"Field interview: known {role}." + (f" {op.name}: {done}." if op else "")
    if context == "sweep" and op:
        victim = (
            " Screened as a victim of trafficking." if last and last.outcome == "rescued" else ""
        )
        return f"{op.name}: {done}.{victim}"
    if context in ("returned", "victim"):
        sweep = story.operations[appearance.origin or ""].name if appearance.origin else "Cambodia"
        return f"Sent home from Cambodia after {sweep}; {done}."
    if context == "local" and op:
        return f"{op.name}: {done}."
    if context == "local":
        return f"Questioned in Cambodia; suspected {role}."
    if context == "relative":
        relations = ", ".join(f"{kin} of a subject" for _, kin in character.kin[:1])
        return f"Family: {relations}." if relations else "Family member of a subject."
    label = offence_taxonomy()[appearance.offence].label if appearance.offence else "Enquiry"
    return f"{label}."


def subject_record(
    rng: random.Random,
    story: Story,
    character: Character,
    appearance: Appearance,
    ref: str,
) -> dict[str, Any]:
    """The subject record an agency keeps for one appearance, in the domain's shape."""
    person = character.person
    agency = story.agency(appearance.agency)
    home = agency.nation == person.nationality
    data: dict[str, Any] = {"ref": ref, "names": render_names(rng, person, agency.style)}
    birth = birth_text(rng, person.birth, home)
    if birth:
        data["birth_date"] = birth
    data["gender"] = "unknown" if rng.random() < 0.04 else ("male" if person.male else "female")
    data["nationalities"] = _nationalities(rng, person, agency)
    documents = _documents(rng, person, agency, appearance.date, character.part == "child")
    if documents:
        data["documents"] = documents
    phones = _phones(rng, person, agency)
    if phones:
        data["phones"] = phones
    if appearance.place and rng.random() < 0.75:
        data["addresses"] = [address_entry(appearance.place, home)]
    reliability, accuracy = _GRADES.get(appearance.context, (rng.choice("ABC"), rng.choice("123")))
    data["source_reliability"] = reliability
    data["information_accuracy"] = accuracy
    data["notes"] = appearance_note(story, character, appearance)
    return data
