"""Helpers shared by the name-form tests."""

from __future__ import annotations

from liaison.matching.names import NameForms, name_forms


def comparable(forms: NameForms) -> set[str]:
    """Every form a consumer compares: the Latin renderings and the joined ones."""
    return {*forms.latin, *forms.given_joined}


def shared(first: str, second: str) -> set[str]:
    """The comparable forms two names have in common."""
    return comparable(name_forms(first)) & comparable(name_forms(second))
