"""Cantonese, Hokkien and Teochew spellings of Hong Kong, Singapore and Malaysian names.

The pairs are public figures who are NOT in the benchmark's development set, each in
Han characters and in the spelling the English-language press uses, often behind an
English given name (Emily Lau Wai-hing). They check conventions, not persons.
"""

from __future__ import annotations

import pytest

from liaison.matching.names import chinese, name_forms
from liaison.matching.profile import comparable_forms


def _share(one: str, other: str) -> bool:
    return bool(set(comparable_forms([one])[0]) & set(comparable_forms([other])[0]))


@pytest.mark.parametrize(
    ("native", "latin"),
    [
        ("劉慧卿", "Emily Lau Wai-hing"),  # English given name first
        ("梁天琦", "Edward Leung Tin-kei"),
        ("梁朝偉", "Tony Leung Chiu-wai"),
        ("張學友", "Jacky Cheung Hok-yau"),  # Jacky: not in the nickname lists
        ("向華強", "Charles Heung Wah-keung"),
        ("郭炳湘", "Walter Kwok Ping-sheung"),
        ("霍英東", "Henry Fok Ying-tung"),
        ("黃錦星", "Wong Kam-sing"),
        ("黃台仰", "Ray Wong Toi-yeung"),
        ("岑子杰", "Jimmy Sham Tsz-kit"),
        ("杨荣文", "George Yeo Yong-Boon"),
        ("颜金勇", "Gan Kim Yong"),
        ("林金山", "Lim Kim San"),
    ],
)
def test_a_southern_chinese_name_matches_its_customary_spelling(native: str, latin: str) -> None:
    assert _share(native, latin)


def test_the_english_name_may_follow_a_comma() -> None:
    assert _share("劉慧卿", "Lau Wai-hing, Emily")


def test_an_asian_word_is_never_taken_for_an_english_name() -> None:
    # Kim, Lee, Chan are family names; Ming is a syllable: nothing is dropped.
    assert "lee hsien" not in name_forms("Lee Hsien Loong").latin
    assert "hoe" not in " ".join(name_forms("Kim Sing Hoe").latin).split()[:1]


@pytest.mark.parametrize(
    ("char", "spelling"),
    [
        ("虎", "haw"),  # o͘ is written oh, o or aw
        ("杜", "toh"),
        ("瑞", "swee"),  # ui after a consonant is wee
        ("婉", "wan"),  # oan is uan or wan
    ],
)
def test_hokkien_syllables_have_their_customary_spellings(char: str, spelling: str) -> None:
    assert spelling in chinese._hokkien_char(char)


@pytest.mark.parametrize(
    ("jyutping", "spelling"),
    [
        ("zoeng1", "cheong"),  # Malaysian Cantonese
        ("fuk1", "fook"),
        ("luk6", "loke"),
        ("siu6", "siew"),
        ("zi3", "chee"),
    ],
)
def test_malaysian_cantonese_spellings_follow_the_hong_kong_ones(
    jyutping: str, spelling: str
) -> None:
    spellings = chinese.hong_kong_spellings(jyutping)
    assert spelling in spellings
    assert spellings[0] != spelling or jyutping == "zi3"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("李光耀", "Lee Hsien Loong"),  # father and son
        ("林鄭月娥", "Lam Cheng Yuk-ngor"),  # one syllable differs
        ("劉慧卿", "Emily Lau Wai-man"),
        ("黃之鋒", "Wong Chi-kwong"),
    ],
)
def test_relatives_and_near_namesakes_share_no_form(one: str, other: str) -> None:
    assert not _share(one, other)
