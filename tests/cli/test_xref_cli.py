"""`liaison xref` on two files and on an agency's subjects in the store."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.cli.conftest import Run

LEFT = "id,name,birth_date,nationality\nL1,陳志明,1985-03-12,TW\nL2,Sok Phal,1969,KH\nL3,林美玲,1990-01-05,TW\n"
RIGHT = "id,name,aliases,birth_date,nationality\nR1,Chen Zhiming,,1985-03,TW\nR2,Phal Sok,,1969-04-02,KH\nR3,陳志強,,1987-07-01,TW\n"


def test_xref_writes_pairs_best_first_with_explanations(liaison: Run, tmp_path: Path) -> None:
    left, right, out = tmp_path / "left.csv", tmp_path / "right.csv", tmp_path / "out.csv"
    left.write_text(LEFT, encoding="utf-8")
    right.write_text(RIGHT, encoding="utf-8")
    done = liaison("xref", str(left), str(right), "-o", str(out), "--threshold", "0.5")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    pairs = [(r["left_id"], r["right_id"]) for r in rows]
    assert ("L1", "R1") in pairs
    assert ("L2", "R2") in pairs
    assert ("L1", "R3") not in pairs
    assert [float(r["score"]) for r in rows] == sorted(
        (float(r["score"]) for r in rows), reverse=True
    )
    assert all(r["explanation"] for r in rows)


def test_xref_refuses_a_bad_file_with_the_row(liaison: Run, tmp_path: Path) -> None:
    left, right = tmp_path / "left.csv", tmp_path / "right.csv"
    left.write_text("id,name\n1,Sok Phal\n2,...\n", encoding="utf-8")
    right.write_text(RIGHT, encoding="utf-8")
    done = liaison("xref", str(left), str(right), "-o", str(tmp_path / "out.csv"))
    assert done.returncode == 1
    assert "row 3, column name: '...' contains no letter" in done.stderr
    assert not (tmp_path / "out.csv").exists()
    unknown = liaison(
        "xref", str(right), str(tmp_path / "missing.csv"), "-o", str(tmp_path / "o.csv")
    )
    assert unknown.returncode == 1
    assert "no such file" in unknown.stderr


def test_xref_of_an_agency_in_the_store_never_includes_other_agencies(
    liaison: Run, tmp_path: Path
) -> None:
    liaison("agency", "add", "--nation", "TW", "--code", "TW-CIB", "--name", "CIB")
    liaison("agency", "add", "--nation", "KH", "--code", "KH-CNP", "--name", "CNP")
    mine, theirs = tmp_path / "mine.csv", tmp_path / "theirs.csv"
    mine.write_text(
        "id,name,birth_date\nT1,陳志明,1985-03-12\nT2,Chen Zhiming,1985-03\n", encoding="utf-8"
    )
    theirs.write_text("id,name,birth_date\nK1,陳志明,1985-03-12\n", encoding="utf-8")
    assert liaison("import", "subjects", str(mine), "--agency", "TW-CIB").returncode == 0
    assert liaison("import", "subjects", str(theirs), "--agency", "KH-CNP").returncode == 0
    out = tmp_path / "out.csv"
    done = liaison("xref", "--agency", "TW-CIB", "-o", str(out), "--threshold", "0.0")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 1
    exported = liaison("export", "--agency", "KH-CNP", "--format", "json").stdout
    kh_id = exported.split('"id": "')[1].split('"')[0]
    assert all(kh_id not in (r["left_id"], r["right_id"]) for r in rows)
