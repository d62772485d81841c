"""Importing and exporting from the command line, as an operator would."""

from __future__ import annotations

import json
from pathlib import Path

from liaison.services import directory
from liaison.services.records import RecordFilter, list_records
from liaison.storage.database import Store
from tests.cli.conftest import Run

DATA = Path(__file__).resolve().parents[1] / "interchange" / "data"


def _agency(liaison: Run) -> None:
    added = liaison(
        "agency", "add", "--nation", "KH", "--code", "KH-CNP", "--name", "Cambodian National Police"
    )
    assert added.returncode == 0, added.stderr


def _count(store_url: str, kind: str) -> int:
    store = Store(store_url)
    actor = directory.operator_for(store, "KH-CNP")
    total: int = list_records(store, actor, kind, RecordFilter(), limit=1, offset=0)["total"]
    return total


def test_import_then_export_as_followthemoney(liaison: Run, store_url: str, tmp_path: Path) -> None:
    _agency(liaison)
    imported = liaison("import", "subjects", str(DATA / "subjects.csv"), "--agency", "KH-CNP")
    assert imported.returncode == 0, imported.stderr
    assert "imported 4 subjects for KH-CNP" in imported.stdout
    assert _count(store_url, "subject") == 4
    target = tmp_path / "kh.ftm.json"
    exported = liaison("export", "--agency", "KH-CNP", "--format", "ftm", "-o", str(target))
    assert exported.returncode == 0, exported.stderr
    entities = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    people = [e for e in entities if e["schema"] == "Person"]
    assert len(people) == 4
    assert any("陳志明" in p["properties"]["name"] for p in people)


def test_a_bad_file_imports_nothing_and_names_each_bad_row(
    liaison: Run, store_url: str, tmp_path: Path
) -> None:
    _agency(liaison)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "id,name,birth_date,nationality\n"
        "A1,Sok Phal,1970,KH\n"
        "A2,Chea Sokha,1985-13-01,KH\n"
        "A3,,1980,KH\n"
        "A4,Lim Ah Kow,1975,Atlantis\n",
        encoding="utf-8",
    )
    answer = liaison("import", "subjects", str(bad), "--agency", "KH-CNP")
    assert answer.returncode == 1
    assert "nothing was imported: 3 of 4 rows read have problems" in answer.stderr
    assert "row 3, column birth_date: '1985-13-01': month 13 does not exist" in answer.stderr
    assert "row 4, column name:" in answer.stderr
    assert "row 5, column nationality:" in answer.stderr
    assert "Traceback" not in answer.stderr
    assert _count(store_url, "subject") == 0


def test_a_file_in_another_encoding_is_refused_with_advice(
    liaison: Run, store_url: str, tmp_path: Path
) -> None:
    _agency(liaison)
    latin = tmp_path / "latin1.csv"
    latin.write_bytes("id,name\nA1,Nguyễn Văn An\n".encode("utf-16"))
    answer = liaison("import", "subjects", str(latin), "--agency", "KH-CNP")
    assert answer.returncode == 1
    assert "UTF-8" in answer.stderr
    assert _count(store_url, "subject") == 0


def test_json_export_holds_every_kind_of_the_agency_only(liaison: Run, store_url: str) -> None:
    _agency(liaison)
    liaison("agency", "add", "--nation", "TW", "--code", "TW-CIB", "--name", "CIB")
    for kind in ("subjects", "organisations", "relations"):
        done = liaison("import", kind, str(DATA / f"{kind}.csv"), "--agency", "KH-CNP")
        assert done.returncode == 0, done.stderr
    liaison("import", "subjects", str(DATA / "subjects.json"), "--agency", "TW-CIB")
    exported = liaison("export", "--agency", "KH-CNP", "--format", "json")
    assert exported.returncode == 0, exported.stderr
    records = [json.loads(line) for line in exported.stdout.splitlines()]
    assert {r["agency"] for r in records} == {"KH-CNP"}
    assert {r["kind"] for r in records} == {"subject", "organisation", "relation"}
