"""Online search and judgements against the store, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest

from liaison.errors import NotFound, ValidationFailed
from liaison.services import matching, records
from liaison.services.matching import MatchQuery
from tests.conftest import World

CHEN = {
    "ref": "TW-1",
    "names": [{"value": "陳志明"}],
    "birth_date": "1985-03-12",
    "nationalities": ["TW"],
}
BROTHER = {
    "ref": "TW-2",
    "names": [{"value": "陳志強"}],
    "birth_date": "1987-07-01",
    "nationalities": ["TW"],
}
CHEN_LATIN = {
    "ref": "TW-3",
    "names": [{"value": "Chen Chih-ming"}],
    "birth_date": "1985-03",
    "nationalities": ["TW"],
}
STRANGER = {
    "ref": "TW-4",
    "names": [{"value": "Chen Ming"}],
    "birth_date": "1961",
    "nationalities": ["CN"],
}


def _add(world: World, actor_name: str, *subjects: dict[str, Any]) -> list[str]:
    actor = getattr(world, actor_name).actor
    return [records.create_record(world.store, actor, "subject", s)["id"] for s in subjects]


def test_search_in_any_script_finds_him_first_and_not_his_brother(world: World) -> None:
    chen, brother, latin, stranger = _add(world, "tw_analyst", CHEN, BROTHER, CHEN_LATIN, STRANGER)
    for name in ("陳志明", "陈志明", "Chen Zhiming", "Zhiming CHEN", "Chen Chih-ming"):
        found = matching.search_subjects(
            world.store, world.tw_analyst.actor, MatchQuery(name, "1985-03-12")
        )
        top = [r["id"] for r in found if r["score"] >= matching.DEFAULT_THRESHOLD]
        assert chen in top, name
        assert latin in top, name
        assert brother not in top, name
        assert stranger not in top, name
        assert found[0]["explanation"], name


def test_search_never_shows_another_agencys_subjects(world: World) -> None:
    _add(
        world,
        "kh_analyst",
        {"names": [{"value": "ចេន ជីមីង"}, {"value": "Chen Zhiming"}], "ref": "KH-1"},
    )
    for member in (world.tw_analyst, world.tw_admin, world.coordinator):
        found = matching.search_subjects(world.store, member.actor, MatchQuery("Chen Zhiming"))
        assert found == []


def test_not_same_judgement_removes_the_pair_from_candidates(world: World) -> None:
    chen, _, latin, _ = _add(world, "tw_analyst", CHEN, BROTHER, CHEN_LATIN, STRANGER)
    before = matching.candidate_duplicates(world.store, world.tw_analyst.actor, chen)
    assert latin in [c["id"] for c in before]
    matching.judge_pair(
        world.store, world.tw_analyst.actor, chen, latin, "not_same", "different fathers"
    )
    after = matching.candidate_duplicates(world.store, world.tw_analyst.actor, chen)
    assert latin not in [c["id"] for c in after]
    store_pairs = {
        frozenset((p.left_id, p.right_id))
        for p in matching.xref_agency(world.store, world.tw_analyst.actor, threshold=0.0)
    }
    assert frozenset((chen, latin)) not in store_pairs
    kept = matching.list_judgements(world.store, world.tw_analyst.actor)
    assert [(k["verdict"], k["note"]) for k in kept] == [("not_same", "different fathers")]
    matching.judge_pair(world.store, world.tw_analyst.actor, latin, chen, "same")
    assert latin in [
        c["id"] for c in matching.candidate_duplicates(world.store, world.tw_analyst.actor, chen)
    ]


def test_judging_another_agencys_subject_is_refused(world: World) -> None:
    (theirs,) = _add(world, "kh_analyst", {"names": [{"value": "Sok Phal"}]})
    (mine,) = _add(world, "tw_analyst", CHEN)
    with pytest.raises(NotFound):
        matching.judge_pair(world.store, world.tw_analyst.actor, mine, theirs, "same")
    with pytest.raises(ValidationFailed, match="verdict 'maybe'"):
        matching.judge_pair(world.store, world.tw_analyst.actor, mine, mine + "x", "maybe")


def test_online_and_batch_scores_agree_for_the_same_pair(world: World) -> None:
    chen, _, latin, stranger = _add(world, "tw_analyst", CHEN, BROTHER, CHEN_LATIN, STRANGER)
    actor = world.tw_analyst.actor
    online = {c["id"]: c["score"] for c in matching.candidate_duplicates(world.store, actor, chen)}
    searched = {
        c["id"]: c["score"]
        for c in matching.search_subjects(
            world.store, actor, MatchQuery("Chen Chih-ming", birth_date="1985-03", nationality="TW")
        )
    }
    batch = {
        frozenset((p.left_id, p.right_id)): p.score
        for p in matching.xref_agency(world.store, actor, threshold=0.0)
    }
    assert online[latin] == pytest.approx(batch[frozenset((chen, latin))], abs=1e-4)
    assert online[latin] >= matching.DEFAULT_THRESHOLD
    # The search for Chen Chih-ming born 1985-03 is the Latin record itself, scored
    # against the same population.
    assert searched[chen] == pytest.approx(batch[frozenset((chen, latin))], abs=1e-4)
    if frozenset((latin, stranger)) in batch:
        assert searched[stranger] == pytest.approx(batch[frozenset((latin, stranger))], abs=1e-4)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        (MatchQuery("!!!"), "name"),
        (MatchQuery("x" * 600), "name"),
        (MatchQuery("Chen", birth_date="31/12/1985"), "birth_date"),
        (MatchQuery("Chen", nationality="Atlantis"), "nationality"),
        (MatchQuery("Chen", limit=0), "limit"),
    ],
)
def test_bad_queries_name_the_field(world: World, query: MatchQuery, field: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        matching.search_subjects(world.store, world.tw_analyst.actor, query)
    assert caught.value.details[0]["field"] == field


def test_the_index_follows_every_write(world: World) -> None:
    actor = world.tw_analyst.actor
    (chen,) = _add(world, "tw_analyst", CHEN)

    def found(name: str) -> list[str]:
        hits = matching.search_subjects(world.store, actor, MatchQuery(name, threshold=0.5))
        return [h["id"] for h in hits]

    assert found("Chen Zhiming") == [chen]
    records.update_record(
        world.store, actor, "subject", chen, {"names": [{"value": "Lin Wei-ting"}]}, replace=False
    )
    assert found("Chen Zhiming") == []
    assert found("Lin Weiting") == [chen]
    records.delete_record(world.store, world.tw_admin.actor, "subject", chen)
    assert found("Lin Weiting") == []


def test_imported_subjects_are_searchable_at_once(world: World) -> None:
    rows = [
        records.ImportRow(number, {"names": [{"value": name}], "birth_date": born})
        for number, (name, born) in enumerate(
            [("ហ៊ុន សែន", "1952-08-05"), ("Sok Phal", "1970"), ("Hun Sen", "1952")], start=1
        )
    ]
    assert records.import_records(world.store, world.kh_analyst.actor, "subject", rows) == 3
    hits = matching.search_subjects(
        world.store, world.kh_analyst.actor, MatchQuery("Hun Sen", "1952", threshold=0.5)
    )
    assert sorted(h["names"][0] for h in hits) == ["Hun Sen", "ហ៊ុន សែន"]


def test_a_large_import_is_indexed_to_its_last_row(world: World) -> None:
    # More than two chunks: the later ones are indexed in a worker process.
    count = records.CHUNK * 3 + 7
    rows = [
        records.ImportRow(n, {"names": [{"value": f"Subject {n:05d} Example"}]})
        for n in range(1, count)
    ]
    rows.append(records.ImportRow(count, {"names": [{"value": "ហ៊ុន ម៉ាណែត"}], "ref": "LAST"}))
    assert records.import_records(world.store, world.kh_analyst.actor, "subject", rows) == count
    hits = matching.search_subjects(world.store, world.kh_analyst.actor, MatchQuery("Hun Manet"))
    assert [h["ref"] for h in hits][:1] == ["LAST"]


def test_a_common_name_counts_for_less_than_a_rare_one(world: World) -> None:
    actor = world.tw_analyst.actor
    namesakes = [{"names": [{"value": "Chen Wei"}], "birth_date": f"{1960 + n}"} for n in range(30)]
    rare = {"names": [{"value": "Tsai Ing-wen"}], "birth_date": "1956-08-31"}
    _add(world, "tw_analyst", *namesakes, rare)
    common = matching.search_subjects(world.store, actor, MatchQuery("Chen Wei", "1975"))
    unique = matching.search_subjects(world.store, actor, MatchQuery("Tsai Ing-wen", "1956"))
    assert unique[0]["score"] >= matching.DEFAULT_THRESHOLD
    assert common[0]["score"] < unique[0]["score"]
    assert "29 other subjects have" in common[0]["explanation_text"]
    assert "no other subject has" in unique[0]["explanation_text"]
