"""CSV, Excel and JSON imports land the same records, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from liaison.domain.access import Actor
from liaison.errors import ImportRejected
from liaison.interchange import ImportProgress, format_report, import_file
from tests.conftest import World
from tests.interchange.conftest import DATA, count, stored, write_xlsx

# What a user sees after importing the sample subjects, whatever the file format:
# names kept as written with their script, nationality names turned into ISO codes,
# phone numbers also in E.164 (a local Cambodian number read with the KH nationality).
EXPECTED_SUBJECTS = [
    (
        "KH-S-001",
        [("陳志明", "Hani", "primary"), ("Chen Zhiming", "Latn", "alias"),
         ("Tan Chee Beng", "Latn", "alias")],
        "1985-03", "male", ["TW", "CN"], [("passport", "E1234567")], ["+886912345678"],
        ["No. 12, Lane 5, Xinyi District, Taipei"],
    ),
    (
        "KH-S-002",
        [("ចេន ជីមីង", "Khmr", "primary"), ("Chen Jiming", "Latn", "alias")],
        "1990", "male", ["KH"], [("passport", "N01234567")], ["+85512345678"],
        ["Street 51, Phnom Penh"],
    ),
    (
        "KH-S-003",
        [("สมชาย ใจดี", "Thai", "primary"), ("Somchai Jaidee", "Latn", "alias")],
        "1979-11-02", "male", ["TH"], [("passport", "AA1234567")], ["+66812345678"], [],
    ),
    (
        "KH-S-004",
        [("Nguyễn Văn An", "Latn", "primary"), ("Nguyen Van An", "Latn", "alias")],
        "~1988", "male", ["VN"], [("passport", "C1234567")], [], ["Hoàn Kiếm, Hà Nội"],
    ),
]  # fmt: skip


def summary(subject: dict[str, Any]) -> tuple[Any, ...]:
    """The parts of a stored subject the sample files set."""
    return (
        subject["ref"],
        [(n["value"], n["script"], n["kind"]) for n in subject["names"]],
        subject["birth_date"],
        subject["gender"],
        subject["nationalities"],
        [(d["type"], d["number"]) for d in subject["documents"]],
        [p["e164"] for p in subject["phones"]],
        [a["text"] for a in subject["addresses"]],
    )


def _csv_rows() -> list[list[str]]:
    with (DATA / "subjects.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _xlsx(tmp_path: Path) -> tuple[Path, None]:
    rows: list[list[Any]] = [list(r) for r in _csv_rows()]
    # As Excel keeps them: a typed-in date is a date cell, a typed-in year a number.
    rows[2][3] = 1990
    rows[3][3] = dt.datetime(1979, 11, 2)
    return write_xlsx(tmp_path / "subjects.xlsx", rows), None


def _csv_with_bom(tmp_path: Path) -> tuple[Path, None]:
    text = (DATA / "subjects.csv").read_text(encoding="utf-8").replace("\n", "\r\n")
    path = tmp_path / "subjects.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return path, None


def _jsonl(tmp_path: Path) -> tuple[Path, None]:
    items = json.loads((DATA / "subjects.json").read_text(encoding="utf-8"))
    path = tmp_path / "subjects.jsonl"
    path.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in items) + "\n")
    return path, None


SOURCES = {
    "csv": lambda tmp: (DATA / "subjects.csv", None),
    "csv with BOM and CRLF": _csv_with_bom,
    "xlsx": _xlsx,
    "json": lambda tmp: (DATA / "subjects.json", None),
    "jsonl": _jsonl,
    "csv with mapping": lambda tmp: (DATA / "subjects_theirs.csv", DATA / "subjects_theirs.yaml"),
}


@pytest.mark.parametrize("source", SOURCES)
def test_every_format_imports_the_same_subjects(
    world: World, kh: Actor, tmp_path: Path, source: str
) -> None:
    path, mapping = SOURCES[source](tmp_path)
    imported = import_file(world.store, kh, "subject", path, mapping_path=mapping)
    assert imported == 4
    assert [summary(s) for s in stored(world.store, kh, "subject")] == EXPECTED_SUBJECTS


def test_progress_reaches_the_end_of_the_file(world: World, kh: Actor) -> None:
    seen: list[ImportProgress] = []
    import_file(world.store, kh, "subject", DATA / "subjects.csv", progress=seen.append)
    assert [p.rows for p in seen] == [1, 2, 3, 4]
    assert seen[-1].fraction == 1.0
    fractions = [p.fraction or 0.0 for p in seen]
    assert fractions == sorted(fractions)


def test_files_of_linked_records_refer_to_records_by_the_agencys_refs(
    world: World, kh: Actor
) -> None:
    for kind, name in [
        ("subject", "subjects.csv"),
        ("organisation", "organisations.csv"),
        ("relation", "relations.csv"),
        ("operation", "operations.csv"),
        ("case", "cases.csv"),
    ]:
        import_file(world.store, kh, kind, DATA / name)
    ids = {
        r["ref"]: r["id"]
        for kind in ("subject", "organisation", "operation")
        for r in stored(world.store, kh, kind)
    }
    relations = {r["ref"]: r for r in stored(world.store, kh, "relation")}
    boss = relations["KH-R-001"]
    assert (boss["type"], boss["subject_id"], boss["target_id"], boss["role"], boss["start"]) == (
        "membership", ids["KH-S-001"], ids["KH-O-001"], "boss", "2015",
    )  # fmt: skip
    assert relations["KH-R-004"]["target_id"] == ids["KH-S-004"]
    gang = stored(world.store, kh, "organisation")[0]
    assert (gang["name"], gang["aliases"], gang["countries"]) == (
        "竹聯幫", ["Bamboo Union", "United Bamboo"], ["TW", "KH"],
    )  # fmt: skip
    (operation,) = stored(world.store, kh, "operation")
    assert (operation["arrests"], operation["rescued_victims"], operation["agencies"]) == (
        512, 87, ["KH-CNP"],
    )  # fmt: skip
    assert [s["subject_id"] for s in operation["subjects"]] == [ids["KH-S-002"], ids["KH-S-004"]]
    (case,) = stored(world.store, kh, "case")
    assert case["ref"] == "KH-C-2023-017"
    assert case["offences"] == ["online_scam", "human_trafficking"]
    assert case["subject_ids"] == [ids["KH-S-001"], ids["KH-S-002"]]
    assert case["organisation_ids"] == [ids["KH-O-001"], ids["KH-O-002"]]
    assert case["operation_ids"] == [ids["KH-OP-001"]]


def test_refs_resolve_only_to_the_importing_agencys_records(
    world: World, kh: Actor, tmp_path: Path
) -> None:
    import_file(world.store, world.tw_analyst.actor, "subject", DATA / "subjects.csv")
    relations = tmp_path / "relations.csv"
    relations.write_text("id,type,subject,target\nR1,associate,KH-S-001,KH-S-002\n")
    with pytest.raises(ImportRejected) as caught:
        import_file(world.store, kh, "relation", relations)
    assert format_report(caught.value).splitlines()[1:] == [
        "row 2, column subject: no subject with ref 'KH-S-001' in your agency's records",
        "row 2, column target: no subject with ref 'KH-S-002' in your agency's records",
    ]
    assert count(world.store, kh, "relation") == 0


def test_optional_columns_fill_name_parts_documents_and_grading(
    world: World, kh: Actor, tmp_path: Path
) -> None:
    path = tmp_path / "subjects.csv"
    path.write_text(
        "id,name,given_name,family_name,id_number,id_type,id_country,phone,"
        "source_reliability,information_accuracy,retention_review,notes\n"
        "S1,Chen Zhiming,Zhiming,Chen,A123456789;B987654321,national_id,Taiwan,"
        "0912 345 678;+855 12 345 678,b,2,2027-01-31,Seen in Poipet\n",
        encoding="utf-8",
    )
    import_file(world.store, kh, "subject", path)
    (subject,) = stored(world.store, kh, "subject")
    assert subject["names"][0] | {"script": "Latn"} == {
        "value": "Chen Zhiming", "script": "Latn", "kind": "primary",
        "given": "Zhiming", "family": "Chen",
    }  # fmt: skip
    assert [(d["type"], d["number"], d["issuing_country"]) for d in subject["documents"]] == [
        ("national_id", "A123456789", "TW"),
        ("national_id", "B987654321", "TW"),
    ]
    assert [p["number"] for p in subject["phones"]] == ["0912 345 678", "+855 12 345 678"]
    assert (subject["source_reliability"], subject["information_accuracy"]) == ("B", "2")
    assert (subject["retention_review"], subject["notes"]) == ("2027-01-31", "Seen in Poipet")


def test_mapping_can_ignore_every_unknown_column_and_read_another_sheet(
    world: World, kh: Actor, tmp_path: Path
) -> None:
    workbook = write_xlsx(tmp_path / "book.xlsx", [["notes for the reader"]])
    import openpyxl

    book = openpyxl.load_workbook(workbook)
    sheet = book.create_sheet("Suspects")
    for row in (["Ref", "Name", "Officer", "Remarks"], ["S1", "Sok Phal", "Dara", "x"]):
        sheet.append(row)
    book.save(workbook)
    mapping = tmp_path / "mapping.json"
    mapping.write_text(
        json.dumps({"columns": {"id": "Ref"}, "ignore_unknown": True, "sheet": "Suspects"})
    )
    assert import_file(world.store, kh, "subject", workbook, mapping_path=mapping) == 1
    assert [s["ref"] for s in stored(world.store, kh, "subject")] == ["S1"]


def test_a_copy_with_another_name_imports_like_the_original(
    world: World, kh: Actor, tmp_path: Path
) -> None:
    # Suffixes are compared without regard to case: Windows tools write SUBJECTS.CSV.
    path = shutil.copy(DATA / "subjects.csv", tmp_path / "SUBJECTS.CSV")
    assert import_file(world.store, kh, "subject", path) == 4
