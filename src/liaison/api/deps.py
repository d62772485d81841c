"""Dependencies the routes share: the store, the signed-in actor, paging."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import Depends, Header, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from liaison.domain.access import Actor
from liaison.errors import Unauthenticated, ValidationFailed
from liaison.services.directory import authenticate
from liaison.settings import Settings
from liaison.storage.database import Store

_bearer = HTTPBearer(auto_error=False, description="An API token from `liaison user add`.")


def get_store(request: Request) -> Store:
    """The store the app was created with."""
    store: Store = request.app.state.store
    return store


def get_settings(request: Request) -> Settings:
    """The settings the app was created with."""
    settings: Settings = request.app.state.settings
    return settings


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_actor(
    request: Request,
    store: StoreDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    x_purpose: Annotated[
        str | None,
        Header(
            max_length=2000,
            description="Why you access the data: written to the owner's audit log.",
        ),
    ] = None,
) -> Actor:
    """The actor behind the bearer token, with the purpose it states and where it calls
    from (both audited); 401 without a valid token."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthenticated("send an API token: Authorization: Bearer <token>")
    actor = authenticate(store, credentials.credentials)
    host = request.client.host if request.client else "unknown"
    return replace(actor, purpose=(x_purpose or "").strip(), origin=f"api {host}")


ActorDep = Annotated[Actor, Depends(get_actor)]


class Paging:
    """``limit`` and ``offset`` of a list request, checked against the page-size cap."""

    def __init__(
        self,
        settings: SettingsDep,
        limit: Annotated[int, Query(ge=1, description="Items per page.")] = 50,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    ) -> None:
        if limit > settings.page_size_max:
            raise ValidationFailed(
                f"limit {limit} is over the maximum page size {settings.page_size_max}",
                details=[{"field": "limit", "message": f"at most {settings.page_size_max}"}],
            )
        self.limit = limit
        self.offset = offset


PagingDep = Annotated[Paging, Depends(Paging)]
