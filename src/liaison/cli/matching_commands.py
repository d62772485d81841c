"""Commands that find the same person: xref (batch cross-matching)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from liaison.cli.main import CliFailure, app, err, open_store
from liaison.services import directory


@app.command("xref")
def xref_command(
    left: Annotated[Path | None, typer.Argument(help="Left file (CSV, .xlsx, JSON).")] = None,
    right: Annotated[Path | None, typer.Argument(help="Right file.")] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="CSV file to write.")] = Path(
        "xref.csv"
    ),
    threshold: Annotated[
        float | None, typer.Option(help="Lowest score written (default: the model's).")
    ] = None,
    engine: Annotated[str, typer.Option(help="duckdb (default) or spark.")] = "duckdb",
    agency: Annotated[
        str | None,
        typer.Option(help="Instead of files: cross-match this agency's subjects in the store."),
    ] = None,
) -> None:
    """Cross-match two files, or an agency's subjects against all it may match."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from liaison.matching.batch import xref_profiles
    from liaison.matching.files import read_profiles, write_pairs
    from liaison.services.crossmatch import xref_agency

    if (left is None) != (right is None) or (left is None and agency is None):
        raise CliFailure("give two files (LEFT RIGHT), or --agency CODE for the store", 2)
    started = time.perf_counter()
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err
    ) as progress:
        task = progress.add_task("reading", total=None)
        if agency is not None and left is None:
            store = open_store()
            actor = directory.operator_for(store, agency)
            progress.update(task, description=f"cross-matching {agency} in the store")
            pairs = list(xref_agency(store, actor, threshold=threshold, engine=engine))
        else:
            assert left is not None
            assert right is not None

            def reading(side: str) -> Callable[[int], None]:
                return lambda n: progress.update(task, description=f"reading {side}: {n} rows")

            left_profiles = read_profiles(left, progress=reading(left.name))
            right_profiles = read_profiles(right, progress=reading(right.name))
            progress.update(
                task,
                description=f"matching {len(left_profiles)} × {len(right_profiles)} subjects",
            )
            pairs = xref_profiles(left_profiles, right_profiles, threshold=threshold, engine=engine)
    with output.open("w", encoding="utf-8", newline="") as stream:
        count = write_pairs(pairs, stream)
    err.print(f"{count} pairs written to {output} in {time.perf_counter() - started:.1f} s")
