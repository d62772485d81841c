"""Thai names: customary spellings of known names, RTGS by rule for the rest.

pythainlp's RTGS romaniser was measured first: 67 MB installed and wrong on common
names (ชินวัตร chinwatn, ณัฐพล natpn, เศรษฐา senttha), so the rules are thai.yaml's
tables and this module's syllable walk. Thai leaves vowels unwritten and writes silent
letters, so the walk uses rules of thumb (a bare consonant between two consonants
closes with o; a run of three bare consonants at the end of a word reads Ca-CoC); the
name table holds the names that the rules get wrong and the customary spellings that
passports carry (Shinawatra for RTGS Chinnawat).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from liaison.matching.names.combine import Choice, Part, Rendering, cheapest, ranked
from liaison.matching.names.tables import Spellings, cell_map, section, spelling_lists, spellings

_LEADING = frozenset("เแโใไ")
_MARKS = frozenset("ะัาำิีึืุู็")
_DROPPED = frozenset("่้๊๋ๆฯํ๎")
_KARAN = "์"
_SHORT_CLOSED = frozenset("ัิุ")
_LIMIT = 8


@dataclass(frozen=True)
class Pattern:
    """A vowel written around the initial: เCีย is lead เ, after ีย."""

    lead: str
    after: str
    needs_final: bool
    takes_final: bool
    value: Spellings


@dataclass(frozen=True)
class ThaiTables:
    """thai.yaml, parsed."""

    initial: dict[str, Spellings]
    final: dict[str, Spellings]
    clusters: dict[str, Spellings]
    patterns: tuple[Pattern, ...]
    closed: Spellings
    open: Spellings
    special: dict[str, Spellings]
    names: dict[str, Spellings]


@cache
def tables() -> ThaiTables:
    """The Thai tables, read once."""
    initial: dict[str, Spellings] = {}
    final: dict[str, Spellings] = {}
    for letter, (first, last) in section("thai", "consonants").items():
        where = f"thai.yaml consonants.{letter}"
        initial[str(letter)] = spellings(str(first), where=where)
        final[str(letter)] = spellings(str(last), where=where)
    patterns = []
    for shape, cell in section("thai", "vowels").items():
        text = str(shape)
        lead, after = text.split("C", 1)
        needs_final = after.endswith("F")
        after = after.removesuffix("F")
        # Vowels that end in ะ or ำ, and ใ ไ เ-า, are complete: no final follows.
        takes_final = not (
            after.endswith("ะ") or after == "ำ" or lead in ("ใ", "ไ") or (lead, after) == ("เ", "า")
        )
        value = spellings(str(cell), where=f"thai.yaml vowels.{text}")
        patterns.append(Pattern(lead, after, needs_final, takes_final, value))
    patterns.sort(key=lambda p: -len(p.after))
    inherent = section("thai", "inherent")
    return ThaiTables(
        initial=initial,
        final=final,
        clusters=cell_map("thai", "clusters"),
        patterns=tuple(patterns),
        closed=spellings(str(inherent["closed"]), where="thai.yaml inherent.closed"),
        open=spellings(str(inherent["open"]), where="thai.yaml inherent.open"),
        special=cell_map("thai", "special"),
        names=spelling_lists("thai", "names"),
    )


def customary_spellings() -> list[tuple[str, ...]]:
    """The spellings of each known Thai name (for token variants)."""
    return [tuple(v for v in values if " " not in v) for values in tables().names.values()]


def _without_silent(word: str) -> str:
    """Drop tone marks and the letters a thanthakhat (์) silences."""
    chars = [c for c in word if c not in _DROPPED]
    while _KARAN in chars:
        k = chars.index(_KARAN)
        start = k - 1
        if start > 0 and chars[start] in "ิุ":
            start -= 1  # ดิ์: the vowel under the silenced letter goes with it
        consonants = tables().initial
        # จันทร์, ลักษณ์: after a closed short syllable the letter before the silenced
        # one is silent too.
        if (
            start >= 3
            and chars[start - 1] in consonants
            and chars[start - 2] in consonants
            and chars[start - 3] in _SHORT_CLOSED
        ):
            start -= 1
        del chars[max(start, 0) : k + 1]
    return "".join(chars)


Piece = tuple[Spellings, Spellings, Spellings]  # initial, vowel, final


def _syllables(word: str) -> list[Piece]:
    t = tables()
    s = _without_silent(word)
    n = len(s)

    def consonant(p: int) -> bool:
        return p < n and s[p] in t.initial

    def starts_syllable(p: int) -> bool:
        """Whether the consonant at p is the initial of a syllable (not a final)."""
        if not consonant(p):
            return False
        nxt = s[p + 1] if p + 1 < n else ""
        if nxt in _MARKS:
            return True
        if s[p : p + 2] in t.clusters and p + 2 < n and s[p + 2] in _MARKS:
            return True
        if s[p + 1 : p + 3] == "รร":
            return True  # บรร of สุบรรณ: รร is the vowel an
        return nxt == "อ" and (p + 2 >= n or s[p + 2] not in _MARKS)

    def _lead_pattern_at(lead: str, p: int) -> bool:
        return any(x.lead == lead and x.after and s.startswith(x.after, p) for x in t.patterns)

    out: list[Piece] = []
    i = 0
    while i < n:
        char = s[i]
        if char in t.special:
            out.append((("",), t.special[char], ("",)))
            i += 1
            continue
        lead = ""
        if char in _LEADING:
            lead, i = char, i + 1
        if not consonant(i):
            i += 1
            continue
        initial = t.initial[s[i]]
        end = i + 1
        pair = s[i : i + 2]
        if pair in t.clusters and end + 1 <= n:
            after = s[i + 2] if i + 2 < n else ""
            # With a leading vowel the pair is a cluster only if something follows it
            # (แปลง plaeng; but แกว is kae + o).
            # A ว after a leading vowel closes it instead (แก้วมณี kaeo-mani).
            with_lead = lead and after and pair[1] != "ว"
            if with_lead or after in _MARKS or (pair[0] in "หอ" and after == "อ"):
                initial, end = t.clusters[pair], i + 2
        elif lead and consonant(i + 1) and _lead_pattern_at(lead, i + 2):
            # เจริญ: the leading vowel belongs to the second consonant (cha-roen), the
            # first reads with a short a.
            out.append((initial, t.open, ("",)))
            i += 1
            initial, end = t.initial[s[i]], i + 1
        pattern = next(
            (
                p
                for p in t.patterns
                if p.lead == lead
                and s.startswith(p.after, end)
                and (not p.needs_final or consonant(end + len(p.after)))
                and not (p.after == "อ" and end + 1 < n and s[end + 1] in _MARKS)
            ),
            None,
        )
        if pattern is not None:
            vowel, i, takes_final = pattern.value, end + len(pattern.after), pattern.takes_final
        elif not consonant(end) or starts_syllable(end):
            out.append((initial, t.open, ("",)))
            i = end
            continue
        else:
            run = end
            while consonant(run) and not starts_syllable(run):
                run += 1
            if run == n and run - i == 3:
                # พงศกร: a run of three bare consonants at the end reads Ca-CoC.
                out.append((initial, t.open, ("",)))
                i = end
                continue
            vowel, i, takes_final = t.closed, end, True
        final: Spellings = ("",)
        if takes_final and consonant(i) and not starts_syllable(i):
            final = t.final[s[i]]
            i += 1
            if i == n - 1 and s[i] == "ร":
                i += 1  # ชินวัตร, บุตร: a closing ร after a final is silent
        out.append((initial, vowel, final))
    return out


def _pick(options: Spellings, style: int) -> str:
    return options[min(style, len(options) - 1)] if options else ""


def romanise_word(word: str, style: int) -> str:
    """One Thai word by rule: style 0 is RTGS, style 1 the customary habits."""
    return "".join(
        _pick(initial, style) + _pick(vowel, style) + _pick(final, style)
        for initial, vowel, final in _syllables(word)
    )


def thai_renderings(text: str) -> list[Rendering]:
    """Spellings of a Thai name, word by word in the order written."""
    names = tables().names
    parts: list[Part] = []
    for word in text.split():
        thai = "".join(c for c in word if "\u0e00" <= c <= "\u0e7f")
        if not thai:
            continue
        known = names.get(thai)
        if known:
            parts.append(Part((ranked(known),)))
            continue
        forms = dict.fromkeys(romanise_word(thai, style) for style in (0, 1))
        choices = tuple(Choice((f,), i) for i, f in enumerate(f for f in forms if f))
        if choices:
            parts.append(Part((choices,)))
    return cheapest(parts, _LIMIT)
