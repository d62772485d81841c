"""Who may do what: named actions, typed resources and the one permission rule.

This module is pure: it decides, it does not look anything up. The service layer calls
``liaison.services.access.ensure_permission`` at the top of every use case, which asks
``is_allowed`` here.

Sharing: the owner agency gives a record a *distribution* (own agency, own nation, named
nations or agencies, a sharing group, all members). A distribution becomes a set of
*principals* (``agency:7``, ``nation:TW``, ``group:3``, ``all``) kept as grant rows beside
the record; a caller may read a record its agency owns, or one granted to any principal
the caller is (``principals_of``). The service layer turns that into one SQL predicate, so
list, search, xref and export filter in the database.
"""

from __future__ import annotations

from collections.abc import Iterable
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
    # Set, narrow or withdraw a record's distribution and handling codes: the owner's.
    SHARE = "record.share"
    # Pass a record received from another agency on to a third: never directly; the
    # recipient asks the owner for consent (REQUEST_CONSENT) and the owner's answer shares.
    SHARE_ONWARD = "record.share_onward"
    REQUEST_CONSENT = "record.request_consent"
    # Use a record in judicial proceedings (a judicial export).
    JUDICIAL_USE = "record.judicial_use"
    APPROVE_SHARING = "sharing.approve"
    DECIDE_REQUEST = "sharing.decide"
    MANAGE_GROUPS = "group.manage"
    SET_POLICY = "sharing.policy"
    AUDIT_READ = "audit.read"
    AUDIT_VERIFY = "audit.verify"
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
    ``purpose`` is the reason the caller states for its access and ``origin`` where the
    request came from; both go to the audit log.
    """

    agency_id: int | None
    agency_code: str | None
    nation: str | None
    role: Role | None
    user_id: int | None = None
    username: str | None = None
    is_operator: bool = False
    purpose: str = ""
    origin: str = ""

    @classmethod
    def operator(
        cls, agency_id: int | None = None, agency_code: str | None = None, nation: str | None = None
    ) -> Actor:
        """The local operator, optionally acting for one agency."""
        return cls(agency_id, agency_code, nation, None, None, "operator", True, origin="cli")

    def describe(self) -> str:
        """Who this is, for messages and logs."""
        who = self.username or "unknown"
        return f"{who} ({self.agency_code or 'no agency'})"


class DistributionLevel(StrEnum):
    """How far the owner lets a record go."""

    OWN_AGENCY = "own_agency"
    OWN_NATION = "own_nation"
    NATIONS = "nations"
    AGENCIES = "agencies"
    GROUP = "group"
    ALL_MEMBERS = "all_members"


ALL_MEMBERS = "all"


def agency_principal(agency_id: int) -> str:
    """The principal that stands for one agency."""
    return f"agency:{agency_id}"


def nation_principal(nation: str) -> str:
    """The principal that stands for every agency of a nation."""
    return f"nation:{nation.upper()}"


def group_principal(group_id: int) -> str:
    """The principal that stands for every member agency of a sharing group."""
    return f"group:{group_id}"


def principals_of(
    agency_id: int | None, nation: str | None, group_ids: Iterable[int]
) -> frozenset[str]:
    """Every principal an agency is: itself, its nation, its groups, all members."""
    if agency_id is None:
        return frozenset()
    found = {agency_principal(agency_id), ALL_MEMBERS}
    if nation:
        found.add(nation_principal(nation))
    found.update(group_principal(g) for g in group_ids)
    return frozenset(found)


def distribution_principals(
    level: DistributionLevel,
    owner_nation: str,
    *,
    nations: Iterable[str] = (),
    agency_ids: Iterable[int] = (),
    group_id: int | None = None,
) -> frozenset[str]:
    """The principals a distribution grants (the owner agency always reads its own)."""
    if level is DistributionLevel.OWN_AGENCY:
        return frozenset()
    if level is DistributionLevel.OWN_NATION:
        return frozenset({nation_principal(owner_nation)})
    if level is DistributionLevel.NATIONS:
        return frozenset(nation_principal(n) for n in nations)
    if level is DistributionLevel.AGENCIES:
        return frozenset(agency_principal(a) for a in agency_ids)
    if level is DistributionLevel.GROUP:
        return frozenset() if group_id is None else frozenset({group_principal(group_id)})
    return frozenset({ALL_MEMBERS})


def may_read(
    actor_agency_id: int | None,
    actor_principals: frozenset[str],
    owner_agency_id: int,
    grants: Iterable[str],
) -> bool:
    """The sharing invariant: the owner reads its records; others only through a grant."""
    if actor_agency_id is None:
        return False
    return actor_agency_id == owner_agency_id or not actor_principals.isdisjoint(grants)


@dataclass(frozen=True)
class Handling:
    """Handling codes the owner attaches (after Europol's H-codes), enforced on use."""

    no_onward: bool = False
    no_judicial: bool = False
    restrictions: str = ""

    @property
    def any(self) -> bool:
        """Whether anything restricts the record's use."""
        return self.no_onward or self.no_judicial or bool(self.restrictions)


@dataclass(frozen=True)
class RecordResource:
    """A record, as far as the permission rule needs to know it.

    ``granted`` says whether the owner's distribution reaches the actor (looked up by
    the service layer); ``handling`` and the consents say what a recipient may do with it.
    """

    owner_agency_id: int
    granted: bool = False
    handling: Handling = Handling()
    onward_consent: bool = False
    judicial_consent: bool = False


@dataclass(frozen=True)
class AgencyResource:
    """An agency, for user management and its sharing policy."""

    agency_id: int


@dataclass(frozen=True)
class SystemResource:
    """The directory of nations and agencies, sharing groups and the audit log."""


@dataclass(frozen=True)
class LegalRequestResource:
    """A cooperation request: only the two agencies it is between may see or touch it."""

    requesting_agency_id: int
    requested_agency_id: int


@dataclass(frozen=True)
class SharingRequestResource:
    """A request about sharing a record (four-eyes approval, consent, disclosure): the
    owner agency decides, the requesting agency may see its own request."""

    owner_agency_id: int
    requester_agency_id: int
    kind: str
    requested_by: str = ""


Resource = (
    RecordResource | AgencyResource | SystemResource | LegalRequestResource | SharingRequestResource
)

_RECORD_WRITERS = {Role.ANALYST, Role.SUPERVISOR, Role.ADMIN, Role.COORDINATOR}
# Deleting a record removes it for good: only a supervisor or admin may.
_RECORD_DELETERS = {Role.SUPERVISOR, Role.ADMIN}
# Four-eyes: what leaves the agency is approved by a supervisor (or the admin).
_SHARING_APPROVERS = {Role.SUPERVISOR, Role.ADMIN}
_AUDIT_READERS = {Role.SUPERVISOR, Role.ADMIN}


def readable_agencies(actor: Actor) -> frozenset[int]:
    """The agencies all of whose records the actor may read: only its own. Records of
    other agencies are read through grants (``may_read``), one record at a time."""
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


def _sharing_request_allowed(
    actor: Actor, action: Action, resource: SharingRequestResource
) -> bool:
    if action is Action.READ:
        return actor.agency_id in {resource.owner_agency_id, resource.requester_agency_id}
    if action is Action.APPROVE_SHARING:
        # Four eyes: a supervisor of the owner agency other than the one who asked.
        if actor.agency_id != resource.owner_agency_id:
            return False
        if resource.requested_by and actor.username == resource.requested_by:
            return False
        return actor.is_operator or actor.role in _SHARING_APPROVERS
    if action is Action.DECIDE_REQUEST:
        # Consent and disclosure are the owner's decision, made by its supervisors.
        return actor.agency_id == resource.owner_agency_id and (
            actor.is_operator or actor.role in _SHARING_APPROVERS
        )
    return False


def _record_allowed(actor: Actor, action: Action, resource: RecordResource) -> bool:
    owner = resource.owner_agency_id
    own = actor.agency_id is not None and actor.agency_id == owner
    readable = own or (actor.agency_id is not None and resource.granted)
    if action in {Action.READ, Action.LIST}:
        return readable
    if action is Action.EXPORT:
        # Exporting takes data out of Liaison: a recipient may not when the owner said
        # "no onward dissemination" and has not consented.
        if own:
            return True
        return readable and (not resource.handling.no_onward or resource.onward_consent)
    if action is Action.JUDICIAL_USE:
        if own:
            return True
        return readable and (not resource.handling.no_judicial or resource.judicial_consent)
    if action is Action.REQUEST_CONSENT:
        return readable and not own and (actor.is_operator or actor.role in _RECORD_WRITERS)
    if action is Action.SHARE_ONWARD:
        # Widening a distribution is the owner's alone (PRODUCT.md, domain rules).
        return own and (actor.is_operator or actor.role in _RECORD_WRITERS)
    if not own:
        return False
    if actor.is_operator:
        return action in {
            Action.CREATE,
            Action.UPDATE,
            Action.IMPORT,
            Action.DELETE,
            Action.SHARE,
            Action.AUDIT_READ,
        }
    if action in {Action.CREATE, Action.UPDATE, Action.IMPORT, Action.SHARE}:
        return actor.role in _RECORD_WRITERS
    if action is Action.DELETE:
        return actor.role in _RECORD_DELETERS
    if action is Action.AUDIT_READ:
        return actor.role in _AUDIT_READERS
    return False


def is_allowed(actor: Actor, action: Action, resource: Resource) -> bool:
    """The one permission rule of Liaison."""
    if isinstance(resource, LegalRequestResource):
        return _request_allowed(actor, action, resource)
    if isinstance(resource, SharingRequestResource):
        return _sharing_request_allowed(actor, action, resource)
    if isinstance(resource, SystemResource):
        if action in {Action.MANAGE_NATIONS, Action.MANAGE_AGENCIES, Action.MANAGE_GROUPS}:
            return actor.is_operator or actor.role is Role.COORDINATOR
        if action is Action.AUDIT_VERIFY:
            return actor.is_operator or actor.role is Role.ADMIN
        if action is Action.LEGAL_EDIT_KNOWLEDGE:
            return actor.is_operator or actor.role in _KNOWLEDGE_EDITORS
        if action is Action.LEGAL_READ:
            return True
        return action is Action.LIST
    if isinstance(resource, AgencyResource):
        if action in {Action.MANAGE_USERS, Action.SET_POLICY}:
            if actor.is_operator:
                return True
            return actor.role is Role.ADMIN and actor.agency_id == resource.agency_id
        if action is Action.AUDIT_READ:
            if actor.agency_id != resource.agency_id:
                return False
            return actor.is_operator or actor.role in _AUDIT_READERS
        return action is Action.MANAGE_OWN_TOKENS and actor.agency_id == resource.agency_id
    return _record_allowed(actor, action, resource)
