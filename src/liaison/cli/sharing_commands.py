"""Commands of sharing and the audit log: share, withdraw, groups, policy, audit."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Annotated

import typer
from rich.table import Table

from liaison.cli.main import OPERATOR, CliFailure, app, open_store, out
from liaison.services import audit, directory, sharing
from liaison.services.sharing import DistributionSpec

share_app = typer.Typer(help="Share records under the owner's control.", no_args_is_help=True)
group_app = typer.Typer(help="Sharing groups (coordinators).", no_args_is_help=True)
audit_app = typer.Typer(help="The tamper-evident audit log.", no_args_is_help=True)
app.add_typer(share_app, name="share")
app.add_typer(group_app, name="group")
app.add_typer(audit_app, name="audit")

_AgencyOpt = Annotated[str, typer.Option(help="Act for this agency (its code).")]


@share_app.command("set")
def share_set(
    record_id: Annotated[str, typer.Argument(help="Id of a record of the agency.")],
    agency: _AgencyOpt,
    level: Annotated[
        str,
        typer.Option(help="own_agency, own_nation, nations, agencies, group or all_members."),
    ],
    target: Annotated[
        list[str] | None, typer.Option(help="Nation, agency or group code (repeat).")
    ] = None,
    no_onward: Annotated[bool, typer.Option(help="No onward dissemination.")] = False,
    no_judicial: Annotated[bool, typer.Option(help="Not for judicial use.")] = False,
    restrictions: Annotated[str, typer.Option(help="Free-text restrictions.")] = "",
    hit_opt_out: Annotated[bool, typer.Option(help="Never a hit (covert).")] = False,
    exclude: Annotated[
        list[str] | None, typer.Option(help="A case's linked record to keep back (repeat).")
    ] = None,
    purpose: Annotated[str, typer.Option(help="Why: written to the audit log.")] = "",
) -> None:
    """Set, narrow or widen a record's distribution and handling codes."""
    store = open_store()
    actor = replace(directory.operator_for(store, agency), purpose=purpose)
    spec = DistributionSpec(
        level, target or [], no_onward, no_judicial, restrictions, hit_opt_out, exclude or []
    )
    result = sharing.set_distribution(store, actor, record_id, spec)
    if result["state"] == "pending_approval":
        out.print(f"waiting for a supervisor's approval: request {result['request_id']}")
    else:
        out.print(f"{record_id}: {result['level']} {' '.join(result['targets'])}".strip())


@share_app.command("withdraw")
def share_withdraw(
    record_id: Annotated[str, typer.Argument(help="Id of a record of the agency.")],
    agency: _AgencyOpt,
) -> None:
    """Withdraw a record from every recipient at once."""
    store = open_store()
    sharing.withdraw(store, directory.operator_for(store, agency), record_id)
    out.print(f"{record_id}: withdrawn")


@share_app.command("requests")
def share_requests(
    agency: _AgencyOpt,
    state: Annotated[str | None, typer.Option(help="pending, approved or refused.")] = None,
) -> None:
    """Approvals, consents and disclosures the agency decides or asked for."""
    store = open_store()
    table = Table("id", "kind", "state", "record", "requester", "by", "purpose")
    for r in sharing.list_requests(store, directory.operator_for(store, agency), state=state):
        table.add_row(
            str(r["id"]),
            r["kind"],
            r["state"],
            r["record_id"] or r.get("reference") or "",
            r["requester"] or "",
            r["requested_by"],
            r["purpose"],
        )
    out.print(table)


@share_app.command("hits")
def share_hits(agency: _AgencyOpt) -> None:
    """Hits on the agency's records: who searched, when, for what purpose."""
    store = open_store()
    table = Table("at", "reference", "record", "band", "searcher", "agency", "purpose")
    for h in sharing.hit_notifications(store, directory.operator_for(store, agency)):
        table.add_row(
            h["at"],
            h["reference"],
            h["record_id"],
            h["band"],
            h["searcher"],
            h["searcher_agency"] or "",
            h["purpose"],
        )
    out.print(table)


@share_app.command("policy")
def share_policy(
    agency: _AgencyOpt,
    require_approval: Annotated[
        bool, typer.Option("--require-approval/--no-approval", help="Four-eyes on or off.")
    ],
) -> None:
    """Whether the agency's sharing outside itself needs a supervisor's approval."""
    store = open_store()
    sharing.set_policy(store, OPERATOR, agency, requires_approval=require_approval)
    out.print(f"{agency}: four-eyes {'on' if require_approval else 'off'}")


@group_app.command("create")
def group_create(
    code: Annotated[str, typer.Option(help="Short unique code, e.g. ASEANAPOL.")],
    name: Annotated[str, typer.Option(help="Full name.")],
) -> None:
    """Create a sharing group."""
    sharing.create_group(open_store(), OPERATOR, code, name)
    out.print(f"group {code} created")


@group_app.command("add")
def group_add(
    group: Annotated[str, typer.Option(help="Group code.")],
    agency: Annotated[str, typer.Option(help="Agency code.")],
) -> None:
    """Add an agency to a group."""
    found = sharing.set_group_member(open_store(), OPERATOR, group, agency, member=True)
    out.print(f"{group}: {', '.join(found['members'])}")


@group_app.command("remove")
def group_remove(
    group: Annotated[str, typer.Option(help="Group code.")],
    agency: Annotated[str, typer.Option(help="Agency code.")],
) -> None:
    """Remove an agency from a group (it loses what the group was given at once)."""
    found = sharing.set_group_member(open_store(), OPERATOR, group, agency, member=False)
    out.print(f"{group}: {', '.join(found['members']) or '(no members)'}")


@group_app.command("list")
def group_list() -> None:
    """List the sharing groups and their members."""
    table = Table("code", "name", "members")
    for g in sharing.list_groups(open_store(), OPERATOR):
        table.add_row(g["code"], g["name"], ", ".join(g["members"]))
    out.print(table)


@audit_app.command("verify")
def audit_verify() -> None:
    """Check the hash chain and signed checkpoints; exit 1 and say where if tampered."""
    report = audit.verify(open_store(), OPERATOR)
    signed = "" if report.signed else " (LIAISON_AUDIT_KEY unset: signatures not checked)"
    if report.ok:
        out.print(
            f"audit log intact: {report.entries} entries, {report.checkpoints} checkpoints{signed}"
        )
        return
    for problem in report.problems:
        out.print(f"entry {problem.seq}: {problem.kind}: {problem.message}")
    raise CliFailure(
        f"audit log damaged: {len(report.problems)} problem(s) in {report.entries} entries"
    )


@audit_app.command("checkpoint")
def audit_checkpoint() -> None:
    """Sign the current head of the log now (LIAISON_AUDIT_KEY)."""
    seq = audit.checkpoint(open_store(), OPERATOR)
    out.print(f"checkpoint at entry {seq}")


@audit_app.command("accesses")
def audit_accesses(
    agency: _AgencyOpt,
    record: Annotated[str | None, typer.Option(help="Only entries naming this record.")] = None,
    limit: Annotated[int, typer.Option(help="How many entries.")] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Who accessed the agency's records: when, what, from where and why."""
    store = open_store()
    found = audit.accesses(
        store, directory.operator_for(store, agency), record_id=record, limit=limit
    )
    if as_json:
        print(json.dumps(found, ensure_ascii=False, indent=2))
        return
    table = Table("at", "who", "agency", "action", "records", "purpose", "from")
    for e in found:
        table.add_row(
            e["at"],
            e["who"],
            e["agency"] or "",
            e["action"],
            str(len(e["record_ids"])),
            e["purpose"],
            e["origin"],
        )
    out.print(table)
