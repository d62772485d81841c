"""The plain baseline: unidecode + Jaro–Winkler on the name + exact birth date.

    .venv-peers/bin/python peers/baseline_peer.py TRACK_FOLDER OUT_FOLDER

What a developer would write in an afternoon. A name becomes lower-case ASCII by unidecode
(punctuation and hyphens to spaces); its score against another is the larger of
Jaro–Winkler on the two strings as they are and on their tokens sorted (so name order does
not matter), over the primary names and aliases. When both records have a birth date and
the two differ, the score is 0: "exact birth date". Threshold 0.9, a customary
Jaro–Winkler cut-off for person names.

Candidates: every pair of the two sources when that is at most 30 million pairs (rapidfuzz
``cdist`` scores them all on every core); above that, pairs that share a blocking key of
``common.candidate_pairs`` (a name token, the birth date or the document number).
"""

from __future__ import annotations

from importlib.metadata import version
from typing import Any

import numpy as np
from common import Result, Track, candidate_pairs, latin, run_tool, sorted_tokens
from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

THRESHOLD = 0.9
FULL_CROSS_MAX = 30_000_000


def _names(record: dict[str, Any]) -> list[str]:
    names = [record["name"], *filter(None, (record.get("aliases") or "").split(";"))]
    return [latin(n) for n in names if latin(n)]


def _name_score(a: list[str], b: list[str]) -> float:
    best = 0.0
    for x in a:
        for y in b:
            best = max(
                best,
                JaroWinkler.similarity(x, y),
                JaroWinkler.similarity(sorted_tokens(x), sorted_tokens(y)),
            )
    return best


def _dates_differ(a: dict[str, Any], b: dict[str, Any]) -> bool:
    x, y = a.get("birth_date") or "", b.get("birth_date") or ""
    return bool(x and y and x != y)


def _full_cross(track: Track) -> tuple[list[tuple[str, str, float]], int]:
    left, right = track.by_source().values()
    plain_r = [latin(r["name"]) for r in right]
    sorted_r = [sorted_tokens(n) for n in plain_r]
    dates_r = [r.get("birth_date") or "" for r in right]
    pairs = []
    floor = min(track.floor, THRESHOLD)
    for start in range(0, len(left), 1000):  # 1,000 rows at a time bounds the memory
        chunk = left[start : start + 1000]
        plain_l = [latin(r["name"]) for r in chunk]
        scores = process.cdist(
            plain_l, plain_r, scorer=JaroWinkler.similarity, dtype=np.float32, workers=-1
        )
        np.maximum(
            scores,
            process.cdist(
                [sorted_tokens(n) for n in plain_l],
                sorted_r,
                scorer=JaroWinkler.similarity,
                dtype=np.float32,
                workers=-1,
            ),
            out=scores,
        )
        # Aliases (none in FEBRL4 or the cross-script track) take the pairwise path.
        for i, j in zip(*np.nonzero(scores >= floor), strict=True):
            date_l, date_r = chunk[i].get("birth_date") or "", dates_r[j]
            if date_l and date_r and date_l != date_r:
                continue
            pairs.append((chunk[i]["id"], right[j]["id"], float(scores[i, j])))
    return pairs, len(left) * len(right)


def link(track: Track) -> Result:
    sources = track.by_source()
    has_aliases = any(r.get("aliases") for r in track.records)
    sizes = [len(v) for v in sources.values()]
    if len(sizes) == 2 and sizes[0] * sizes[1] <= FULL_CROSS_MAX and not has_aliases:
        pairs, scored = _full_cross(track)
        how = f"all {scored:,} pairs by rapidfuzz cdist"
    else:
        pairs, scored = [], 0
        names: dict[str, list[str]] = {}
        for a, b in candidate_pairs(track):
            scored += 1
            if _dates_differ(a, b):
                continue
            na = names.get(a["id"]) or names.setdefault(a["id"], _names(a))
            nb = names.get(b["id"]) or names.setdefault(b["id"], _names(b))
            score = _name_score(na, nb)
            if score >= track.floor:
                pairs.append((a["id"], b["id"], score))
        how = f"{scored:,} blocked pairs (shared name token, birth date or document)"
    return Result(
        threshold=THRESHOLD,
        config=f"unidecode + max(JW, JW on sorted tokens) >= {THRESHOLD}, birth dates equal "
        f"when both known; {how}",
        version=f"unidecode {version('unidecode')}, rapidfuzz {version('rapidfuzz')}",
        pairs=pairs,
        scored_pairs=scored,
    )


if __name__ == "__main__":
    run_tool("baseline", link)
