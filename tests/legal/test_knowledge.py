"""The shipped knowledge base loads, cites its sources, and bad input is refused clearly."""

from __future__ import annotations

from typing import Any

import pytest

from liaison.errors import ValidationFailed
from liaison.legal.knowledge import InstrumentStatus, build_knowledge_base
from liaison.legal.loading import baseline_knowledge_base, baseline_raw, read_yaml_text

DEMO_NATIONS = {"KH", "CN", "TW", "TH", "VN", "US", "MY", "KR", "AU", "LA"}


def test_the_shipped_knowledge_base_covers_the_demo_nations_with_sources() -> None:
    kb = baseline_knowledge_base()
    assert set(kb.nations) == DEMO_NATIONS
    for nation in kb.nations.values():
        assert nation.extradites_nationals.source.citation
        assert nation.extradition_without_treaty.source.citation
    for instrument in kb.instruments.values():
        assert instrument.sources, instrument.id
    assert all(law.source.citation for law in kb.crosswalk.values())
    assert "must verify" in kb.disclaimer


def test_the_instruments_the_issue_names_are_there() -> None:
    kb = baseline_knowledge_base()
    asean = kb.instruments["asean-mlat-2004"]
    assert {"KH", "TH", "VN", "MY", "LA"} <= asean.parties
    assert str(asean.signed) == "2004-11-29"
    strait = kb.instruments["cross-strait-2009"]
    assert strait.parties == {"CN", "TW"}
    assert str(strait.in_force) == "2009-06-25"
    # Uncertain treaties are recorded as unverified, never asserted in force.
    assert kb.instruments["kh-th-extradition"].status is InstrumentStatus.UNVERIFIED
    assert kb.absence("US", "KH") is not None


def _raw_with(section: str, key: str, value: Any) -> dict[str, Any]:
    raw = baseline_raw()
    raw[section][key] = value
    return raw


def _instrument(**changes: Any) -> dict[str, Any]:
    entry = dict(baseline_raw()["instruments"]["th-us-extradition-1983"])
    entry.update(changes)
    return entry


@pytest.mark.parametrize(
    ("raw", "file", "field", "message"),
    [
        (
            _raw_with("instruments", "x", _instrument(parties=["TH", "XX"])),
            "instruments.yaml",
            "instruments.x.parties[1]",
            "'XX' is not an ISO 3166-1 alpha-2 nation code",
        ),
        (
            _raw_with("instruments", "x", _instrument(parties=[])),
            "instruments.yaml",
            "instruments.x.parties",
            "at least two parties",
        ),
        (
            _raw_with("instruments", "x", _instrument(signed="2001-01-01", in_force="2000-01-01")),
            "instruments.yaml",
            "instruments.x.in_force",
            "in force 2000-01-01 is before it was signed 2001-01-01",
        ),
        (
            _raw_with(
                "offences",
                "jaywalking",
                {"KH": {"criminal": "yes", "source": {"citation": "x"}}},
            ),
            "crosswalk.yaml",
            "offences.jaywalking",
            "'jaywalking' is not an offence code",
        ),
        (
            _raw_with("instruments", "x", _instrument(sources=[])),
            "instruments.yaml",
            "instruments.x.sources",
            "every instrument needs a public source",
        ),
        (
            _raw_with("nations", "ZZ", baseline_raw()["nations"]["KH"]),
            "nations.yaml",
            "nations.ZZ",
            "'ZZ' is not an ISO 3166-1 alpha-2 nation code",
        ),
    ],
    ids=[
        "unknown-nation",
        "no-parties",
        "in-force-before-signed",
        "unknown-offence",
        "no-source",
        "unknown-nation-rules",
    ],
)
def test_bad_knowledge_is_refused_naming_file_and_field(
    raw: dict[str, Any], file: str, field: str, message: str
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        build_knowledge_base(raw)
    problems = caught.value.details
    assert {"file": file, "field": field} in [
        {"file": p["file"], "field": p["field"]} for p in problems
    ], problems
    assert any(message in p["message"] for p in problems)
    assert file in caught.value.message


def test_an_absence_that_contradicts_a_treaty_is_refused() -> None:
    raw = baseline_raw()
    raw["no_extradition_treaty"].append({"parties": ["TH", "US"], "source": {"citation": "wrong"}})
    with pytest.raises(ValidationFailed, match="th-us-extradition-1983 binds them"):
        build_knowledge_base(raw)


def test_broken_yaml_names_the_file() -> None:
    with pytest.raises(ValidationFailed, match=r"instruments\.yaml is not valid YAML"):
        read_yaml_text("instruments.yaml", "instruments: [unclosed")
