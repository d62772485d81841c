"""Write the demo track: the demo generator's subject records and its truth.

    .venv/bin/python benchmarks/matching/prepare_demo.py OUT_FOLDER SUBJECTS

``generate_demo(subjects=N)`` (fixed seed) gives each agency's subject records and which
records are one invented person. Each agency is a source; two records of different
agencies are a true pair when the truth puts them under the same person. Each record
becomes a row of the ``xref_rows`` contract: the first name as ``name``, the others as
``aliases``; the birth date as the agency wrote it (an approximate ``~1985`` becomes
``1985``, the contract having no "about"); the first nationality; the first passport
number (else the first document number); the first phone in international form; the
first address line.
"""

from __future__ import annotations

import sys
import time
from itertools import combinations
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent / "peers"))

from common import write_track

from liaison.demo import generate_demo
from liaison.demo.documents import international


def row(record_id: str, agency: str, data: dict[str, Any]) -> dict[str, Any]:
    """A demo subject record in the ``xref_rows`` row shape."""
    names = [n["value"] for n in data.get("names", [])]
    documents = data.get("documents") or []
    passports = [d["number"] for d in documents if d.get("type") == "passport"]
    numbers = passports or [d["number"] for d in documents]
    phone = ""
    if data.get("phones"):
        first = data["phones"][0]
        number = first["number"]
        phone = international(number, first["country"]) if first.get("country") else number
    gender = data.get("gender") or ""
    return {
        "id": record_id,
        "name": names[0] if names else "",
        "aliases": ";".join(names[1:]),
        "birth_date": (data.get("birth_date") or "").lstrip("~"),
        "gender": "" if gender == "unknown" else gender,
        "nationality": (data.get("nationalities") or [""])[0],
        "id_number": numbers[0] if numbers else "",
        "phone": phone,
        "address": (data.get("addresses") or [{}])[0].get("text", ""),
        "source": agency,
    }


def main() -> None:
    folder, size = Path(sys.argv[1]), int(sys.argv[2])
    started = time.perf_counter()
    demo = generate_demo(subjects=size)
    generated = time.perf_counter() - started
    sources = [code for code, kinds in demo.records.items() if kinds["subject"]]
    records = [
        row(r.record_id, code, r.data) for code in sources for r in demo.records[code]["subject"]
    ]
    order = {code: i for i, code in enumerate(sources)}
    truth = []
    for appearances in demo.truth.values():
        for a, b in combinations(appearances, 2):
            if a.agency == b.agency:
                continue
            if order[a.agency] > order[b.agency]:
                a, b = b, a
            truth.append((a.record_id, b.record_id))
    truth.sort()
    write_track(
        folder,
        "demo",
        sources,
        0.3,
        records,
        truth,
        info={"subjects": size, "seed": demo.seed, "generate_seconds": round(generated, 1)},
    )


if __name__ == "__main__":
    main()
