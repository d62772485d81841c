"""recordlinkage 0.16: blocking, binary comparison features, the unsupervised ECM
classifier.

    .venv-peers/bin/python peers/recordlinkage_peer.py TRACK_FOLDER OUT_FOLDER

Threshold: ECM's own decision, a match probability above 0.5
(``ECMClassifier.predict``); ``prob`` gives the probability of every candidate pair,
which this runner writes.

FEBRL4 follows recordlinkage's documented FEBRL4 linking example: candidates blocked on
given name, surname or date of birth (the union of three ``Block`` indexers), Jaro–Winkler
at 0.85 on names and the street, exact agreement on the other columns (here all of FEBRL's
columns, so that it sees what the others see). The other tracks use the same recipe on
Liaison's row fields, names through unidecode first (recordlinkage compares strings as
they come); the cross-script track compares every pair, as it is small; a track with more
than two sources is linked one source against all later ones.
"""

from __future__ import annotations

import pandas as pd
import recordlinkage as rl
from common import Result, Track, latin, run_tool, sorted_tokens

THRESHOLD = 0.5


def _febrl4_frames(track: Track) -> list[pd.DataFrame]:
    frames = []
    for rows in track.by_source().values():
        frame = pd.DataFrame([r["extra"] for r in rows], index=[r["id"] for r in rows])
        frames.append(frame.replace("", None))
    return frames


def _febrl4(a: pd.DataFrame, b: pd.DataFrame) -> tuple[pd.MultiIndex, rl.Compare]:
    indexer = rl.Index()
    indexer.block("given_name")
    indexer.block("surname")
    indexer.block("date_of_birth")
    candidates = indexer.index(a, b)
    compare = rl.Compare()
    compare.string("given_name", "given_name", method="jarowinkler", threshold=0.85)
    compare.string("surname", "surname", method="jarowinkler", threshold=0.85)
    compare.string("address_1", "address_1", method="jarowinkler", threshold=0.85)
    for column in (
        "street_number",
        "address_2",
        "suburb",
        "postcode",
        "state",
        "date_of_birth",
        "soc_sec_id",
    ):
        compare.exact(column, column)
    return candidates, compare


def _person_frames(track: Track) -> list[pd.DataFrame]:
    frames = []
    for rows in track.by_source().values():
        data = []
        for r in rows:
            name = latin(r["name"])
            birth = r.get("birth_date") or ""
            data.append(
                {
                    "name_sorted": sorted_tokens(name) or None,
                    "name_joined": name.replace(" ", "") or None,
                    "first_token": (name.split() or [None])[0],
                    "birth_date": birth if len(birth) == 10 else None,
                    "birth_year": birth[:4] or None,
                    "gender": r.get("gender") or None,
                    "nationality": r.get("nationality") or None,
                    "id_number": r.get("id_number") or None,
                    "phone": r.get("phone") or None,
                }
            )
        frames.append(pd.DataFrame(data, index=[r["id"] for r in rows]))
    return frames


def _persons(a: pd.DataFrame, b: pd.DataFrame) -> tuple[pd.MultiIndex, rl.Compare]:
    dated = a["birth_year"].notna().any() and b["birth_year"].notna().any()
    indexer = rl.Index()
    if not dated:
        indexer.full()  # name only: the cross-script track, a few hundred a side
    else:
        indexer.block(["first_token", "birth_year"])  # the first token alone: 41 M pairs
        for column in ("name_joined", "birth_date", "id_number", "phone"):
            indexer.block(column)
    candidates = indexer.index(a, b)
    compare = rl.Compare()
    compare.string("name_sorted", "name_sorted", method="jarowinkler", threshold=0.85)
    compare.string("name_joined", "name_joined", method="jarowinkler", threshold=0.85)
    compare.exact("first_token", "first_token")
    if dated:
        for column in ("birth_date", "birth_year", "gender", "nationality", "id_number", "phone"):
            compare.exact(column, column)
    return candidates, compare


def link(track: Track) -> Result:
    febrl = track.name == "febrl4"
    frames = _febrl4_frames(track) if febrl else _person_frames(track)
    build = _febrl4 if febrl else _persons
    vectors = []
    for i, left in enumerate(frames[:-1]):
        right = pd.concat(frames[i + 1 :])
        candidates, compare = build(left, right)
        vectors.append(compare.compute(candidates, left, right))
    features = pd.concat(vectors)
    classifier = rl.ECMClassifier()
    classifier.fit(features)
    probabilities = classifier.prob(features)
    pairs = [(str(a), str(b), float(p)) for (a, b), p in probabilities.items()]
    config = (
        "FEBRL4 linking example: Block given_name | surname | date_of_birth; JW 0.85 on "
        "given_name, surname, address_1; exact on the other 7 columns; ECM"
        if febrl
        else "unidecode'd names: JW 0.85 on sorted and joined tokens, exact first token"
        + (
            "; exact birth date, year, gender, nationality, document, phone; blocked on "
            "first token + birth year | joined name | birth date | document | phone"
            if len(features.columns) > 3
            else "; every pair (full index)"
        )
        + "; ECM"
    )
    return Result(
        threshold=THRESHOLD,
        config=config,
        version=f"recordlinkage {rl.__version__}, pandas {pd.__version__}",
        pairs=pairs,
        scored_pairs=len(features),
    )


if __name__ == "__main__":
    run_tool("recordlinkage", link)
