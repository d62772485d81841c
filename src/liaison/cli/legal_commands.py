"""``liaison legal``: legal routes, the knowledge base, deadline clocks and the loophole
report, through the same service layer as the API."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from liaison.domain.access import Actor
from liaison.legal.routes import RouteQuestion, VictimStatus, parse_nations

if TYPE_CHECKING:
    from liaison.storage.database import Store

legal_app = typer.Typer(
    help="Legal cooperation: routes, the knowledge base, deadlines, the loophole report.",
    no_args_is_help=True,
)
knowledge_app = typer.Typer(
    help="The legal knowledge base (legal officers must verify every fact).",
    no_args_is_help=True,
)
legal_app.add_typer(knowledge_app, name="knowledge")

# liaison.cli.main registers this app, so its helpers are imported when a command runs.


def _store() -> Store:
    from liaison.cli.main import open_store

    return open_store()


def _print(value: Any) -> None:
    from liaison.cli.main import out

    out.print_json(json.dumps(value, ensure_ascii=False, default=str))


def _echo(text: str) -> None:
    from liaison.cli.main import out

    out.print(text, highlight=False)


def _today(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


@legal_app.command("routes")
def routes_command(
    wanted_by: Annotated[str, typer.Option(help="Requesting nation (ISO code).")],
    located_in: Annotated[str, typer.Option(help="Nation where the person is.")],
    nationality: Annotated[list[str], typer.Option(help="Nationality; repeat for several.")],
    offence: Annotated[list[str], typer.Option(help="Offence code; repeat for several.")],
    penalty_years: Annotated[
        float | None, typer.Option(help="Maximum penalty in the requesting nation, years.")
    ] = None,
    victim_status: Annotated[
        VictimStatus, typer.Option(help="Trafficking-victim screening of the person.")
    ] = VictimStatus.NONE,
    political: Annotated[
        bool, typer.Option(help="A political character of the case is alleged.")
    ] = False,
    on_date: Annotated[str | None, typer.Option(help="Assess as of this date.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the analysis as JSON.")] = False,
) -> None:
    """Every legal route to bring a person to justice, with the reasoning step by step."""
    from liaison.services import legal

    question = RouteQuestion(
        wanted_by=wanted_by.strip().upper(),
        located_in=located_in.strip().upper(),
        nationalities=parse_nations(nationality),
        offences=tuple(o.strip() for o in offence),
        penalty_years=penalty_years,
        victim_status=victim_status,
        political_character=political,
        on_date=_today(on_date),
    )
    analysis = legal.legal_routes(_store(), Actor.operator(), question)
    if as_json:
        _print(analysis.to_dict())
        return
    for number, step in enumerate(analysis.steps, 1):
        cite = f" [{step.source.citation}]" if step.source else ""
        _echo(f"{number}. {step.text}{cite}")
    _echo("")
    for route in analysis.routes:
        _echo(f"* {route.title}: {route.status.value.replace('_', ' ')}")
        for condition in route.conditions:
            _echo(f"    - {condition.status.value}: {condition.reason}")
    _echo(f"\n{analysis.disclaimer}")


@knowledge_app.command("show")
def knowledge_show(
    section: Annotated[str, typer.Argument(help="nation, instrument, offence_law or no_treaty.")],
    key: Annotated[str, typer.Argument(help="KH, an instrument id, fraud/KH or KH-US.")],
) -> None:
    """One entry of the knowledge base in force, with its change history."""
    from liaison.services import legal

    _print(legal.knowledge_entry(_store(), Actor.operator(), section, key))


@knowledge_app.command("set")
def knowledge_set(
    section: Annotated[str, typer.Argument(help="nation, instrument, offence_law or no_treaty.")],
    key: Annotated[str, typer.Argument(help="KH, an instrument id, fraud/KH or KH-US.")],
    file: Annotated[Path, typer.Option(help="YAML or JSON file with the entry's new body.")],
    reason: Annotated[str, typer.Option(help="Why, and on what source.")],
) -> None:
    """Replace one entry; it is checked against the whole knowledge base first."""
    import yaml

    from liaison.errors import ValidationFailed
    from liaison.services import legal

    try:
        body = yaml.safe_load(file.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ValidationFailed(f"cannot read {file}: {exc}") from None
    result = legal.change_knowledge(_store(), Actor.operator(), section, key, body, reason)
    _echo(f"{result['section']} {result['key']}: version {result['version']} recorded")


@knowledge_app.command("remove")
def knowledge_remove(
    section: Annotated[str, typer.Argument(help="nation, instrument, offence_law or no_treaty.")],
    key: Annotated[str, typer.Argument(help="KH, an instrument id, fraud/KH or KH-US.")],
    reason: Annotated[str, typer.Option(help="Why, and on what source.")],
) -> None:
    """Remove one entry (recorded as a new version)."""
    from liaison.services import legal

    result = legal.change_knowledge(_store(), Actor.operator(), section, key, None, reason)
    _echo(f"{result['section']} {result['key']}: removed (version {result['version']})")


@knowledge_app.command("changes")
def knowledge_changes(
    limit: Annotated[int, typer.Option(help="How many, newest first.")] = 50,
) -> None:
    """Who changed the knowledge base, when and why."""
    from liaison.services import legal

    _print(legal.knowledge_changes(_store(), Actor.operator(), limit))


@legal_app.command("clocks")
def clocks_command(
    today: Annotated[str | None, typer.Option(help="Check as of this date.")] = None,
) -> None:
    """Fire the deadline alerts that are due (each once) and record passed deadlines."""
    from liaison.services.legal_requests import check_clocks
    from liaison.settings import load_settings

    fired = check_clocks(_store(), _today(today), load_settings().legal_alert_days)
    _echo(f"{len(fired)} alert(s) fired")
    for alert in fired:
        _echo(f"  request {alert['request_id']}: {alert['kind']}")


@legal_app.command("report")
def report_command(
    agency: Annotated[str, typer.Option(help="Agency code whose open cases are reported.")],
    html: Annotated[Path | None, typer.Option(help="Write the printable HTML page here.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    today: Annotated[str | None, typer.Option(help="Report as of this date.")] = None,
) -> None:
    """The loophole report over an agency's open cases."""
    from liaison.legal.report_html import report_html
    from liaison.services import directory, legal

    store = _store()
    actor = directory.operator_for(store, agency)
    data = legal.legal_report(store, actor, today=_today(today))
    if html is not None:
        html.write_text(report_html(data, actor.agency_code or agency), encoding="utf-8")
        _echo(f"report written to {html}")
    if as_json:
        _print(data)
        return
    if html is not None:
        return
    summary = data["summary"]
    _echo(f"{summary['wanted_subjects']} wanted subject(s) in open cases of {agency}")
    for entry in data["wanted"]:
        best = entry["best_route"]
        route = f"{best['title']} ({best['status']})" if best else entry["problem"]
        _echo(f"  {entry['case']} {entry['subject']} in {entry['located_in'] or '?'}: {route}")
    for flag in data["deportation_flags"]:
        _echo(
            f"  ! {flag['subject']} ({', '.join(flag['nationalities'])}) held in "
            f"{flag['held_in']}, deportation to {flag['deportation_to']}: tell "
            f"{', '.join(flag['notify'])}"
        )
    for deadline in data["deadlines_at_risk"]:
        _echo(
            f"  deadline {deadline['kind']} of request {deadline['request_id']}: "
            f"{deadline['due_on']}"
        )
    _echo(f"  {len(data['no_route_matrix'])} nation-pair x offence-family cells without a route")
    _echo(data["disclaimer"])
