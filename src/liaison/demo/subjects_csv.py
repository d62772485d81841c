"""Many generated subjects as one CSV file in the default subject import format.

For the import benchmark (100,000 subjects): the same invented persons and spellings as
the demo, without its story, written straight to disk. About one person in five appears
twice under two agencies' spellings, so the file also serves matching benchmarks.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from liaison.demo.documents import international, mistype_document
from liaison.demo.generator import DEFAULT_SEED
from liaison.demo.people import Address, Person, invent_person
from liaison.demo.spellings import render_names
from liaison.demo.story import AgencySpec, demo_story
from liaison.demo.subjects import birth_text
from liaison.demo.tables import Weighted, name_tables
from liaison.interchange.columns import DEFAULT_SUBJECT_COLUMNS

SUBJECT_CSV_COLUMNS = DEFAULT_SUBJECT_COLUMNS
_NATIONALITIES = Weighted.of(
    [("CN", 30), ("TW", 15), ("KH", 20), ("TH", 12), ("VN", 12), ("MY", 4), ("HK", 3), ("US", 4)]
)


def _row(rng: random.Random, person: Person, agency: AgencySpec, ref: str) -> list[str]:
    home = agency.nation == person.nationality
    names = render_names(rng, person, agency.style)
    passport = person.passports[-1].number if person.passports else ""
    if passport and not home and rng.random() < 0.05:
        passport = mistype_document(rng, passport)
    nation, number = person.phones[0]
    address = person.home.local if home and person.home.local else person.home.latin
    return [
        ref,
        names[0]["value"],
        ";".join(n["value"] for n in names[1:]),
        birth_text(rng, person.birth, home) or "",
        "male" if person.male else "female",
        person.nationality if rng.random() < 0.95 else "",
        passport if rng.random() < 0.85 else "",
        international(number, nation) if rng.random() < 0.6 else "",
        address if rng.random() < 0.7 else "",
    ]


def write_subjects_csv(path: str | Path, count: int, seed: int = DEFAULT_SEED) -> int:
    """Write ``count`` generated subjects as a subject import CSV (columns
    ``id,name,aliases,birth_date,gender,nationality,id_number,phone,address``, aliases
    separated by ``;``, ``id`` the agency's reference); the same seed gives the same file.
    Returns the number of rows written."""
    rng = random.Random(seed)
    tables, story = name_tables(), demo_story()
    agencies = [a for a in story.agencies if a.style != "none"]
    written = 0
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(SUBJECT_CSV_COLUMNS)
        while written < count:
            nationality = _NATIONALITIES.pick(rng)
            home = Address.at(rng, rng.choice(story.homes[nationality]))
            person = invent_person(rng, tables, f"P{written:07d}", nationality, home)
            copies = 2 if rng.random() < 0.2 else 1
            for _ in range(min(copies, count - written)):
                agency = rng.choice(agencies)
                written += 1
                writer.writerow(_row(rng, person, agency, f"{agency.ref_prefix}-{written:07d}"))
    return written
