"""DuckDB and Spark find the same candidate pairs, so xref gives the same pairs and scores."""

from __future__ import annotations

import os

import pytest

from liaison.demo import generate_demo
from liaison.domain.records import RecordKindName
from liaison.matching.batch import xref_profiles
from liaison.matching.profile import profile_of_subject


def test_spark_and_duckdb_give_the_same_pairs_and_scores() -> None:
    if os.environ.get("CI", "").lower() != "true":
        # CI installs every extra and must run this; elsewhere Spark is optional.
        pytest.importorskip("pyspark", reason="the spark extra is not installed")
    data = generate_demo(subjects=700)
    profiles = [
        profile_of_subject(record.record_id, record.data)
        for by_kind in data.records.values()
        for record in by_kind.get(RecordKindName.SUBJECT, [])
    ]
    duck = xref_profiles(profiles, threshold=0.3, engine="duckdb")
    spark = xref_profiles(profiles, threshold=0.3, engine="spark")
    assert len(duck) > 50
    assert [(p.left_id, p.right_id, p.score) for p in duck] == [
        (p.left_id, p.right_id, p.score) for p in spark
    ]
