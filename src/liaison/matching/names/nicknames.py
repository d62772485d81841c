"""English nicknames and the given names they stand for (Bill ↔ William).

The data is the hand-curated names.csv of the ``nicknames`` package (Carlton Northern
et al., Apache-2.0; built from genealogy nickname lists and US census given names),
read once on first use.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache

from nicknames import NickNamer


@cache
def _namer() -> NickNamer:
    return NickNamer()


@cache
def _relations() -> dict[str, frozenset[str]]:
    related: dict[str, set[str]] = {}
    for canonical, nicknames in _namer().nickname_lookup.items():
        for nickname in nicknames:
            related.setdefault(canonical, set()).add(nickname)
            related.setdefault(nickname, set()).add(canonical)
    return {k: frozenset(v - {k}) for k, v in related.items() if v - {k}}


# A name with this many nicknames of its own is a full name (John, William), not a
# short form to expand; an expansion target needs at least as many (Robert, Elizabeth),
# which keeps the data's rare links (Ali → Almena) out of the forms.
_FULL_NAME_WEIGHT = 5


@cache
def canonical_names(token: str) -> tuple[str, ...]:
    """The common full given names a nickname stands for (bill → robert, william).

    A name's weight is how many nicknames it has in the data; the token must weigh at
    most ``_FULL_NAME_WEIGHT`` and each full name at least that, heaviest first.
    """
    namer = _namer()
    if len(namer.nicknames_of(token)) > _FULL_NAME_WEIGHT:
        return ()
    names = [(len(namer.nicknames_of(n)), n) for n in namer.canonicals_of(token)]
    ranked = sorted(names, key=lambda x: (-x[0], x[1]))
    return tuple(n for weight, n in ranked if weight >= _FULL_NAME_WEIGHT)


class _Nicknames(Mapping[str, frozenset[str]]):
    """Every name's related names, both ways; loaded on first access."""

    def __getitem__(self, key: str) -> frozenset[str]:
        return _relations()[key.lower()]

    def __iter__(self) -> Iterator[str]:
        return iter(_relations())

    def __len__(self) -> int:
        return len(_relations())


NICKNAMES: Mapping[str, frozenset[str]] = _Nicknames()
