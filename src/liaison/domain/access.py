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
    # Asks whether and how a person can be brought to justice; reads the loophole report
    # and keeps the legal knowledge base current. Reads its agency's records, writes none.
    LEGAL_OFFICER = "legal_officer"


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
    LEGAL_READ = "legal.read"
    LEGAL_EDIT_KNOWLEDGE = "legal.edit_knowledge"
    REQUEST_READ = "request.read"
    REQUEST_DRAFT = "request.draft"
    REQUEST_APPROVE = "request.approve"
    REQUEST_ACT = "request.act"


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


@dataclass(frozen=True)
class LegalRequestResource:
    """A cooperation request: only the two agencies it is between may see or touch it."""

    requesting_agency_id: int
    requested_agency_id: int


Resource = RecordResource | AgencyResource | SystemResource | LegalRequestResource

_RECORD_WRITERS = {Role.ANALYST, Role.SUPERVISOR, Role.ADMIN, Role.COORDINATOR}
# Deleting a record removes it for good: only a supervisor or admin may.
_RECORD_DELETERS = {Role.SUPERVISOR, Role.ADMIN}


def readable_agencies(actor: Actor) -> frozenset[int]:
    """The agencies whose records the actor may read (only its own, until sharing lands)."""
    return frozenset() if actor.agency_id is None else frozenset({actor.agency_id})


# Requests leave the agency under its name: drafting and acting on them is for the
# agency's investigators and legal officers; approval (four-eyes) is a supervisor's.
_REQUEST_ACTORS = {Role.ANALYST, Role.SUPERVISOR, Role.ADMIN, Role.LEGAL_OFFICER}
_REQUEST_APPROVERS = {Role.SUPERVISOR, Role.ADMIN}
_KNOWLEDGE_EDITORS = {Role.COORDINATOR, Role.LEGAL_OFFICER}


def _request_allowed(actor: Actor, action: Action, resource: LegalRequestResource) -> bool:
    parties = {resource.requesting_agency_id, resource.requested_agency_id}
    if actor.agency_id not in parties:
        return False
    if action is Action.REQUEST_READ:
        return True
    if actor.is_operator:
        return action in {Action.REQUEST_DRAFT, Action.REQUEST_ACT}
    if action is Action.REQUEST_DRAFT:
        return actor.agency_id == resource.requesting_agency_id and actor.role in _REQUEST_ACTORS
    if action is Action.REQUEST_APPROVE:
        return actor.agency_id == resource.requesting_agency_id and (
            actor.role in _REQUEST_APPROVERS
        )
    if action is Action.REQUEST_ACT:
        return actor.role in _REQUEST_ACTORS
    return False


def is_allowed(actor: Actor, action: Action, resource: Resource) -> bool:
    """The one permission rule of Liaison."""
    if isinstance(resource, LegalRequestResource):
        return _request_allowed(actor, action, resource)
    if isinstance(resource, SystemResource):
        if action in {Action.MANAGE_NATIONS, Action.MANAGE_AGENCIES}:
            return actor.is_operator or actor.role is Role.COORDINATOR
        if action is Action.LEGAL_EDIT_KNOWLEDGE:
            return actor.is_operator or actor.role in _KNOWLEDGE_EDITORS
        if action is Action.LEGAL_READ:
            return True
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
