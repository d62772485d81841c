"""Loading a generated demo into a store through the service layer.

Agencies and users are created by the local operator; each agency's records are imported
as that agency, kind by kind (subjects before the relations, operations and cases that
link to them), through the same ``import_records`` every import uses: the permission
check, validation and all-or-nothing transaction apply to the demo too.
"""

from __future__ import annotations

from liaison.demo.dataset import KINDS, DemoData
from liaison.demo.generator import demo_users, generate_demo
from liaison.demo.story import demo_story
from liaison.domain.access import Actor
from liaison.errors import NotFound
from liaison.services import directory
from liaison.services.records import import_records
from liaison.storage.database import Store


def load_demo(store: Store, data: DemoData | None = None) -> dict[str, str]:
    """Create the demo's agencies, users and records in an empty store; returns each
    user's first API token by username. ``data`` defaults to ``generate_demo()``."""
    if data is None:
        data = generate_demo()
    operator = Actor.operator()
    for agency in data.agencies:
        directory.add_agency(
            store,
            operator,
            nation=agency.nation,
            code=agency.code,
            name=agency.name,
            parent=agency.parent,
        )
    tokens: dict[str, str] = {}
    for user in data.users:
        _, token = directory.add_user(
            store,
            operator,
            agency=user.agency,
            username=user.username,
            role=user.role,
            display_name=user.display_name,
        )
        tokens[user.username] = token
    for agency in data.agencies:
        actor = directory.operator_for(store, agency.code)
        for kind in KINDS:
            rows = data.import_rows(agency.code, kind)
            if rows:
                import_records(store, actor, kind, rows)
    return tokens


def demo_tokens(store: Store, label: str = "demo") -> dict[str, tuple[str, str]]:
    """A fresh API token for each demo user in the store, as ``{username: (agency,
    token)}``. Tokens are kept only as hashes, so a demo loaded earlier cannot show its
    first tokens again; this issues new ones (the old ones stay valid)."""
    operator = Actor.operator()
    tokens: dict[str, tuple[str, str]] = {}
    for user in demo_users(demo_story()):
        try:
            token = directory.create_token(store, operator, user.username, label)
        except NotFound:
            continue  # not a demo store, or the user was removed
        tokens[user.username] = (user.agency, token)
    return tokens
