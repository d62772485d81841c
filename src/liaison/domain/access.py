"""Who may do what: named actions, typed resources and the one permission rule.

This module is pure: it decides, it does not look anything up. The service layer calls
``liaison.services.access.ensure_permission`` at the top of every use case, which asks
``is_allowed`` here. Sharing (distribution beyond the owner agency) will extend
``readable_agencies`` and ``is_allowed``; every path already passes through them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """What a user does in their agency."""

    ANALYST = "analyst"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"
    COORDINATOR = "coordinator"


class Action(StrEnum):
    """Named actions the permission check knows."""

    READ = "record.read"
    LIST = "record.list"
    CREATE = "record.create"
    UPDATE = "record.update"
    DELETE = "record.delete"
    EXPORT = "record.export"
    IMPORT = "record.import"
    MANAGE_NATIONS = "nation.manage"
    MANAGE_AGENCIES = "agency.manage"
    MANAGE_USERS = "user.manage"
    MANAGE_OWN_TOKENS = "token.manage_own"


@dataclass(frozen=True)
class Actor:
    """Whoever acts: a user of an agency, or the local operator at the command line.

    The operator runs ``liaison`` on the server itself, so it may manage nations,
    agencies and users; for records it acts on behalf of one agency (``--agency``).
    """

    agency_id: int | None
    agency_code: str | None
    nation: str | None
    role: Role | None
    user_id: int | None = None
    username: str | None = None
    is_operator: bool = False

    @classmethod
    def operator(
        cls, agency_id: int | None = None, agency_code: str | None = None, nation: str | None = None
    ) -> Actor:
        """The local operator, optionally acting for one agency."""
        return cls(agency_id, agency_code, nation, None, None, "operator", True)

    def describe(self) -> str:
        """Who this is, for messages and logs."""
        who = self.username or "unknown"
        return f"{who} ({self.agency_code or 'no agency'})"


@dataclass(frozen=True)
class RecordResource:
    """A record, as far as the permission rule needs to know it."""

    owner_agency_id: int


@dataclass(frozen=True)
class AgencyResource:
    """An agency, for user management."""

    agency_id: int


@dataclass(frozen=True)
class SystemResource:
    """The directory of nations and agencies."""


Resource = RecordResource | AgencyResource | SystemResource

_RECORD_WRITERS = {Role.ANALYST, Role.SUPERVISOR, Role.ADMIN, Role.COORDINATOR}
# Deleting a record removes it for good: only a supervisor or admin may.
_RECORD_DELETERS = {Role.SUPERVISOR, Role.ADMIN}


def readable_agencies(actor: Actor) -> frozenset[int]:
    """The agencies whose records the actor may read (only its own, until sharing lands)."""
    return frozenset() if actor.agency_id is None else frozenset({actor.agency_id})


def is_allowed(actor: Actor, action: Action, resource: Resource) -> bool:
    """The one permission rule of Liaison."""
    if isinstance(resource, SystemResource):
        if action in {Action.MANAGE_NATIONS, Action.MANAGE_AGENCIES}:
            return actor.is_operator or actor.role is Role.COORDINATOR
        return action is Action.LIST
    if isinstance(resource, AgencyResource):
        if action is Action.MANAGE_USERS:
            if actor.is_operator:
                return True
            return actor.role is Role.ADMIN and actor.agency_id == resource.agency_id
        return action is Action.MANAGE_OWN_TOKENS and actor.agency_id == resource.agency_id
    owner = resource.owner_agency_id
    if action in {Action.READ, Action.LIST, Action.EXPORT}:
        return owner in readable_agencies(actor)
    if actor.agency_id != owner:
        return False
    if actor.is_operator:
        return action in {Action.CREATE, Action.UPDATE, Action.IMPORT, Action.DELETE}
    if action in {Action.CREATE, Action.UPDATE, Action.IMPORT}:
        return actor.role in _RECORD_WRITERS
    if action is Action.DELETE:
        return actor.role in _RECORD_DELETERS
    return False
