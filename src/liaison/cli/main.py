"""The ``liaison`` command line: the same service layer as the API, for operators."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from liaison.cli.legal_commands import legal_app
from liaison.domain.access import Actor
from liaison.errors import LiaisonError
from liaison.services import directory
from liaison.settings import Settings, load_settings, settings_markdown
from liaison.storage.database import Store

app = typer.Typer(
    help="Liaison: cross-border case cooperation for police agencies.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
nation_app = typer.Typer(help="Nations (ISO 3166-1 alpha-2).", no_args_is_help=True)
agency_app = typer.Typer(help="Agencies.", no_args_is_help=True)
user_app = typer.Typer(help="Users and their roles.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens.", no_args_is_help=True)
app.add_typer(nation_app, name="nation")
app.add_typer(agency_app, name="agency")
app.add_typer(user_app, name="user")
app.add_typer(token_app, name="token")
app.add_typer(legal_app, name="legal")

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

OPERATOR = Actor.operator()


class CliFailure(Exception):
    """Stop the command with this message and exit code."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def open_store(settings: Settings | None = None, *, must_exist: bool = True) -> Store:
    """The configured store; refuses politely when ``liaison init`` has not run."""
    settings = settings or load_settings()
    store = Store(settings.effective_database_url)
    if must_exist and not store.is_initialised():
        raise CliFailure(
            f"no Liaison store at {settings.effective_database_url}: run `liaison init` first "
            "(or set LIAISON_DATA_DIR / LIAISON_DATABASE_URL)"
        )
    return store


@contextmanager
def progress_bar(description: str, total: int | None) -> Iterator[Callable[[int], None]]:
    """A Rich progress bar on stderr; yields a callback taking the count done so far."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=False,
    ) as progress:
        task = progress.add_task(description, total=total)
        last = 0

        def advance(done: int) -> None:
            nonlocal last
            # Redrawing on every row would cost more than the import itself.
            if done - last >= 200 or (total is not None and done >= total):
                progress.update(task, completed=done)
                last = done

        yield advance
        progress.update(task, completed=last if total is None else total)


def describe_problem(item: Any) -> str:
    """One problem of an error's details as a readable line."""
    if isinstance(item, dict) and "message" in item:
        where = [f"row {item['row']}"] if "row" in item else []
        column = item.get("column") or item.get("field")
        if column:
            where.append(f"{'column' if 'row' in item else 'field'} {column}")
        return f"{', '.join(where)}: {item['message']}" if where else str(item["message"])
    return str(item)


def _print_json(value: Any) -> None:
    out.print_json(json.dumps(value, ensure_ascii=False, default=str))


@app.command()
def init() -> None:
    """Create an empty store, or bring an existing one to the newest schema."""
    settings = load_settings()
    store = open_store(settings, must_exist=False)
    store.migrate()
    out.print(f"store ready: {settings.effective_database_url}")


@nation_app.command("add")
def nation_add(
    code: Annotated[str, typer.Option(help="ISO 3166-1 alpha-2 code, e.g. KH, TW, HK.")],
    name: Annotated[str | None, typer.Option(help="Display name (default: ISO name).")] = None,
) -> None:
    """Register a nation."""
    nation = directory.add_nation(open_store(), OPERATOR, code, name)
    out.print(f"nation {nation['code']}: {nation['name']}")


@nation_app.command("list")
def nation_list() -> None:
    """List the registered nations."""
    table = Table("code", "name")
    for nation in directory.list_nations(open_store(), OPERATOR):
        table.add_row(nation["code"], nation["name"])
    out.print(table)


@agency_app.command("add")
def agency_add(
    nation: Annotated[str, typer.Option(help="ISO 3166-1 alpha-2 code of its nation.")],
    code: Annotated[str, typer.Option(help="Short unique code, e.g. KH-CNP.")],
    name: Annotated[str, typer.Option(help="Full name.")],
    parent: Annotated[str | None, typer.Option(help="Code of the agency it reports to.")] = None,
) -> None:
    """Register an agency of a nation."""
    agency = directory.add_agency(
        open_store(), OPERATOR, nation=nation, code=code, name=name, parent=parent
    )
    out.print(f"agency {agency.code} ({agency.nation}): {agency.name}")


@agency_app.command("list")
def agency_list(
    nation: Annotated[str | None, typer.Option(help="Only agencies of this nation.")] = None,
) -> None:
    """List agencies."""
    table = Table("code", "nation", "name", "parent")
    for agency in directory.list_agencies(open_store(), OPERATOR, nation):
        table.add_row(agency.code, agency.nation, agency.name, agency.parent or "")
    out.print(table)


@user_app.command("add")
def user_add(
    agency: Annotated[str, typer.Option(help="Code of the user's agency.")],
    name: Annotated[str, typer.Option(help="Username (a-z, 0-9, '.', '_', '-').")],
    role: Annotated[
        str, typer.Option(help="analyst, supervisor, admin, coordinator or legal_officer.")
    ],
    display_name: Annotated[str | None, typer.Option(help="Full name to show.")] = None,
) -> None:
    """Create a user; the last line printed is their API token (shown only now)."""
    user, token = directory.add_user(
        open_store(), OPERATOR, agency=agency, username=name, role=role, display_name=display_name
    )
    err.print(f"user {user.username} ({user.role}, {user.agency}) created; API token:")
    print(token)


@user_app.command("list")
def user_list(agency: Annotated[str, typer.Option(help="Agency code.")]) -> None:
    """List the users of an agency."""
    table = Table("username", "role", "display name", "active")
    for user in directory.list_users(open_store(), OPERATOR, agency):
        table.add_row(user.username, user.role, user.display_name, "yes" if user.active else "no")
    out.print(table)


@token_app.command("create")
def token_create(
    user: Annotated[str, typer.Option(help="Username.")],
    label: Annotated[str, typer.Option(help="What the token is for.")] = "api",
) -> None:
    """Issue a new API token for a user; the token is the last line printed."""
    token = directory.create_token(open_store(), OPERATOR, user, label)
    print(token)


@token_app.command("list")
def token_list(user: Annotated[str, typer.Option(help="Username.")]) -> None:
    """List a user's tokens (never their secrets)."""
    table = Table("id", "prefix", "label", "created", "revoked")
    for token in directory.list_tokens(open_store(), OPERATOR, user):
        table.add_row(
            str(token["id"]),
            token["prefix"],
            token["label"],
            token["created_at"],
            token["revoked_at"] or "",
        )
    out.print(table)


@token_app.command("revoke")
def token_revoke(token_id: Annotated[int, typer.Argument(help="Token id (token list).")]) -> None:
    """Revoke a token at once."""
    directory.revoke_token(open_store(), OPERATOR, token_id)
    out.print(f"token {token_id} revoked")


@app.command("settings")
def settings_command(
    markdown: Annotated[bool, typer.Option(help="Print the Markdown reference.")] = False,
) -> None:
    """Show every LIAISON_* setting and its value."""
    if markdown:
        print(settings_markdown(), end="")
        return
    settings = load_settings()
    for field, value in vars(settings).items():
        # A secret is shown only as set or not.
        shown = ("(set)" if value else "(empty)") if field == "audit_key" else value
        out.print(f"{field} = {shown}")


@app.command("offences")
def offences_command(
    markdown: Annotated[bool, typer.Option(help="Print the Markdown reference.")] = False,
) -> None:
    """List the offence codes cases may use."""
    from liaison.domain.offences import offence_taxonomy, offences_markdown

    if markdown:
        print(offences_markdown(), end="")
        return
    table = Table("code", "family", "offence", "ICCS section")
    for offence in offence_taxonomy().values():
        table.add_row(offence.code, offence.family, offence.label, offence.iccs)
    out.print(table)


def _serve(store: Store, settings: Settings, host: str | None, port: int | None) -> None:
    import uvicorn

    from liaison.api.app import create_app

    uvicorn.run(
        create_app(settings, store),
        host=host or settings.host,
        port=port or settings.port,
        log_level="info",
    )


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address (default LIAISON_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default LIAISON_PORT).")] = None,
) -> None:
    """Serve the API (and, later, the web interface)."""
    settings = load_settings()
    _serve(open_store(settings), settings, host, port)


def main() -> None:
    """Entry point: run the app, turning Liaison errors into a message and exit code."""
    from liaison.cli import (  # noqa: F401 - registers them
        matching_commands,
        records_commands,
        sharing_commands,
    )

    try:
        app(standalone_mode=False)
    except CliFailure as exc:
        err.print(f"[red]error:[/red] {exc}")
        sys.exit(exc.exit_code)
    except LiaisonError as exc:
        err.print(f"[red]error:[/red] {exc.message}", highlight=False)
        if isinstance(exc.details, list) and len(exc.details) > 1:
            for item in exc.details[:50]:
                err.print(f"  - {describe_problem(item)}", highlight=False)
        sys.exit(1)
    except (typer.Abort, KeyboardInterrupt):
        err.print("aborted")
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:
        # Usage errors of Typer's bundled Click: show them as Click would, exit code 2.
        show = getattr(exc, "show", None)
        if callable(show) and isinstance(getattr(exc, "exit_code", None), int):
            show()
            sys.exit(exc.exit_code)  # type: ignore[attr-defined]
        raise
