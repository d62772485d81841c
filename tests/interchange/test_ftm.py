"""FollowTheMoney export and import, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from liaison.domain.access import Actor
from liaison.errors import ConfigurationError, ImportRejected, ValidationFailed
from liaison.interchange import export_ftm, format_report, ftm_import, import_file, import_ftm
from liaison.services import records
from liaison.storage.database import Store
from tests.conftest import World
from tests.interchange.conftest import DATA, count, stored, write_xlsx

CHEN = {
    "ref": "KH-2024-001",
    "names": [
        {"value": "陳志明", "kind": "primary"},
        {"value": "Chen Zhiming", "kind": "romanisation", "given": "Zhiming", "family": "Chen"},
        {"value": "Ah Ming", "kind": "nickname"},
    ],
    "birth_date": "1985-03",
    "gender": "male",
    "nationalities": ["TW", "CN"],
    "phones": [{"number": "012 345 678", "country": "KH"}, {"number": "+886 912 345 678"}],
    "documents": [
        {"type": "passport", "number": "E1234567", "issuing_country": "TW", "expiry": "2031-05-01"},
        {"type": "national_id", "number": "A123456789", "issuing_country": "TW"},
    ],
    "addresses": [{"text": "No. 12, Lane 5, Xinyi District", "city": "Taipei"}],
}
SOK = {
    "ref": "KH-2024-002",
    "names": [{"value": "សុខ ផល"}, {"value": "Sok Phal", "kind": "romanisation"}],
    "birth_date": "1990-11-02",
    "nationalities": ["KH"],
    "documents": [{"number": "N0123456", "issuing_country": "KH"}],
}
SOMCHAI = {"names": [{"value": "สมชาย ใจดี"}], "birth_date": "~1979", "nationalities": ["TH"]}
NGUYEN = {"names": [{"value": "Nguyễn Văn An"}], "birth_date": "1988", "nationalities": ["VN"]}


def _fill(store: Store, actor: Actor) -> dict[str, str]:
    ids = {}
    for key, data in (("chen", CHEN), ("sok", SOK), ("somchai", SOMCHAI), ("nguyen", NGUYEN)):
        ids[key] = records.create_record(store, actor, "subject", data)["id"]
    ids["gang"] = records.create_record(
        store,
        actor,
        "organisation",
        {"name": "竹聯幫", "aliases": ["Bamboo Union"], "countries": ["TW"]},
    )["id"]
    for subject, role, start, end in (
        ("chen", "boss", "2015", None),
        ("sok", "recruiter", "2021-06", "2023-10"),
    ):
        records.create_record(
            store,
            actor,
            "relation",
            {"type": "membership", "subject_id": ids[subject], "target_id": ids["gang"], "role": role,
             "start": start, "end": end},
        )  # fmt: skip
    records.create_record(
        store, actor, "relation",
        {"type": "family", "subject_id": ids["sok"], "target_id": ids["nguyen"], "role": "cousin"},
    )  # fmt: skip
    return ids


def _export(store: Store, actor: Actor) -> list[dict[str, Any]]:
    out = io.StringIO()
    written = export_ftm(store, actor, out)
    lines = out.getvalue().splitlines()
    assert written == len(lines)
    return [json.loads(line) for line in lines]


def _write(path: Path, entities: list[dict[str, Any] | str]) -> Path:
    lines = [e if isinstance(e, str) else json.dumps(e, ensure_ascii=False) for e in entities]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _subject_view(subject: dict[str, Any]) -> tuple[Any, ...]:
    return (
        [(n["value"], n["script"], n["kind"], n["given"], n["family"]) for n in subject["names"]],
        subject["birth_date"],
        subject["gender"],
        subject["nationalities"],
        sorted(p["e164"] for p in subject["phones"]),
        sorted((d["type"], d["number"], d["issuing_country"], d["expiry"]) for d in subject["documents"]),
    )  # fmt: skip


def _memberships(store: Store, actor: Actor) -> list[tuple[str, ...]]:
    labels = {
        r["id"]: r["names"][0]["value"] if "names" in r else r["name"]
        for kind in ("subject", "organisation")
        for r in stored(store, actor, kind)
    }
    return sorted(
        (r["type"], labels[r["subject_id"]], labels[r["target_id"]], r["role"], r["start"] or "", r["end"] or "")
        for r in stored(store, actor, "relation")
    )  # fmt: skip


def test_round_trip_to_another_agency_keeps_names_dates_documents_and_memberships(
    world: World, tmp_path: Path
) -> None:
    kh, tw = world.kh_analyst.actor, world.tw_analyst.actor
    _fill(world.store, kh)
    path = _write(tmp_path / "kh.ftm.jsonl", list(_export(world.store, kh)))

    result = import_ftm(world.store, tw, path)

    assert result.imported == {"subject": 4, "organisation": 1, "relation": 3, "operation": 0}
    assert result.already_present == 0
    mine = {s["names"][0]["value"]: _subject_view(s) for s in stored(world.store, kh, "subject")}
    theirs = {s["names"][0]["value"]: _subject_view(s) for s in stored(world.store, tw, "subject")}
    # FtM has no "approximately": ~1979 arrives as 1979 (docs/import-formats.md).
    mine["สมชาย ใจดี"] = (*mine["สมชาย ใจดี"][:1], "1979", *mine["สมชาย ใจดี"][2:])
    assert theirs == mine
    assert _memberships(world.store, tw) == _memberships(world.store, kh)
    refs = {s["ref"] for s in stored(world.store, tw, "subject")}
    assert all(ref.startswith("liaison-") for ref in refs)


def test_export_writes_person_documents_membership_event_and_case(world: World) -> None:
    kh = world.kh_analyst.actor
    ids = _fill(world.store, kh)
    operation = records.create_record(
        world.store, kh, "operation",
        {"ref": "OP-1", "name": "Sweep", "start_date": "2023-09-12", "country": "KH", "arrests": 512,
         "subjects": [{"subject_id": ids["sok"], "outcome": "arrested"}]},
    )  # fmt: skip
    case = records.create_record(
        world.store, kh, "case",
        {"ref": "KH-C-17", "title": "Scam compound", "offences": ["online_scam"],
         "subject_ids": [ids["chen"]], "operation_ids": [operation["id"]]},
    )  # fmt: skip
    entities = {e["id"]: e for e in _export(world.store, kh)}

    chen = entities[f"liaison-{ids['chen']}"]
    assert chen["schema"] == "Person"
    assert chen["properties"]["name"] == ["陳志明", "Chen Zhiming"]
    assert chen["properties"]["weakAlias"] == ["Ah Ming"]
    assert (chen["properties"]["firstName"], chen["properties"]["lastName"]) == (
        ["Zhiming"],
        ["Chen"],
    )
    assert chen["properties"]["birthDate"] == ["1985-03"]
    assert chen["properties"]["nationality"] == ["tw", "cn"]
    assert chen["properties"]["phone"] == ["+85512345678", "+886912345678"]
    assert chen["properties"]["passportNumber"] == ["E1234567"]
    assert chen["properties"]["idNumber"] == ["A123456789"]
    assert chen["properties"]["address"] == ["No. 12, Lane 5, Xinyi District, Taipei"]
    passports = [e for e in entities.values() if e["schema"] == "Passport"
                 and e["properties"]["holder"] == [chen["id"]]]  # fmt: skip
    assert [p["properties"] for p in passports] == [
        {"holder": [chen["id"]], "number": ["E1234567"], "country": ["tw"],
         "endDate": ["2031-05-01"], "type": ["passport"]}
    ]  # fmt: skip
    memberships = [e for e in entities.values() if e["schema"] == "Membership"]
    boss = next(m for m in memberships if m["properties"]["role"] == ["boss"])
    assert boss["properties"]["member"] == [chen["id"]]
    assert boss["properties"]["organization"] == [f"liaison-{ids['gang']}"]
    assert boss["properties"]["startDate"] == ["2015"]
    event = entities[f"liaison-{operation['id']}"]
    assert event["schema"] == "Event"
    assert event["properties"]["involved"] == [f"liaison-{ids['sok']}"]
    assert event["properties"]["summary"] == ["Arrests: 512. Rescued victims: 0"]
    court_case = entities[f"liaison-{case['id']}"]
    assert court_case["schema"] == "CourtCase"
    assert court_case["properties"]["caseNumber"] == ["KH-C-17"]
    parties = sorted(
        (e["properties"]["party"][0], e["properties"]["role"][0])
        for e in entities.values()
        if e["schema"] == "CourtCaseParty"
    )
    assert parties == sorted([(chen["id"], "subject"), (f"liaison-{operation['id']}", "operation")])
    # Stable ids: a second export names every entity the same way.
    assert {e["id"] for e in _export(world.store, kh)} == set(entities)


def test_export_never_contains_another_agencys_records(world: World) -> None:
    kh, tw = world.kh_analyst.actor, world.tw_analyst.actor
    _fill(world.store, kh)
    theirs = records.create_record(
        world.store, tw, "subject", {"names": [{"value": "林阿九"}], "nationalities": ["TW"]}
    )
    kh_export = json.dumps(_export(world.store, kh), ensure_ascii=False)
    assert theirs["id"] not in kh_export and "林阿九" not in kh_export
    tw_export = _export(world.store, tw)
    assert [e["id"] for e in tw_export] == [f"liaison-{theirs['id']}"]
    coordinator_export = _export(world.store, world.coordinator.actor)
    assert coordinator_export == []


def test_import_skips_schemata_it_does_not_keep_and_counts_them(
    world: World, tmp_path: Path
) -> None:
    tw = world.tw_analyst.actor
    path = _write(
        tmp_path / "opensanctions.jsonl",
        [
            {"id": "p1", "schema": "Person", "properties": {"name": ["ចេន ជីមីង", "Chen Jiming"],
                                                             "citizenship": ["kh"]}},
            {"id": "p1", "schema": "Person", "properties": {"birthDate": ["1990-04-01"]}},
            {"id": "o1", "schema": "Organization", "properties": {"name": ["竹聯幫"], "alias": ["Bamboo Union"]}},
            {"id": "c1", "schema": "Company", "properties": {"name": ["Golden Fortune Ltd"], "jurisdiction": ["kh"]}},
            {"id": "m1", "schema": "Membership", "properties": {"member": ["p1"], "organization": ["o1"]}},
            {"id": "m2", "schema": "Membership", "properties": {"member": ["c1"], "organization": ["o1"]}},
            {"id": "s1", "schema": "Sanction", "properties": {"entity": ["p1"], "authority": ["OFAC"]}},
            {"id": "a1", "schema": "Address", "properties": {"full": ["Phnom Penh"]}},
            {"id": "ev", "schema": "Event", "properties": {"name": ["Raid"], "date": ["2023-09-12"],
                                                            "country": ["kh"], "location": ["Sihanoukville"]}},
        ],
    )  # fmt: skip
    result = import_ftm(world.store, tw, path)
    assert result.imported == {"subject": 1, "organisation": 2, "relation": 1, "operation": 1}
    assert result.skipped == {
        "Address (schema not imported)": 1,
        "Membership (member is a Company)": 1,
        "Sanction (schema not imported)": 1,
    }
    assert result.summary() == (
        "imported 1 subject(s), 2 organisation(s), 1 relation(s), 1 operation(s); skipped "
        "1 Address (schema not imported), 1 Membership (member is a Company), 1 Sanction "
        "(schema not imported)"
    )
    (person,) = stored(world.store, tw, "subject")
    assert [(n["value"], n["script"], n["kind"]) for n in person["names"]] == [
        ("ចេន ជីមីង", "Khmr", "primary"),
        ("Chen Jiming", "Latn", "romanisation"),
    ]
    assert (person["birth_date"], person["nationalities"]) == ("1990-04-01", ["KH"])
    company = next(o for o in stored(world.store, tw, "organisation") if o["ref"] == "c1")
    assert (company["type"], company["countries"]) == ("company", ["KH"])
    (operation,) = stored(world.store, tw, "operation")
    assert (operation["start_date"], operation["place"]) == ("2023-09-12", "Sihanoukville")

    again = import_ftm(world.store, tw, path)
    assert again.imported == {"subject": 0, "organisation": 0, "relation": 0, "operation": 0}
    assert again.already_present == 5
    assert count(world.store, tw, "subject") == 1


def test_relations_may_point_at_persons_imported_by_an_earlier_file(
    world: World, tmp_path: Path
) -> None:
    tw = world.tw_analyst.actor
    people = _write(tmp_path / "people.jsonl", [
        {"id": "p1", "schema": "Person", "properties": {"name": ["Sok Phal"]}},
        {"id": "p2", "schema": "Person", "properties": {"name": ["Lim Ah Kow"]}},
    ])  # fmt: skip
    import_ftm(world.store, tw, people)
    links = _write(tmp_path / "links.jsonl", [
        {"id": "f1", "schema": "Family", "properties": {"person": ["p1"], "relative": ["p2"],
                                                        "relationship": ["brother"]}},
    ])  # fmt: skip
    assert import_ftm(world.store, tw, links).imported["relation"] == 1
    (family,) = stored(world.store, tw, "relation")
    ids = {s["ref"]: s["id"] for s in stored(world.store, tw, "subject")}
    assert (family["subject_id"], family["target_id"], family["role"]) == (
        ids["p1"],
        ids["p2"],
        "brother",
    )


def test_bad_entities_are_reported_together_and_nothing_is_written(
    world: World, tmp_path: Path
) -> None:
    tw = world.tw_analyst.actor
    path = _write(
        tmp_path / "bad.jsonl",
        [
            {"id": "p0", "schema": "Person", "properties": {"name": ["Fine Person"]}},
            {"id": "p1", "schema": "Person", "properties": {"name": ["Sok Phal"], "birthDate": ["1985-13-01"],
                                                             "nationality": ["xx"]}},
            {"id": "p2", "schema": "Person", "properties": {"birthDate": ["1985"]}},
            {"id": "p3", "schema": "Persn", "properties": {"name": ["Sok"]}},
            {"id": "p4", "schema": "Person", "properties": {"name": ["Lim"], "birthdate": ["1985"]}},
            '{"id": "p5", "schema": "Person", "properties": {"name": "Sok Phal"}}',
            "{not json",
            {"id": "m1", "schema": "Membership", "properties": {"member": ["p0"], "organization": ["o404"]}},
            {"id": "p6", "schema": "Person", "properties": {"name": ["陳" * 501], "gender": ["robot"]}},
            {"id": "ev", "schema": "Event", "properties": {"name": ["Raid"], "startDate": ["2023"]}},
        ],
    )  # fmt: skip
    with pytest.raises(ImportRejected) as caught:
        import_ftm(world.store, tw, path)
    assert format_report(caught.value) == "\n".join([
        "nothing was imported: 9 of 10 entities have problems",
        "line 2, entity p1, property birthDate: '1985-13-01': month 13 does not exist",
        "line 2, entity p1, property nationality: 'XX' is not an ISO 3166-1 alpha-2 nation code",
        "line 3, entity p2, property name: a Person needs a name (or firstName and lastName)",
        "line 4, entity p3, property schema: unknown FtM schema 'Persn'",
        "line 5, entity p4, property birthdate: Person has no property 'birthdate'",
        "line 6, entity p5, property name: must be a list of texts",
        "line 7: not valid JSON: Expecting property name enclosed in double quotes at column 2",
        "line 8, entity m1, property organization: 'o404' is neither in this file nor among "
        "your organisations",
        "line 9, entity p6, property name: String should have at most 500 characters",
        "line 9, entity p6, property gender: Input should be 'male', 'female', 'other' or 'unknown'",
        "line 10, entity ev, property country: an Event needs country to be an operation",
        "line 10, entity ev, property startDate: '2023' is not a full date (expected YYYY-MM-DD)",
    ])  # fmt: skip
    for kind in ("subject", "organisation", "relation", "operation"):
        assert count(world.store, tw, kind) == 0


@pytest.mark.parametrize(
    ("content", "report"),
    [
        (
            '{"id": "p1", "schema": "Person", "properties": {"name": ["陈志明"]}}\n'.encode(
                "gb18030"
            ),
            "bad.jsonl: the file is not UTF-8 text: byte 0xB3 at offset 58 (line 1) is not valid "
            "UTF-8. Save the file as UTF-8 and import it again",
        ),
        (b"", "bad.jsonl: the file is empty"),
        (b"\n\n", "bad.jsonl: there are no entities to import"),
    ],
    ids=["GB18030", "empty", "blank lines"],
)
def test_unreadable_ftm_file_is_refused(
    world: World, tmp_path: Path, content: bytes, report: str
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(content)
    with pytest.raises(ValidationFailed) as caught:
        import_ftm(world.store, world.tw_analyst.actor, path)
    assert format_report(caught.value) == report
    assert count(world.store, world.tw_analyst.actor, "subject") == 0


def test_failure_writing_a_later_kind_rolls_back_the_earlier_ones(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every check the write step makes is also made before it, so a failure there needs a
    # concurrent change; simulate one refusing the relations after the persons are written.
    real = ftm_import.import_records

    def refuse_relations(store: Store, actor: Actor, kind: str, rows: Any, **kw: Any) -> int:
        written = real(store, actor, kind, rows, **kw)
        if kind == "relation":
            raise ImportRejected(
                "nothing was imported",
                details=[{"row": 3, "field": "subject_id", "message": "no subject with id 'x'"}],
            )
        return written

    monkeypatch.setattr(ftm_import, "import_records", refuse_relations)
    tw = world.tw_analyst.actor
    path = _write(tmp_path / "file.jsonl", [
        {"id": "p1", "schema": "Person", "properties": {"name": ["Chen Jiming"]}},
        {"id": "p2", "schema": "Person", "properties": {"name": ["Tan Chee Beng"]}},
        {"id": "r1", "schema": "Associate", "properties": {"person": ["p1"], "associate": ["p2"]}},
    ])  # fmt: skip
    with pytest.raises(ImportRejected) as caught:
        import_ftm(world.store, tw, path)
    assert format_report(caught.value).splitlines() == [
        "nothing was imported: 1 of 3 entities have problems",
        "line 3, entity r1, property person: no subject with id 'x'",
    ]
    assert count(world.store, tw, "subject") == 0
    assert count(world.store, tw, "relation") == 0


def test_missing_extras_name_what_to_install(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "followthemoney", None)
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(ConfigurationError, match=r"the `ftm` extra: pip install 'liaison\[ftm\]'"):
        export_ftm(world.store, world.kh_analyst.actor, io.StringIO())
    path = _write(tmp_path / "x.jsonl", [{"id": "p1", "schema": "Person", "properties": {}}])
    with pytest.raises(ConfigurationError, match="ftm"):
        import_ftm(world.store, world.kh_analyst.actor, path)
    workbook = tmp_path / "x.xlsx"
    monkeypatch.delitem(sys.modules, "openpyxl")
    write_xlsx(workbook, [["id", "name"], ["S1", "Sok"]])
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(
        ConfigurationError, match=r"the `excel` extra: pip install 'liaison\[excel\]'"
    ):
        import_file(world.store, world.kh_analyst.actor, "subject", workbook)
    assert import_file(world.store, world.kh_analyst.actor, "subject", DATA / "subjects.csv") == 4
