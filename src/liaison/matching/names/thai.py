"""Thai names: customary spellings of known names, three styles by rule for the rest.

pythainlp's RTGS romaniser was measured first: 67 MB installed and wrong on common
names (ชินวัตร chinwatn, ณัฐพล natpn, เศรษฐา senttha, อานนท์ ann), so the rules are
thai.yaml's tables and this module's syllable walk. Thai leaves vowels unwritten and
writes silent letters, so the walk uses rules of thumb: a run of bare consonants reads
CoC CoC, with a leading Ca when the run is odd (พนม pha-nom, ขจร kha-chon); a consonant
left alone at the end of a word is not a final but closes the next syllable (อานน
a-non); ร after a written vowel inside a word, and a Pali letter after a final, start a
syllable of their own (วีรกูล wi-ra-kun, ลักษณ la-ksa-na). Pali and Sanskrit pieces that
the rules cannot read (วัฒน watthana, ยุทธ yut) are looked up in thai.yaml.

Each word is spelt in three styles (thai.yaml's cells): RTGS, the customary phonetic
spelling of passports and the press, and the letter-by-letter Pali spelling many
family names keep (Vejjajiva). A name's spellings put each style's whole-name spelling
first, then the mixtures.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import product

from liaison.errors import ConfigurationError
from liaison.matching.names.combine import Rendering
from liaison.matching.names.folding import fold_spelling
from liaison.matching.names.tables import Spellings, section, spelling_lists

_LEADING = frozenset("เแโใไ")
_MARKS = frozenset("ะัาำิีึืุู็")
_DROPPED = frozenset("่้๊๋ๆฯํ๎")
_KARAN = "์"
_SHORT_CLOSED = frozenset("ัิุ")
_STYLES = (0, 1, 2)
# Letters of Pali and Sanskrit loans: after a final, such a letter starts a syllable of
# its own (ลักษณ lak-sa-na) where a Thai letter would close one (สมชาย som-chai).
_PALI = frozenset("ษณศฐฑฒธภฆฌญฏ")
# A doubled Pali consonant at the end of a word is one final (ยุทธ yut, วัตต wat).
_PALI_DOUBLE = frozenset({"ทธ", "ตต", "ตถ", "กข", "จฉ", "ชฌ", "ปผ", "พภ", "ดธ", "ฏฐ", "ฑฒ"})
# A final before a closing ร that is silent (ชินวัตร, บุตร, เพชร).
_BEFORE_SILENT_R = frozenset("ตคกชจทดปษสศพ")
# ฤ after these letters is a cluster read ri (กฤษณ์ krit); elsewhere it is a syllable.
_RI_CLUSTER = frozenset("กตทปพคฆ")
# Spellings of a whole name kept (each style's whole name, then the cheapest mixture):
# every form costs index rows and comparisons.
_LIMIT = 4


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
    pieces: dict[str, Spellings]
    longest_piece: int
    names: dict[str, Spellings]


def _styles(cell: object, where: str) -> Spellings:
    """A cell's spelling in each style, by position (``t/t/j``: RTGS t, customary t,
    Pali j); a cell with fewer spellings repeats its last."""
    if not isinstance(cell, str):
        raise ConfigurationError(f"name table entry {where}: {cell!r} is not text")
    values = [fold_spelling(part) for part in cell.split("/")]
    if len(values) > len(_STYLES):
        raise ConfigurationError(f"name table entry {where}: more than three styles")
    return tuple(values + values[-1:] * (len(_STYLES) - len(values)))


def _style_map(key: str) -> dict[str, Spellings]:
    entries = section("thai", key)
    if not isinstance(entries, dict):
        raise ConfigurationError(f"name table thai.yaml: {key} is not a mapping")
    return {str(k): _styles(v, f"thai.yaml {key}.{k}") for k, v in entries.items()}


def _strip_tones(text: str) -> str:
    return "".join(c for c in text if c not in _DROPPED)


@cache
def tables() -> ThaiTables:
    """The Thai tables, read once."""
    initial: dict[str, Spellings] = {}
    final: dict[str, Spellings] = {}
    for letter, (first, last) in section("thai", "consonants").items():
        where = f"thai.yaml consonants.{letter}"
        initial[str(letter)] = _styles(first, where)
        final[str(letter)] = _styles(last, where)
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
        value = _styles(cell, f"thai.yaml vowels.{text}")
        patterns.append(Pattern(lead, after, needs_final, takes_final, value))
    patterns.sort(key=lambda p: -len(p.after))
    inherent = section("thai", "inherent")
    pieces = {_strip_tones(k): v for k, v in _style_map("pieces").items()}
    return ThaiTables(
        initial=initial,
        final=final,
        clusters=_style_map("clusters"),
        patterns=tuple(patterns),
        closed=_styles(inherent["closed"], "thai.yaml inherent.closed"),
        open=_styles(inherent["open"], "thai.yaml inherent.open"),
        special=_style_map("special"),
        pieces=pieces,
        longest_piece=max(map(len, pieces), default=0),
        names={_strip_tones(k): v for k, v in spelling_lists("thai", "names").items()},
    )


def customary_spellings() -> list[tuple[str, ...]]:
    """The spellings of each known Thai name (for token variants)."""
    return [tuple(v for v in values if " " not in v) for values in tables().names.values()]


def _without_silent(word: str) -> str:
    """Drop the letters a thanthakhat (์) silences (tone marks are already gone)."""
    chars = list(word)
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
            and chars[start - 2] != "ร"
            and chars[start - 3] in _SHORT_CLOSED
        ):
            start -= 1
        del chars[max(start, 0) : k + 1]
    return "".join(chars)


Piece = tuple[Spellings, Spellings, Spellings]  # initial, vowel, final


def _segments(word: str) -> list[str | Spellings]:
    """The word cut into known pieces (their spellings) and the text between them."""
    t = tables()
    out: list[str | Spellings] = []
    text = ""
    i, n = 0, len(word)
    while i < n:
        found = None
        if word[i] in t.initial and not (i and word[i - 1] in _LEADING):
            for size in range(min(t.longest_piece, n - i), 1, -1):
                key = word[i : i + size]
                following = word[i + size] if i + size < n else ""
                if key in t.pieces and following not in _MARKS and following != _KARAN:
                    found = key
                    break
        if found is None:
            text += word[i]
            i += 1
            continue
        if text:
            out.append(text)
            text = ""
        out.append(t.pieces[found])
        i += len(found)
    if text:
        out.append(text)
    return out


def _syllables(word: str, open_end: bool = False) -> list[Piece]:
    """The syllables of Thai text; ``open_end`` when a known piece follows it."""
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
        if nxt in _MARKS or nxt == "ฤ":
            return True
        if s[p : p + 2] in t.clusters and p + 2 < n and s[p + 2] in _MARKS:
            return True
        if s[p + 1 : p + 3] == "รร":
            return True  # บรร of สุบรรณ: รร is the vowel an
        return nxt == "อ" and (p + 2 >= n or s[p + 2] not in _MARKS)

    def final_at(p: int) -> bool:
        return consonant(p) and not starts_syllable(p)

    def _lead_pattern_at(lead: str, p: int) -> bool:
        # เจริญ, เฉลิม: เ-ิ around a liquid is oe; เนวิน is ne-win.
        return any(
            x.lead == lead
            and x.after
            and s.startswith(x.after, p)
            and (x.after != "ิ" or s[p - 1] in "รล")
            for x in t.patterns
        )

    out: list[Piece] = []
    i = 0
    while i < n:
        char = s[i]
        if char == "ฤ":
            # ฤทธิ์, สฤษดิ์: ฤ is a syllable ri that may close with a final.
            final: Spellings = ("",)
            i += 1
            if final_at(i) and not (i + 1 < n and consonant(i + 1) and i + 2 >= n):
                final, i = t.final[s[i]], i + 1
            out.append((("r",), ("i",), final))
            continue
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
        if s[end : end + 1] == "ฤ" and s[i] in _RI_CLUSTER and not lead:
            # กฤษณ์ krit: the consonant and ฤ are one syllable ri.
            final = ("",)
            i = end + 1
            if final_at(i):
                final, i = t.final[s[i]], i + 1
            out.append((tuple(x + "r" for x in initial), ("i",), final))
            continue
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
                and (not p.needs_final or final_at(end + len(p.after)))
                and not (p.after == "อ" and end + 1 < n and s[end + 1] in _MARKS)
            ),
            None,
        )
        written = pattern is not None
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
            length = run - i
            followed = run < n or open_end
            pali_pair = (
                length == 2 and followed and s[end] in _PALI and bool(out) and out[-1][2] != ("",)
            )
            # ชวลิต cha-wa-lit: ว after a bare consonant starts a syllable.
            pali_pair = pali_pair or (length == 2 and followed and s[end] == "ว")
            # พงศกร phong-sa-kon: ง after a bare consonant closes it.
            odd = length >= 3 and length % 2 == 1 and s[end] != "ง"
            if odd or pali_pair:
                # พนมยง pha-nom-yong, ขจร kha-chon; ลักษณวิ lak-sa-na-wi.
                out.append((initial, t.open, ("",)))
                i = end
                continue
            vowel, i, takes_final = t.closed, end, True
        final = ("",)
        if takes_final and final_at(i):
            last_one = i + 1 == n - 1 and consonant(i + 1) and not open_end
            inside = i + 1 < n or open_end
            if last_one and s[i + 1] == "ร" and s[i] in _BEFORE_SILENT_R and (lead or written):
                # ชินวัตร, บุตร, เพชร: a closing ร after a final is silent.
                final, i = t.final[s[i]], i + 2
            elif last_one and s[i : i + 2] in _PALI_DOUBLE:
                final, i = t.final[s[i]], i + 2
            elif last_one and not (s[i + 1] == "ร" and not written):
                # อานนท์ a-non: a lone consonant at the end closes the letter before it.
                pass
            elif (
                written
                and s[i] == "ร"
                and inside
                and pattern is not None
                and "ร" not in pattern.after
            ):
                # วีรกูล wi-ra-kun, จิรวัฒน: ร after a written vowel starts a syllable.
                pass
            elif s[i] == "ย" and inside and pattern is not None and pattern.after in ("ิ", "ุ"):
                # ปิยบุตร pi-ya-but: ย after a short i or u starts a syllable.
                pass
            else:
                final, i = t.final[s[i]], i + 1
                if final[0] == "t" and s[i - 1] in "ศษส" and starts_syllable(i):
                    # วิษณุ wit-sa-nu: a Pali s closing a syllable is read again.
                    out.append((initial, vowel, final))
                    initial, vowel, final = ("s", "s", "s"), t.open, ("",)
        if pattern is not None and pattern.after == "ุ" and final != ("",) * len(final):
            # บุญ Boon, ชุณ Choon, รุ่ง Roong: a closed short u is often written oo.
            vowel = (*vowel[:2], "oo")
        out.append((initial, vowel, final))
    return out


def _pick(options: Spellings, style: int) -> str:
    return options[min(style, len(options) - 1)] if options else ""


@lru_cache(maxsize=8192)
def _word_styles(word: str) -> tuple[str, ...]:
    """One Thai word (tone marks removed) in each style, by pieces and rules."""
    segments = _segments(word)
    parsed = [
        _syllables(segment, k + 1 < len(segments)) if isinstance(segment, str) else segment
        for k, segment in enumerate(segments)
    ]
    out: list[str] = []
    for style in _STYLES:
        text = ""
        for segment in parsed:
            if isinstance(segment, list):
                text += "".join(
                    _pick(initial, style) + _pick(vowel, style) + _pick(final, style)
                    for initial, vowel, final in segment
                )
            else:
                text += _pick(segment, style)
        out.append(text)
    return tuple(out)


def romanise_word(word: str, style: int) -> str:
    """One Thai word by rule: style 0 is RTGS, 1 the customary habits, 2 the Pali."""
    return _word_styles(_strip_tones(word))[style]


def thai_renderings(text: str) -> list[Rendering]:
    """Spellings of a Thai name, word by word in the order written.

    The name in each style comes first (RTGS, customary, Pali), then the mixtures in
    which one word keeps another style, so a passport that spells the given name one
    way and the family name another still meets one of them.
    """
    names = tables().names
    words: list[tuple[str, ...]] = []
    for word in text.split():
        thai = _strip_tones("".join(c for c in word if "\u0e00" <= c <= "\u0e7f"))
        if not thai:
            continue
        ruled = _word_styles(thai)
        known = names.get(thai)
        if known:
            # The table's first spelling is RTGS, the next the customary ones; the
            # Pali style by rule is the third style, the other spellings follow.
            custom = known[1] if len(known) > 1 else ruled[1]
            words.append((known[0], custom, ruled[2], *known[2:], *ruled))
        else:
            words.append(ruled)
    if not words:
        return []
    out: dict[Rendering, None] = {}
    # Each style's whole-name spelling first (a word's styles are aligned by index).
    for style in _STYLES:
        out[tuple((w[style],) for w in words)] = None
    if len(words) > 4:
        return list(out)
    # Mixtures, cheapest first: the sum of the styles' ranks.
    ranks = sorted(
        product(*(range(len(w)) for w in words)), key=lambda idx: (sum(idx), max(idx), idx)
    )
    for idx in ranks:
        if len(out) >= _LIMIT:
            break
        out.setdefault(tuple((w[k],) for w, k in zip(words, idx, strict=True)), None)
    return list(out)[:_LIMIT]
