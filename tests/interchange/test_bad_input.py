"""Bad import files: the exact report a user reads, and nothing written.

Each case is a file as a user might hand it in; the report is what ``liaison import``
prints (``format_report``). After every refusal the agency still has no records.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from liaison.domain.access import Actor
from liaison.errors import ImportRejected, LiaisonError, ValidationFailed
from liaison.interchange import format_report, import_file
from tests.conftest import World
from tests.interchange.conftest import count, write_xlsx

HEADER = "id,name,aliases,birth_date,gender,nationality,id_number,phone,address\n"
SUBJECT_COLUMNS = (
    "id, name, aliases, birth_date, gender, nationality, id_number, phone, address, "
    "given_name, family_name, id_type, id_country, source_reliability, "
    "information_accuracy, retention_review, notes"
)


@dataclass(frozen=True)
class Bad:
    """A bad file and the report it must produce."""

    name: str
    content: str | bytes | list[list[Any]]  # text, raw bytes, or Excel rows
    report: str
    kind: str = "subject"
    mapping: str | None = None
    max_bytes: int | None = None


def _rows(*lines: str) -> str:
    return "nothing was imported: " + "\n".join(lines)


CSV_CASES = {
    "wrong type": Bad(
        "types.csv",
        HEADER + "S1,Sok Phal,,1985,yes,KH,,,\n",
        _rows(
            "1 of 1 rows read have problems",
            "row 2, column gender: 'yes' is not one of: male, female, other, unknown",
        ),
    ),
    "missing required field": Bad(
        "required.csv",
        HEADER + "S1,Sok Phal,,,,,,,\nS2,,Alias,1985,male,KH,,,\n",
        _rows("1 of 2 rows read have problems", "row 3, column name: is required but empty"),
    ),
    "missing required column": Bad(
        "no-name.csv",
        "id,aliases\nS1,Sok\n",
        "no-name.csv: missing required column(s) 'name'; every subject needs them. "
        f"The columns are: {SUBJECT_COLUMNS}",
    ),
    "unknown nation codes": Bad(
        "nations.csv",
        HEADER + "S1,Sok Phal,,1985,male,XX;Narnia;Cambodia,,,\n",
        _rows(
            "1 of 1 rows read have problems",
            "row 2, column nationality: 'XX' is not an ISO 3166-1 alpha-2 nation code",
            "row 2, column nationality: 'Narnia' is not an ISO 3166-1 alpha-2 nation code",
        ),
    ),
    "malformed dates": Bad(
        "dates.csv",
        HEADER + "S1,Sok Phal,,1985-13-01,,,,,\nS2,Lim Ah Kow,,31/12/1985,,,,,\n",
        _rows(
            "2 of 2 rows read have problems",
            "row 2, column birth_date: '1985-13-01': month 13 does not exist",
            "row 3, column birth_date: '31/12/1985' is not a date (expected YYYY, YYYY-MM or "
            "YYYY-MM-DD, optionally prefixed by ~ for approximate)",
        ),
    ),
    "oversized field": Bad(
        "oversized.csv",
        HEADER + "S1," + "陳" * 501 + ",,,,,,,\n",
        _rows(
            "1 of 1 rows read have problems",
            "row 2, column name: String should have at most 500 characters",
        ),
    ),
    "GB18030 encoding": Bad(
        "gb18030.csv",
        (HEADER + "S1,陈志明,,,,,,,\n").encode("gb18030"),
        "gb18030.csv: the file is not UTF-8 text: byte 0xB3 at offset 73 (line 2) is not "
        "valid UTF-8. Save the file as UTF-8 (in Excel: Save As, 'CSV UTF-8') and import "
        "it again",
    ),
    "Latin-1 encoding": Bad(
        "latin1.csv",
        (HEADER + "S1,Sok Phal,,,,,,,\nS2,José Müller,,,,,,,\n").encode("latin-1"),
        "latin1.csv: the file is not UTF-8 text: byte 0xE9 at offset 95 (line 3) is not "
        "valid UTF-8. Save the file as UTF-8 (in Excel: Save As, 'CSV UTF-8') and import "
        "it again",
    ),
    "UTF-16 encoding": Bad(
        "utf16.csv",
        (HEADER + "S1,Sok Phal,,,,,,,\n").encode("utf-16"),
        "utf16.csv: the file is UTF-16 text, not UTF-8; save it as UTF-8 and import again",
    ),
    "unknown columns": Bad(
        "unknown.csv",
        "id,name,surname,DOB\nS1,Sok,Phal,1985\n",
        f"unknown.csv: unknown column(s) 'surname', 'DOB'. The subject columns are: "
        f"{SUBJECT_COLUMNS} (docs/import-formats.md). To use your own column names or "
        "leave columns out, give a mapping file",
    ),
    "semicolon-separated": Bad(
        "semicolons.csv",
        "id;name\nS1;Sok\n",
        f"semicolons.csv: unknown column(s) 'id;name'. The subject columns are: "
        f"{SUBJECT_COLUMNS} (docs/import-formats.md). To use your own column names or "
        "leave columns out, give a mapping file; the file seems to separate columns by "
        "';': set delimiter: ';' in a mapping file",
    ),
    "value under no header": Bad(
        "extra.csv",
        "id,name,\nS1,Sok,Phal\n",
        _rows(
            "1 of 1 rows read have problems",
            "row 2: a value ('Phal') in column 3, which has no header",
        ),
    ),
    "empty file": Bad("empty.csv", "", "empty.csv: the file is empty"),
    "blank lines only": Bad(
        "blank.csv",
        "\n \n",
        "blank.csv: no header row; the first row must name the columns: " + SUBJECT_COLUMNS,
    ),
    "header only": Bad(
        "header.csv", "id,name\n", "header.csv: there are no rows to import below the header"
    ),
    "over the size limit": Bad(
        "large.csv",
        HEADER + "S1,Sok Phal,,,,,,,\n",
        "large.csv: the file has 89 bytes, more than the limit of 50 "
        "(LIAISON_IMPORT_MAX_BYTES); split it or raise the limit",
        max_bytes=50,
    ),
    "unknown file type": Bad(
        "subjects.txt",
        "id,name\n",
        "subjects.txt: unknown file type '.txt'; import .csv, .xlsx, .xlsm, .json, .jsonl, "
        ".ndjson files",
    ),
    "unknown refs": Bad(
        "relations.csv",
        "id,type,subject,target\nR1,membership,S-404,O-404\nR2,friend,,S-1\n",
        _rows(
            "2 of 2 rows read have problems",
            "row 2, column subject: no subject with ref 'S-404' in your agency's records",
            "row 2, column target: no organisation with ref 'O-404' in your agency's records",
            "row 3, column type: 'friend' is not one of: membership, associate, family",
            "row 3, column subject: is required but empty",
        ),
        kind="relation",
    ),
    "bad case": Bad(
        "cases.csv",
        "id,title,offences,status,opened\n,Scam,fraud;jaywalking,pending,2023\n",
        _rows(
            "1 of 1 rows read have problems",
            "row 2, column id: is required but empty",
            "row 2, column status: 'pending' is not one of: open, suspended, closed",
            "row 2, column opened: '2023' is not a full date (expected YYYY-MM-DD)",
            "row 2, column offences: 'jaywalking' is not an offence code of the taxonomy "
            "(docs/offences.md)",
        ),
        kind="case",
    ),
    "bad numbers": Bad(
        "operations.csv",
        "id,name,start_date,country,arrests,rescued_victims\nO1,Sweep,2023-09-12,KH,many,-1\n",
        _rows(
            "1 of 1 rows read have problems",
            "row 2, column arrests: 'many' is not a whole number",
            "row 2, column rescued_victims: Input should be greater than or equal to 0",
        ),
        kind="operation",
    ),
    "date not in the mapped format": Bad(
        "mapped.csv",
        "Ref,Full Name,DOB\nS1,Sok Phal,21/03/1985\nS2,Lim Ah Kow,32/01/1985\n",
        _rows(
            "1 of 2 rows read have problems",
            "row 3, column DOB: '32/01/1985' does not match the date format %d/%m/%Y of the "
            "mapping file, nor YYYY[-MM[-DD]]",
        ),
        mapping="columns: {id: Ref, name: Full Name, birth_date: DOB}\ndate_format: '%d/%m/%Y'\n",
    ),
    "their column missing under a mapping": Bad(
        "mapped-missing.csv",
        "Ref,Name\nS1,Sok Phal\n",
        "mapped-missing.csv: unknown column(s) 'Name'. The subject columns are: id, "
        "Full Name, aliases, birth_date, gender, nationality, id_number, phone, address, "
        "given_name, family_name, id_type, id_country, source_reliability, "
        "information_accuracy, retention_review, notes (docs/import-formats.md). To use your "
        "own column names or leave columns out, give a mapping file",
        mapping="columns: {name: Full Name}\nignore: [Ref]\n",
    ),
}

EXCEL_CASES = {
    "numbers and dates where text belongs": Bad(
        "types.xlsx",
        [
            ["id", "name", "birth_date", "phone", "id_number"],
            ["S1", 12345, dt.datetime(1985, 3, 1), 85512345678, "E1234567"],
            ["S2", "Sok Phal", dt.datetime(1985, 3, 1, 13, 5), None, 1234567],
            ["S3", dt.datetime(2020, 1, 1), 31048.0, None, None],
        ],
        _rows(
            "3 of 3 rows read have problems",
            "row 2, column name: expected text, got the number 12345 (format the column as Text)",
            "row 2, column phone: expected text, got the number 85512345678 "
            "(format the column as Text)",
            "row 3, column birth_date: expected a date, got the date and time 1985-03-01 13:05:00",
            "row 3, column id_number: expected text, got the number 1234567 "
            "(format the column as Text)",
            "row 4, column name: expected text, got the date and time 2020-01-01 00:00:00",
            "row 4, column birth_date: expected a date, got the number 31048 "
            "(format the column as Date or Text)",
        ),
    ),
    "missing required field and unknown nation": Bad(
        "required.xlsx",
        [["id", "name", "nationality"], ["S1", None, "KH"], [], ["S3", "Sok Phal", "Atlantis"]],
        _rows(
            "2 of 2 rows read have problems",
            "row 2, column name: is required but empty",
            "row 4, column nationality: 'Atlantis' is not an ISO 3166-1 alpha-2 nation code",
        ),
    ),
    "fractions and booleans as counts": Bad(
        "operations.xlsx",
        [
            ["id", "name", "start_date", "country", "arrests", "rescued_victims"],
            ["O1", "Sweep", dt.datetime(2023, 9, 12), "KH", 2.5, True],
        ],
        _rows(
            "1 of 1 rows read have problems",
            "row 2, column arrests: expected a whole number, got the number 2.5",
            "row 2, column rescued_victims: expected a whole number, got the boolean TRUE",
        ),
        kind="operation",
    ),
    "oversized field": Bad(
        "oversized.xlsx",
        [["id", "name", "notes"], ["S1", "Sok Phal", "x" * 20001]],
        _rows(
            "1 of 1 rows read have problems",
            "row 2, column notes: String should have at most 20000 characters",
        ),
    ),
    "missing required column": Bad(
        "no-name.xlsx",
        [["id", "alias"], ["S1", "Sok"]],
        "no-name.xlsx: unknown column(s) 'alias'. The subject columns are: "
        f"{SUBJECT_COLUMNS} (docs/import-formats.md). To use your own column names or "
        "leave columns out, give a mapping file",
    ),
    "not a workbook": Bad(
        "subjects.xlsx",
        "id,name\nS1,Sok\n",
        "subjects.xlsx: not an Excel workbook (File is not a zip file); save it as "
        "'Excel Workbook (.xlsx)'",
    ),
    "old Excel format": Bad(
        "subjects.xls",
        b"\xd0\xcf\x11\xe0",
        "subjects.xls: the old Excel format (.xls) is not read; save it as .xlsx",
    ),
    "empty sheet": Bad(
        "empty.xlsx",
        [],
        "empty.xlsx: no header row; the first row must name the columns: " + SUBJECT_COLUMNS,
    ),
}

JSON_CASES = {
    "wrong types and shapes": Bad(
        "subjects.json",
        json.dumps(
            [
                {"id": "S1", "name": 123},
                {"id": "S2", "aliases": ["Sok"]},
                {"id": "S3", "name": "Sok", "names": [{"value": "Sok"}]},
                "Sok Phal",
                {"ref": "S5", "names": [{"value": "..."}], "birth_date": "1985-13-01"},
                {"id": "S6", "name": "Sok Phal", "nationality": ["KH", 116]},
                {"id": "S7", "name": "Sok Phal", "nationality": "XX"},
            ]
        ),
        _rows(
            "7 of 7 rows read have problems",
            "row 1, column name: expected text, got the number 123",
            "row 2, column name: is required but empty",
            "row 3: mixes the flat columns (id, name) with the model's fields (names); "
            "use one shape per object",
            "row 4: expected an object, got the text 'Sok Phal'",
            "row 5, field names.0.value: '...' contains no letter",
            "row 5, field birth_date: '1985-13-01': month 13 does not exist",
            "row 6, column nationality: expected text, got the number 116",
            "row 7, column nationality: 'XX' is not an ISO 3166-1 alpha-2 nation code",
        ),
    ),
    "unknown key": Bad(
        "unknown.json",
        json.dumps([{"id": "S1", "name": "Sok Phal", "nickname": "Phal"}]),
        _rows(
            "1 of 1 rows read have problems",
            f"row 1: unknown column(s) 'nickname'. The subject columns are: {SUBJECT_COLUMNS} "
            "(docs/import-formats.md). To use your own column names or leave columns out, "
            "give a mapping file",
        ),
    ),
    "oversized field in the model's shape": Bad(
        "nested.json",
        json.dumps([{"names": [{"value": "Sok Phal"}, {"value": "ស" * 501}]}]),
        _rows(
            "1 of 1 rows read have problems",
            "row 1, field names.1.value: String should have at most 500 characters",
        ),
    ),
    "not an array": Bad(
        "object.json",
        json.dumps({"id": "S1", "name": "Sok Phal"}),
        "object.json: expected an array of objects ([{...}, {...}]); for one object per "
        "line, name the file .jsonl",
    ),
    "not JSON": Bad(
        "broken.json",
        '[{"id": "S1",}]',
        "broken.json: not valid JSON: Expecting property name enclosed in double quotes at "
        "line 1, column 14",
    ),
    "GB18030 encoding": Bad(
        "gb18030.json",
        json.dumps([{"name": "陈志明"}], ensure_ascii=False).encode("gb18030"),
        "gb18030.json: the file is not UTF-8 text: byte 0xB3 at offset 11 (line 1) is not "
        "valid UTF-8. Save the file as UTF-8 and import it again",
    ),
    "whitespace only": Bad(
        "blank.json", "  \n", "blank.json: the file is empty; expected an array of objects"
    ),
    "empty array": Bad("none.json", "[]", "none.json: there are no rows to import in the file"),
    "broken line": Bad(
        "subjects.jsonl",
        '{"id": "S1", "name": "Sok Phal"}\n{"id": "S2", "name": \n\n["S3"]\n',
        _rows(
            "2 of 3 rows read have problems",
            "row 2: not valid JSON: Expecting value at column 1",
            "row 4: expected an object, got an array",
        ),
    ),
}

MAPPING_CASES = {
    "not a mapping of columns": Bad(
        "a.csv",
        "id,name\nS1,Sok\n",
        "mapping file mapping.yaml: columns must map our column names to yours, e.g. "
        "name: Full Name",
        mapping="columns: [name]\n",
    ),
    "misspelt key": Bad(
        "b.csv",
        "id,name\nS1,Sok\n",
        "mapping file mapping.yaml: unknown key(s) colums; keys are kind, columns, ignore, "
        "ignore_unknown, date_format, list_separator, delimiter, sheet",
        mapping="colums: {name: Full Name}\n",
    ),
    "unknown column of ours": Bad(
        "c.csv",
        "id,name\nS1,Sok\n",
        f"mapping file mapping.yaml: 'nme' is not a subject column; the columns are "
        f"{SUBJECT_COLUMNS}",
        mapping="columns: {nme: Full Name}\n",
    ),
    "not YAML": Bad(
        "d.csv",
        "id,name\nS1,Sok\n",
        "mapping file mapping.yaml: is not valid YAML: expected ',' or '}', but got "
        "'<stream end>' at line 2, column 1",
        mapping="columns: {name: 'Full Name'\n",
    ),
    "for another kind": Bad(
        "e.csv",
        "id,name\nS1,Sok\n",
        "mapping file mapping.yaml: is for 'relation' imports, not 'subject'",
        mapping="kind: relation\n",
    ),
    "date format without codes": Bad(
        "f.csv",
        "id,name\nS1,Sok\n",
        "mapping file mapping.yaml: date_format 'dd/mm/yyyy' cannot read a full date back; "
        "use strftime codes such as %d/%m/%Y",
        mapping="date_format: dd/mm/yyyy\n",
    ),
    "two columns to one": Bad(
        "g.csv",
        "id,name\nS1,Sok\n",
        "mapping file mapping.yaml: name and aliases are both mapped to 'names'",
        mapping="columns: {name: Names, aliases: names}\n",
    ),
    "long delimiter": Bad(
        "h.csv",
        "id,name\nS1,Sok\n",
        "mapping file mapping.yaml: delimiter must be one character, not ';;'",
        mapping="delimiter: ';;'\n",
    ),
}

CASES = {
    **{f"csv: {k}": v for k, v in CSV_CASES.items()},
    **{f"xlsx: {k}": v for k, v in EXCEL_CASES.items()},
    **{f"json: {k}": v for k, v in JSON_CASES.items()},
    **{f"mapping: {k}": v for k, v in MAPPING_CASES.items()},
}


def _write(tmp_path: Path, case: Bad) -> Path:
    path = tmp_path / case.name
    if isinstance(case.content, list):
        return write_xlsx(path, case.content)
    data = case.content.encode("utf-8") if isinstance(case.content, str) else case.content
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("case", CASES)
def test_bad_file_is_refused_with_a_clear_report_and_nothing_written(
    world: World, kh: Actor, tmp_path: Path, case: str
) -> None:
    bad = CASES[case]
    path = _write(tmp_path, bad)
    mapping = None
    if bad.mapping is not None:
        mapping = tmp_path / "mapping.yaml"
        mapping.write_text(bad.mapping, encoding="utf-8")
    with pytest.raises(LiaisonError) as caught:
        import_file(world.store, kh, bad.kind, path, mapping_path=mapping, max_bytes=bad.max_bytes)
    assert isinstance(caught.value, ImportRejected | ValidationFailed)
    assert format_report(caught.value) == bad.report
    assert count(world.store, kh, bad.kind) == 0


def test_default_size_limit_comes_from_the_setting(
    world: World, kh: Actor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LIAISON_IMPORT_MAX_BYTES", "20")
    path = tmp_path / "subjects.csv"
    path.write_text(HEADER + "S1,Sok Phal,,,,,,,\n", encoding="utf-8")
    with pytest.raises(ValidationFailed, match="more than the limit of 20"):
        import_file(world.store, kh, "subject", path)
    assert count(world.store, kh, "subject") == 0


def _many_rows(n: int) -> str:
    return "".join(f"S{i},Sok Phal {i},,1985,,KH,,,\n" for i in range(n))


def test_bad_row_after_thousands_of_good_ones_writes_nothing(
    world: World, kh: Actor, tmp_path: Path
) -> None:
    # More rows than one write batch of the service layer: the first batch is written
    # inside the transaction before the bad row is read, and must be rolled back.
    path = tmp_path / "subjects.csv"
    path.write_text(HEADER + _many_rows(2500) + "S-bad,Sok,,1985-02-30,,,,,\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as caught:
        import_file(world.store, kh, "subject", path)
    assert caught.value.details[0]["row"] == 2502
    assert "row 2502, column birth_date: '1985-02-30': day 30 does not exist in that month" in (
        format_report(caught.value)
    )
    assert count(world.store, kh, "subject") == 0


def test_bad_encoding_after_thousands_of_good_rows_writes_nothing(
    world: World, kh: Actor, tmp_path: Path
) -> None:
    path = tmp_path / "subjects.csv"
    good = (HEADER + _many_rows(2500)).encode("utf-8")
    path.write_bytes(good + "S-bad,José,,,,,,,\n".encode("latin-1"))
    with pytest.raises(ValidationFailed, match=r"line 2502\) is not valid UTF-8"):
        import_file(world.store, kh, "subject", path)
    assert count(world.store, kh, "subject") == 0


def test_import_lands_in_the_importers_agency_only(world: World, tmp_path: Path) -> None:
    path = tmp_path / "subjects.csv"
    path.write_text(HEADER + "S1,Sok Phal,,,,,,,\n", encoding="utf-8")
    import_file(world.store, world.coordinator.actor, "subject", path)
    assert count(world.store, world.coordinator.actor, "subject") == 1
    assert count(world.store, world.kh_analyst.actor, "subject") == 0
