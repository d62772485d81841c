"""Sharing over HTTP: distribution and handling codes, groups, four-eyes, consent,
disclosure, hit notifications and who accessed the caller's records."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from liaison.api.deps import ActorDep, StoreDep
from liaison.api.schemas import ErrorBody
from liaison.services import audit, sharing
from liaison.services.sharing import DistributionSpec

router = APIRouter(
    tags=["sharing"],
    responses={
        401: {"model": ErrorBody, "description": "No valid token."},
        403: {"model": ErrorBody, "description": "The caller may not do this."},
        404: {"model": ErrorBody, "description": "No such record the caller may read."},
        409: {"model": ErrorBody, "description": "Already decided or already exists."},
        422: {"model": ErrorBody, "description": "Invalid input; details name each field."},
    },
)

_Code = Annotated[str, Field(min_length=1, max_length=50)]


class DistributionIn(BaseModel):
    """How far a record goes, and on what terms (the owner's decision)."""

    model_config = ConfigDict(extra="forbid")
    level: str = Field(
        description="own_agency, own_nation, nations, agencies, group or all_members",
        max_length=20,
    )
    targets: list[_Code] = Field(
        default_factory=list, max_length=200, description="Nation, agency or group codes."
    )
    no_onward: bool = Field(default=False, description="No onward dissemination without consent.")
    no_judicial: bool = Field(default=False, description="Not for judicial use without consent.")
    restrictions: str = Field(default="", max_length=2000)
    hit_opt_out: bool = Field(default=False, description="Never a hit in others' searches.")
    excluded: list[Annotated[str, Field(max_length=64)]] = Field(
        default_factory=list, max_length=1000, description="A case's records it does not share."
    )


class GroupIn(BaseModel):
    """A sharing group."""

    model_config = ConfigDict(extra="forbid")
    code: _Code
    name: str = Field(min_length=1, max_length=300)


class PolicyIn(BaseModel):
    """An agency's four-eyes rule."""

    model_config = ConfigDict(extra="forbid")
    requires_approval: bool


class ConsentIn(BaseModel):
    """A recipient's request for the owner's consent (state the purpose in X-Purpose)."""

    model_config = ConfigDict(extra="forbid")
    use: str = Field(description="onward or judicial", max_length=20)
    to_agency: _Code | None = None


class DecisionIn(BaseModel):
    """The owner's answer to a request."""

    model_config = ConfigDict(extra="forbid")
    approve: bool
    note: str = Field(default="", max_length=2000)


@router.get("/records/{record_id}/distribution", summary="A record's distribution")
def get_distribution(record_id: str, store: StoreDep, actor: ActorDep) -> dict[str, Any]:
    """In full for the owner; a recipient sees the handling codes it must respect."""
    return sharing.get_distribution(store, actor, record_id)


@router.put("/records/{record_id}/distribution", summary="Set a record's distribution")
def put_distribution(
    record_id: str, body: DistributionIn, store: StoreDep, actor: ActorDep
) -> dict[str, Any]:
    """Set, narrow or widen (the owner only); with four-eyes, widening waits for approval."""
    spec = DistributionSpec(**body.model_dump())
    return sharing.set_distribution(store, actor, record_id, spec)


@router.delete("/records/{record_id}/distribution", summary="Withdraw a record")
def delete_distribution(record_id: str, store: StoreDep, actor: ActorDep) -> dict[str, Any]:
    """Withdraw from every recipient at once."""
    return sharing.withdraw(store, actor, record_id)


@router.post("/records/{record_id}/consent-requests", status_code=201, summary="Ask consent")
def consent_request(
    record_id: str, body: ConsentIn, store: StoreDep, actor: ActorDep
) -> dict[str, Any]:
    """A recipient asks the owner to let it pass the record on or use it in court."""
    return sharing.request_consent(store, actor, record_id, use=body.use, to_agency=body.to_agency)


@router.get("/sharing/requests", summary="Sharing requests of the caller's agency")
def list_requests(
    store: StoreDep,
    actor: ActorDep,
    state: Annotated[str | None, Query(max_length=20)] = None,
) -> list[dict[str, Any]]:
    """Approvals, consents and disclosures the agency decides or asked for."""
    return sharing.list_requests(store, actor, state=state)


@router.post("/sharing/requests/{request_id}/decision", summary="Decide a request")
def decide(
    request_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    body: DecisionIn,
    store: StoreDep,
    actor: ActorDep,
) -> dict[str, Any]:
    """Approve or refuse (the owner's supervisors; four-eyes: not the requester)."""
    return sharing.decide(store, actor, request_id, approve=body.approve, note=body.note)


@router.get("/sharing/groups", summary="Sharing groups")
def list_groups(store: StoreDep, actor: ActorDep) -> list[dict[str, Any]]:
    """Every group with its member agencies."""
    return sharing.list_groups(store, actor)


@router.post("/sharing/groups", status_code=201, summary="Create a sharing group")
def create_group(body: GroupIn, store: StoreDep, actor: ActorDep) -> dict[str, Any]:
    """Coordinators only."""
    return sharing.create_group(store, actor, body.code, body.name)


@router.put("/sharing/groups/{group}/members/{agency}", summary="Add a member agency")
def add_member(group: str, agency: str, store: StoreDep, actor: ActorDep) -> dict[str, Any]:
    """Coordinators only."""
    return sharing.set_group_member(store, actor, group, agency, member=True)


@router.delete("/sharing/groups/{group}/members/{agency}", summary="Remove a member agency")
def remove_member(group: str, agency: str, store: StoreDep, actor: ActorDep) -> dict[str, Any]:
    """Coordinators only; the agency loses at once what the group was given."""
    return sharing.set_group_member(store, actor, group, agency, member=False)


@router.put("/sharing/policy", summary="The caller's agency's four-eyes rule")
def put_policy(body: PolicyIn, store: StoreDep, actor: ActorDep) -> dict[str, Any]:
    """The agency's admin decides whether sharing outside it needs a supervisor's approval."""
    return sharing.set_policy(
        store, actor, actor.agency_code or "", requires_approval=body.requires_approval
    )


@router.get("/hits", summary="Hits on the caller's agency's records")
def list_hits(
    store: StoreDep, actor: ActorDep, limit: Annotated[int, Query(ge=1, le=500)] = 100
) -> list[dict[str, Any]]:
    """Who found one of our records it may not read, when and for what purpose."""
    return sharing.hit_notifications(store, actor, limit=limit)


@router.post("/hits/{reference}/disclosure-requests", status_code=201, summary="Ask disclosure")
def disclosure_request(reference: str, store: StoreDep, actor: ActorDep) -> dict[str, Any]:
    """From a hit, ask the owner to disclose the record (state why in X-Purpose)."""
    return sharing.request_disclosure(store, actor, reference)


@router.get("/audit/accesses", summary="Who accessed the caller's agency's records")
def accesses(
    store: StoreDep,
    actor: ActorDep,
    record_id: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[dict[str, Any]]:
    """Audit entries about the agency's records, newest first (supervisors and admins)."""
    return audit.accesses(store, actor, record_id=record_id, limit=limit, offset=offset)
