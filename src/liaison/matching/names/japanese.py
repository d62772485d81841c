"""Japanese names: kanji and kana to Hepburn, in the order written.

Kanji readings of names need a dictionary; pykakasi has one (names included: 安倍晋三
abe shinzou) but is GPL-3.0, so it is an optional extra: without it, kana-only names
are still romanised from kana.yaml and kanji names get their Chinese readings only.
Passports drop the long-vowel marks (Shinzō → Shinzo); the spelled-out vowel (shinzou)
is the second form.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from liaison.matching.names.combine import Rendering
from liaison.matching.names.folding import fold_text
from liaison.matching.names.tables import section

# A long vowel spelled out (ou, oo, uu) before a consonant or the end of the word: the
# "ou" of Inoue (i-no-u-e) is two syllables and stays.
_LONG = re.compile(r"(?:ou|oo)(?![aeiou])")
_LONG_U = re.compile(r"uu(?![aeiou])")
_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SEPARATORS = re.compile(r"[\s・=＝·]+")


@cache
def _kakasi() -> Any:
    try:
        import pykakasi
    except ImportError:
        return None
    return pykakasi.kakasi()


def has_kanji_reader() -> bool:
    """Whether kanji names can be read (pykakasi is installed)."""
    return _kakasi() is not None


def passport_hepburn(spelled: str) -> str:
    """'shinzou' → 'shinzo', 'oono' → 'ono', 'yuuko' → 'yuko' (passport Hepburn)."""
    return _LONG_U.sub("u", _LONG.sub("o", spelled))


@cache
def _kana() -> tuple[dict[str, str], dict[str, str]]:
    digraphs = {str(k): str(v) for k, v in section("kana", "digraphs").items()}
    single = {str(k): str(v) for k, v in section("kana", "single").items()}
    return digraphs, single


def kana_to_hepburn(text: str) -> str:
    """Hepburn of kana (either script); other characters are dropped."""
    digraphs, single = _kana()
    hira = "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)
    out: list[str] = []
    double_next = False
    i = 0
    while i < len(hira):
        pair, char = hira[i : i + 2], hira[i]
        if char == "っ":
            double_next = True
            i += 1
            continue
        if char == "ー" and out:
            # A katakana long-vowel mark repeats the vowel (spelled-out form).
            out.append(out[-1][-1])
            i += 1
            continue
        value = digraphs.get(pair)
        step = 2
        if value is None:
            value, step = single.get(char, ""), 1
        if double_next and value:
            value = ("t" if value.startswith("ch") else value[0]) + value
            double_next = False
        out.append(value)
        i += step
    return "".join(out)


def _spellings(words: list[str]) -> list[Rendering]:
    """The passport spelling of every word, then the spelled-out one (never mixed)."""
    spelled = [fold_text(w).replace(" ", "") for w in words]
    spelled = [w for w in spelled if w]
    if not spelled:
        return []
    passport = tuple((passport_hepburn(w),) for w in spelled)
    return list(dict.fromkeys((passport, tuple((w,) for w in spelled))))


def _read(text: str) -> list[str]:
    kakasi = _kakasi()
    if kakasi is None:
        return [kana_to_hepburn(text)]
    return [str(item["hepburn"]) for item in kakasi.convert(text)]


def looks_japanese(text: str, chinese_surname: bool) -> bool:
    """Whether a kanji-only name reads as a Japanese one.

    Japanese family names are mostly two kanji (安倍, 岸田) and full names four;
    Chinese family names are mostly one (李, 陳) and full names two or three. A name
    of three kanji or fewer that starts with a Chinese family name is taken as
    Chinese; otherwise pykakasi must find a family name of two or more kanji. Without
    this, Japanese readings of Chinese names (李 sumomo) would be noise forms. A
    Japanese name this misses (林芳正) can be passed with script="Jpan".
    """
    kakasi = _kakasi()
    chunks = [c for c in _SEPARATORS.split(text.strip()) if c]
    if kakasi is None or not chunks:
        return False
    if len(chunks) > 1:
        return len(chunks[0]) >= 2 and not chinese_surname
    if chinese_surname and len(chunks[0]) <= 3:
        return False
    read = [item for item in kakasi.convert(chunks[0]) if fold_text(str(item["hepburn"]))]
    if len(read) == 1:
        return len(chunks[0]) == 4
    return len(read) >= 2 and len(str(read[0]["orig"])) >= 2


def japanese_renderings(text: str) -> list[Rendering]:
    """Hepburn spellings of a Japanese name, family name first if so written."""
    words: list[str] = []
    for chunk in _SEPARATORS.split(text.strip()):
        if not chunk:
            continue
        if _KANJI.search(chunk) and not has_kanji_reader():
            return []
        read = [r for r in _read(chunk) if fold_text(r)]
        # pykakasi reads an unsplit four-kanji name as one word (田中角栄
        # tanakakakuei); Japanese family names are mostly two kanji, so cut there.
        if len(read) == 1 and len(chunk) in (3, 4) and all(_KANJI.match(c) for c in chunk):
            read = [r for part in (chunk[:2], chunk[2:]) for r in _read(part)]
        words.extend(read)
    return _spellings(words)
