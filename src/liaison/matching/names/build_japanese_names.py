"""Build ``data/names/japanese_names.tsv`` from SudachiDict (run by hand, not at run time).

    pip install sudachipy==0.7.0 sudachidict-core==20261015   # in any scratch venv
    python -m liaison.matching.names.build_japanese_names > japanese_names.tsv

SudachiDict (Works Applications, Apache-2.0) lists Japanese family names (名詞,
固有名詞, 人名, 姓) and given names (人名, 名) with their readings; a surface with
several readings (聖: Satoshi, Kiyoshi, Hijiri) keeps them all, the one Sudachi's own
analyser picks for the surface alone first. The readings are written in Hepburn with
long vowels spelled out (さとう satou), which japanese.py folds to each passport style.

For given names that are not in the dictionary, the file also lists each kanji's
readings in names, learnt from the dictionary's given names themselves: every
two-kanji name's reading is cut where both halves are readings the two kanji have in
other names (秀樹 hide|ki, 英秀 ei|hide), most frequent first.
"""

from __future__ import annotations

import collections
import sys
import unicodedata
from typing import Any

from liaison.matching.names.japanese import kana_to_hepburn

_SOURCE = "SudachiDict core"
_KANJI_READINGS = 4  # readings kept per kanji (most frequent first)
_MIN_COUNT = 3  # a kanji reading must explain this many dictionary names


def _is_name_text(surface: str) -> bool:
    """Kanji, perhaps with kana (kana alone is romanised without the table)."""
    return any(map(_is_kanji, surface)) and all(
        "\u3040" <= c <= "\u30ff" or "\u3400" <= c <= "\u9fff" or c in "々〆ヶ" for c in surface
    )


def _is_kanji(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or char == "々"


def _entries(dictionary: Any) -> dict[str, dict[str, list[str]]]:
    from sudachipy import SplitMode  # type: ignore[import-not-found,unused-ignore]

    tables: dict[str, dict[str, list[str]]] = {"s": {}, "g": {}}
    for morpheme in dictionary.entries():
        pos = morpheme.part_of_speech()
        if pos[1] != "固有名詞" or pos[2] != "人名" or pos[3] not in ("姓", "名"):
            continue
        surface = unicodedata.normalize("NFKC", morpheme.surface())
        if not _is_name_text(surface):
            continue
        reading = kana_to_hepburn(morpheme.reading_form())
        if not reading.isalpha():
            continue
        readings = tables["s" if pos[3] == "姓" else "g"].setdefault(surface, [])
        if reading not in readings:
            readings.append(reading)
    tokenizer = dictionary.tokenizer()
    for table in tables.values():
        for surface, readings in table.items():
            if len(readings) < 2:
                continue
            found = tokenizer.tokenize(surface, SplitMode.C)
            if len(found) == 1:
                best = kana_to_hepburn(found[0].reading_form())
                if best in readings:
                    readings.remove(best)
                    readings.insert(0, best)
    return tables


def _kanji_readings(given: dict[str, list[str]]) -> dict[str, list[str]]:
    """Each kanji's readings in given names, learnt from the two-kanji names."""
    pairs = [
        (surface, reading)
        for surface, readings in given.items()
        if len(surface) == 2 and all(map(_is_kanji, surface))
        for reading in readings
    ]
    counts: collections.Counter[tuple[str, str]] = collections.Counter()
    for surface, reading in pairs:
        first, second = surface[0], surface[1]
        for cut in range(1, len(reading)):
            counts[(first, reading[:cut])] += 1
            counts[(second, reading[cut:])] += 1
    chosen: collections.Counter[tuple[str, str]] = collections.Counter()
    for surface, reading in pairs:
        first, second = surface[0], surface[1]
        cuts = [
            (counts[(first, reading[:cut])] * counts[(second, reading[cut:])], cut)
            for cut in range(1, len(reading))
        ]
        if not cuts:
            continue
        _, cut = max(cuts)
        chosen[(first, reading[:cut])] += 1
        chosen[(second, reading[cut:])] += 1
    out: dict[str, list[str]] = {}
    for (kanji, reading), count in chosen.most_common():
        if count >= _MIN_COUNT and len(out.setdefault(kanji, [])) < _KANJI_READINGS:
            out[kanji].append(reading)
    return {k: v for k, v in out.items() if v}


def main() -> None:
    from sudachipy import Dictionary

    dictionary = Dictionary(dict="core")
    tables = _entries(dictionary)
    tables["k"] = _kanji_readings(tables["g"])
    out = sys.stdout
    out.write(
        f"# Japanese names and their readings, from {_SOURCE} (Works Applications,\n"
        "# Apache-2.0: github.com/WorksApplications/SudachiDict), selected and written in\n"
        "# Hepburn by liaison/matching/names/build_japanese_names.py (see there).\n"
        "# kind (s family name, g given name, k a kanji's readings in given names)\n"
        "# <TAB> written form <TAB> readings, most likely first, separated by '/'.\n"
    )
    for kind in ("s", "g", "k"):
        for surface in sorted(tables[kind]):
            out.write(f"{kind}\t{surface}\t{'/'.join(tables[kind][surface])}\n")


if __name__ == "__main__":
    main()
