"""What the matcher knows of a subject: its comparable forms, in a compact profile.

A profile is derived once per record (on every write, kept in the store's index, and
for each row of a batch file) so that comparing two subjects never transliterates again.
The same profile feeds online search, batch cross-matching on DuckDB and on Spark: one
derivation, one set of scores.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from liaison.domain.dates import InvalidDate, PartialDate
from liaison.domain.identifiers import normalise_document_number
from liaison.domain.nations import normalise_nation_code
from liaison.domain.phones import to_e164
from liaison.matching.names import name_forms

# Characters OCR and hand-copying confuse in document numbers (passport MRZ readers:
# 0/O/Q/D, 1/I/L, 5/S, 8/B, 2/Z, 6/G); folding them makes "E1234567" and "EI234567" equal.
_OCR_FOLD = str.maketrans(
    {"O": "0", "Q": "0", "D": "0", "I": "1", "L": "1", "S": "5", "B": "8", "Z": "2", "G": "6"}
)

MAX_FORMS = 40


@dataclass(frozen=True)
class MatchProfile:
    """The comparable facts of one subject."""

    id: str
    forms: tuple[str, ...]
    han: tuple[str, ...]
    shown: tuple[str, ...]
    birth_year: int = 0
    birth_month: int = 0
    birth_day: int = 0
    birth_approximate: bool = False
    gender: str = ""
    nationalities: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    address: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON form, as kept in the store's ``match_profiles`` index."""
        return {
            "f": list(self.forms),
            "h": list(self.han),
            "s": list(self.shown),
            "b": [self.birth_year, self.birth_month, self.birth_day, int(self.birth_approximate)],
            "g": self.gender,
            "n": list(self.nationalities),
            "d": list(self.documents),
            "p": list(self.phones),
            "a": self.address,
        }

    @classmethod
    def from_dict(cls, record_id: str, data: Mapping[str, Any]) -> MatchProfile:
        """The profile kept by ``to_dict``."""
        year, month, day, approx = data["b"]
        return cls(
            id=record_id,
            forms=tuple(data["f"]),
            han=tuple(data["h"]),
            shown=tuple(data["s"]),
            birth_year=year,
            birth_month=month,
            birth_day=day,
            birth_approximate=bool(approx),
            gender=data["g"],
            nationalities=tuple(data["n"]),
            documents=tuple(data["d"]),
            phones=tuple(data["p"]),
            address=data.get("a", ""),
        )


def ocr_fold(number: str) -> str:
    """A document number with OCR-confusable letters folded onto digits."""
    return number.translate(_OCR_FOLD)


@lru_cache(maxsize=200_000)
def _name_comparable(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    # Names recur (common given names and surnames, the same person in many records):
    # deriving and ordering each distinct name once is most of the cost of indexing.
    derived = name_forms(name)
    forms: dict[str, None] = {}
    # Best renderings first, each with its joined-given-name twin ("xi jin ping" and
    # "xi jinping"), so the cap below drops only the least likely spellings.
    joined = derived.given_joined
    for index, form in enumerate(derived.latin):
        for variant in (form, joined[index] if index < len(joined) else ""):
            tokens = variant.split()
            if tokens:
                # Sorted words: "Zhiming CHEN" and "Chen Zhiming" are one form.
                forms[" ".join(sorted(tokens))] = None
    for extra in joined[len(derived.latin) :]:
        if extra.split():
            forms[" ".join(sorted(extra.split()))] = None
    return tuple(forms), tuple(derived.han)


def comparable_forms(names: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The Latin forms (tokens sorted, so name order does not matter) and Han forms."""
    name_list = list(names)
    if len(name_list) == 1:
        forms, han = _name_comparable(name_list[0])
        return forms[:MAX_FORMS], han
    all_forms: dict[str, None] = {}
    all_han: dict[str, None] = {}
    for name in name_list:
        forms, han = _name_comparable(name)
        all_forms.update(dict.fromkeys(forms))
        all_han.update(dict.fromkeys(han))
    return tuple(list(all_forms)[:MAX_FORMS]), tuple(all_han)


def address_form(text: str) -> str:
    """An address as lower-case ASCII words in sorted order (diacritics folded)."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    words = "".join(c if c.isalnum() else " " for c in folded if not unicodedata.combining(c))
    return " ".join(sorted(words.split()))[:300]


def _birth(text: str | None) -> tuple[int, int, int, bool]:
    if not text:
        return 0, 0, 0, False
    try:
        date = PartialDate.parse(text)
    except InvalidDate:
        return 0, 0, 0, False
    return date.year, date.month or 0, date.day or 0, date.approximate


def build_profile(
    record_id: str,
    names: Iterable[str],
    *,
    birth_date: str | None = None,
    gender: str | None = None,
    nationalities: Iterable[str] = (),
    documents: Iterable[str] = (),
    phones: Iterable[str] = (),
    address: str | None = None,
) -> MatchProfile:
    """A profile from plain values (already validated or straight from a file)."""
    name_list = [n for n in names if n and n.strip()]
    forms, han = comparable_forms(name_list)
    year, month, day, approx = _birth(birth_date)
    sex = (gender or "").strip().lower()[:1]
    return MatchProfile(
        id=record_id,
        forms=forms,
        han=han,
        shown=tuple(unicodedata.normalize("NFC", n) for n in name_list[:3]),
        birth_year=year,
        birth_month=month,
        birth_day=day,
        birth_approximate=approx,
        gender=sex if sex in {"m", "f"} else "",
        nationalities=tuple(sorted({c for c in nationalities if c})),
        documents=tuple(sorted({normalise_document_number(d) for d in documents if d.strip()})),
        phones=tuple(sorted({p for p in phones if p})),
        address=address_form(address) if address else "",
    )


def profile_of_subject(record_id: str, subject: Mapping[str, Any]) -> MatchProfile:
    """The profile of a validated subject (the body the store keeps)."""
    return build_profile(
        record_id,
        [n["value"] for n in subject.get("names", [])],
        birth_date=subject.get("birth_date"),
        gender=subject.get("gender"),
        nationalities=subject.get("nationalities", []),
        documents=[d.get("number_normalised") or d["number"] for d in subject.get("documents", [])],
        phones=[p["e164"] for p in subject.get("phones", []) if p.get("e164")],
        address=(subject.get("addresses") or [{}])[0].get("text"),
    )


def row_problem(
    row: Mapping[str, Any], seen: Mapping[str, int], number: int
) -> dict[str, Any] | None:
    """What is wrong with a row of the subject columns (id, name), or None."""
    record_id = str(row.get("id") or "").strip()
    if not record_id:
        return {"row": number, "column": "id", "message": "is required but empty"}
    if record_id in seen:
        return {
            "row": number,
            "column": "id",
            "message": f"{record_id!r} is also in row {seen[record_id]}",
        }
    name = str(row.get("name") or "").strip()
    if not name:
        return {"row": number, "column": "name", "message": "is required but empty"}
    if len(name) > 500:
        return {
            "row": number,
            "column": "name",
            "message": f"is {len(name)} characters; at most 500",
        }
    if not any(ch.isalpha() for ch in name):
        return {"row": number, "column": "name", "message": f"{name[:40]!r} contains no letter"}
    return None


def _split(value: Any) -> list[str]:
    if value is None:
        return []
    return [part.strip() for part in str(value).split(";") if part.strip()]


def profile_of_row(row: Mapping[str, Any]) -> MatchProfile:
    """The profile of a row in the subject import columns (``id``, ``name``, ``aliases``,
    ``birth_date``, ``gender``, ``nationality``, ``id_number``, ``phone``, ``address``)."""
    nationalities = [normalise_nation_code(n) or "" for n in _split(row.get("nationality"))]
    hint = nationalities[0] if nationalities and nationalities[0] else None
    phones = [to_e164(p, hint) or "" for p in _split(row.get("phone"))]
    return build_profile(
        str(row["id"]),
        [str(row.get("name") or ""), *_split(row.get("aliases"))],
        birth_date=str(row.get("birth_date") or "") or None,
        gender=str(row.get("gender") or ""),
        nationalities=nationalities,
        documents=_split(row.get("id_number")),
        phones=phones,
        address=str(row.get("address") or "") or None,
    )
