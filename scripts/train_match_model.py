"""Train the shipped match model (``src/liaison/data/match_model.json``) without labels.

    .venv/bin/python scripts/train_match_model.py [--subjects 20000]

The demo generator's subjects of every agency are cross-matched against each other: u
from random pairs, m and the prior by EM over the candidate pairs, exactly as
``liaison xref`` trains on its input. The demo's truth is not used for training; the
script prints precision and recall against it as a check.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from liaison.demo import generate_demo
from liaison.domain.records import RecordKindName
from liaison.matching.batch import xref_profiles
from liaison.matching.model import DEFAULT_THRESHOLD, save_model
from liaison.matching.profile import profile_of_subject

TARGET = Path(__file__).resolve().parents[1] / "src/liaison/data/match_model.json"


def main() -> None:
    """Generate, train, check against the truth, save."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=20_000)
    args = parser.parse_args()
    started = time.perf_counter()
    data = generate_demo(subjects=args.subjects)
    profiles = [
        profile_of_subject(record.record_id, record.data)
        for by_kind in data.records.values()
        for record in by_kind.get(RecordKindName.SUBJECT, [])
    ]
    person = {
        truth.record_id: person_id for person_id, truths in data.truth.items() for truth in truths
    }
    trained: list[object] = []

    import liaison.matching.batch as batch

    original = batch.train_model

    def keep(*args: object, **kwargs: object) -> object:
        model = original(*args, **kwargs)  # type: ignore[arg-type]
        model.trained_on = f"liaison demo, {len(profiles)} subjects, seed {data.seed}, no labels"
        trained.append(model)
        return model

    batch.train_model = keep  # type: ignore[assignment]
    pairs = xref_profiles(profiles, threshold=DEFAULT_THRESHOLD)
    model = trained[0]
    save_model(model, TARGET)  # type: ignore[arg-type]
    found = {frozenset((p.left_id, p.right_id)) for p in pairs}
    ids_by_person: dict[str, list[str]] = {}
    for record_id, person_id in person.items():
        ids_by_person.setdefault(person_id, []).append(record_id)
    truth = {
        frozenset((a, b))
        for ids in ids_by_person.values()
        for i, a in enumerate(ids)
        for b in ids[i + 1 :]
    }
    hits = len(found & truth)
    precision = hits / max(len(found), 1)
    recall = hits / max(len(truth), 1)
    print(
        f"{len(profiles)} subjects, {len(pairs)} pairs at {DEFAULT_THRESHOLD}: precision "
        f"{precision:.4f}, recall {recall:.4f}; {time.perf_counter() - started:.1f} s; "
        f"wrote {TARGET.name}"
    )


if __name__ == "__main__":
    main()
