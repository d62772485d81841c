"""Names in each agency's conventions, documents and phones in each nation's format."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from liaison.demo import documents
from liaison.demo.people import ChineseName
from liaison.demo.spellings import chinese_latin, misspell, strip_diacritics
from liaison.demo.tables import _faker_person, name_tables
from liaison.domain.phones import to_e164
from liaison.errors import ConfigurationError


def _name(text: str) -> ChineseName:
    characters = name_tables().chinese.characters
    return ChineseName(characters[text[0]], tuple(characters[c] for c in text[1:]))


@pytest.mark.parametrize(
    ("system", "passport", "expected"),
    [
        ("pinyin", False, ("Chen", "Zhiming")),
        ("wade_giles", False, ("Ch'en", "Chih-ming")),
        ("wade_giles", True, ("Chen", "Chih-ming")),
        ("cantonese", False, ("Chan", "Chi-ming")),
        ("hokkien", False, ("Tan", "Chee Beng")),
        ("vietnamese", False, ("Trần", "Chí Minh")),
    ],
)
def test_one_chinese_name_in_every_romanisation(
    system: str, passport: bool, expected: tuple[str, str]
) -> None:
    assert chinese_latin(_name("陳志明"), system, passport=passport) == expected


def test_hanzi_forms_and_khmer_rendering_of_the_product_brief_example() -> None:
    name = _name("陳志明")
    assert name.family.simplified + "".join(h.simplified for h in name.given) == "陈志明"
    khmer = name.family.khmer + " " + "".join(h.khmer for h in name.given)
    assert khmer == "ចេន ជីមីង"
    assert _name("陳志強").given[1].simplified == "强"


def test_pinyin_marks_a_vowel_syllable_inside_a_given_name_but_passports_do_not() -> None:
    assert chinese_latin(_name("林承恩"), "pinyin") == ("Lin", "Cheng'en")
    assert chinese_latin(_name("林承恩"), "pinyin", passport=True) == ("Lin", "Chengen")


def test_vietnamese_without_diacritics() -> None:
    assert strip_diacritics("Nguyễn Văn Đức") == "Nguyen Van Duc"


def test_a_misspelling_keeps_the_first_letter_and_changes_the_name() -> None:
    rng = random.Random(1)
    for _ in range(200):
        wrong = misspell(rng, "CHEN ZHIMING")
        assert wrong[0] == "C" and wrong != "CHEN ZHIMING"
        assert abs(len(wrong) - len("CHEN ZHIMING")) <= 1


def test_national_ids_carry_valid_check_digits() -> None:
    rng = random.Random(2)
    birth = dt.date(1985, 3, 14)
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    for _ in range(50):
        cn = documents.national_id(rng, "CN", birth, male=True)
        assert cn is not None and cn[6:14] == "19850314" and int(cn[16]) % 2 == 1
        total = sum(int(d) * w for d, w in zip(cn[:17], weights, strict=True))
        assert cn[17] == "10X98765432"[total % 11]
        tw = documents.national_id(rng, "TW", birth, male=False)
        assert tw is not None and tw[1] == "2"
        letter = {"A": 10, "B": 11, "D": 13, "E": 14, "H": 17, "L": 20, "N": 22, "T": 27}[tw[0]]
        digits = [letter // 10, letter % 10, *map(int, tw[1:])]
        assert (
            sum(d * w for d, w in zip(digits, (1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1), strict=True)) % 10
            == 0
        )
        th = documents.national_id(rng, "TH", birth, male=True)
        assert th is not None and len(th) == 13
        check = (11 - sum(int(d) * (13 - i) for i, d in enumerate(th[:12])) % 11) % 10
        assert int(th[12]) == check


@pytest.mark.parametrize("nation", ["KH", "CN", "TW", "TH", "VN", "MY", "HK", "US"])
def test_phones_read_as_numbers_of_their_nation_at_home_and_abroad(nation: str) -> None:
    rng = random.Random(3)
    for _ in range(20):
        number = documents.phone_number(rng, nation)
        at_home = to_e164(number, nation)
        assert at_home is not None, number
        assert to_e164(documents.international(number, nation)) == at_home


def test_a_missing_faker_names_the_extra_to_install() -> None:
    with pytest.raises(ConfigurationError, match=r"liaison\[demo\]"):
        _faker_person("xx_XX")
