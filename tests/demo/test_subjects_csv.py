"""Many subjects as a subject import CSV, for the import benchmark."""

from __future__ import annotations

import csv
from pathlib import Path

from liaison.demo import write_subjects_csv
from liaison.demo.subjects_csv import SUBJECT_CSV_COLUMNS
from liaison.domain.records import SubjectIn
from liaison.domain.scripts import detect_script


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_subjects_csv_is_deterministic_and_in_the_import_format(tmp_path: Path) -> None:
    first, second, other = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv"
    assert write_subjects_csv(first, 2000, seed=3) == 2000
    write_subjects_csv(second, 2000, seed=3)
    write_subjects_csv(other, 2000, seed=4)
    assert first.read_bytes() == second.read_bytes() != other.read_bytes()
    assert first.read_text("utf-8").splitlines()[0] == ",".join(SUBJECT_CSV_COLUMNS)
    rows = _read(first)
    assert len(rows) == 2000
    assert len({row["id"] for row in rows}) == 2000
    scripts = {detect_script(row["name"]) for row in rows}
    assert {"Hani", "Latn", "Khmr", "Thai"} <= scripts
    assert sum(bool(row["aliases"]) for row in rows) > 300
    for row in rows:
        names = [row["name"], *(a for a in row["aliases"].split(";") if a)]
        SubjectIn.model_validate(
            {
                "ref": row["id"],
                "names": [{"value": n} for n in names],
                "birth_date": row["birth_date"] or None,
                "gender": row["gender"],
                "nationalities": [row["nationality"]] if row["nationality"] else [],
                "documents": [{"number": row["id_number"]}] if row["id_number"] else [],
                "phones": [{"number": row["phone"]}] if row["phone"] else [],
                "addresses": [{"text": row["address"]}] if row["address"] else [],
            }
        )


def test_subjects_csv_writes_exactly_the_count_asked(tmp_path: Path) -> None:
    path = tmp_path / "one.csv"
    assert write_subjects_csv(path, 1, seed=1) == 1
    assert len(_read(path)) == 1
