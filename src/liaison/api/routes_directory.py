"""Nations, agencies, users and tokens."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, status

from liaison.api.deps import ActorDep, StoreDep
from liaison.api.schemas import (
    Agency,
    AgencyIn,
    Me,
    Nation,
    NationIn,
    NewToken,
    NewUser,
    TokenIn,
    TokenInfo,
    User,
    UserIn,
)
from liaison.services import directory

router = APIRouter(tags=["directory"])


@router.get("/me", response_model=Me)
def who_am_i(actor: ActorDep) -> dict[str, Any]:
    """The user, role and agency the token belongs to."""
    return {
        "username": actor.username,
        "role": actor.role.value if actor.role else None,
        "agency": actor.agency_code,
        "nation": actor.nation,
    }


@router.get("/nations", response_model=list[Nation])
def list_nations(store: StoreDep, actor: ActorDep) -> list[dict[str, str]]:
    """Every registered nation."""
    return directory.list_nations(store, actor)


@router.post("/nations", response_model=Nation, status_code=status.HTTP_201_CREATED)
def add_nation(body: NationIn, store: StoreDep, actor: ActorDep) -> dict[str, str]:
    """Register a nation by ISO 3166-1 alpha-2 code (coordinators)."""
    return directory.add_nation(store, actor, body.code, body.name)


@router.get("/agencies", response_model=list[Agency])
def list_agencies(store: StoreDep, actor: ActorDep, nation: str | None = None) -> list[Any]:
    """Every agency, optionally of one nation."""
    return [a.to_dict() for a in directory.list_agencies(store, actor, nation)]


@router.post("/agencies", response_model=Agency, status_code=status.HTTP_201_CREATED)
def add_agency(body: AgencyIn, store: StoreDep, actor: ActorDep) -> dict[str, Any]:
    """Register an agency of a nation (coordinators)."""
    agency = directory.add_agency(
        store, actor, nation=body.nation, code=body.code, name=body.name, parent=body.parent
    )
    return agency.to_dict()


@router.get("/agencies/{code}/users", response_model=list[User])
def list_users(code: str, store: StoreDep, actor: ActorDep) -> list[dict[str, Any]]:
    """The users of an agency (its admins)."""
    return [u.to_dict() for u in directory.list_users(store, actor, code)]


@router.post("/agencies/{code}/users", response_model=NewUser, status_code=status.HTTP_201_CREATED)
def add_user(code: str, body: UserIn, store: StoreDep, actor: ActorDep) -> dict[str, Any]:
    """Create a user of an agency (its admins); the answer holds their first API token."""
    user, token = directory.add_user(
        store,
        actor,
        agency=code,
        username=body.username,
        role=body.role,
        display_name=body.display_name,
    )
    return {"user": user.to_dict(), "token": token}


@router.get("/users/{username}/tokens", response_model=list[TokenInfo])
def list_tokens(username: str, store: StoreDep, actor: ActorDep) -> list[dict[str, Any]]:
    """A user's tokens, without secrets (the user or their agency's admin)."""
    return directory.list_tokens(store, actor, username)


@router.post(
    "/users/{username}/tokens", response_model=NewToken, status_code=status.HTTP_201_CREATED
)
def create_token(username: str, body: TokenIn, store: StoreDep, actor: ActorDep) -> dict[str, str]:
    """Issue a new token (the user or their agency's admin); the secret is shown once."""
    return {"token": directory.create_token(store, actor, username, body.label)}


@router.delete("/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_token(token_id: int, store: StoreDep, actor: ActorDep) -> None:
    """Revoke a token at once."""
    directory.revoke_token(store, actor, token_id)
