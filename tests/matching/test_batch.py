"""Batch cross-matching: the pairs a user expects, the ones they must not get, bad input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from liaison.errors import ValidationFailed
from liaison.matching.batch import xref_rows
from liaison.matching.files import read_profiles

PEOPLE: list[dict[str, Any]] = [
    {
        "id": "tw-1",
        "name": "陳志明",
        "birth_date": "1985-03-12",
        "nationality": "TW",
        "id_number": "312345678",
    },
    {"id": "tw-2", "name": "陳志強", "birth_date": "1987-07-01", "nationality": "TW"},
    {"id": "tw-3", "name": "林美玲", "birth_date": "1990-01-05", "nationality": "TW"},
    {
        "id": "kh-1",
        "name": "Sok Phal",
        "birth_date": "1969",
        "nationality": "KH",
        "phone": "+855 12 345 678",
    },
    {"id": "kh-2", "name": "Chea Sokha", "birth_date": "1975-06-30", "nationality": "KH"},
    {"id": "us-1", "name": "John Smith", "birth_date": "1980-02-03", "nationality": "US"},
]
RECORDS: list[dict[str, Any]] = [
    {"id": "cn-1", "name": "Chen Zhiming", "birth_date": "1985-03", "nationality": "CN;TW"},
    {"id": "us-7", "name": "Zhiming CHEN", "birth_date": "1985-12-03", "nationality": "TW"},
    {
        "id": "kh-9",
        "name": "Phal Sok",
        "birth_date": "1969-04-02",
        "phone": "012 345 678",
        "nationality": "KH",
    },
    {"id": "us-8", "name": "Smith John", "birth_date": "1980-03-02", "nationality": "US"},
    {"id": "vn-3", "name": "Nguyễn Văn An", "birth_date": "1988", "nationality": "VN"},
    {"id": "cn-2", "name": "Chen Ming", "birth_date": "1960-10-10", "nationality": "CN"},
]


def _pairs(threshold: float | None = None) -> dict[tuple[str, str], float]:
    return {(p.left_id, p.right_id): p.score for p in xref_rows(PEOPLE, RECORDS, threshold)}


def test_same_people_in_other_spellings_orders_and_dates_match() -> None:
    found = _pairs()
    assert ("tw-1", "cn-1") in found  # Hanzi vs pinyin, full vs partial birth date
    assert ("tw-1", "us-7") in found  # surname last, day and month swapped
    assert ("kh-1", "kh-9") in found  # name order swapped, same phone written two ways
    assert ("us-1", "us-8") in found  # swapped order, day/month swapped


def test_brothers_and_strangers_do_not_match() -> None:
    found = _pairs()
    assert ("tw-2", "cn-1") not in found  # 陳志強 is his brother
    assert ("tw-1", "cn-2") not in found  # a stranger named Chen Ming
    assert all(left != "tw-3" for left, _ in found)


def test_pairs_come_best_first_with_an_explanation() -> None:
    pairs = xref_rows(PEOPLE, RECORDS, 0.0)
    scores = [p.score for p in pairs]
    assert scores == sorted(scores, reverse=True)
    best = next(p for p in pairs if (p.left_id, p.right_id) == ("kh-1", "kh-9"))
    assert "the same phone number" in best.explanation
    assert all(0.0 <= s <= 1.0 for s in scores)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([{"id": "a", "name": ""}], "left row 1, column name: is required but empty"),
        ([{"id": "", "name": "Sok"}], "left row 1, column id: is required but empty"),
        (
            [{"id": "a", "name": "Sok"}, {"id": "a", "name": "Chea"}],
            "left row 2, column id: 'a' is also in row 1",
        ),
    ],
)
def test_bad_rows_are_refused_with_the_row(rows: list[dict[str, Any]], message: str) -> None:
    with pytest.raises(ValidationFailed, match=message.replace("(", r"\(").replace(")", r"\)")):
        xref_rows(rows, RECORDS)


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(
    ("content", "encoding", "message"),
    [
        ("id,name\n1,!!!\n", "utf-8", "row 2, column name: '!!!' contains no letter"),
        ("id,name\n1,\n", "utf-8", "row 2, column name: is required but empty"),
        ("id,name\n1," + "x" * 10_000_000 + "\n", "utf-8", "line 2: field larger than field limit"),
        (
            "id,name\n1," + "x" * 100_000 + "\n",
            "utf-8",
            "row 2, column name: is 100000 characters; at most 500",
        ),
        ("id,name,colour\n1,Sok,red\n", "utf-8", "unknown column(s) 'colour'"),
        ("id,aliases\n1,Sok\n", "utf-8", "missing column(s) name"),
        ("id,name\n1,陳志明\n", "gb18030", "not UTF-8"),
        ("", "utf-8", "the file is empty"),
        ("id,name\n", "utf-8", "there are no rows to match"),
    ],
)
def test_bad_files_give_a_clear_error(
    tmp_path: Path, content: str, encoding: str, message: str
) -> None:
    path = _write(tmp_path / "left.csv", content, encoding)
    with pytest.raises(ValidationFailed) as caught:
        read_profiles(path)
    assert message in caught.value.message
