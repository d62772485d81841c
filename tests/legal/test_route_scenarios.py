"""The legal-route engine on situations drawn from the domain, with the expected routes
and reasons. Most run on the shipped knowledge base; a few change one fact first (said
in the test) to show how the engine answers when the law is different."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from liaison.errors import ValidationFailed
from liaison.legal.knowledge import KnowledgeBase, build_knowledge_base
from liaison.legal.loading import (
    Change,
    Section,
    apply_changes,
    baseline_knowledge_base,
    baseline_raw,
)
from liaison.legal.routes import (
    ConditionStatus,
    Route,
    RouteAnalysis,
    RouteKind,
    RouteQuestion,
    RouteStatus,
    VictimStatus,
    analyse_routes,
)

DAY = dt.date(2025, 6, 1)


def ask(
    wanted_by: str,
    located_in: str,
    nationality: str,
    *offences: str,
    kb: KnowledgeBase | None = None,
    **extra: Any,
) -> RouteAnalysis:
    question = RouteQuestion(
        wanted_by=wanted_by,
        located_in=located_in,
        nationalities=tuple(nationality.split(",")),
        offences=offences,
        on_date=DAY,
        **extra,
    )
    return analyse_routes(kb or baseline_knowledge_base(), question)


def route(analysis: RouteAnalysis, kind: RouteKind, instrument: str | None = None) -> Route:
    found = [
        r
        for r in analysis.routes
        if r.kind is kind and (instrument is None or r.instrument == instrument)
    ]
    assert found, f"no {kind} route in {[r.title for r in analysis.routes]}"
    return found[0]


def reasons(r: Route, status: ConditionStatus) -> str:
    return " | ".join(c.reason for c in r.conditions if c.status is status)


def changed(section: Section, key: str, body: dict[str, Any] | None) -> KnowledgeBase:
    return build_knowledge_base(apply_changes(baseline_raw(), [Change(section, key, body)]))


def test_taiwanese_in_cambodia_wanted_by_taiwan() -> None:
    analysis = ask("TW", "KH", "TW", "online_scam")
    assert "no extradition treaty between Taiwan and Cambodia" in analysis.steps[1].text
    assert not [r for r in analysis.routes if r.kind is RouteKind.EXTRADITION_TREATY]
    # Cambodia's code allows extradition without a treaty, but Taiwan's request may not
    # even be receivable: Cambodia does not recognise it.
    law = route(analysis, RouteKind.EXTRADITION_WITHOUT_TREATY)
    assert law.status is RouteStatus.NEEDS_DECISION
    assert "does not recognise Taiwan" in reasons(law, ConditionStatus.DECIDE)
    # Deportation home is possible, with the reported risk of deportation to China.
    deportation = route(analysis, RouteKind.DEPORTATION)
    assert deportation.destination == "TW"
    assert "reportedly deported Taiwan nationals to China" in reasons(
        deportation, ConditionStatus.DECIDE
    )


def test_chinese_national_in_cambodia_wanted_by_china() -> None:
    analysis = ask("CN", "KH", "CN", "online_scam")
    best = analysis.best
    assert best is not None
    assert best.kind is RouteKind.EXTRADITION_TREATY
    assert best.instrument == "cn-kh-extradition-1999"
    assert best.status is RouteStatus.AVAILABLE
    assert "punishable by at least 1 year in both" in reasons(best, ConditionStatus.HOLDS)


def test_us_request_for_a_chinese_national_in_cambodia() -> None:
    analysis = ask("US", "KH", "CN", "drug_trafficking", penalty_years=10)
    assert not [r for r in analysis.routes if r.kind is RouteKind.EXTRADITION_TREATY]
    assert "no extradition treaty between United States and Cambodia" in analysis.steps[1].text
    best = analysis.best
    assert best is not None
    assert best.instrument == "untoc-2000"
    assert best.status is RouteStatus.NEEDS_DECISION
    assert "organized criminal group" in reasons(best, ConditionStatus.DECIDE)
    deportation = route(analysis, RouteKind.DEPORTATION)
    assert deportation.destination == "CN"
    assert "not to United States" in reasons(deportation, ConditionStatus.DECIDE)


def test_thai_national_wanted_by_cambodia_for_conduct_not_criminal_in_thailand() -> None:
    # Supposing Thai law did not make the conduct an offence (changed for this test).
    kb = changed(
        Section.OFFENCE_LAW,
        "illegal_gambling/TH",
        {"criminal": "no", "law": "none", "source": {"citation": "test assumption"}},
    )
    analysis = ask("KH", "TH", "TH", "illegal_gambling", kb=kb)
    assert analysis.best is None
    assert "a loophole" in analysis.steps[-1].text
    for r in analysis.routes:
        assert r.status is RouteStatus.BLOCKED
    law = route(analysis, RouteKind.EXTRADITION_WITHOUT_TREATY)
    assert "illegal gambling is not an offence in Thailand" in reasons(law, ConditionStatus.FAILS)


def test_cambodian_national_wanted_by_vietnam_when_the_law_bars_extraditing_nationals() -> None:
    # Supposing Cambodian law barred extraditing nationals outright (changed for this test).
    raw = baseline_raw()
    nation = dict(raw["nations"]["KH"])
    nation["extradites_nationals"] = {"value": "never", "source": {"citation": "test assumption"}}
    kb = changed(Section.NATION, "KH", nation)
    analysis = ask("VN", "KH", "KH", "drug_trafficking", kb=kb)
    for r in analysis.routes:
        if r.kind in {RouteKind.EXTRADITION_TREATY, RouteKind.EXTRADITION_CONVENTION}:
            assert r.status is RouteStatus.BLOCKED
            assert "bars extraditing its nationals" in reasons(r, ConditionStatus.FAILS)
    best = analysis.best
    assert best is not None
    assert best.kind is RouteKind.PROSECUTION_WHERE_HELD
    assert best.status is RouteStatus.AVAILABLE


def test_cambodian_national_wanted_by_vietnam_under_the_shipped_data() -> None:
    analysis = ask("VN", "KH", "KH", "drug_trafficking")
    treaty = route(analysis, RouteKind.EXTRADITION_TREATY, "kh-vn-extradition-2013")
    # Cambodia surrenders nationals only under an agreement; the 2013 treaty is not
    # verified in force, so it needs a decision rather than a yes.
    assert treaty.status is RouteStatus.NEEDS_DECISION
    assert "not verified" in reasons(treaty, ConditionStatus.DECIDE)
    without = route(analysis, RouteKind.EXTRADITION_WITHOUT_TREATY)
    assert without.status is RouteStatus.BLOCKED
    assert "only under an extradition agreement" in reasons(without, ConditionStatus.FAILS)
    assert route(analysis, RouteKind.DEPORTATION).status is RouteStatus.BLOCKED


def test_vietnamese_national_in_vietnam_wanted_by_cambodia() -> None:
    analysis = ask("KH", "VN", "VN", "drug_trafficking")
    for r in analysis.routes:
        if r.kind in {RouteKind.EXTRADITION_CONVENTION, RouteKind.EXTRADITION_WITHOUT_TREATY}:
            assert "bars extraditing its nationals" in reasons(r, ConditionStatus.FAILS)
    best = analysis.best
    assert best is not None
    assert best.kind is RouteKind.PROSECUTION_WHERE_HELD
    assert best.destination == "VN"


def test_taiwanese_national_in_taiwan_wanted_by_china() -> None:
    analysis = ask("CN", "TW", "TW", "fraud")
    surrender = route(analysis, RouteKind.SURRENDER_ARRANGEMENT, "cross-strait-2009")
    assert surrender.status is RouteStatus.BLOCKED
    assert "national of Taiwan" in reasons(surrender, ConditionStatus.FAILS)
    best = analysis.best
    assert best is not None
    assert best.kind is RouteKind.PROSECUTION_WHERE_HELD
    assert best.status is RouteStatus.NEEDS_DECISION  # Taiwan's reach abroad is conditional


def test_taiwanese_fugitive_on_the_mainland_wanted_by_taiwan() -> None:
    analysis = ask("TW", "CN", "TW", "fraud")
    best = analysis.best
    assert best is not None
    assert best.kind is RouteKind.SURRENDER_ARRANGEMENT
    assert best.status is RouteStatus.AVAILABLE
    assert best.title.startswith("Surrender (repatriation)")


def test_thai_national_in_thailand_wanted_by_the_united_states() -> None:
    analysis = ask("US", "TH", "TH", "drug_trafficking")
    best = analysis.best
    assert best is not None
    assert best.instrument == "th-us-extradition-1983"
    assert best.status is RouteStatus.NEEDS_DECISION
    assert "may refuse to surrender its nationals" in reasons(best, ConditionStatus.DECIDE)


def test_american_in_thailand_wanted_by_the_united_states() -> None:
    best = ask("US", "TH", "US", "drug_trafficking").best
    assert best is not None
    assert best.instrument == "th-us-extradition-1983"
    assert best.status is RouteStatus.AVAILABLE


def test_chinese_fugitive_in_australia_where_the_treaty_is_not_in_force() -> None:
    analysis = ask("CN", "AU", "CN", "fraud")
    treaty = route(analysis, RouteKind.EXTRADITION_TREATY, "au-cn-extradition-2007")
    assert treaty.status is RouteStatus.BLOCKED
    assert "not in force (signed not in force)" in reasons(treaty, ConditionStatus.FAILS)


def test_murder_suspect_wanted_by_china_in_australia_needs_a_death_penalty_assurance() -> None:
    analysis = ask("CN", "AU", "CN", "homicide")
    law = route(analysis, RouteKind.EXTRADITION_WITHOUT_TREATY)
    assert "assurance that it will not be imposed" in reasons(law, ConditionStatus.DECIDE)


def test_cambodian_in_china_wanted_by_cambodia() -> None:
    best = ask("KH", "CN", "KH", "drug_trafficking").best
    assert best is not None
    assert best.instrument == "cn-kh-extradition-1999"
    assert best.status is RouteStatus.AVAILABLE


@pytest.mark.parametrize("status", [VictimStatus.FLAGGED, VictimStatus.VICTIM])
def test_possible_trafficking_victim_blocks_every_punitive_route(status: VictimStatus) -> None:
    analysis = ask("CN", "KH", "CN", "online_scam", victim_status=status)
    assert analysis.best is None
    for r in analysis.routes:
        assert r.status is RouteStatus.BLOCKED
        assert any(c.name == "non_punishment" for c in r.blockers)
    assert any("trafficking" in step.text for step in analysis.steps)


def test_screened_not_a_victim_reopens_the_treaty() -> None:
    analysis = ask("CN", "KH", "CN", "online_scam", victim_status=VictimStatus.NOT_VICTIM)
    best = analysis.best
    assert best is not None
    assert best.status is RouteStatus.AVAILABLE
    assert "screening recorded: not a trafficking victim" in reasons(best, ConditionStatus.HOLDS)


def test_vietnamese_in_vietnam_wanted_by_the_united_states() -> None:
    analysis = ask("US", "VN", "VN", "fraud")
    assert "no extradition treaty between United States and Viet Nam" in analysis.steps[1].text
    untoc = route(analysis, RouteKind.EXTRADITION_CONVENTION, "untoc-2000")
    assert untoc.status is RouteStatus.BLOCKED
    best = analysis.best
    assert best is not None
    assert best.kind is RouteKind.PROSECUTION_WHERE_HELD


def test_person_already_in_the_requesting_nation() -> None:
    analysis = ask("KH", "KH", "CN", "online_scam")
    assert [r.kind for r in analysis.routes] == [RouteKind.DOMESTIC]
    assert analysis.best is not None
    assert analysis.best.status is RouteStatus.AVAILABLE


def test_american_at_home_wanted_by_malaysia_for_drugs() -> None:
    # US law lets the US surrender its citizens, but the treaty leaves it discretionary.
    best = ask("MY", "US", "US", "drug_trafficking").best
    assert best is not None
    assert best.instrument == "my-us-extradition-1995"
    assert best.status is RouteStatus.NEEDS_DECISION
    assert "may refuse to surrender its nationals" in reasons(best, ConditionStatus.DECIDE)


def test_unknown_pair_says_a_legal_officer_should_check() -> None:
    analysis = ask("KR", "LA", "LA", "fraud")
    assert "a legal officer should check" in analysis.steps[1].text
    law = route(analysis, RouteKind.EXTRADITION_WITHOUT_TREATY)
    assert law.status is RouteStatus.NEEDS_DECISION
    assert "not established" in reasons(law, ConditionStatus.DECIDE)


def test_penalty_under_the_threshold_blocks_extradition() -> None:
    analysis = ask("US", "TH", "US", "fraud", penalty_years=0.5)
    treaty = route(analysis, RouteKind.EXTRADITION_TREATY, "th-us-extradition-1983")
    assert treaty.status is RouteStatus.BLOCKED
    assert "under the threshold" in reasons(treaty, ConditionStatus.FAILS)
    assert "United States: at most 0.5 years" in reasons(treaty, ConditionStatus.FAILS)


def test_two_year_threshold_of_the_cambodia_vietnam_treaty() -> None:
    analysis = ask("VN", "KH", "VN", "fraud", penalty_years=1.5)
    treaty = route(analysis, RouteKind.EXTRADITION_TREATY, "kh-vn-extradition-2013")
    assert "punishable by at least 2 years in both" in reasons(treaty, ConditionStatus.FAILS)


def test_alleged_political_character_needs_a_decision() -> None:
    best = ask("CN", "KH", "CN", "fraud", political_character=True).best
    assert best is not None
    assert best.status is RouteStatus.NEEDS_DECISION
    assert "political character" in reasons(best, ConditionStatus.DECIDE)


def test_offence_outside_a_conventions_scope() -> None:
    analysis = ask("CN", "KH", "CN", "online_scam")
    vienna = route(analysis, RouteKind.EXTRADITION_CONVENTION, "vienna-drugs-1988")
    assert vienna.status is RouteStatus.BLOCKED
    assert "outside its scope" in reasons(vienna, ConditionStatus.FAILS)


def test_every_condition_that_decides_cites_a_rule_and_most_a_source() -> None:
    analysis = ask("US", "KH", "CN", "drug_trafficking", penalty_years=10)
    conditions = [c for r in analysis.routes for c in r.conditions]
    assert all(c.rule for c in conditions)
    cited = [c for c in conditions if c.source is not None]
    assert len(cited) >= 0.8 * len(conditions)
    assert analysis.disclaimer.startswith("Starting data")
    assert "must verify" in analysis.disclaimer


@pytest.mark.parametrize(
    ("field", "question", "message"),
    [
        ("wanted_by", {"wanted_by": "XX"}, "'XX' is not an ISO 3166-1 alpha-2 nation code"),
        ("located_in", {"located_in": "PH"}, "no rules for PH"),
        ("offence", {"offences": ("jaywalking",)}, "'jaywalking' is not an offence code"),
        ("nationality", {"nationalities": ()}, "at least one nationality"),
    ],
)
def test_bad_questions_are_refused_with_the_field(
    field: str, question: dict[str, Any], message: str
) -> None:
    base: dict[str, Any] = {
        "wanted_by": "US",
        "located_in": "KH",
        "nationalities": ("CN",),
        "offences": ("fraud",),
    }
    with pytest.raises(ValidationFailed, match=message) as caught:
        analyse_routes(baseline_knowledge_base(), RouteQuestion(**{**base, **question}))
    assert caught.value.details[0]["field"] == field
