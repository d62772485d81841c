"""Commands that move records: import, export, and the demo."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.table import Table

from liaison.cli.main import CliFailure, app, err, open_store, out
from liaison.domain.access import Actor
from liaison.domain.records import RecordKindName
from liaison.errors import ImportRejected, LiaisonError, ValidationFailed
from liaison.services import directory
from liaison.settings import load_settings
from liaison.storage.database import Store

import_app = typer.Typer(
    help="Import records from CSV, Excel (.xlsx), JSON or FollowTheMoney files.",
    no_args_is_help=True,
)
app.add_typer(import_app, name="import")

_KIND_BY_COMMAND = {
    "subjects": RecordKindName.SUBJECT,
    "organisations": RecordKindName.ORGANISATION,
    "relations": RecordKindName.RELATION,
    "operations": RecordKindName.OPERATION,
    "cases": RecordKindName.CASE,
}


@contextmanager
def _import_progress(description: str) -> Iterator[Callable[[int, float | None], None]]:
    """A progress bar driven by rows read and, when known, the share of the file read."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TextColumn("{task.fields[rows]} rows"),
        TimeElapsedColumn(),
        console=err,
    ) as progress:
        task = progress.add_task(description, total=1.0, rows=0)
        shown = [0]
        seen = [0]

        def advance(rows: int, fraction: float | None) -> None:
            seen[0] = rows
            # Redrawing for every row would cost more than importing it.
            if rows - shown[0] >= 500:
                shown[0] = rows
                progress.update(task, completed=fraction or 0.0, rows=rows)

        yield advance
        progress.update(task, completed=1.0, rows=seen[0])


def _refused(exc: LiaisonError) -> CliFailure:
    from liaison.interchange.report import format_report

    return CliFailure(format_report(exc))


def _import_kind(kind: RecordKindName, command: str) -> None:
    @import_app.command(command, help=f"Import {command} from a CSV, .xlsx or JSON file.")
    def run(
        file: Annotated[Path, typer.Argument(help="CSV, .xlsx, .json or .jsonl file.")],
        agency: Annotated[str, typer.Option(help="Code of the agency that owns the records.")],
        mapping: Annotated[
            Path | None, typer.Option(help="Column mapping file (YAML or JSON).")
        ] = None,
    ) -> None:
        from liaison.interchange.file_import import ImportProgress, import_file

        store = open_store()
        actor = directory.operator_for(store, agency)
        started = time.perf_counter()
        try:
            with _import_progress(f"importing {command}") as advance:

                def report(state: ImportProgress) -> None:
                    advance(state.rows, state.fraction)

                count = import_file(store, actor, kind, file, mapping_path=mapping, progress=report)
        except (ImportRejected, ValidationFailed) as exc:
            raise _refused(exc) from None
        elapsed = time.perf_counter() - started
        out.print(f"imported {count} {command} for {actor.agency_code} in {elapsed:.1f} s")


for _command, _kind in _KIND_BY_COMMAND.items():
    _import_kind(_kind, _command)


@import_app.command("ftm")
def import_ftm_command(
    file: Annotated[Path, typer.Argument(help="FollowTheMoney entities, JSON lines.")],
    agency: Annotated[str, typer.Option(help="Code of the agency that owns the records.")],
) -> None:
    """Import FollowTheMoney entities (from OCCRP Aleph, OpenSanctions, ...)."""
    from liaison.interchange.file_import import ImportProgress
    from liaison.interchange.ftm_import import import_ftm

    store = open_store()
    actor = directory.operator_for(store, agency)
    try:
        with _import_progress("importing entities") as advance:

            def report(state: ImportProgress) -> None:
                advance(state.rows, state.fraction)

            result = import_ftm(store, actor, file, progress=report)
    except (ImportRejected, ValidationFailed) as exc:
        raise _refused(exc) from None
    out.print(result.summary())


class ExportFormat(StrEnum):
    """What ``liaison export`` writes."""

    FTM = "ftm"
    JSON = "json"


@app.command("export")
def export_command(
    agency: Annotated[str, typer.Option(help="Code of the agency whose records to export.")],
    format: Annotated[
        ExportFormat, typer.Option(help="ftm: FollowTheMoney JSON lines; json: Liaison records.")
    ] = ExportFormat.FTM,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")
    ] = None,
) -> None:
    """Export an agency's records as JSON lines."""
    store = open_store()
    actor = directory.operator_for(store, agency)
    stream: TextIO
    with open(output, "w", encoding="utf-8") if output else _stdout() as stream:
        if format is ExportFormat.FTM:
            from liaison.interchange.ftm_export import export_ftm

            count = export_ftm(store, actor, stream)
        else:
            count = _export_json(store, actor, stream)
    err.print(f"exported {count} {'entities' if format is ExportFormat.FTM else 'records'}")


@contextmanager
def _stdout() -> Iterator[TextIO]:
    yield sys.stdout


def _export_json(store: Store, actor: Actor, stream: TextIO) -> int:
    import json

    from liaison.services.records import iter_records

    count = 0
    for kind in RecordKindName:
        for record in iter_records(store, actor, kind):
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


@app.command("demo")
def demo_command(
    host: Annotated[str | None, typer.Option(help="Address (default LIAISON_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default LIAISON_PORT).")] = None,
    no_serve: Annotated[
        bool, typer.Option("--no-serve", help="Load the demo and print tokens, do not serve.")
    ] = False,
    truth: Annotated[
        Path | None,
        typer.Option(
            help="Also write which subject records are the same person (CSV: record_id, "
            "agency, ref, person_id), for measuring matching."
        ),
    ] = None,
) -> None:
    """Load the demo data into the data folder if it is not there yet, then serve."""
    from liaison.cli.main import _serve
    from liaison.demo.dataset import write_truth
    from liaison.demo.generator import generate_demo
    from liaison.demo.loader import demo_tokens, load_demo

    settings = load_settings()
    store = open_store(settings, must_exist=False)
    store.migrate()
    try:
        directory.get_agency(store, "KH-CNP")
        loaded = True
    except LiaisonError:
        loaded = False
    data = None
    if not loaded:
        err.print(f"loading the demo story ({settings.demo_subjects} subjects) ...")
        started = time.perf_counter()
        data = generate_demo(subjects=settings.demo_subjects)
        load_demo(store, data)
        err.print(f"demo loaded in {time.perf_counter() - started:.1f} s")
    if truth is not None:
        # The generator is deterministic: the same size gives the same people and ids.
        rows = write_truth(data or generate_demo(subjects=settings.demo_subjects), truth)
        err.print(f"wrote the truth of {rows} subject records to {truth}")
    tokens = demo_tokens(store)
    address = f"http://{host or settings.host}:{port or settings.port}"
    out.print(f"\nLiaison demo on {settings.effective_database_url}")
    out.print(f"API: {address}/api/v1   docs: {address}/api/v1/docs\n")
    table = Table("agency", "user", "API token", box=None)
    for username, (agency, token) in tokens.items():
        table.add_row(agency, username, token)
    out.print(table)
    if no_serve:
        return
    _serve(store, settings, host, port)
