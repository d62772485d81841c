"""Nations, agencies, users and API tokens: the directory of who is who."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import asdict, dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from liaison.domain.access import Action, Actor, AgencyResource, Role, SystemResource
from liaison.domain.nations import iso_nations
from liaison.errors import Conflict, NotFound, Unauthenticated, ValidationFailed
from liaison.services.access import ensure_permission
from liaison.storage.database import Store
from liaison.storage.tables import agencies, api_tokens, nations, users

TOKEN_PREFIX = "lia_"  # noqa: S105 - a public marker, not a secret
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{1,49}$")
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,99}$")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def hash_token(token: str) -> str:
    """SHA-256 of a token. Tokens are 256 random bits, so a fast hash is enough to make
    a stolen token table useless; passwords (web sign-in) need a slow hash instead."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Agency:
    """An agency as the directory shows it."""

    id: int
    code: str
    name: str
    nation: str
    parent: str | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


@dataclass(frozen=True)
class User:
    """A user as the directory shows it."""

    id: int
    username: str
    display_name: str
    role: str
    agency: str
    active: bool

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


def _validation(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, details=[{"field": field, "message": message}])


def ensure_nation(conn: Connection, code: str) -> str:
    """The nation row for an ISO code, created from the ISO list on first use."""
    upper = code.strip().upper()
    names = iso_nations()
    if upper not in names:
        raise _validation("nation", f"{code!r} is not an ISO 3166-1 alpha-2 nation code")
    exists = conn.execute(sa.select(nations.c.code).where(nations.c.code == upper)).first()
    if not exists:
        conn.execute(nations.insert().values(code=upper, name=names[upper], created_at=_now()))
    return upper


def add_nation(store: Store, actor: Actor, code: str, name: str | None = None) -> dict[str, str]:
    """Register a nation (ISO 3166-1 alpha-2), optionally under another display name."""
    ensure_permission(actor, Action.MANAGE_NATIONS, SystemResource())
    with store.transaction() as conn:
        upper = ensure_nation(conn, code)
        if name:
            conn.execute(nations.update().where(nations.c.code == upper).values(name=name.strip()))
        row = conn.execute(sa.select(nations).where(nations.c.code == upper)).one()
    return {"code": row.code, "name": row.name}


def list_nations(store: Store, actor: Actor) -> list[dict[str, str]]:
    """Every registered nation."""
    ensure_permission(actor, Action.LIST, SystemResource())
    with store.transaction() as conn:
        rows = conn.execute(sa.select(nations).order_by(nations.c.code)).all()
    return [{"code": r.code, "name": r.name} for r in rows]


def _agency_from_row(conn: Connection, row: Any) -> Agency:
    parent = None
    if row.parent_id is not None:
        parent = conn.execute(
            sa.select(agencies.c.code).where(agencies.c.id == row.parent_id)
        ).scalar_one()
    return Agency(row.id, row.code, row.name, row.nation, parent)


def add_agency(
    store: Store, actor: Actor, *, nation: str, code: str, name: str, parent: str | None = None
) -> Agency:
    """Register an agency of a nation; ``parent`` is the code of the agency it reports to."""
    ensure_permission(actor, Action.MANAGE_AGENCIES, SystemResource())
    code = code.strip().upper()
    if not _CODE.match(code):
        raise _validation(
            "code", f"agency code {code!r} must be 2-50 of A-Z, 0-9, '-' or '_' (e.g. KH-CNP)"
        )
    if not name.strip() or len(name) > 300:
        raise _validation("name", "agency name must be 1-300 characters")
    with store.transaction() as conn:
        nation_code = ensure_nation(conn, nation)
        if conn.execute(sa.select(agencies.c.id).where(agencies.c.code == code)).first():
            raise Conflict(f"agency {code} already exists")
        parent_id = None
        if parent:
            parent_id = conn.execute(
                sa.select(agencies.c.id).where(agencies.c.code == parent.strip().upper())
            ).scalar()
            if parent_id is None:
                raise _validation("parent", f"no agency with code {parent!r}")
        new_id = conn.execute(
            agencies.insert().values(
                code=code,
                name=name.strip(),
                nation=nation_code,
                parent_id=parent_id,
                created_at=_now(),
            )
        ).inserted_primary_key
        assert new_id is not None
        row = conn.execute(sa.select(agencies).where(agencies.c.id == new_id[0])).one()
        return _agency_from_row(conn, row)


def get_agency(store: Store, code: str) -> Agency:
    """The agency with this code (directory data, readable by every signed-in user)."""
    with store.transaction() as conn:
        row = conn.execute(
            sa.select(agencies).where(agencies.c.code == code.strip().upper())
        ).first()
        if row is None:
            raise NotFound(f"no agency with code {code!r}")
        return _agency_from_row(conn, row)


def list_agencies(store: Store, actor: Actor, nation: str | None = None) -> list[Agency]:
    """Every agency, optionally of one nation."""
    ensure_permission(actor, Action.LIST, SystemResource())
    query = sa.select(agencies).order_by(agencies.c.code)
    if nation:
        query = query.where(agencies.c.nation == nation.strip().upper())
    with store.transaction() as conn:
        return [_agency_from_row(conn, row) for row in conn.execute(query).all()]


def operator_for(store: Store, agency_code: str) -> Actor:
    """The local operator acting on behalf of one agency (CLI imports and exports)."""
    agency = get_agency(store, agency_code)
    return Actor.operator(agency.id, agency.code, agency.nation)


def _issue_token(conn: Connection, user_id: int, label: str) -> str:
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    conn.execute(
        api_tokens.insert().values(
            user_id=user_id,
            token_hash=hash_token(token),
            prefix=token[:12],
            label=label,
            created_at=_now(),
        )
    )
    return token


def add_user(
    store: Store,
    actor: Actor,
    *,
    agency: str,
    username: str,
    role: str,
    display_name: str | None = None,
) -> tuple[User, str]:
    """Create a user of an agency with a role; returns the user and a first API token."""
    the_agency = get_agency(store, agency)
    ensure_permission(actor, Action.MANAGE_USERS, AgencyResource(the_agency.id))
    try:
        the_role = Role(role)
    except ValueError:
        raise _validation(
            "role", f"role {role!r} is not one of {', '.join(r.value for r in Role)}"
        ) from None
    username = username.strip().lower()
    if not _USERNAME.match(username):
        raise _validation(
            "username", f"username {username!r} must be 2-100 of a-z, 0-9, '.', '_' or '-'"
        )
    with store.transaction() as conn:
        if conn.execute(sa.select(users.c.id).where(users.c.username == username)).first():
            raise Conflict(f"user {username} already exists")
        inserted = conn.execute(
            users.insert().values(
                agency_id=the_agency.id,
                username=username,
                display_name=(display_name or username).strip()[:300],
                role=the_role.value,
                active=True,
                created_at=_now(),
            )
        ).inserted_primary_key
        assert inserted is not None
        user_id = inserted[0]
        token = _issue_token(conn, user_id, "first token")
    user = User(
        user_id, username, (display_name or username).strip(), the_role.value, the_agency.code, True
    )
    return user, token


def _user_row(conn: Connection, username: str) -> Any:
    row = conn.execute(
        sa.select(users, agencies.c.code.label("agency_code"), agencies.c.nation)
        .join(agencies, agencies.c.id == users.c.agency_id)
        .where(users.c.username == username.strip().lower())
    ).first()
    if row is None:
        raise NotFound(f"no user {username!r}")
    return row


def list_users(store: Store, actor: Actor, agency: str) -> list[User]:
    """The users of an agency (its admins, or the operator)."""
    the_agency = get_agency(store, agency)
    ensure_permission(actor, Action.MANAGE_USERS, AgencyResource(the_agency.id))
    with store.transaction() as conn:
        rows = conn.execute(
            sa.select(users).where(users.c.agency_id == the_agency.id).order_by(users.c.username)
        ).all()
    return [User(r.id, r.username, r.display_name, r.role, the_agency.code, r.active) for r in rows]


def create_token(store: Store, actor: Actor, username: str, label: str = "api") -> str:
    """A new API token for a user: the user themself, their agency's admin or the operator."""
    with store.transaction() as conn:
        row = _user_row(conn, username)
        if actor.user_id != row.id:
            ensure_permission(actor, Action.MANAGE_USERS, AgencyResource(row.agency_id))
        return _issue_token(conn, row.id, label[:200])


def list_tokens(store: Store, actor: Actor, username: str) -> list[dict[str, Any]]:
    """A user's tokens (prefix, label, dates), never the secrets."""
    with store.transaction() as conn:
        row = _user_row(conn, username)
        if actor.user_id != row.id:
            ensure_permission(actor, Action.MANAGE_USERS, AgencyResource(row.agency_id))
        tokens = conn.execute(
            sa.select(api_tokens).where(api_tokens.c.user_id == row.id).order_by(api_tokens.c.id)
        ).all()
    return [
        {
            "id": t.id,
            "prefix": t.prefix,
            "label": t.label,
            "created_at": t.created_at.isoformat(),
            "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None,
        }
        for t in tokens
    ]


def revoke_token(store: Store, actor: Actor, token_id: int) -> None:
    """Revoke a token at once; later requests with it are refused."""
    with store.transaction() as conn:
        row = conn.execute(
            sa.select(
                api_tokens.c.id,
                api_tokens.c.revoked_at,
                users.c.id.label("user_id"),
                users.c.agency_id,
            )
            .join(users, users.c.id == api_tokens.c.user_id)
            .where(api_tokens.c.id == token_id)
        ).first()
        if row is None:
            raise NotFound(f"no token {token_id}")
        if actor.user_id != row.user_id:
            ensure_permission(actor, Action.MANAGE_USERS, AgencyResource(row.agency_id))
        if row.revoked_at is None:
            conn.execute(
                api_tokens.update().where(api_tokens.c.id == token_id).values(revoked_at=_now())
            )


def authenticate(store: Store, token: str) -> Actor:
    """The actor a bearer token stands for; refused if unknown, revoked or inactive."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        raise Unauthenticated("invalid API token")
    with store.transaction() as conn:
        row = conn.execute(
            sa.select(
                users.c.id,
                users.c.username,
                users.c.role,
                users.c.active,
                users.c.agency_id,
                agencies.c.code,
                agencies.c.nation,
                api_tokens.c.revoked_at,
            )
            .join(users, users.c.id == api_tokens.c.user_id)
            .join(agencies, agencies.c.id == users.c.agency_id)
            .where(api_tokens.c.token_hash == hash_token(token))
        ).first()
        if row is None or row.revoked_at is not None or not row.active:
            raise Unauthenticated("invalid or revoked API token")
    return Actor(
        agency_id=row.agency_id,
        agency_code=row.code,
        nation=row.nation,
        role=Role(row.role),
        user_id=row.id,
        username=row.username,
    )
