"""Chinese conventions: scripts, pinyin, Wade-Giles, Taiwan, Hong Kong, Hokkien, Han-Viet."""

from __future__ import annotations

import pytest

from liaison.matching.names import name_forms
from liaison.matching.names.chinese import chinese_renderings, han_scripts, hong_kong_spellings


def latin(name: str) -> tuple[str, ...]:
    return name_forms(name).latin


def test_han_scripts_convert_both_ways() -> None:
    assert han_scripts("陈志强") == ("陈志强", "陳志強")
    assert han_scripts("陳志強") == ("陈志强", "陳志強")
    assert han_scripts("陳 志強") == ("陈志强", "陳志強")


@pytest.mark.parametrize(
    ("name", "wade_giles"),
    [
        ("賴清德", "lai ching te"),  # pypinyin writes lai as lei
        ("麥", "mai"),  # mai as mei
        ("霍", "huo"),  # huo as ho
        ("鐵", "tieh"),  # tie as t'oeh
        ("徐", "hsu"),  # xu as hsv
        ("曲", "chu"),  # qu as ch'v
    ],
)
def test_wade_giles_corrects_pypinyins_known_errors(name: str, wade_giles: str) -> None:
    assert wade_giles in latin(name)


def test_a_surname_is_read_as_a_surname() -> None:
    # pypinyin reads 單 as dan and 曾 as ceng in ordinary words.
    assert latin("單志明")[0] == "shan zhi ming"
    assert latin("曾蔭權")[0] == "zeng yin quan"
    assert "tsang yam kuen" in latin("曾蔭權")


def test_compound_surnames_stay_one_word() -> None:
    forms = name_forms("歐陽震華")
    assert forms.latin[0] == "ou yang zhen hua"
    assert forms.given_joined[0] == "ouyang zhenhua"
    assert "auyeung chanwah" in forms.given_joined


@pytest.mark.parametrize(
    ("jyutping", "spelling"),
    [
        ("can4", "chan"),
        ("zoeng1", "cheung"),
        ("wong4", "wong"),
        ("lau4", "lau"),
        ("gaa1", "ka"),
        ("sing4", "shing"),
        ("zan3", "chun"),
        ("jing1", "ying"),
        ("kyun4", "kuen"),
        ("jeon6", "yun"),
        ("lei5", "lee"),
    ],
)
def test_jyutping_becomes_hong_kong_spelling(jyutping: str, spelling: str) -> None:
    assert spelling in hong_kong_spellings(jyutping)


def test_taiwan_passports_mix_gwoyeu_into_wade_giles() -> None:
    assert "tsai ing wen" in latin("蔡英文")
    assert "ma ying jeou" in latin("馬英九")


def test_hokkien_covers_family_and_given_names() -> None:
    assert "tan chee beng" in latin("陳志明")
    assert "tan chee keong" in latin("陳志強")
    assert "goh chok tong" in latin("吳作棟")
    # 扁 is not in chinese_given.yaml: its reading comes from taibun (Pe̍h-ōe-jī pián).
    assert "tan swee pian" in latin("陳水扁")


def test_vietnamese_files_read_chinese_names_in_han_viet() -> None:
    assert "tap can binh" in latin("習近平")
    assert "tran chi minh" in latin("陳志明")


def test_each_convention_gets_an_early_place() -> None:
    first = set(latin("陳志明")[:5])
    assert first == {
        "chen zhi ming",
        "chen chih ming",
        "chan chi ming",
        "tan chee beng",
        "tran chi minh",
    }


def test_non_han_text_gives_no_chinese_reading() -> None:
    assert chinese_renderings("Chen") == []
