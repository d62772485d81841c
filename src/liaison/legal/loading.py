"""Reading the shipped knowledge base and applying recorded changes on top of it.

The YAML files in ``liaison/data/legal`` are the baseline. Coordinators and legal
officers change single entries (a nation's rules, an instrument, one crosswalk cell, one
recorded absence of a treaty); each change replaces or removes that entry in the raw
sections, and the result is checked whole by ``build_knowledge_base``.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

import yaml

from liaison.errors import ValidationFailed
from liaison.legal.knowledge import KnowledgeBase, build_knowledge_base

FILES = ("nations.yaml", "instruments.yaml", "crosswalk.yaml")


class Section(StrEnum):
    """The kinds of entry a change may replace."""

    NATION = "nation"
    INSTRUMENT = "instrument"
    OFFENCE_LAW = "offence_law"
    NO_TREATY = "no_treaty"


@dataclass(frozen=True)
class Change:
    """One recorded change: the entry's new body, or None to remove it."""

    section: Section
    key: str
    body: Mapping[str, Any] | None


def read_yaml_text(name: str, text: str) -> dict[str, Any]:
    """One knowledge-base file's YAML, or ``ValidationFailed`` naming the file."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValidationFailed(
            f"{name} is not valid YAML: {exc}",
            details=[{"file": name, "field": "(file)", "message": str(exc)}],
        ) from None
    if not isinstance(data, dict):
        raise ValidationFailed(
            f"{name} must hold a mapping",
            details=[{"file": name, "field": "(file)", "message": "expected a mapping"}],
        )
    return data


def merge_files(texts: Mapping[str, str]) -> dict[str, Any]:
    """The raw sections of the knowledge base from its files' texts."""
    raw: dict[str, Any] = {}
    for name in FILES:
        raw.update(read_yaml_text(name, texts.get(name, "{}")))
    return raw


@cache
def _baseline_texts() -> tuple[tuple[str, str], ...]:
    folder = resources.files("liaison").joinpath("data/legal")
    return tuple((name, folder.joinpath(name).read_text("utf-8")) for name in FILES)


def baseline_raw() -> dict[str, Any]:
    """A fresh copy of the shipped knowledge base's raw sections."""
    return merge_files(dict(_baseline_texts()))


@cache
def baseline_knowledge_base() -> KnowledgeBase:
    """The shipped knowledge base, checked once."""
    return build_knowledge_base(baseline_raw())


def no_treaty_key(parties: Iterable[str]) -> str:
    """The key of a recorded absence: the two codes, sorted, joined by '-'."""
    return "-".join(sorted(str(p).upper() for p in parties))


def _split_offence_key(key: str) -> tuple[str, str]:
    offence, _, nation = key.partition("/")
    if not offence or not nation:
        raise ValidationFailed(
            f"an offence_law key is 'offence/NATION', got {key!r}",
            details=[{"field": "key", "message": "expected offence/NATION, e.g. fraud/KH"}],
        )
    return offence, nation.upper()


def current_body(raw: Mapping[str, Any], section: Section, key: str) -> Any:
    """The body an entry has in ``raw`` (None when absent)."""
    if section is Section.NATION:
        return (raw.get("nations") or {}).get(key.upper())
    if section is Section.INSTRUMENT:
        return (raw.get("instruments") or {}).get(key)
    if section is Section.OFFENCE_LAW:
        offence, nation = _split_offence_key(key)
        return ((raw.get("offences") or {}).get(offence) or {}).get(nation)
    for entry in raw.get("no_extradition_treaty") or []:
        if no_treaty_key(entry.get("parties") or []) == key.upper():
            return entry
    return None


def apply_changes(raw: Mapping[str, Any], changes: Iterable[Change]) -> dict[str, Any]:
    """A copy of ``raw`` with each change applied in order."""
    result = copy.deepcopy(dict(raw))
    for change in changes:
        body = copy.deepcopy(dict(change.body)) if change.body is not None else None
        if change.section is Section.NATION:
            nations = result.setdefault("nations", {})
            _put(nations, change.key.upper(), body)
        elif change.section is Section.INSTRUMENT:
            _put(result.setdefault("instruments", {}), change.key, body)
        elif change.section is Section.OFFENCE_LAW:
            offence, nation = _split_offence_key(change.key)
            by_nation = result.setdefault("offences", {}).setdefault(offence, {})
            _put(by_nation, nation, body)
        else:
            kept = [
                e
                for e in result.get("no_extradition_treaty") or []
                if no_treaty_key(e.get("parties") or []) != change.key.upper()
            ]
            if body is not None:
                kept.append(body)
            result["no_extradition_treaty"] = kept
    return result


def _put(mapping: dict[str, Any], key: str, body: dict[str, Any] | None) -> None:
    if body is None:
        mapping.pop(key, None)
    else:
        mapping[key] = body
