"""Commands that find the same person: search, xref, judge, judgements."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from liaison.cli.main import CliFailure, app, err, open_store, out
from liaison.services import directory

judgements_app = typer.Typer(help="Analysts' verdicts on candidate pairs.", no_args_is_help=True)
app.add_typer(judgements_app, name="judgements")


@app.command("search")
def search_command(
    name: Annotated[str, typer.Argument(help="A name in any script or spelling.")],
    agency: Annotated[str, typer.Option(help="Search as this agency (its readable records).")],
    birth_date: Annotated[
        str | None, typer.Option(help="YYYY, YYYY-MM or YYYY-MM-DD; ~ for approximate.")
    ] = None,
    nationality: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-2 code.")] = None,
    document: Annotated[str | None, typer.Option(help="An identity document number.")] = None,
    limit: Annotated[int, typer.Option(help="How many candidates (1-100).")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Ranked candidates for a name, with each score's explanation."""
    from liaison.services.matching import MatchQuery, search

    store = open_store()
    actor = directory.operator_for(store, agency)
    query = MatchQuery(name, birth_date, nationality, document, limit=limit)
    found = search(store, actor, query)
    results = found.candidates
    for hit in found.hits:
        # Hit/no-hit: another agency holds a matching record this one may not read.
        err.print(f"hit: {hit['owner']} holds a {hit['band']} match, reference {hit['reference']}")
    if as_json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return
    if not results:
        out.print("no candidates")
        return
    table = Table("score", "names", "born", "agency", "ref", "why")
    for r in results:
        table.add_row(
            f"{r['score']:.3f}",
            " / ".join(r["names"][:3]),
            r["birth_date"] or "",
            r["agency"],
            r["ref"] or r["id"][:8],
            r["explanation_text"],
        )
    out.print(table)


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
    from liaison.services.matching import xref_agency

    if (left is None) != (right is None) or (left is None and agency is None):
        raise CliFailure("give two files (LEFT RIGHT), or --agency CODE for the store", 2)
    started = time.perf_counter()
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err
    ) as progress:
        task = progress.add_task("reading", total=None)

        def comparing(done: int, total: int) -> None:
            progress.update(task, description=f"compared {done:,} of {total:,} candidate pairs")

        if agency is not None and left is None:
            store = open_store()
            actor = directory.operator_for(store, agency)
            progress.update(task, description=f"cross-matching {agency} in the store")
            pairs = list(
                xref_agency(store, actor, threshold=threshold, engine=engine, progress=comparing)
            )
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
            pairs = xref_profiles(
                left_profiles,
                right_profiles,
                threshold=threshold,
                engine=engine,
                progress=comparing,
            )
    with output.open("w", encoding="utf-8", newline="") as stream:
        count = write_pairs(pairs, stream)
    err.print(f"{count} pairs written to {output} in {time.perf_counter() - started:.1f} s")


@app.command("judge")
def judge_command(
    left_id: Annotated[str, typer.Argument(help="One subject's id.")],
    right_id: Annotated[str, typer.Argument(help="The other subject's id.")],
    verdict: Annotated[str, typer.Option(help="same, not_same or unsure.")],
    agency: Annotated[str, typer.Option(help="The judging agency.")],
    note: Annotated[str, typer.Option(help="Why.")] = "",
) -> None:
    """Record whether two subjects are the same person."""
    from liaison.services.matching import judge_pair

    store = open_store()
    actor = directory.operator_for(store, agency)
    judged = judge_pair(store, actor, left_id, right_id, verdict, note)
    out.print(f"{judged['left_id']} ~ {judged['right_id']}: {judged['verdict']}")


@judgements_app.command("export")
def judgements_export(
    agency: Annotated[str, typer.Option(help="The agency whose verdicts to export.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="CSV file (default: stdout).")
    ] = None,
) -> None:
    """Export the verdicts in force as labelled pairs (left_id,right_id,label,...)."""
    import csv

    from liaison.services.matching import list_judgements

    store = open_store()
    actor = directory.operator_for(store, agency)
    rows = list_judgements(store, actor)
    stream = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        writer = csv.writer(stream)
        writer.writerow(["left_id", "right_id", "label", "verdict", "by", "at", "note"])
        for row in rows:
            label = {"same": "1", "not_same": "0"}.get(row["verdict"], "")
            writer.writerow(
                [
                    row["left_id"],
                    row["right_id"],
                    label,
                    row["verdict"],
                    row["by"],
                    row["at"],
                    row["note"],
                ]
            )
    finally:
        if output:
            stream.close()
    err.print(f"exported {len(rows)} judgements")
