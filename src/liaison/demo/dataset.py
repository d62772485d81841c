"""What a generated demo holds: agencies, users, each agency's records, and the truth."""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from liaison.domain.records import RecordKindName
from liaison.services.records import ImportRow

# The order records must be imported in: each kind links only to kinds before it.
KINDS: tuple[str, ...] = tuple(k.value for k in RecordKindName)


@dataclass(frozen=True)
class DemoAgency:
    """An agency to create: code, nation, name and the code of its parent."""

    code: str
    nation: str
    name: str
    parent: str | None


@dataclass(frozen=True)
class DemoUser:
    """A user to create in an agency."""

    username: str
    agency: str
    role: str
    display_name: str


@dataclass(frozen=True)
class DemoRecord:
    """One record: its fixed id and its fields exactly as the domain model takes them."""

    record_id: str
    data: dict[str, Any]


@dataclass(frozen=True)
class TruthRecord:
    """A subject record that is one invented person."""

    record_id: str
    agency: str
    ref: str


@dataclass(frozen=True)
class DemoData:
    """A generated demo: deterministic for its seed and size."""

    seed: int
    agencies: list[DemoAgency]
    users: list[DemoUser]
    records: dict[str, dict[str, list[DemoRecord]]]  # agency code -> kind -> records
    truth: dict[str, list[TruthRecord]]  # person id -> that person's subject records

    def import_rows(self, agency: str, kind: str) -> list[ImportRow]:
        """One agency's records of a kind, ready for ``import_records``."""
        return [
            ImportRow(number, record.data, record_id=record.record_id)
            for number, record in enumerate(self.records[agency][kind], start=1)
        ]

    def count(self, kind: str) -> int:
        """Records of a kind over all agencies."""
        return sum(len(by_kind[kind]) for by_kind in self.records.values())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (for comparing runs and for exporting the demo)."""
        return {
            "seed": self.seed,
            "agencies": [asdict(a) for a in self.agencies],
            "users": [asdict(u) for u in self.users],
            "records": {
                code: {
                    kind: [{"id": r.record_id, "data": r.data} for r in records]
                    for kind, records in by_kind.items()
                }
                for code, by_kind in self.records.items()
            },
            "truth": {
                person: [asdict(t) for t in records] for person, records in self.truth.items()
            },
        }


def write_truth(data: DemoData, path: str | Path) -> int:
    """Write which subject records are the same person, as CSV
    (``record_id,agency,ref,person_id``); returns the number of records written."""
    rows = 0
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["record_id", "agency", "ref", "person_id"])
        for person, records in data.truth.items():
            for record in records:
                writer.writerow([record.record_id, record.agency, record.ref, person])
                rows += 1
    return rows
