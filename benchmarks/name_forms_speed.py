"""Time to derive the comparable forms of one name, per script.

    .venv/bin/python benchmarks/name_forms_speed.py [--names 2000]

Names are made by recombining the family and given parts of the cross-script
development set's names (so each one is new to the caches: the cost measured is a
first derivation, as on import, not a cache hit). The first call of each script, which
loads its tables and libraries, is timed apart.
"""

from __future__ import annotations

import argparse
import csv
import random
import time
from pathlib import Path

DATA = Path(__file__).resolve().parent / "matching" / "data" / "cross_script_dev.csv"
SEPARATED = {"khmer", "thai", "korean", "vietnamese"}


def _names(count: int) -> dict[str, list[str]]:
    """Per category: ``count`` distinct native names and ``count`` romanised ones."""
    rows = list(csv.DictReader(DATA.open(encoding="utf-8")))
    rng = random.Random(7)
    out: dict[str, list[str]] = {}
    for category in sorted({r["category"] for r in rows}):
        native = [r["native"] for r in rows if r["category"] == category]
        heads, tails = [], []
        for name in native:
            if category in SEPARATED and " " in name:
                head, tail = name.split(" ", 1)
                heads.append(head + " ")
                tails.append(tail)
            elif len(name) >= 2:
                cut = 2 if category == "japanese" and len(name) >= 4 else 1
                heads.append(name[:cut])
                tails.append(name[cut:])
        made: dict[str, None] = {}
        for _ in range(20 * count):
            made[rng.choice(heads) + rng.choice(tails)] = None
            if len(made) == count:
                break
        out[category] = list(made)
        words = [w for r in rows if r["category"] == category for w in r["romanised"].split()]
        latin: dict[str, None] = {}
        for _ in range(20 * count):
            latin[" ".join(rng.choice(words) for _ in range(rng.choice((2, 3))))] = None
            if len(latin) == count:
                break
        out[f"{category} (romanised)"] = list(latin)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=2000, help="names per category")
    args = parser.parse_args()
    started = time.perf_counter()
    from liaison.matching.names import name_forms

    print(f"import: {1000 * (time.perf_counter() - started):.0f} ms")
    print("| category | names | first call ms | per name µs |")
    print("| --- | --- | --- | --- |")
    total_time = 0.0
    total_names = 0
    for category, names in _names(args.names).items():
        started = time.perf_counter()
        name_forms(names[0])
        first = time.perf_counter() - started
        started = time.perf_counter()
        for name in names[1:]:
            name_forms(name)
        seconds = time.perf_counter() - started
        total_time += seconds
        total_names += len(names) - 1
        per = 1e6 * seconds / max(1, len(names) - 1)
        print(f"| {category} | {len(names)} | {1000 * first:.0f} | {per:.0f} |")
    print(f"| all | {total_names} | | {1e6 * total_time / total_names:.0f} |")


if __name__ == "__main__":
    main()
