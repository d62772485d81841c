"""Reading files into import rows, without a store: cells, refs and report names."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from liaison.domain.records import RecordKindName
from liaison.interchange import ColumnMapping, read_import
from liaison.interchange.cells import CellProblem, read_date, read_integer, read_list
from tests.interchange.conftest import DATA


def test_relation_refs_are_resolved_a_chunk_at_a_time(tmp_path: Path) -> None:
    lines = ["id,type,subject,target"] + [f"R{i},associate,S{i},S{i + 1}" for i in range(1200)]
    path = tmp_path / "relations.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    lookups: list[int] = []

    def resolve(kind: RecordKindName, refs: list[str]) -> dict[str, str]:
        assert kind is RecordKindName.SUBJECT
        lookups.append(len(refs))
        return {ref: f"id-{ref}" for ref in refs if ref != "S7"}

    rows = list(read_import(path, RecordKindName.RELATION, resolve=resolve))
    assert len(lookups) == 3  # 500 + 500 + 200 rows, one lookup each
    assert rows[0].number == 2 and rows[0].data["subject_id"] == "id-S0"
    assert rows[7].problems == (
        {"field": "subject", "column": "subject",
         "message": "no subject with ref 'S7' in your agency's records"},
    )  # fmt: skip
    assert rows[6].problems[0]["column"] == "target"


def test_report_names_the_column_the_user_wrote() -> None:
    mapping = ColumnMapping(columns={"name": "Full Name", "aliases": "Other Names"})
    reader = read_import(DATA / "subjects.csv", RecordKindName.SUBJECT, mapping)
    for field, column in [
        ("names.0.value", "Full Name"),
        ("names.2.value", "Other Names"),
        ("nationalities.1", "nationality"),
        ("documents.0.issuing_country", "id_country"),
        ("ref", "id"),
        ("(record)", None),
    ]:
        problem = reader.describe({"row": 2, "field": field, "message": "x"})
        assert problem["column"] == column, field


def test_reading_without_a_resolver_fails_loudly_for_linked_kinds() -> None:
    with pytest.raises(ValueError, match="pass resolve"):
        list(read_import(DATA / "relations.csv", RecordKindName.RELATION))


@pytest.mark.parametrize(
    ("value", "date_format", "partial", "expected"),
    [
        ("1985", None, True, "1985"),
        ("21/03/1985", "%d/%m/%Y", True, "1985-03-21"),
        ("1985-03", "%d/%m/%Y", True, "1985-03"),
        (dt.datetime(1985, 3, 21), None, False, "1985-03-21"),
        (dt.date(1985, 3, 21), None, True, "1985-03-21"),
        (1985, None, True, "1985"),
        ("  ", None, True, None),
    ],
)
def test_dates_are_read_to_iso(
    value: object, date_format: str | None, partial: bool, expected: str | None
) -> None:
    assert read_date(value, date_format, partial=partial) == expected


@pytest.mark.parametrize(
    ("value", "partial", "message"),
    [
        ("1985", False, "'1985' is not a full date (expected YYYY-MM-DD)"),
        (1985, False, "expected a date, got the number 1985 (format the column as Date or Text)"),
        (True, True, "expected text, got the boolean TRUE"),
    ],
)
def test_dates_that_cannot_be_read_say_why(value: object, partial: bool, message: str) -> None:
    with pytest.raises(CellProblem, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_date(value, None, partial=partial)


def test_lists_and_numbers() -> None:
    assert read_list(" KH ; ;Cambodia;", ";") == ["KH", "Cambodia"]
    assert read_list(["KH", None, " TH "], ";") == ["KH", "TH"]
    assert read_integer("1,234") == 1234
    assert read_integer(12.0) == 12
    with pytest.raises(CellProblem, match="'twelve' is not a whole number"):
        read_integer("twelve")
