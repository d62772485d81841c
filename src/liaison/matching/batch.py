"""Batch cross-matching of two sets of subjects: candidates, comparison, scores.

An engine (DuckDB by default, Spark for more than one machine) finds the candidate pairs
by joining blocking keys; the pairs are compared and scored by the same vectorised code
everywhere, so both engines give the same pairs and the same scores. Without a model the
match model is trained on the data itself: u from random pairs, m by EM, no labels.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from liaison.errors import ValidationFailed
from liaison.matching.blocking import blocking_keys
from liaison.matching.comparisons import (
    IntArray,
    LevelArray,
    ProfileArrays,
    Vocabulary,
    compare_pairs,
)
from liaison.matching.engines import CandidateEngine, engine_named
from liaison.matching.model import (
    DEFAULT_THRESHOLD,
    MatchModel,
    default_model,
    estimate_model,
    estimate_u,
)
from liaison.matching.profile import MatchProfile, profile_of_row, row_problem

__all__ = ["DEFAULT_THRESHOLD", "ScoredPair", "xref_profiles", "xref_rows"]

CHUNK = 500_000
RANDOM_PAIRS = 200_000
MIN_TRAINING_ROWS = 500
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ScoredPair:
    """A candidate pair at or above the threshold, with why it scored so."""

    left_id: str
    right_id: str
    score: float
    explanation: str
    features: tuple[dict[str, Any], ...] = ()


def explanation_text(features: Sequence[dict[str, Any]]) -> str:
    """The explanation an investigator reads: each feature and its weight in bits."""
    return "; ".join(f"{f['meaning']} ({f['weight']:+.1f})" for f in features)


def compare_in_chunks(
    left: ProfileArrays,
    right: ProfileArrays,
    li: IntArray,
    ri: IntArray,
    progress: Progress | None = None,
) -> dict[str, LevelArray]:
    """``compare_pairs`` over many pairs, a chunk at a time to bound memory;
    ``progress(done, total)`` after each chunk."""
    parts = []
    for s in range(0, len(li), CHUNK):
        parts.append(compare_pairs(left, right, li[s : s + CHUNK], ri[s : s + CHUNK]))
        if progress is not None:
            progress(min(s + CHUNK, len(li)), len(li))
    if not parts:
        return compare_pairs(left, right, li, ri)
    return {f: np.concatenate([p[f] for p in parts]) for f in parts[0]}


def _random_pairs(n_left: int, n_right: int, dedupe: bool) -> tuple[IntArray, IntArray]:
    # A fixed seed: the same input always trains the same model (engines must agree).
    rng = np.random.default_rng(20261125)
    size = min(RANDOM_PAIRS, n_left * n_right)
    li = rng.integers(0, n_left, size=size)
    ri = rng.integers(0, n_right, size=size)
    if dedupe:
        keep = li != ri
        li, ri = li[keep], ri[keep]
    return li.astype(np.int64), ri.astype(np.int64)


def train_model(
    left: ProfileArrays,
    right: ProfileArrays,
    li: IntArray,
    ri: IntArray,
    levels: dict[str, LevelArray],
    *,
    dedupe: bool,
    start: MatchModel | None = None,
) -> MatchModel:
    """A model for this data: u from random pairs, m and prior by EM over candidates."""
    rl, rr = _random_pairs(len(left.profiles), len(right.profiles), dedupe)
    u = estimate_u(compare_in_chunks(left, right, rl, rr))
    model = estimate_model(levels, u, start or default_model(), trained_on="the input itself")
    # EM's prior is the share of matches among candidates; scores are posteriors over
    # all pairs (blocking only chooses which pairs to look at), as in Splink.
    n_left, n_right = len(left.profiles), len(right.profiles)
    all_pairs = n_left * (n_left - 1) / 2 if dedupe else n_left * n_right
    matches = model.prior * len(li)
    model.prior = float(min(max(matches, 1.0) / max(all_pairs, 1.0), 0.5))
    model.population = len(right.profiles)
    return model


def xref_profiles(
    left: Sequence[MatchProfile],
    right: Sequence[MatchProfile] | None = None,
    *,
    threshold: float | None = None,
    engine: str | CandidateEngine = "duckdb",
    model: MatchModel | None = None,
    exclude: Callable[[str, str], bool] | None = None,
    progress: Progress | None = None,
) -> list[ScoredPair]:
    """Every pair of left × right (or within ``left`` when ``right`` is None) scoring at
    least ``threshold``, best first. Without ``model`` one is trained on the input.

    Scores are probabilities against the right side as the population searched: how
    common a shared name is there, and how many subjects it has.
    """
    dedupe = right is None
    right_profiles = left if right is None else right
    cutoff = DEFAULT_THRESHOLD if threshold is None else threshold
    if not 0.0 <= cutoff <= 1.0:
        raise ValidationFailed(f"threshold {cutoff} is not between 0 and 1")
    the_engine = engine_named(engine) if isinstance(engine, str) else engine
    left_keys = [blocking_keys(p) for p in left]
    right_keys = left_keys if dedupe else [blocking_keys(p) for p in right_profiles]
    li, ri = the_engine.candidate_pairs(left_keys, right_keys, dedupe=dedupe)
    vocabulary = Vocabulary()
    left_arrays = vocabulary.arrays(left)
    right_arrays = left_arrays if dedupe else vocabulary.arrays(right_profiles)
    levels = compare_in_chunks(left_arrays, right_arrays, li, ri, progress)
    population = len(right_profiles)
    if progress is not None and not len(li):
        progress(0, 0)
    if model is None:
        small = min(len(left), len(right_profiles)) < MIN_TRAINING_ROWS
        # Too few rows say nothing about how often fields agree by chance: use the
        # shipped model (trained on the demo data) instead.
        model = (
            default_model()
            if small
            else train_model(left_arrays, right_arrays, li, ri, levels, dedupe=dedupe)
        )
    scores = model.scores(levels, population)
    keep = np.flatnonzero(scores >= cutoff)
    order = keep[np.lexsort((ri[keep], li[keep], -scores[keep]))]
    pairs = []
    for k in order:
        left_id, right_id = left[li[k]].id, right_profiles[ri[k]].id
        if exclude is not None and exclude(left_id, right_id):
            continue
        features = model.explain({f: int(levels[f][k]) for f in levels}, population)
        pairs.append(
            ScoredPair(
                left_id, right_id, float(scores[k]), explanation_text(features), tuple(features)
            )
        )
    return pairs


def _checked_rows(rows: Sequence[Mapping[str, Any]], side: str) -> list[MatchProfile]:
    profiles = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=1):
        problem = row_problem(row, seen, number)
        if problem is not None:
            raise ValidationFailed(
                f"{side} row {number}, column {problem['column']}: {problem['message']}"
            )
        record_id = str(row["id"]).strip()
        seen[record_id] = number
        try:
            profiles.append(profile_of_row(row))
        except ValidationFailed as exc:
            raise ValidationFailed(f"{side} row {number} (id {record_id}): {exc.message}") from None
    return profiles


def xref_rows(
    left_rows: Sequence[Mapping[str, Any]],
    right_rows: Sequence[Mapping[str, Any]],
    threshold: float | None = None,
    engine: str | CandidateEngine = "duckdb",
    *,
    model: MatchModel | None = None,
    progress: Progress | None = None,
) -> list[ScoredPair]:
    """Cross-match rows in the subject import columns (``id`` and ``name`` required).
    ``progress(done, total)`` hears how many candidate pairs have been compared."""
    return xref_profiles(
        _checked_rows(left_rows, "left"),
        _checked_rows(right_rows, "right"),
        threshold=threshold,
        engine=engine,
        model=model,
        progress=progress,
    )
