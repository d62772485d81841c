"""Comparable forms of a person's name in every script the region writes.

The same suspect is 陳志明 in a Taiwanese file, Chen Zhiming in a Chinese one, Tan Chee
Beng in a Malaysian one and Chan Chi-ming in Hong Kong. ``name_forms`` keeps the name
as written and derives its comparable Latin forms (lower-case ASCII words) under every
convention that may have written it, so two records of one person share a form while
his brother 陳志強 does not. Libraries do what they can (OpenCC, pypinyin, ToJyutping,
taibun); the conventions no library covers, and the Japanese name readings taken from
SudachiDict, are the tables of ``liaison/data/names``, each citing its sources.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

from liaison.domain.scripts import SCRIPTS, detect_script
from liaison.errors import ValidationFailed
from liaison.matching.names import chinese, japanese, khmer, korean, mandarin, thai
from liaison.matching.names.combine import Rendering
from liaison.matching.names.folding import fold_text
from liaison.matching.names.latin import joined_forms, latin_renderings
from liaison.matching.names.nicknames import NICKNAMES

__all__ = ["MAX_NAME_LENGTH", "NICKNAMES", "NameForms", "latin_variants_of_token", "name_forms"]

MAX_NAME_LENGTH = 500
# Forms kept per name: every convention's best spelling comes first (combine.interleave),
# so the cut only drops the rarer variants of long names.
_MAX_FORMS = 24
# A kanji name that may be Chinese or Japanese: the Japanese readings kept, and how many
# Chinese forms (one per convention) come before them.
_EITHER_JAPANESE = 2
_EITHER_CHINESE_FIRST = 6
# The readers of each script, best first.
_READERS: dict[str, tuple[Callable[[str], list[Rendering]], ...]] = {
    "Hani": (chinese.chinese_renderings,),
    # Chinese files read a Japanese name's kanji in Chinese (安倍晋三 An Beijinsan).
    "Jpan": (japanese.japanese_renderings, chinese.chinese_renderings),
    "Hang": (korean.korean_renderings,),
    "Khmr": (khmer.khmer_renderings,),
    "Thai": (thai.thai_renderings,),
}


@dataclass(frozen=True)
class NameForms:
    """One name as written and its comparable forms.

    ``latin`` holds lower-case ASCII renderings, best first, words in the order
    written; ``han`` the simplified and traditional Han forms of a Han-script name;
    ``given_joined`` the Latin forms with each written word's syllables joined
    (xi jin ping → xi jinping), so that every way of writing a given name meets.
    """

    original: str
    script: str
    latin: tuple[str, ...]
    han: tuple[str, ...]
    given_joined: tuple[str, ...]


def _has_letter(text: str) -> bool:
    return any(c.isalpha() or unicodedata.category(c) in {"Mn", "Mc"} for c in text)


def name_forms(value: str, script: str | None = None) -> NameForms:
    """Comparable forms of one name (the original is kept exactly as given).

    ``script`` (ISO 15924) overrides detection, e.g. ``Jpan`` for a kanji-only
    Japanese name. Raises ValidationFailed for a non-text, empty or letterless name,
    a name over 500 characters, or an unknown script code.
    """
    if not isinstance(value, str):
        raise ValidationFailed(f"a name must be text, not {type(value).__name__}")
    if len(value) > MAX_NAME_LENGTH:
        raise ValidationFailed(
            f"a name may have at most {MAX_NAME_LENGTH} characters; this one has {len(value)}"
        )
    if not value.strip():
        raise ValidationFailed("the name is empty")
    if not _has_letter(value):
        raise ValidationFailed(f"the name {value!r} has no letter in any script")
    if script is not None and script not in SCRIPTS:
        known = ", ".join(sorted(SCRIPTS))
        raise ValidationFailed(f"unknown script {script!r}; scripts are {known}")
    return _derive(value, script or detect_script(value))


@lru_cache(maxsize=65_536)  # batch files repeat common names; a derivation is ~0.1 ms
def _derive(value: str, script: str) -> NameForms:
    groups: list[list[Rendering]] = []
    han: tuple[str, ...] = ()
    if script in ("Hani", "Jpan"):
        simplified, traditional = chinese.han_scripts(value)
        if simplified:
            han = tuple(dict.fromkeys((simplified, traditional)))
    reading = script
    if script == "Hani":
        kind = japanese.kanji_name_kind(value)
        if kind == "japanese":
            # 安倍晋三: a Japanese family name of two kanji and a Japanese given name.
            reading = "Jpan"
        elif kind == "either":
            # 林芳正 (Hayashi Yoshimasa) or 李克強 (Li Keqiang): both are possible, so the
            # likeliest Japanese readings follow each Chinese convention's best one.
            chinese_forms = chinese.chinese_renderings(value)
            japanese_forms = japanese.japanese_renderings(value)[:_EITHER_JAPANESE]
            cut = _EITHER_CHINESE_FIRST
            groups.append(chinese_forms[:cut] + japanese_forms + chinese_forms[cut:])
            reading = "either"
    for reader in _READERS.get(reading, ()):
        groups.append(reader(value))
    if (reading != "either" and reading not in _READERS) or any(
        c.isascii() and c.isalpha() for c in value
    ):
        written = latin_renderings(value, asian_tokens())
        groups.append(written)
        if written:
            # Chen Zhiming and Chen Chih-ming: the same name in pinyin and Wade-Giles.
            groups.append(mandarin.converted_renderings(written[0]))
    guess_given = reading != "either" and reading not in _READERS
    latin: dict[str, None] = {}
    joined: dict[str, None] = {}
    # Each reader puts its best spellings first; across readers the table's order does.
    for group in groups:
        for rendering in group:
            form = " ".join(syllable for word in rendering for syllable in word)
            if form in latin:
                continue
            latin[form] = None
            if guess_given:
                joined.update(dict.fromkeys(joined_forms(rendering, guess_given=True)))
            else:
                joined.setdefault(" ".join(map("".join, rendering)), None)
    return NameForms(
        original=value,
        script=script,
        latin=tuple(list(latin)[:_MAX_FORMS]),
        han=han,
        given_joined=tuple(list(joined)[:_MAX_FORMS]),
    )


@cache
def _variant_index() -> dict[str, tuple[str, ...]]:
    groups = [
        *chinese.surname_spellings(),
        *korean.surname_spellings(),
        *khmer.customary_spellings(),
        *thai.customary_spellings(),
    ]
    index: dict[str, dict[str, None]] = {}
    for group in groups:
        for token in group:
            bucket = index.setdefault(token, {token: None})
            bucket.update(dict.fromkeys(group))
    return {token: tuple(spellings) for token, spellings in index.items()}


@cache
def asian_tokens() -> frozenset[str]:
    """Every spelling the Asian name tables know (never expanded as a nickname)."""
    return frozenset(_variant_index())


def latin_variants_of_token(token: str) -> tuple[str, ...]:
    """The customary spelling variants of one Latin name token, the token first.

    lee → (lee, li, ..., yi, rhee, ri); tan → (tan, chen, chan, ...). Known from the
    family-name tables of every convention (Chinese, Korean) and the customary name
    tables (Khmer, Thai). A token with no known variants gives ``(token,)``, folded.
    """
    folded = fold_text(token).replace(" ", "")
    if not folded:
        return (token,)
    return _variant_index().get(folded, (folded,))
