"""Write the cross-script track from the development set of real public persons.

    python benchmarks/matching/prepare_cross_script.py OUT_FOLDER [--data DIR]

Left (source ``native``): each person's name in the native script (Hanzi, Khmer, Thai,
Hangul, Kanji, Vietnamese with diacritics). Right (source ``romanised``): the same persons
as the press writes them, in a fixed shuffled order. Name only: no birth date, no
nationality. A person is one true pair, ``<id>-n`` with ``<id>-r``. Every other pair is
a non-match; the hard negatives of ``cross_script_negatives.csv`` (relatives, namesakes)
are those pairs in both directions (A's native name against B's romanised one and the
reverse), listed in ``negatives.json`` so that run.py can count how many a tool lets
through. Standard library only.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "peers"))

from common import write_track

DATA = Path(__file__).resolve().parent / "data"
SEED = 2026


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    with (args.data / "cross_script_dev.csv").open(encoding="utf-8") as handle:
        persons = list(csv.DictReader(handle))
    with (args.data / "cross_script_negatives.csv").open(encoding="utf-8") as handle:
        negatives = list(csv.DictReader(handle))
    native = [
        {
            "id": f"{p['person_id']}-n",
            "name": p["native"],
            "source": "native",
            "extra": {"person_id": p["person_id"], "category": p["category"]},
        }
        for p in persons
    ]
    romanised = [
        {
            "id": f"{p['person_id']}-r",
            "name": p["romanised"],
            "source": "romanised",
            "extra": {"person_id": p["person_id"], "category": p["category"], "order": p["order"]},
        }
        for p in persons
    ]
    random.Random(SEED).shuffle(romanised)
    truth = [(f"{p['person_id']}-n", f"{p['person_id']}-r") for p in persons]
    write_track(
        args.out,
        "cross_script",
        ["native", "romanised"],
        0.0,
        native + romanised,
        truth,
        info={"persons": len(persons), "negative_pairs": len(negatives)},
    )
    pairs = []
    for n in negatives:
        a, b = n["person_a"], n["person_b"]
        pairs += [(f"{a}-n", f"{b}-r"), (f"{b}-n", f"{a}-r")]
    (args.out / "negatives.json").write_text(json.dumps(pairs), encoding="utf-8")


if __name__ == "__main__":
    main()
