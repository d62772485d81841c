"""Comparing candidate pairs, many at once: one level per feature per pair.

Everything here works on arrays so that a batch of a million pairs is compared in about a
second on two cores: name forms with rapidfuzz's C++ edit distances over all form pairs
of all candidate pairs, the other features with numpy on integer codes. Online search
and both batch engines call ``compare_pairs``, so a pair scores the same everywhere.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz
from rapidfuzz.distance import JaroWinkler, Levenshtein
from rapidfuzz.process import cpdist

from liaison.matching.blocking import NAME_COUNT_CAP, SURFACE_FORMS, form_keys, han_key
from liaison.matching.profile import MatchProfile, ocr_fold

IntArray = npt.NDArray[np.int64]
LevelArray = npt.NDArray[np.integer[Any]]

NULL = -1  # a feature missing on either side: no evidence either way


class NameLevel(IntEnum):
    """How the names of two subjects compare (best over all their forms)."""

    HAN_DIFFERS = 0
    DIFFERENT = 1
    SIMILAR = 2
    TWO_EDITS = 3
    ONE_EDIT = 4
    SAME_FORM = 5
    SAME_HAN = 6


class BirthLevel(IntEnum):
    """How two (possibly partial) birth dates compare."""

    DIFFERENT = 0
    YEAR_CLOSE = 1
    NEAR = 2
    COMPATIBLE = 3
    SAME_DAY = 4


class DocumentLevel(IntEnum):
    """How the identity document numbers of two subjects compare."""

    DIFFERENT = 0
    ONE_EDIT = 1
    OCR_EQUAL = 2
    SAME = 3


class PhoneLevel(IntEnum):
    """How the phones of two subjects compare."""

    DIFFERENT = 0
    SAME_LINE_DIGITS = 1
    SAME = 2


class AddressLevel(IntEnum):
    """How the (first) addresses of two subjects compare, words in any order."""

    DIFFERENT = 0
    SOME_WORDS = 1
    SIMILAR = 2
    SAME = 3


class YesNo(IntEnum):
    """Agree or not (gender, nationality)."""

    DIFFERENT = 0
    SAME = 1


FEATURES = ("name", "birth", "gender", "nationality", "document", "phone", "address")
LEVELS: dict[str, type[IntEnum]] = {
    "name": NameLevel,
    "birth": BirthLevel,
    "gender": YesNo,
    "nationality": YesNo,
    "document": DocumentLevel,
    "phone": PhoneLevel,
    "address": AddressLevel,
}

NAME_COUNT = "name_count"
_THREADED_FROM = 50_000
SIMILAR_JARO_WINKLER = 0.92
ADDRESS_SIMILAR = 85.0
ADDRESS_SOME_WORDS = 65.0
_SLOTS = 4  # Han forms, documents and phones compared per subject


def _workers(pairs: int) -> int:
    # Threads pay off on large batches only: a search's few thousand form pairs run
    # faster on the calling thread than spread over both cores.
    return -1 if pairs >= _THREADED_FROM else 1


def name_key_counts(profiles: Sequence[MatchProfile]) -> Counter[str]:
    """How many of ``profiles`` have each name key (each profile counted once per key)."""
    counts: Counter[str] = Counter()
    for p in profiles:
        keys = {k for form in p.forms for k in form_keys(form)}
        keys.update(han_key(h) for h in p.han)
        counts.update(keys)
    return counts


def _codes(values: Sequence[tuple[str, ...]], vocabulary: dict[str, int]) -> IntArray:
    """Up to ``_SLOTS`` values per profile as integer codes, -1 where absent."""
    codes = np.full((len(values), _SLOTS), -1, dtype=np.int64)
    for row, items in enumerate(values):
        for col, item in enumerate(items[:_SLOTS]):
            codes[row, col] = vocabulary.setdefault(item, len(vocabulary))
    return codes


def _any_shared(left: IntArray, right: IntArray) -> npt.NDArray[np.bool_]:
    shared = np.zeros(left.shape[0], dtype=bool)
    for i in range(_SLOTS):
        for j in range(_SLOTS):
            shared |= (left[:, i] == right[:, j]) & (left[:, i] >= 0)
    return shared


def _has(codes: IntArray) -> npt.NDArray[np.bool_]:
    result: npt.NDArray[np.bool_] = codes[:, 0] >= 0
    return result


@dataclass
class ProfileArrays:
    """The profiles of one side, as arrays for vectorised comparison."""

    profiles: Sequence[MatchProfile]
    form_start: IntArray
    form_count: IntArray
    forms: npt.NDArray[np.object_]
    form_codes: IntArray
    # How many subjects of this side's population share each form (aligned with
    # ``forms``) and each Han form (aligned with ``han``): weak evidence for common names.
    form_frequency: IntArray
    han: IntArray
    han_frequency: IntArray
    year: IntArray
    month: IntArray
    day: IntArray
    approximate: npt.NDArray[np.bool_]
    gender: IntArray
    nationality: npt.NDArray[np.uint64]
    documents: IntArray
    documents_ocr: IntArray
    phones: IntArray
    phone_tails: IntArray
    addresses: npt.NDArray[np.object_]


class Vocabulary:
    """Integer codes shared by both sides of a comparison, so equal values compare equal."""

    def __init__(self) -> None:
        self.forms: dict[str, int] = {}
        self.han: dict[str, int] = {}
        self.documents: dict[str, int] = {}
        self.phones: dict[str, int] = {}
        self.nations: dict[str, int] = {}

    def arrays(
        self,
        profiles: Sequence[MatchProfile],
        key_counts: Mapping[str, int] | None = None,
        counted: Collection[str] | None = None,
    ) -> ProfileArrays:
        """Arrays of the given profiles, coded with this vocabulary.

        ``key_counts`` says how many subjects of the population searched share each name
        key (``blocking.form_keys``, ``blocking.han_key``); by default the population is
        these profiles themselves. With ``counted``, only those forms are counted (a
        search's own forms: no other form can be shared with it); the others count 1.
        """
        counts_by_key = name_key_counts(profiles) if key_counts is None else key_counts
        frequency: dict[str, int] = {}

        def form_frequency(form: str) -> int:
            found = frequency.get(form)
            if found is None:
                if counted is not None and form not in counted:
                    return 1
                found = max(1, min(counts_by_key.get(k, 1) for k in form_keys(form)))
                found = min(found, NAME_COUNT_CAP)
                frequency[form] = found
            return found

        counts = np.fromiter((len(p.forms) for p in profiles), dtype=np.int64, count=len(profiles))
        starts = np.zeros(len(profiles), dtype=np.int64)
        if len(profiles):
            starts[1:] = np.cumsum(counts)[:-1]
        forms = np.empty(int(counts.sum()), dtype=object)
        forms[:] = [form for p in profiles for form in p.forms]
        form_codes = np.fromiter(
            (self.forms.setdefault(form, len(self.forms)) for form in forms),
            dtype=np.int64,
            count=len(forms),
        )
        form_counts = np.fromiter(
            (form_frequency(form) for form in forms), dtype=np.int64, count=len(forms)
        )
        han_counts = np.ones((len(profiles), _SLOTS), dtype=np.int64)
        for row, p in enumerate(profiles):
            for col, han in enumerate(p.han[:_SLOTS]):
                han_counts[row, col] = min(
                    max(1, counts_by_key.get(han_key(han), 1)), NAME_COUNT_CAP
                )
        nationality = np.zeros(len(profiles), dtype=np.uint64)
        for row, p in enumerate(profiles):
            mask = 0
            for code in p.nationalities:
                # 64 bits, one per nation seen; nations beyond 64 share bits (rare).
                mask |= 1 << (self.nations.setdefault(code, len(self.nations)) % 64)
            nationality[row] = mask
        return ProfileArrays(
            profiles=profiles,
            form_start=starts,
            form_count=counts,
            forms=forms,
            form_codes=form_codes,
            form_frequency=form_counts,
            han_frequency=han_counts,
            han=_codes([p.han for p in profiles], self.han),
            year=np.array([p.birth_year for p in profiles], dtype=np.int64),
            month=np.array([p.birth_month for p in profiles], dtype=np.int64),
            day=np.array([p.birth_day for p in profiles], dtype=np.int64),
            approximate=np.array([p.birth_approximate for p in profiles], dtype=bool),
            gender=np.array([{"m": 1, "f": 2}.get(p.gender, 0) for p in profiles]),
            nationality=nationality,
            documents=_codes([p.documents for p in profiles], self.documents),
            documents_ocr=_codes(
                [tuple(ocr_fold(d) for d in p.documents) for p in profiles], self.documents
            ),
            phones=_codes([p.phones for p in profiles], self.phones),
            phone_tails=_codes([tuple(ph[-7:] for ph in p.phones) for p in profiles], self.phones),
            addresses=np.array([p.address for p in profiles], dtype=object),
        )


def _pair_expansion(
    count_l: IntArray, count_r: IntArray, start_l: IntArray, start_r: IntArray
) -> tuple[IntArray, IntArray, IntArray]:
    """Every (left form, right form) of every pair: the pair's index and both form indexes.

    Pair ``k`` contributes ``count_l[k] * count_r[k]`` combinations, in pair order.
    """
    per_pair = count_l * count_r
    total = int(per_pair.sum())
    pair_of = np.repeat(np.arange(len(per_pair)), per_pair)
    offsets = np.zeros(len(per_pair), dtype=np.int64)
    offsets[1:] = np.cumsum(per_pair)[:-1]
    within = np.arange(total, dtype=np.int64) - offsets[pair_of]
    right_count = np.maximum(count_r[pair_of], 1)
    a = start_l[pair_of] + within // right_count
    b = start_r[pair_of] + within % right_count
    return pair_of, a, b


def _shared_form(left: ProfileArrays, right: ProfileArrays, li: IntArray, ri: IntArray) -> IntArray:
    """For each pair, how many subjects share the rarest form both sides have (the larger
    of the two sides' counts), or 0 when they share no form: a sort of integer codes,
    no string work."""
    pairs = np.arange(len(li), dtype=np.int64)
    width = np.int64(max(int(left.form_codes.max(initial=0)), int(right.form_codes.max(initial=0))))
    width += 1

    def keyed(side: ProfileArrays, index: IntArray) -> IntArray:
        count = side.form_count[index]
        pair_of = np.repeat(pairs, count)
        offsets = np.zeros(len(index), dtype=np.int64)
        offsets[1:] = np.cumsum(count)[:-1]
        within = np.arange(int(count.sum()), dtype=np.int64) - offsets[pair_of]
        codes = side.form_codes[side.form_start[index][pair_of] + within]
        keys: IntArray = pair_of * width + codes
        return keys

    # A profile's forms are distinct, so a key seen twice is a form both sides of that
    # pair have. (A plain sort: numpy's hash-based isin is several times slower here.)
    keys = np.sort(np.concatenate([keyed(left, li), keyed(right, ri)]))
    hits = keys[1:][keys[1:] == keys[:-1]]
    codes = hits % width
    by_code = np.ones(int(width), dtype=np.int64)
    np.maximum.at(by_code, left.form_codes, left.form_frequency)
    np.maximum.at(by_code, right.form_codes, right.form_frequency)
    shared = np.full(len(li), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(shared, hits // width, by_code[codes])
    shared[shared == np.iinfo(np.int64).max] = 0
    return shared


def _shared_han(left: ProfileArrays, right: ProfileArrays, li: IntArray, ri: IntArray) -> IntArray:
    """For each pair, how many subjects share the rarest Han form both have, or 0."""
    han_l, han_r = left.han[li], right.han[ri]
    freq_l, freq_r = left.han_frequency[li], right.han_frequency[ri]
    none = np.iinfo(np.int64).max
    shared = np.full(len(li), none, dtype=np.int64)
    for i in range(_SLOTS):
        for j in range(_SLOTS):
            same = (han_l[:, i] == han_r[:, j]) & (han_l[:, i] >= 0)
            count = np.maximum(freq_l[:, i], freq_r[:, j])
            shared = np.where(same, np.minimum(shared, count), shared)
    shared[shared == none] = 0
    return shared


def _name_levels(
    left: ProfileArrays, right: ProfileArrays, li: IntArray, ri: IntArray
) -> tuple[LevelArray, IntArray]:
    han_l = left.han[li]
    han_r = right.han[ri]
    both_han = _has(han_l) & _has(han_r)
    count_l = left.form_count[li]
    count_r = right.form_count[ri]
    levels = np.full(len(li), NULL, dtype=np.int8)
    # Names both written in Han characters are compared as characters only (below): a
    # Hanzi name has a dozen romanisations, and comparing all of them pairwise would cost
    # a hundred times more for nothing.
    has = ~both_han & (count_l > 0) & (count_r > 0)
    levels[has] = NameLevel.DIFFERENT
    name_count = np.where(has, _shared_form(left, right, li, ri), 0)
    exact = name_count > 0
    levels[exact] = NameLevel.SAME_FORM
    fuzzy = np.flatnonzero(has & ~exact)
    if len(fuzzy):
        # Typos are made in a name as written: each side's written forms (the first
        # ``SURFACE_FORMS``) against every rendering of the other side.
        fl, fr = li[fuzzy], ri[fuzzy]
        surface_l = np.minimum(left.form_count[fl], SURFACE_FORMS)
        surface_r = np.minimum(right.form_count[fr], SURFACE_FORMS)
        p1, a1, b1 = _pair_expansion(
            surface_l, right.form_count[fr], left.form_start[fl], right.form_start[fr]
        )
        p2, a2, b2 = _pair_expansion(
            left.form_count[fl], surface_r, left.form_start[fl], right.form_start[fr]
        )
        pair_of = np.concatenate([p1, p2])
        forms_a = left.forms[np.concatenate([a1, a2])]
        forms_b = right.forms[np.concatenate([b1, b2])]
        distance = cpdist(
            forms_a,
            forms_b,
            scorer=Levenshtein.distance,
            score_cutoff=3,
            workers=_workers(len(forms_a)),
        )
        best_distance = np.full(len(fuzzy), 3, dtype=np.int64)
        np.minimum.at(best_distance, pair_of, distance.astype(np.int64))
        # Jaro-Winkler only where no edit distance already decided the level.
        far = np.flatnonzero(best_distance[pair_of] > 2)
        best_similarity = np.zeros(len(fuzzy), dtype=np.float64)
        if len(far):
            similarity = cpdist(
                forms_a[far],
                forms_b[far],
                scorer=JaroWinkler.normalized_similarity,
                workers=_workers(len(far)),
            )
            np.maximum.at(best_similarity, pair_of[far], similarity.astype(np.float64))
        level = np.full(len(fuzzy), NameLevel.DIFFERENT, dtype=np.int8)
        level[best_similarity >= SIMILAR_JARO_WINKLER] = NameLevel.SIMILAR
        level[best_distance == 2] = NameLevel.TWO_EDITS
        level[best_distance == 1] = NameLevel.ONE_EDIT
        # A name in Han characters against one in letters: two letters apart is usually
        # another character (Zhiming / Zhiqiang, 志明 / 志強), not a spelling, so it counts
        # as merely similar; one letter is often a spelling (Loong / Long).
        one_han = _has(han_l[fuzzy]) != _has(han_r[fuzzy])
        level[one_han & (level == NameLevel.TWO_EDITS)] = NameLevel.SIMILAR
        levels[fuzzy] = level
    han_count = _shared_han(left, right, li, ri)
    shared_han = han_count > 0
    levels[both_han & shared_han] = NameLevel.SAME_HAN
    name_count = np.where(both_han, han_count, name_count)
    # Two names written in Han characters that share no form are different names, however
    # close their romanisations (陳志明 and 陳志強 are brothers, not spellings).
    levels[both_han & ~shared_han] = NameLevel.HAN_DIFFERS
    return levels, name_count


def _birth_levels(
    left: ProfileArrays, right: ProfileArrays, li: IntArray, ri: IntArray
) -> LevelArray:
    ya, ma, da = left.year[li], left.month[li], left.day[li]
    yb, mb, db = right.year[ri], right.month[ri], right.day[ri]
    approx = left.approximate[li] | right.approximate[ri]
    known = (ya > 0) & (yb > 0)
    levels = np.full(len(li), NULL, dtype=np.int8)
    levels[known] = BirthLevel.DIFFERENT
    close_years = np.abs(ya - yb) <= np.where(approx, 3, 1)
    # Years a year apart mean something when a date is partial or approximate; two full
    # dates that differ in more than one part are different dates (typos are NEAR).
    full_both = (da > 0) & (db > 0)
    levels[known & close_years & (~full_both | approx)] = BirthLevel.YEAR_CLOSE
    same_year = ya == yb
    full = (da > 0) & (db > 0)
    month_ok = (ma == mb) | (ma == 0) | (mb == 0)
    day_ok = (da == db) | (da == 0) | (db == 0)
    swapped = full & (ya == yb) & (ma == db) & (da == mb)
    one_field = full & (((ya == yb).astype(np.int64) + (ma == mb) + (da == db)) == 2)
    levels[known & (swapped | one_field | (approx & close_years))] = BirthLevel.NEAR
    levels[known & same_year & month_ok & day_ok & ~full] = BirthLevel.COMPATIBLE
    levels[known & full & same_year & (ma == mb) & (da == db)] = BirthLevel.SAME_DAY
    return levels


def _document_levels(
    left: ProfileArrays, right: ProfileArrays, li: IntArray, ri: IntArray
) -> LevelArray:
    docs_l, docs_r = left.documents[li], right.documents[ri]
    both = _has(docs_l) & _has(docs_r)
    levels = np.full(len(li), NULL, dtype=np.int8)
    levels[both] = DocumentLevel.DIFFERENT
    rest = np.flatnonzero(both)
    if len(rest):
        # One typed character apart: compare the first document of each side.
        a = [left.profiles[i].documents[0] for i in li[rest]]
        b = [right.profiles[j].documents[0] for j in ri[rest]]
        near = (
            cpdist(a, b, scorer=Levenshtein.distance, score_cutoff=2, workers=_workers(len(a))) == 1
        )
        levels[rest[near]] = DocumentLevel.ONE_EDIT
    levels[both & _any_shared(left.documents_ocr[li], right.documents_ocr[ri])] = (
        DocumentLevel.OCR_EQUAL
    )
    levels[both & _any_shared(docs_l, docs_r)] = DocumentLevel.SAME
    return levels


def _phone_levels(
    left: ProfileArrays, right: ProfileArrays, li: IntArray, ri: IntArray
) -> LevelArray:
    phones_l, phones_r = left.phones[li], right.phones[ri]
    both = _has(phones_l) & _has(phones_r)
    levels = np.full(len(li), NULL, dtype=np.int8)
    levels[both] = PhoneLevel.DIFFERENT
    levels[both & _any_shared(left.phone_tails[li], right.phone_tails[ri])] = (
        PhoneLevel.SAME_LINE_DIGITS
    )
    levels[both & _any_shared(phones_l, phones_r)] = PhoneLevel.SAME
    return levels


def _address_levels(
    left: ProfileArrays, right: ProfileArrays, li: IntArray, ri: IntArray
) -> LevelArray:
    a, b = left.addresses[li], right.addresses[ri]
    both = np.flatnonzero((a != "") & (b != ""))
    levels = np.full(len(li), NULL, dtype=np.int8)
    if len(both):
        # Addresses are kept with their words sorted, so this is rapidfuzz's token-sort
        # ratio: typos and reordered words score high, shared filler words ("street") do not.
        similarity = cpdist(a[both], b[both], scorer=fuzz.ratio, workers=_workers(len(both)))
        level = np.full(len(both), AddressLevel.DIFFERENT, dtype=np.int8)
        level[similarity >= ADDRESS_SOME_WORDS] = AddressLevel.SOME_WORDS
        level[similarity >= ADDRESS_SIMILAR] = AddressLevel.SIMILAR
        level[a[both] == b[both]] = AddressLevel.SAME
        levels[both] = level
    return levels


def compare_pairs(
    left: ProfileArrays, right: ProfileArrays, li: IntArray, ri: IntArray
) -> dict[str, LevelArray]:
    """The level of every feature for the pairs ``(left[li[k]], right[ri[k]])``."""
    gender_l, gender_r = left.gender[li], right.gender[ri]
    gender = np.where((gender_l > 0) & (gender_r > 0), (gender_l == gender_r), NULL)
    nat_l, nat_r = left.nationality[li], right.nationality[ri]
    nationality = np.where((nat_l > 0) & (nat_r > 0), (nat_l & nat_r) > 0, NULL)
    name, name_count = _name_levels(left, right, li, ri)
    return {
        "name": name,
        # Not a level: how many subjects share the name the pair has in common (0 when it
        # has none in common); the model weighs a common name less than a rare one.
        NAME_COUNT: name_count,
        "birth": _birth_levels(left, right, li, ri),
        "gender": gender.astype(np.int8),
        "nationality": nationality.astype(np.int8),
        "document": _document_levels(left, right, li, ri),
        "phone": _phone_levels(left, right, li, ri),
        "address": _address_levels(left, right, li, ri),
    }
