"""The shared offence taxonomy, loaded from ``data/offences.yaml``.

The taxonomy is data, not code: legal officers can read and extend the file, and each
entry cites the UNODC ICCS section it maps to.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class Offence:
    """One offence of the taxonomy."""

    code: str
    family: str
    label: str
    iccs: str


@cache
def offence_taxonomy() -> dict[str, Offence]:
    """Every offence by code, read and checked once."""
    text = resources.files("liaison").joinpath("data/offences.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    taxonomy: dict[str, Offence] = {}
    for code, entry in raw["offences"].items():
        taxonomy[code] = Offence(
            code=code, family=entry["family"], label=entry["label"], iccs=str(entry["iccs"])
        )
    return taxonomy
