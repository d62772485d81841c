"""Source-reliability and information-accuracy grading (the 4x4 system).

The 4x4 grid used by Europol and many police services: the source is graded A-C or X,
the information 1-4. Every record carries both; ungraded records default to X/4, the
honest "not assessed".
"""

from __future__ import annotations

from enum import StrEnum


class SourceReliability(StrEnum):
    """How far the source of the information can be trusted."""

    A = "A"  # no doubt of authenticity, trustworthiness and competence
    B = "B"  # source has mostly proved reliable
    C = "C"  # source has mostly proved unreliable
    X = "X"  # reliability cannot be assessed


class InformationAccuracy(StrEnum):
    """How far the information itself is known to be true."""

    KNOWN_TRUE = "1"  # known to be true without reservation
    KNOWN_TO_SOURCE = "2"  # known personally to the source, not to the officer
    CORROBORATED = "3"  # not known personally to the source, corroborated elsewhere
    CANNOT_JUDGE = "4"  # cannot be judged
