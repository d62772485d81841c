"""Names already in Latin letters: Vietnamese, romanised Asian names, Western names.

Folding (case, diacritics, Đ → d, apostrophes) happens in ``folding``; this module
keeps the words and syllables as written and adds the forms a clerk's habits produce:
the given-name syllables joined or split (Jin-ping, Jinping, Jin Ping) and the full
given name behind a common English nickname (Bill → William).
"""

from __future__ import annotations

from liaison.matching.names.combine import Rendering
from liaison.matching.names.folding import latin_words
from liaison.matching.names.mandarin import split_syllables
from liaison.matching.names.nicknames import NICKNAMES, canonical_names

# Full names tried for a nickname: Al may be Albert, Alfred, Alan, Alexander...; the
# few with the most nicknames of their own (the commonest names) keep the forms bounded.
_NICKNAME_EXPANSIONS = 2


def latin_renderings(text: str, asian_tokens: frozenset[str]) -> list[Rendering]:
    """The name as written, then with each English nickname replaced by its names.

    ``asian_tokens`` are spellings the Asian tables know (Kim, Sam, Lee): those are
    family or given names in their own right, never nicknames to expand.
    """
    words = tuple(latin_words(text))
    if not words:
        return []
    out: dict[Rendering, None] = {words: None}
    family_first = _capitals_first(text)
    if family_first:
        out.setdefault(family_first, None)
    western = _without_western_name(text, words, asian_tokens)
    if western:
        out.setdefault(western, None)
    for position, word in enumerate(words):
        if len(word) != 1 or word[0] in asian_tokens:
            continue
        for full in canonical_names(word[0])[:_NICKNAME_EXPANSIONS]:
            out.setdefault((*words[:position], (full,), *words[position + 1 :]), None)
    return list(out)


def _is_western_given_name(word: str, asian_tokens: frozenset[str]) -> bool:
    """Carrie, Jacky, Grace: an English given name, not a syllable of an Asian name."""
    if word in asian_tokens:
        return False
    if word in NICKNAMES:
        return True
    return (
        len(word) >= 5
        and split_syllables(word, "pinyin") is None
        and split_syllables(word, "wade_giles") is None
    )


def _without_western_name(
    text: str, words: Rendering, asian_tokens: frozenset[str]
) -> Rendering | None:
    """Carrie Lam Cheng Yuet-ngor → Lam Cheng Yuet-ngor; Lam Cheng Yuet-ngor, Carrie too.

    Hong Kong, Singapore and Malaysian Chinese write an English given name before the
    Chinese name (or after it, behind a comma); the Chinese name alone is what a record
    in Han characters romanises to. Only a one-syllable word is taken for an English
    name, and at least a family name and a given name must remain.
    """
    if len(words) < 3:
        return None
    first, last = words[0], words[-1]
    if len(first) == 1 and _is_western_given_name(first[0], asian_tokens):
        return words[1:]
    comma = "," in text and text.rsplit(",", 1)[1].strip().count(" ") == 0
    if comma and len(last) == 1 and _is_western_given_name(last[0], asian_tokens):
        return words[:-1]
    return None


def _capitals_first(text: str) -> Rendering | None:
    """Zhiming CHEN → (chen, zhiming): the family name in capitals, moved first.

    Passports (ICAO 9303) and many Western files write the family name in capitals
    after the given name; the capitals say which word is the family name, so the
    family-first form Asian files use can be derived. None when no such hint exists.
    """
    written = text.replace(",", " ").split()
    if len(written) < 2:
        return None
    capitals = [w.isupper() and sum(c.isalpha() for c in w) > 1 for w in written]
    if all(capitals) or not any(capitals) or capitals[0]:
        return None
    family = [w for w, cap in zip(written, capitals, strict=True) if cap]
    given = [w for w, cap in zip(written, capitals, strict=True) if not cap]
    return tuple(latin_words(" ".join(family + given)))


def joined_forms(rendering: Rendering, *, guess_given: bool) -> list[str]:
    """The rendering with each word's syllables joined (Xi Jin-ping → xi jinping).

    With ``guess_given`` (a Latin name, where the written words do not say which are
    the given name), three or more words also give the forms with all words after the
    first joined (Xi Jin Ping → xi jinping) and all before the last joined (Zhi Ming
    Chen → zhiming chen), whichever order the name was written in.
    """
    words = ["".join(word) for word in rendering]
    out = {" ".join(words): None}
    if guess_given and len(words) >= 3:
        out[f"{words[0]} {''.join(words[1:])}"] = None
        out[f"{''.join(words[:-1])} {words[-1]}"] = None
    return list(out)
