"""The report a user reads when an import is refused."""

from __future__ import annotations

from typing import Any

from liaison.errors import ImportRejected, LiaisonError


def describe_problem(problem: dict[str, Any]) -> str:
    """One problem as a line: ``row 3, column birth_date: '1985-13-01': month 13 ...``.

    A problem names the column as the file writes it (CSV, Excel, flat JSON), the model
    field for JSON in the model's own shape, or the entity and property for FtM.
    """
    where = f"row {problem.get('row')}"
    if "entity" in problem:  # an FtM file: its rows are lines, each an entity
        where = f"line {problem.get('row')}"
        if problem["entity"]:
            where += f", entity {problem['entity']}"
    if problem.get("column"):
        where += f", column {problem['column']}"
    elif problem.get("property"):
        where += f", property {problem['property']}"
    elif problem.get("field") not in (None, "(record)", "(row)"):
        where += f", field {problem['field']}"
    return f"{where}: {problem.get('message')}"


def format_report(exc: LiaisonError) -> str:
    """What the command line prints for a refused import: the summary, then one line
    per problem (an ``ImportRejected``), or the one message of a file-level problem."""
    lines = [exc.message]
    if isinstance(exc, ImportRejected):
        lines += [describe_problem(p) for p in exc.details or []]
    return "\n".join(lines)
