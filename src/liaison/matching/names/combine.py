"""Whole-name spellings from per-syllable alternatives, best first and bounded.

A name romanised by a convention is a sequence of *slots* (a family name, each
syllable of a given name), each with ranked alternative spellings: 陳 in Hong Kong is
Chan (cost 0) or Chun (cost 1). The spellings of the whole name are the combinations of
those alternatives in order of total cost, cut at a limit, so three syllables with four
spellings each give the handful of likely names rather than 64 unlikely ones.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

Syllables = tuple[str, ...]


@dataclass(frozen=True)
class Choice:
    """One spelling of a slot: its syllables (a family name may have two) and cost."""

    syllables: Syllables
    cost: int = 0


# A slot's choices, cheapest first.
Slot = Sequence[Choice]


@dataclass(frozen=True)
class Part:
    """Slots that together make one written word (a family name, a given name)."""

    slots: tuple[Slot, ...]


# One rendering: the words of a name, each as its syllables (the given name 志明 is
# one word of two syllables: zhi, ming).
Rendering = tuple[Syllables, ...]


@cache
def ranked(spellings: tuple[str, ...], *, start: int = 0) -> tuple[Choice, ...]:
    """Choices costing 0, 1, 2... in the order given, each split into its syllables."""
    seen: dict[Syllables, None] = {}
    for spelling in spellings:
        syllables = tuple(spelling.split())
        if syllables or spelling == "":
            seen.setdefault(syllables, None)
    return tuple(Choice(s, start + i) for i, s in enumerate(seen))


def cheapest(parts: Sequence[Part], limit: int) -> list[Rendering]:
    """Up to ``limit`` renderings of the parts, in order of total cost.

    Best-first search over index vectors (the k-smallest-sums method): each step
    pops the cheapest combination and pushes its neighbours, so the work grows with
    ``limit``, not with the product of the slots' sizes.
    """
    slots: list[Slot] = []
    bounds: list[tuple[int, int]] = []
    for part in parts:
        bounds.append((len(slots), len(slots) + len(part.slots)))
        slots.extend(part.slots)
    if not slots or not all(slots):
        return []

    def render(index: tuple[int, ...]) -> Rendering:
        words = []
        for first, last in bounds:
            word: list[str] = []
            for position in range(first, last):
                word.extend(slots[position][index[position]].syllables)
            if word:
                words.append(tuple(word))
        return tuple(words)

    start = (0,) * len(slots)
    if limit == 1 or all(len(slot) == 1 for slot in slots):
        return [render(start)] if limit > 0 else []
    # Only slots with alternatives move; the others stay at their one choice.
    free = [position for position, slot in enumerate(slots) if len(slot) > 1]
    heap = [(sum(slot[0].cost for slot in slots), start)]
    seen = {start}
    out: list[Rendering] = []
    push, pop = heapq.heappush, heapq.heappop
    while heap and len(out) < limit:
        cost, index = pop(heap)
        out.append(render(index))
        for position in free:
            slot = slots[position]
            current = index[position]
            if current + 1 < len(slot):
                following = (*index[:position], current + 1, *index[position + 1 :])
                if following not in seen:
                    seen.add(following)
                    push(heap, (cost + slot[current + 1].cost - slot[current].cost, following))
    return out


def interleave(groups: Iterable[Sequence[Rendering]]) -> list[Rendering]:
    """The best rendering of each convention first, then each one's second, and so on.

    Consumers keep only the first few forms of a name, so the first places go to one
    spelling per convention (pinyin, Wade-Giles, Cantonese, Hokkien...) before any
    convention's second-best variant.
    """
    lists = [list(group) for group in groups]
    out: dict[Rendering, None] = {}
    depth = max((len(group) for group in lists), default=0)
    for level in range(depth):
        for group in lists:
            if level < len(group):
                out.setdefault(group[level], None)
    return list(out)
