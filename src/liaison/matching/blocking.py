"""Blocking keys: which pairs are worth scoring at all.

Two subjects become candidates when they share a key. Keys come from the comparable
forms (pairs of name tokens in any order, whole joined forms, and a prefix key that
survives a typo after the third letter), from Han forms, document numbers (OCR-folded)
and phones, from pairs of the longest address words, and from a full birth date with a
name initial. The same keys serve the
store's index (online search) and the batch engines (DuckDB, Spark).
"""

from __future__ import annotations

from itertools import combinations

from liaison.matching.profile import MatchProfile, ocr_fold

MAX_TOKENS = 4
# How many subjects sharing a name are counted at most (online search counts in the
# store's index, batch matching in its input: the same cap keeps their scores equal).
NAME_COUNT_CAP = 1000
# A profile's first forms are its names as written (folded); the rest are renderings.
SURFACE_FORMS = 2


def form_keys(form: str) -> list[str]:
    """The name keys of one comparable form: the word itself for a one-word name, every
    pair of its (first ``MAX_TOKENS``) words otherwise.

    How many subjects share a form is estimated as the least number sharing any of its
    keys; online search (counting in the store's index) and batch matching (counting in
    the input) use this same estimate, so they weigh a name alike.
    """
    tokens = form.split()
    if len(tokens) == 1:
        return [f"j:{tokens[0]}"]
    return [f"n:{first}|{second}" for first, second in combinations(tokens[:MAX_TOKENS], 2)]


def han_key(han: str) -> str:
    """The key of a name written in Han characters."""
    return f"h:{han}"


def blocking_keys(profile: MatchProfile, *, stored: bool = False) -> list[str]:
    """Every blocking key of a profile, without duplicates, in a stable order.

    ``stored``: the keys the store's index keeps for online search, a subset: the
    typo-tolerant prefix and birth-date keys of the names as written only (the first
    ``SURFACE_FORMS`` forms; a query brings every rendering of its own name), and no
    address keys (a search gives no address). Batch matching uses every key.
    """
    keys: dict[str, None] = {}
    initials: set[str] = set()
    for position, form in enumerate(profile.forms):
        tokens = form.split()
        keys.update(dict.fromkeys(form_keys(form)))
        if stored and position >= SURFACE_FORMS:
            continue
        if len(tokens) == 1:
            initials.add(tokens[0][0])
            continue
        tokens = tokens[:MAX_TOKENS]
        keys["p:" + "|".join(sorted(t[:3] for t in tokens))] = None
        initials.update(t[0] for t in tokens)
    for han in profile.han:
        keys[han_key(han)] = None
    for document in profile.documents:
        keys[f"d:{ocr_fold(document)}"] = None
    for phone in profile.phones:
        keys[f"t:{phone}"] = None
    if not stored:
        # The longest words of an address are its rarest (street and place names):
        # pairs of them find a person whose name was mistyped or changed (FEBRL4: 5 of
        # 5,000 pairs).
        words = sorted(
            {w for w in profile.address.split() if len(w) >= 4}, key=lambda w: (-len(w), w)
        )
        for first, second in combinations(sorted(words[:3]), 2):
            keys[f"a:{first}|{second}"] = None
    if profile.birth_day:
        date = f"{profile.birth_year:04d}-{profile.birth_month:02d}-{profile.birth_day:02d}"
        for initial in sorted(initials):
            keys[f"b:{date}|{initial}"] = None
    return list(keys)
