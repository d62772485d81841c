"""The public contract of liaison.matching.names: shapes, scripts and bad input."""

from __future__ import annotations

import re
import time

import pytest

from liaison.errors import ValidationFailed
from liaison.matching.names import (
    NICKNAMES,
    NameForms,
    latin_variants_of_token,
    name_forms,
)

FORM = re.compile(r"^[a-z]+( [a-z]+)*$")

SAMPLES = [
    "陳志明",
    "Chen Chih-ming",
    "ហ៊ុន សែន",
    "ทักษิณ ชินวัตร",
    "박근혜",
    "さとう たろう",
    "Nguyễn Xuân Phúc",
    "O'Brien, Mary-Jane",
    "Иван Петров",
]


@pytest.mark.parametrize("name", SAMPLES)
def test_forms_are_lower_case_ascii_words_and_the_original_is_kept(name: str) -> None:
    forms = name_forms(name)
    assert forms.original == name
    for form in (*forms.latin, *forms.given_joined):
        assert FORM.match(form), form


@pytest.mark.parametrize(
    ("name", "script"),
    [
        ("陳志明", "Hani"),
        ("ហ៊ុន សែន", "Khmr"),
        ("ทักษิณ", "Thai"),
        ("박근혜", "Hang"),
        ("さとう", "Jpan"),
        ("Nguyễn", "Latn"),
    ],
)
def test_the_script_is_detected(name: str, script: str) -> None:
    assert name_forms(name).script == script


def test_a_given_script_overrides_detection() -> None:
    assert name_forms("林", script="Jpan").script == "Jpan"


def test_han_names_carry_both_scripts_simplified_first() -> None:
    assert name_forms("陳志明").han == ("陈志明", "陳志明")
    assert name_forms("陈志明").han == ("陈志明", "陳志明")
    assert name_forms("李光耀").han == ("李光耀",)
    assert name_forms("Chen Zhiming").han == ()


def test_the_best_form_comes_first() -> None:
    assert name_forms("陳志明").latin[0] == "chen zhi ming"
    assert name_forms("Ch'en Chih-ming").latin[0] == "chen chih ming"
    assert name_forms("ĐẶNG Văn Lâm").latin[0] == "dang van lam"


def test_every_way_of_writing_a_given_name_meets_in_a_joined_form() -> None:
    spellings = ["Xi Jin-ping", "Xi Jinping", "Xi Jin Ping", "習近平", "XI Jin-Ping"]
    common = set.intersection(*(set(name_forms(s).given_joined) for s in spellings))
    assert "xi jinping" in common


def test_a_family_name_in_capitals_is_also_put_first() -> None:
    assert "chen zhiming" in name_forms("Zhiming CHEN").latin


def test_a_common_nickname_gives_the_full_name_too() -> None:
    assert "william clinton" in name_forms("Bill Clinton").latin
    # Asian names that happen to be English nicknames are left alone.
    assert name_forms("Kim Jong Un").latin == ("kim jong un",)


def test_token_variants_come_from_the_tables() -> None:
    lee = latin_variants_of_token("Lee")
    assert lee[0] == "lee"
    assert {"li", "yi", "rhee", "ri"} <= set(lee)
    assert {"chen", "chan"} <= set(latin_variants_of_token("tan"))
    assert "sokh" in latin_variants_of_token("sok")
    assert "shinawatra" in latin_variants_of_token("chinnawat")
    assert latin_variants_of_token("Smithers") == ("smithers",)


def test_nicknames_map_both_ways() -> None:
    assert "william" in NICKNAMES["bill"]
    assert "bill" in NICKNAMES["william"]
    assert "robert" in NICKNAMES["bob"]
    assert len(NICKNAMES) > 1000


def test_name_forms_is_a_frozen_value() -> None:
    forms = name_forms("Sok Phal")
    assert isinstance(forms, NameForms)
    with pytest.raises(AttributeError):
        forms.latin = ()  # type: ignore[misc]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "empty"),
        ("   \t", "empty"),
        ("!!! --- ...", "no letter"),
        ("12345", "no letter"),
        ("x" * 501, "at most 500"),
    ],
)
def test_bad_names_are_refused_with_a_clear_message(value: str, message: str) -> None:
    with pytest.raises(ValidationFailed, match=message):
        name_forms(value)


def test_a_huge_name_is_refused_at_once() -> None:
    started = time.perf_counter()
    with pytest.raises(ValidationFailed, match="at most 500 characters; this one has 10485760"):
        name_forms("陳" * 10 * 1024 * 1024)
    assert time.perf_counter() - started < 0.5


def test_an_unknown_script_code_is_refused() -> None:
    with pytest.raises(ValidationFailed, match="unknown script 'Klingon'"):
        name_forms("Chen", script="Klingon")


def test_a_name_that_is_not_text_is_refused() -> None:
    with pytest.raises(ValidationFailed, match="must be text"):
        name_forms(12345)  # type: ignore[arg-type]
