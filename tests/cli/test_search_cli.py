"""liaison search, judge and judgements export, run as a user would."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from tests.cli.conftest import Run


def test_search_judge_and_export(liaison: Run, tmp_path: Path) -> None:
    liaison("agency", "add", "--nation", "TW", "--code", "TW-CIB", "--name", "CIB")
    liaison("agency", "add", "--nation", "KH", "--code", "KH-CNP", "--name", "CNP")
    mine = tmp_path / "mine.csv"
    mine.write_text(
        "id,name,birth_date\nT1,陳志明,1985-03-12\nT2,Chen Zhiming,1985-03\nT3,Lin Wei,1990\n",
        encoding="utf-8",
    )
    theirs = tmp_path / "theirs.csv"
    theirs.write_text("id,name,birth_date\nK1,Chen Zhiming,1985-03-12\n", encoding="utf-8")
    assert liaison("import", "subjects", str(mine), "--agency", "TW-CIB").returncode == 0
    assert liaison("import", "subjects", str(theirs), "--agency", "KH-CNP").returncode == 0

    shown = liaison("search", "Zhiming CHEN", "--agency", "TW-CIB", "--birth-date", "1985")
    assert shown.returncode == 0, shown.stderr
    assert "陳志明" in shown.stdout and "Chen Zhiming" in shown.stdout
    assert "K1" not in shown.stdout and "KH-CNP" not in shown.stdout

    found = json.loads(liaison("search", "陈志明", "--agency", "TW-CIB", "--json").stdout)
    refs = [r["ref"] for r in found]
    assert refs[:2] == ["T1", "T2"] or refs[:2] == ["T2", "T1"]
    assert "K1" not in refs
    ids = {r["ref"]: r["id"] for r in found}

    judged = liaison(
        "judge", ids["T1"], ids["T2"], "--verdict", "same", "--agency", "TW-CIB", "--note", "photo"
    )
    assert judged.returncode == 0, judged.stderr
    bad = liaison("judge", ids["T1"], ids["T2"], "--verdict", "maybe", "--agency", "TW-CIB")
    assert bad.returncode != 0 and "maybe" in bad.stderr

    out = tmp_path / "labels.csv"
    exported = liaison("judgements", "export", "--agency", "TW-CIB", "-o", str(out))
    assert exported.returncode == 0, exported.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["label"], r["verdict"], r["note"]) for r in rows] == [("1", "same", "photo")]
    assert {rows[0]["left_id"], rows[0]["right_id"]} == {ids["T1"], ids["T2"]}

    empty = liaison("search", "!!!", "--agency", "TW-CIB")
    assert empty.returncode != 0 and "letter" in empty.stderr
