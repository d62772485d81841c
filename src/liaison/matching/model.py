"""The Fellegi–Sunter match model: how much each level of each feature says.

For every feature level the model holds m (how often a true match shows it) and u (how
often a random non-match does). A pair's match weight is log2(prior odds) plus the sum of
log2(m/u) over its features; the score is the posterior probability 1 / (1 + 2^-weight).
u comes from random pairs and m from expectation-maximisation over candidate pairs, as in
Fellegi & Sunter (1969) and Splink: no labelled pairs are needed. A missing feature on
either side adds nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from liaison.matching.comparisons import (
    FEATURES,
    LEVELS,
    NAME_COUNT,
    NULL,
    LevelArray,
    NameLevel,
)

FloatArray = npt.NDArray[np.float64]

# Probabilities are kept away from 0 and 1 so that no single level can decide alone.
_FLOOR = 1e-6

# Bounds on what some levels may say, whatever EM estimates. Fellegi-Sunter assumes the
# features independent, and a police record breaks that: a person moves, changes phones
# and gets a new passport between two agencies' records, so a *different* address,
# phone or document is weak evidence against a match (at most 1.5 bits); and two names
# written in different Han characters are different names (at least 3 bits against),
# which EM cannot learn from data where most pairs have no Han on one side.
WEIGHT_BOUNDS: dict[tuple[str, int], tuple[float, float]] = {
    ("address", 0): (-1.5, 0.0),
    ("phone", 0): (-1.5, 0.0),
    ("document", 0): (-1.5, 0.0),
    ("name", 0): (-20.0, -3.0),
    # The same phone or document number, and different full birth dates, say a lot
    # whatever a training set with shared gang phones and mistyped dates suggests.
    ("phone", 2): (5.0, 20.0),
    ("document", 3): (5.0, 20.0),
    ("birth", 0): (-20.0, -5.0),
    # Dates that agree as far as both are known: at least the year, often year and month,
    # which a random pair shares about once in a hundred.
    ("birth", 3): (3.0, 20.0),
    ("birth", 4): (8.0, 20.0),
    # The features EM mistakes for identity on police data: gang members share compounds,
    # villages and nationality, so an unsupervised model finds "people of one place"
    # as readily as "one person" (measured on the demo: without these bounds EM gave a
    # shared address more weight than a shared name, and different birth dates almost
    # none against). They may count, but never decide.
    ("address", 1): (-1.0, 1.0),
    ("address", 2): (-1.0, 6.0),
    ("address", 3): (0.0, 20.0),
    ("nationality", 0): (-3.0, 0.0),
    ("nationality", 1): (0.0, 1.5),
    ("gender", 0): (-20.0, -4.0),
    ("gender", 1): (0.0, 1.0),
    # A name is the identity feature: the same name counts for, a different one against.
    ("name", 1): (-20.0, -2.0),
    # Near names are weak evidence: in a large population many people have a name a
    # letter or two from anyone's (Nguyen Van Hung / Nguyen Van Hun), and short
    # romanised syllables make different names close (Zhiming / Zhiqiang).
    ("name", 2): (-20.0, 3.0),
    ("name", 3): (-20.0, 5.0),
    ("name", 4): (-20.0, 7.0),
    ("name", 5): (6.0, 20.0),
    ("name", 6): (6.0, 20.0),
}
DEFAULT_THRESHOLD = 0.75
# The chance that another subject has a name no other subject has, as a fraction of one
# subject (a rare name is rare, not impossible), and the range of a name's weight.
NAME_PSEUDOCOUNT = 0.05
# How many records of the person sought a population holds, a priori, and the least
# population assumed: a person sought is not assumed to be in a small store at all.
MATCHES_PER_RECORD = 1.0
MIN_POPULATION = 1000
NAME_WEIGHT_BOUNDS = (0.0, 30.0)

_DESCRIPTIONS = {
    ("name", 6): "the same name in Han characters",
    ("name", 5): "the same name in one of its romanisations",
    ("name", 4): "names one letter apart",
    ("name", 3): "names two letters apart",
    ("name", 2): "similar names",
    ("name", 1): "different names",
    ("name", 0): "different names in Han characters",
    ("birth", 4): "the same birth date",
    ("birth", 3): "birth dates that agree as far as both are known",
    ("birth", 2): "birth dates with day and month swapped or one part mistyped",
    ("birth", 1): "birth years a year apart",
    ("birth", 0): "different birth dates",
    ("gender", 1): "the same gender",
    ("gender", 0): "different genders",
    ("nationality", 1): "a shared nationality",
    ("nationality", 0): "no shared nationality",
    ("document", 3): "the same document number",
    ("document", 2): "document numbers equal but for OCR-confusable characters",
    ("document", 1): "document numbers one character apart",
    ("document", 0): "different document numbers",
    ("phone", 2): "the same phone number",
    ("phone", 1): "phones with the same last seven digits",
    ("phone", 0): "different phones",
    ("address", 3): "the same address",
    ("address", 2): "similar addresses",
    ("address", 1): "addresses with some words in common",
    ("address", 0): "different addresses",
}


def describe_level(feature: str, level: int) -> str:
    """What a feature level means, for an investigator."""
    return _DESCRIPTIONS.get((feature, level), f"{feature} level {level}")


@dataclass
class MatchModel:
    """m and u for every feature level, and the prior probability of a match."""

    prior: float
    m: dict[str, list[float]]
    u: dict[str, list[float]]
    trained_on: str = ""
    iterations: int = 0
    # The size of the searched side of the training data (for the record).
    population: int = 0
    _weights: dict[str, FloatArray] = field(default_factory=dict, repr=False)

    def weights(self, feature: str) -> FloatArray:
        """log2(m/u) for each level of a feature."""
        if feature not in self._weights:
            m = np.maximum(np.array(self.m[feature]), _FLOOR)
            u = np.maximum(np.array(self.u[feature]), _FLOOR)
            weights = np.log2(m / u)
            for (bounded, level), (low, high) in WEIGHT_BOUNDS.items():
                if bounded == feature:
                    weights[level] = min(max(weights[level], low), high)
            # Levels are ordered by how much the values agree: a closer agreement never
            # counts for less than a looser one (EM on skewed data can invert them).
            self._weights[feature] = np.maximum.accumulate(weights)
        return self._weights[feature]

    def prior_weight(self, population: int | None = None) -> float:
        """log2 of the prior odds of a match between a record and one of ``population``.

        Against a population the prior is that the person has ``MATCHES_PER_RECORD``
        record(s) among its subjects: the model's own prior is EM's share of matches among
        candidate pairs, which on police data (gangs of similar names, shared addresses)
        runs an order of magnitude too high (measured on the demo: 13 matches per record
        where the truth has about one).
        """
        prior = self.prior
        if population:
            prior = MATCHES_PER_RECORD / max(population, MIN_POPULATION)
        return float(np.log2(prior / (1 - prior)))

    def name_weights(self, levels: LevelArray, counts: LevelArray, population: int) -> FloatArray:
        """The weight of the name feature, adjusted for how common the shared name is.

        A pair sharing a name (level SAME_FORM or SAME_HAN) that ``count`` subjects of the
        population of ``population`` have is weighed log2(m / u), m being how often a
        match shares a name exactly and u = (count - 1 + NAME_PSEUDOCOUNT) / population
        the chance that another subject has that name (Splink's term-frequency
        adjustment). Other levels use the model's u.
        """
        level = levels.astype(np.int64)
        weights = np.zeros(len(level))
        known = level != NULL
        weights[known] = self.weights("name")[level[known]]
        shared = known & (counts > 0) & (level >= NameLevel.SAME_FORM)
        if population and np.any(shared):
            # m: how often a match shares a name exactly, in characters or a spelling.
            m = max(
                self.m["name"][NameLevel.SAME_FORM] + self.m["name"][NameLevel.SAME_HAN], _FLOOR
            )
            size = max(population, MIN_POPULATION)
            u = (counts[shared].astype(np.float64) - 1 + NAME_PSEUDOCOUNT) / size
            weights[shared] = np.clip(np.log2(m / np.minimum(u, 1.0)), *NAME_WEIGHT_BOUNDS)
        return weights

    def match_weights(
        self, levels: dict[str, LevelArray], population: int | None = None
    ) -> FloatArray:
        """The total match weight of each pair against a population of ``population``."""
        total = np.full(len(levels["name"]), self.prior_weight(population))
        counts = levels.get(NAME_COUNT)
        for feature in FEATURES:
            if feature == "name" and counts is not None and population:
                total += self.name_weights(levels["name"], counts, population)
                continue
            level = levels[feature].astype(np.int64)
            known = level != NULL
            total[known] += self.weights(feature)[level[known]]
        return total

    def scores(self, levels: dict[str, LevelArray], population: int | None = None) -> FloatArray:
        """The match probability of each pair against a population of ``population``."""
        result: FloatArray = 1.0 / (1.0 + np.exp2(-self.match_weights(levels, population)))
        return result

    def explain(
        self, levels: dict[str, int], population: int | None = None
    ) -> list[dict[str, Any]]:
        """Each known feature of one pair: what it showed and how many bits it added."""
        parts = []
        count = int(levels.get(NAME_COUNT, 0))
        for feature in FEATURES:
            level = int(levels[feature])
            if level == NULL:
                continue
            weight = float(self.weights(feature)[level])
            meaning = describe_level(feature, level)
            if feature == "name" and count and population:
                one = np.array([level])
                weight = float(self.name_weights(one, np.array([count]), population)[0])
                if level >= NameLevel.SAME_FORM:
                    others = count - 1
                    meaning += (
                        ", which no other subject has"
                        if others == 0
                        else f", which {others} other subject{'s' if others > 1 else ''} "
                        f"{'have' if others > 1 else 'has'}"
                    )
            parts.append(
                {"feature": feature, "level": level, "meaning": meaning, "weight": round(weight, 2)}
            )
        return parts

    def to_dict(self) -> dict[str, Any]:
        """JSON form (``data/match_model.json``)."""
        return {
            "prior": self.prior,
            "m": self.m,
            "u": self.u,
            "trained_on": self.trained_on,
            "iterations": self.iterations,
            "population": self.population,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MatchModel:
        """The model ``to_dict`` wrote."""
        return cls(
            prior=float(data["prior"]),
            m={k: list(v) for k, v in data["m"].items()},
            u={k: list(v) for k, v in data["u"].items()},
            trained_on=str(data.get("trained_on", "")),
            iterations=int(data.get("iterations", 0)),
            population=int(data.get("population", 0)),
        )


def default_model() -> MatchModel:
    """The shipped model, trained without labels on the demo data (``liaison`` data)."""
    text = resources.files("liaison").joinpath("data/match_model.json").read_text("utf-8")
    return MatchModel.from_dict(json.loads(text))


def save_model(model: MatchModel, path: Path) -> None:
    """Write a model as JSON."""
    path.write_text(json.dumps(model.to_dict(), indent=2) + "\n", encoding="utf-8")


def _frequencies(levels: LevelArray, size: int, weights: FloatArray | None = None) -> list[float]:
    known = levels != NULL
    counts = np.bincount(
        levels[known].astype(np.int64),
        weights=None if weights is None else weights[known],
        minlength=size,
    ).astype(np.float64)
    # Add-one smoothing: a level never seen in training still gets a small probability.
    counts += 1.0
    return list(counts / counts.sum())


def estimate_u(random_levels: dict[str, LevelArray]) -> dict[str, list[float]]:
    """u: how often random pairs (almost all non-matches) show each level."""
    return {f: _frequencies(random_levels[f], len(LEVELS[f])) for f in FEATURES}


def estimate_model(
    candidate_levels: dict[str, LevelArray],
    u: dict[str, list[float]],
    start: MatchModel,
    *,
    trained_on: str = "",
    max_iterations: int = 30,
    tolerance: float = 1e-5,
) -> MatchModel:
    """m and the prior by expectation-maximisation over candidate pairs, u held fixed."""
    model = MatchModel(prior=start.prior, m={k: list(v) for k, v in start.m.items()}, u=u)
    iterations = 0
    while iterations < max_iterations:
        iterations += 1
        probability = model.scores(candidate_levels)
        new_m = {
            f: _frequencies(candidate_levels[f], len(LEVELS[f]), probability) for f in FEATURES
        }
        new_prior = float(np.clip(probability.mean(), 1e-9, 0.5))
        change = max(
            abs(new_prior - model.prior),
            *(abs(a - b) for f in FEATURES for a, b in zip(new_m[f], model.m[f], strict=True)),
        )
        model = MatchModel(prior=new_prior, m=new_m, u=u)
        if change < tolerance:
            break
    model.trained_on = trained_on
    model.iterations = iterations
    return model
