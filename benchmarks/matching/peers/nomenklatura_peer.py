"""OpenSanctions' nomenklatura 4.17.4 with the scorer yente uses by default, logic-v2.

    .venv-peers/bin/python peers/nomenklatura_peer.py TRACK_FOLDER OUT_FOLDER
    NOMENKLATURA_ALGORITHM=regression-v1 ...   # another of its scorers

nomenklatura is a pairwise scorer: it compares two FollowTheMoney entities and says how
alike they are; finding which pairs to compare is the job of a search index (yente asks
Elasticsearch for candidates). Here the candidates are the pairs that share a blocking
key of ``common.candidate_pairs``: a name or alias token after unidecode, the full birth
date or the document number (the cross-script track, a few hundred names a side, compares
every pair). Each record becomes a ``Person`` with ``name``, ``alias``, ``birthDate``,
``gender``, ``nationality``, ``idNumber``, ``phone`` and ``address`` (FEBRL4 adds
``firstName`` and ``lastName``, which it has), with its names as written: nomenklatura
does its own transliteration.

Threshold 0.7, yente's ``SCORE_THRESHOLD`` default (``yente/settings.py``).
"""

from __future__ import annotations

import os
from importlib.metadata import version
from typing import Any

from common import Result, Track, candidate_pairs, run_tool
from followthemoney import model
from nomenklatura.matching import ScoringConfig, get_algorithm

THRESHOLD = 0.7
ALGORITHM = os.environ.get("NOMENKLATURA_ALGORITHM", "logic-v2")


def person(record: dict[str, Any]) -> Any:
    """The FtM ``Person`` for a record. Its id must be the record's own: nomenklatura
    caches what it derives from an entity's names by entity id."""
    entity = model.make_entity("Person")
    entity.id = record["id"]
    entity.add("name", record["name"])
    for alias in filter(None, (record.get("aliases") or "").split(";")):
        entity.add("alias", alias)
    extra = record.get("extra") or {}
    if extra.get("given_name"):
        entity.add("firstName", extra["given_name"])
    if extra.get("surname"):
        entity.add("lastName", extra["surname"])
    for prop, key in (
        ("birthDate", "birth_date"),
        ("gender", "gender"),
        ("nationality", "nationality"),
        ("idNumber", "id_number"),
        ("phone", "phone"),
        ("address", "address"),
    ):
        if record.get(key):
            entity.add(prop, record[key], quiet=True)
    return entity


def _all_pairs(track: Track):
    groups = list(track.by_source().values())
    for i, left in enumerate(groups):
        for right in groups[i + 1 :]:
            for a in left:
                for b in right:
                    yield a, b


def link(track: Track) -> Result:
    algorithm = get_algorithm(ALGORITHM)
    if algorithm is None:
        raise ValueError(f"nomenklatura has no scorer {ALGORITHM!r}")
    config = ScoringConfig.defaults()
    entities = {r["id"]: person(r) for r in track.records}
    small = len(track.records) <= 2_000
    pairs, scored = [], 0
    for a, b in _all_pairs(track) if small else candidate_pairs(track):
        scored += 1
        score = algorithm.compare(entities[a["id"]], entities[b["id"]], config).score
        if score >= track.floor:
            pairs.append((a["id"], b["id"], float(score)))
    how = "every pair" if small else "pairs sharing a name token, birth date or document"
    return Result(
        threshold=THRESHOLD,
        config=f"{ALGORITHM} with default config on FtM Person entities; {how}",
        version=f"nomenklatura {version('nomenklatura')}, followthemoney "
        f"{version('followthemoney')}",
        pairs=pairs,
        scored_pairs=scored,
        notes={"algorithm": ALGORITHM},
    )


if __name__ == "__main__":
    run_tool("nomenklatura", link)
