"""Khmer, Thai, Korean and Japanese rules, for names the customary tables do not know."""

from __future__ import annotations

import pytest

from liaison.matching.names import japanese, khmer, korean, name_forms, thai


@pytest.mark.parametrize(
    ("word", "ungegn"),
    [
        ("ផល", "phal"),  # first series, inherent a, final l
        ("ជា", "chea"),  # second series: ា is ea
        ("ចា", "cha"),  # first series: ា is a
        ("ហ៊ុន", "hun"),  # triisap moves ហ to the second series
        ("ស្រី", "srei"),  # a cluster with a subscript
        ("ចន្ថា", "chantha"),  # the subscript starts the next syllable
        ("សំណាង", "samnang"),  # nikahit
    ],
)
def test_khmer_words_follow_ungegn(word: str, ungegn: str) -> None:
    assert khmer.romanise_word(word, 0) == ungegn


def test_khmer_customary_style_writes_e_and_y() -> None:
    assert khmer.romanise_word("សែន", 0) == "saen"
    assert khmer.romanise_word("សែន", 1) == "sen"


def test_a_khmer_transcription_of_a_chinese_name_is_romanised() -> None:
    assert name_forms("ចេន ជីមីង").latin[0] == "chen chiming"


@pytest.mark.parametrize(
    ("word", "rtgs"),
    [
        ("ทักษิณ", "thaksin"),
        ("สมชาย", "somchai"),
        ("พงศกร", "phongsakon"),
        ("วงศ์สวัสดิ์", "wongsawat"),
        ("จันทร์แก้ว", "chankaeo"),
        ("ประเสริฐ", "prasoet"),
        ("ลิ้มเจริญรัตน์", "limcharoenrat"),
        ("เทือกสุบรรณ", "thueaksuban"),
    ],
)
def test_thai_words_follow_rtgs(word: str, rtgs: str) -> None:
    assert thai.romanise_word(word, 0) == rtgs


def test_thai_customary_style_keeps_passport_habits() -> None:
    assert thai.romanise_word("พงศกร", 1) == "pongsakorn"
    assert thai.romanise_word("มาลี", 1) == "malee"


def test_hangul_syllables_follow_revised_romanization() -> None:
    # Personal names do not write the sound changes between syllables: Han Boknam.
    assert name_forms("한복남").latin[0] == "han bok nam"
    assert [c.syllables[0] for c in korean.syllable_choices("명")][:2] == ["myeong", "myung"]


def test_korean_surnames_have_their_passport_spellings() -> None:
    forms = name_forms("이명박").latin
    assert forms[0] == "i myeong bak"
    assert "lee myeong bak" in forms[:2]


@pytest.mark.parametrize(
    ("kana", "hepburn"),
    [
        ("さとう たろう", "satou tarou"),
        ("キシダ", "kishida"),
        ("はっとり", "hattori"),
        ("まっちゃ", "matcha"),
        ("しんぞう", "shinzou"),
    ],
)
def test_kana_follow_hepburn(kana: str, hepburn: str) -> None:
    assert " ".join(japanese.kana_to_hepburn(w) for w in kana.split()) == hepburn


def test_passport_hepburn_drops_long_vowels_but_not_syllables() -> None:
    assert japanese.passport_hepburn("shinzou") == "shinzo"
    assert japanese.passport_hepburn("oono") == "ono"
    assert japanese.passport_hepburn("inoue") == "inoue"


def test_a_kana_name_gives_the_passport_spelling_first() -> None:
    assert name_forms("さとう たろう").latin[:2] == ("sato taro", "satou tarou")
