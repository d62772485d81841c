"""Reading the two files of a batch cross-match, and writing its pairs."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TextIO

from liaison.errors import ValidationFailed
from liaison.interchange.columns import DEFAULT_SUBJECT_COLUMNS
from liaison.interchange.tabular import file_error, open_table
from liaison.matching.batch import ScoredPair
from liaison.matching.profile import MatchProfile, profile_of_row, row_problem

XREF_COLUMNS = DEFAULT_SUBJECT_COLUMNS
REQUIRED = ("id", "name")
MAX_PROBLEMS = 50


def read_profiles(
    path: Path, *, progress: Callable[[int], None] | None = None
) -> list[MatchProfile]:
    """The profiles of every row of a CSV, .xlsx or JSON file in the subject columns.

    Unknown or missing columns, an unreadable file and bad rows (no id, a repeated id, an
    empty or letterless name, a name over 500 characters) raise ``ValidationFailed``
    naming the file, the row and the column.
    """
    if not path.is_file():
        raise file_error(path, "no such file")
    profiles: list[MatchProfile] = []
    problems: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    with open_table(path) as table:
        rows: Iterable[tuple[int, dict[str, Any]]]
        if table.header is None and not table.keyed:
            raise file_error(path, "the file is empty")
        if table.keyed:
            rows = (
                (raw.number, raw.cells if isinstance(raw.cells, dict) else {}) for raw in table.rows
            )
        else:
            header = [h.strip().lower() for h in table.header or []]
            unknown = [h for h in header if h and h not in XREF_COLUMNS]
            if unknown:
                raise file_error(
                    path,
                    f"unknown column(s) {', '.join(map(repr, unknown))}; the columns are "
                    f"{', '.join(XREF_COLUMNS)} (only id and name are required)",
                )
            missing = [c for c in REQUIRED if c not in header]
            if missing:
                raise file_error(path, f"missing column(s) {', '.join(missing)}")
            rows = ((raw.number, dict(zip(header, raw.cells, strict=False))) for raw in table.rows)
        for number, row in rows:
            problem = row_problem(row, seen, number)
            if problem is None:
                try:
                    profiles.append(profile_of_row(row))
                    seen[str(row["id"]).strip()] = number
                except ValidationFailed as exc:
                    problem = {"row": number, "column": "name", "message": exc.message}
            if problem is not None:
                problems.append(problem)
                if len(problems) >= MAX_PROBLEMS:
                    break
            if progress is not None:
                progress(len(profiles))
    if problems:
        lines = "; ".join(
            f"row {p['row']}, column {p['column']}: {p['message']}" for p in problems[:5]
        )
        raise ValidationFailed(
            f"{path.name}: {len(problems)} bad row(s): {lines}", details=problems
        )
    if not profiles:
        raise file_error(path, "there are no rows to match")
    return profiles


def write_pairs(pairs: Iterable[ScoredPair], out: TextIO) -> int:
    """Write ``left_id,right_id,score,explanation`` rows, best first as given."""
    writer = csv.writer(out)
    writer.writerow(["left_id", "right_id", "score", "explanation"])
    count = 0
    for pair in pairs:
        writer.writerow([pair.left_id, pair.right_id, f"{pair.score:.6f}", pair.explanation])
        count += 1
    return count
