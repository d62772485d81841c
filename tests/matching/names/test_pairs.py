"""Each name shares a form with its customary romanisations, and not with a near miss.

These are the pairs an investigator types: the native-script name against the Latin
spellings that foreign files carry (real public persons, and the story's 陳志明).
"""

from __future__ import annotations

import pytest

from .forms import shared

PAIRS = [
    # Chinese: simplified and traditional, pinyin, Wade-Giles, Hong Kong, Hokkien.
    ("陳志明", "Chen Zhiming"),
    ("陈志明", "Chen Zhiming"),
    ("陳志明", "Zhiming CHEN"),
    ("陳志明", "Chen Chih-ming"),
    ("陈志明", "Ch'en Chih-ming"),
    ("陳志明", "Chan Chi Ming"),
    ("陳志明", "Chan Chi-ming"),
    # Hokkien from chinese_given.yaml: 志 chee, 明 beng.
    ("陳志明", "Tan Chee Beng"),
    ("陳志明", "Trần Chí Minh"),
    ("習近平", "Xi Jin-ping"),
    ("習近平", "Xi Jinping"),
    ("习近平", "Xi Jin Ping"),
    ("蔡英文", "Tsai Ing-wen"),
    ("李登輝", "Lee Teng-hui"),
    ("馬英九", "Ma Ying-jeou"),
    ("李嘉誠", "Li Ka-shing"),
    ("梁振英", "Leung Chun-ying"),
    ("李光耀", "Lee Kuan Yew"),
    ("林文興", "Lim Boon Heng"),
    # Khmer: customary spellings.
    ("ហ៊ុន សែន", "Hun Sen"),
    ("ហ៊ុន ម៉ាណែត", "Hun Manet"),
    ("សម រង្ស៊ី", "Sam Rainsy"),
    ("នរោត្តម សីហមុនី", "Norodom Sihamoni"),
    ("សុខ ផល", "Sok Phal"),
    # Thai: RTGS and the customary spelling.
    ("ทักษิณ ชินวัตร", "Thaksin Shinawatra"),
    ("ทักษิณ ชินวัตร", "Thaksin Chinnawat"),
    ("ยิ่งลักษณ์ ชินวัตร", "Yingluck Shinawatra"),
    # Korean: Revised Romanization and customary spellings.
    ("박근혜", "Park Geun-hye"),
    ("이명박", "Lee Myung-bak"),
    ("노무현", "Roh Moo-hyun"),
    ("반기문", "Ban Ki-moon"),
    # Vietnamese with and without diacritics.
    ("Nguyễn Xuân Phúc", "Nguyen Xuan Phuc"),
    ("Võ Văn Thưởng", "VO VAN THUONG"),
    ("Đặng", "Dang"),
]


@pytest.mark.parametrize(("native", "latin"), PAIRS)
def test_a_name_shares_a_form_with_its_romanisation(native: str, latin: str) -> None:
    assert shared(native, latin), f"{native} and {latin} share no form"


# Kanji names need a reading dictionary; the one library that has name readings
# (pykakasi) is GPL-3.0, so Liaison does not ship it and reads Japanese names in kana.
@pytest.mark.parametrize(
    ("native", "latin"),
    [
        ("あべ しんぞう", "Abe Shinzo"),
        ("アベ シンゾウ", "ABE Shinzō"),
        ("きしだ ふみお", "Kishida Fumio"),
    ],
)
def test_a_japanese_name_in_kana_shares_a_form_with_its_hepburn(native: str, latin: str) -> None:
    assert shared(native, latin)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("陳志明", "陳志強"),  # brothers
        ("陳志明", "Chen Ming"),  # a stranger
        ("陳志明", "Chen Zhiqiang"),
        ("李克强", "李强"),
        ("李克强", "Li Qiang"),
        ("ហ៊ុន សែន", "ហ៊ុន ម៉ាណែត"),  # father and son
        ("Hun Sen", "Hun Manet"),
        ("ทักษิณ ชินวัตร", "ยิ่งลักษณ์ ชินวัตร"),  # siblings
        ("박근혜", "박정희"),  # daughter and father
    ],
)
def test_different_people_share_no_form(one: str, other: str) -> None:
    assert not shared(one, other)


def test_a_latin_chinese_name_meets_its_other_mandarin_spelling() -> None:
    # No Han characters on either side: pinyin and Wade-Giles still share a form.
    assert shared("Chen Zhiming", "Chen Chih-ming")
    assert shared("Xi Jinping", "Hsi Chin-p'ing")
    assert not shared("Chen Zhiming", "Chen Zhiqiang")
