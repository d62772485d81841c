"""Liaison's row of the matching benchmark, run in the product's venv.

    .venv/bin/python benchmarks/matching/liaison_runner.py TRACK_FOLDER OUT_FOLDER

The contract it codes against (``liaison.matching.batch``)::

    pairs = xref_rows(left_rows, right_rows, threshold=None, engine="duckdb")

rows are dicts with ``id``, ``name``, ``aliases`` (``;``-separated), ``birth_date``
(``YYYY[-MM[-DD]]``), ``gender``, ``nationality``, ``id_number``, ``phone``, ``address``
(only ``id`` and ``name`` required); it returns objects with ``.left_id``, ``.right_id``,
``.score`` (0..1) and ``.explanation``, best first, every pair scoring at least
``threshold`` (``DEFAULT_THRESHOLD`` when None). With no labels and no model given, the
engine trains on the input itself, as Splink does here.

A track with more than two sources (the demo's agencies) is linked one source against
all later ones, so every pair of records from different sources is looked at once. The
cross-script track asks for every scored pair (``threshold=0.0``) to rank candidates for
top-1 accuracy; the other tracks call with ``threshold=None``, the product's default.
When the engine is not there yet, ``meta.json`` says "not available" and run.py prints
that in the table.
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent / "peers"))

from common import ROW_KEYS, Result, Track, run_tool


def link(track: Track) -> Result:
    try:
        from liaison.matching.batch import DEFAULT_THRESHOLD, xref_rows
    except ImportError as error:
        raise NotAvailable(f"not available: {error}") from error
    threshold = 0.0 if track.floor <= 0.0 else None
    accepts_progress = "progress" in inspect.signature(xref_rows).parameters
    # The contract requires a name: the few records without one (3 in FEBRL4) are left
    # out, and their true pairs count as misses.
    groups = [
        [{key: r[key] for key in ROW_KEYS} for r in rows if r["name"].strip()]
        for rows in track.by_source().values()
    ]
    nameless = sum(1 for r in track.records if not r["name"].strip())
    pairs: list[tuple[str, str, float]] = []
    explanations: list[str] = []
    scored = 0

    def progress(done: int, total: int) -> None:
        nonlocal scored
        if done == total:
            scored += total

    for i, left in enumerate(groups[:-1]):
        right = [row for later in groups[i + 1 :] for row in later]
        kwargs: dict[str, Any] = {"progress": progress} if accepts_progress else {}
        found = xref_rows(left, right, threshold=threshold, engine="duckdb", **kwargs)
        pairs.extend((p.left_id, p.right_id, float(p.score)) for p in found)
        explanations.extend(p.explanation for p in found[:2])
    import liaison

    return Result(
        threshold=float(DEFAULT_THRESHOLD),
        config="xref_rows(left, right, threshold="
        f"{threshold}, engine='duckdb'), model trained on the input (no labels)",
        version=f"liaison {getattr(liaison, '__version__', '')}".strip(),
        pairs=pairs,
        scored_pairs=scored if accepts_progress else None,
        notes={"explanations": explanations[:4], "left_out_without_name": nameless},
    )


class NotAvailable(Exception):
    """Liaison's engine cannot be imported (not built yet, or broken)."""


if __name__ == "__main__":
    run_tool("liaison", link)
