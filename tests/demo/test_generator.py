"""The generated demo: deterministic, valid, linked within each agency, and true."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest

from liaison.demo import DemoData, generate_demo, write_truth
from liaison.domain.records import RECORD_KINDS, RecordKindName
from liaison.domain.scripts import detect_script
from liaison.errors import ValidationFailed

SMALL = 300


def _fingerprint(data: DemoData) -> str:
    text = json.dumps(data.to_dict(), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _subjects(data: DemoData) -> dict[str, tuple[str, dict[str, Any]]]:
    return {
        r.record_id: (agency, r.data)
        for agency, kinds in data.records.items()
        for r in kinds["subject"]
    }


def test_same_seed_gives_the_same_data_and_another_seed_does_not(tmp_path: Path) -> None:
    first, second = generate_demo(seed=7, subjects=SMALL), generate_demo(seed=7, subjects=SMALL)
    assert first.to_dict() == second.to_dict()
    write_truth(first, tmp_path / "a.csv")
    write_truth(second, tmp_path / "b.csv")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    other = generate_demo(seed=8, subjects=SMALL)
    assert _fingerprint(other) != _fingerprint(first)
    assert not {r.record_id for r in other.records["KH-CNP"]["subject"]} & {
        r.record_id for r in first.records["KH-CNP"]["subject"]
    }


def test_output_does_not_depend_on_the_hash_seed() -> None:
    # Set iteration order changes with PYTHONHASHSEED; the demo must not depend on it.
    code = (
        "import hashlib, json; from liaison.demo import generate_demo; "
        f"d = generate_demo(seed=11, subjects={SMALL}).to_dict(); "
        "print(hashlib.sha256(json.dumps(d, ensure_ascii=False, sort_keys=True)"
        ".encode()).hexdigest())"
    )
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            stdout=subprocess.PIPE,
            text=True,
        )
        for seed in ("1", "2")
    ]
    digests = [run.communicate(timeout=120)[0].strip() for run in runs]
    assert all(run.returncode == 0 for run in runs)
    assert digests[0] == digests[1] == _fingerprint(generate_demo(seed=11, subjects=SMALL))


def test_default_demo_has_the_story_agencies_users_and_subjects(default_demo: DemoData) -> None:
    assert default_demo.count("subject") >= 2400
    agencies = {a.code: a for a in default_demo.agencies}
    for code in ("KH-CNP", "CN-MPS", "TW-CIB", "TH-RTP", "VN-MPS", "US-CA-GANG", "US-AGIA"):
        assert code in agencies
    assert agencies["KH-CNP"].name == "Cambodian National Police"
    assert agencies["KH-PP-PHNOMPENH"].parent == "KH-CNP"
    roles = {(u.agency, u.role) for u in default_demo.users}
    assert ("US-AGIA", "coordinator") in roles
    for role in ("analyst", "supervisor", "admin"):
        assert ("KH-CNP", role) in roles
    for agency in ("KH-CNP", "CN-MPS", "TW-CIB", "TH-RTP", "VN-MPS", "US-CA-GANG"):
        kinds = default_demo.records[agency]
        assert kinds["subject"] and kinds["organisation"] and kinds["case"], agency


def test_size_is_honoured_and_nonsense_refused() -> None:
    assert generate_demo(subjects=SMALL).count("subject") >= SMALL
    with pytest.raises(ValidationFailed):
        generate_demo(subjects=0)


def test_every_record_is_what_the_domain_model_accepts(default_demo: DemoData) -> None:
    for kinds in default_demo.records.values():
        for kind, records in kinds.items():
            model = RECORD_KINDS[RecordKindName(kind)].model
            for record in records:
                model.model_validate(record.data)


def test_every_link_points_at_a_record_of_the_same_agency_and_kind(
    default_demo: DemoData,
) -> None:
    checked = 0
    all_ids = [r.record_id for k in default_demo.records.values() for rs in k.values() for r in rs]
    assert len(all_ids) == len(set(all_ids))
    for kinds in default_demo.records.values():
        ids = {kind: {r.record_id for r in records} for kind, records in kinds.items()}
        for relation in kinds["relation"]:
            data = relation.data
            assert data["subject_id"] in ids["subject"]
            target = "organisation" if data["type"] == "membership" else "subject"
            assert data["target_id"] in ids[target]
            checked += 1
        for operation in kinds["operation"]:
            for involved in operation.data["subjects"]:
                assert involved["subject_id"] in ids["subject"]
                checked += 1
        for case in kinds["case"]:
            assert set(case.data["subject_ids"]) <= ids["subject"]
            assert set(case.data.get("organisation_ids", [])) <= ids["organisation"]
            assert set(case.data.get("operation_ids", [])) <= ids["operation"]
            checked += 1
    assert checked > 1000


def test_truth_names_every_subject_record_once(default_demo: DemoData, tmp_path: Path) -> None:
    subjects = _subjects(default_demo)
    listed = [t for records in default_demo.truth.values() for t in records]
    assert Counter(t.record_id for t in listed) == Counter(list(subjects))
    for t in listed:
        assert subjects[t.record_id][0] == t.agency
        assert subjects[t.record_id][1]["ref"] == t.ref
    path = tmp_path / "truth.csv"
    assert write_truth(default_demo, path) == len(subjects)
    lines = path.read_text("utf-8").splitlines()
    assert lines[0] == "record_id,agency,ref,person_id"
    assert len(lines) == len(subjects) + 1


def test_the_same_person_is_written_in_different_scripts_by_different_agencies(
    default_demo: DemoData,
) -> None:
    subjects = _subjects(default_demo)
    crossing: Counter[str] = Counter()
    for records in default_demo.truth.values():
        scripts: dict[str, set[str]] = defaultdict(set)  # script -> agencies writing it
        for t in records:
            primary = subjects[t.record_id][1]["names"][0]["value"]
            scripts[detect_script(str(primary))].add(t.agency)
        for script, agencies in scripts.items():
            others = {a for s, found in scripts.items() if s != script for a in found}
            if others - agencies:
                crossing[script] += 1
    # Primary name in Hanzi in one agency, in another script (mostly Latin) in another.
    assert crossing["Hani"] >= 300
    assert crossing["Khmr"] >= 150
    assert crossing["Thai"] >= 50
    assert crossing["Latn"] >= 300
    assert (
        sum(len({t.agency for t in records}) >= 2 for records in default_demo.truth.values()) >= 500
    )


def test_chinese_names_come_in_every_convention(default_demo: DemoData) -> None:
    values = [n["value"] for _, data in _subjects(default_demo).values() for n in data["names"]]
    joined = "\n".join(values)
    assert "-" in joined  # Wade-Giles and Cantonese given names (CHIH-MING, Chi-ming)
    assert "'" in joined  # Wade-Giles aspirates (Ch'en)
    assert any(v.startswith("Ah ") for v in values)  # street names (Ah Ming)
    assert any(v.startswith("阿") for v in values)
    # Vietnamese with and without diacritics.
    assert any(v.startswith("Nguyễn ") for v in values)
    assert any(v.startswith("NGUYEN ") and v.isascii() for v in values)


def test_brothers_with_similar_names_are_different_people(default_demo: DemoData) -> None:
    subjects = _subjects(default_demo)
    person_of = {t.record_id: p for p, records in default_demo.truth.items() for t in records}
    brothers = 0
    for kinds in default_demo.records.values():
        for relation in kinds["relation"]:
            data = relation.data
            if data["type"] != "family" or data["role"] not in ("brother", "sister"):
                continue
            assert person_of[data["subject_id"]] != person_of[data["target_id"]]
            a = subjects[data["subject_id"]][1]["names"][0]
            b = subjects[data["target_id"]][1]["names"][0]
            hanzi = detect_script(a["value"]) == detect_script(b["value"]) == "Hani"
            if hanzi and a["value"][:2] == b["value"][:2] and a["value"] != b["value"]:
                brothers += 1  # 陳志明 / 陳志強: same surname and generation character
    assert brothers >= 5


def test_three_sweeps_in_cambodia_send_suspects_home(default_demo: DemoData) -> None:
    operations = default_demo.records["KH-CNP"]["operation"]
    sweeps = [o.data for o in operations if o.data["country"] == "KH"]
    assert len(sweeps) == 3
    outcomes = Counter(
        (s["outcome"], s.get("to_country")) for sweep in sweeps for s in sweep["subjects"]
    )
    for outcome in (("deported", "CN"), ("deported", "TW"), ("extradited", "CN")):
        assert outcomes[outcome] > 0, outcome
    for outcome in ("arrested", "released", "charged", "rescued"):
        assert outcomes[(outcome, None)] > 0, outcome
    assert all(len(sweep["agencies"]) >= 3 and sweep["arrests"] > 0 for sweep in sweeps)
    assert sum(sweep["rescued_victims"] for sweep in sweeps) > 0
    # Whoever Cambodia deported to China is on file at China's ministry too.
    person_of = {t.record_id: p for p, records in default_demo.truth.items() for t in records}
    deported = {
        person_of[s["subject_id"]]
        for sweep in sweeps
        for s in sweep["subjects"]
        if s.get("to_country") == "CN"
    }
    at_home = {p for p in deported if any(t.agency == "CN-MPS" for t in default_demo.truth[p])}
    assert len(deported) > 50 and len(at_home) == len(deported)
