"""Request and answer shapes of the API that are not record models themselves."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from liaison.domain.records import RECORD_KINDS, RecordKindName


class Problem(BaseModel):
    """One problem with the input."""

    field: str
    message: str


class ErrorBody(BaseModel):
    """Every error answer."""

    code: str = Field(description="Stable machine-readable code, e.g. validation_failed.")
    message: str = Field(description="What went wrong, for a person.")
    details: Any = None


class NationIn(BaseModel):
    """A nation to register."""

    model_config = ConfigDict(extra="forbid")
    code: str = Field(min_length=2, max_length=2, description="ISO 3166-1 alpha-2.")
    name: str | None = Field(default=None, max_length=200)


class Nation(BaseModel):
    """A registered nation."""

    code: str
    name: str


class AgencyIn(BaseModel):
    """An agency to register."""

    model_config = ConfigDict(extra="forbid")
    code: str = Field(min_length=2, max_length=50, examples=["KH-CNP"])
    name: str = Field(min_length=1, max_length=300)
    nation: str = Field(min_length=2, max_length=2)
    parent: str | None = Field(default=None, max_length=50)


class Agency(BaseModel):
    """An agency of the directory."""

    id: int
    code: str
    name: str
    nation: str
    parent: str | None


class UserIn(BaseModel):
    """A user to create in an agency."""

    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=2, max_length=100)
    role: str = Field(description="analyst, supervisor, admin or coordinator")
    display_name: str | None = Field(default=None, max_length=300)


class User(BaseModel):
    """A user."""

    id: int
    username: str
    display_name: str
    role: str
    agency: str
    active: bool


class NewUser(BaseModel):
    """A created user with their first API token (shown once)."""

    user: User
    token: str


class TokenIn(BaseModel):
    """A token to issue."""

    model_config = ConfigDict(extra="forbid")
    label: str = Field(default="api", max_length=200)


class NewToken(BaseModel):
    """A new token; the secret is shown only now."""

    token: str


class TokenInfo(BaseModel):
    """A token without its secret."""

    id: int
    prefix: str
    label: str
    created_at: str
    revoked_at: str | None


class Me(BaseModel):
    """Who the token belongs to."""

    username: str | None
    role: str | None
    agency: str | None
    nation: str | None


class Handling(BaseModel):
    """Restrictions the owner attached to a record: respect them wherever it goes."""

    no_onward: bool = Field(description="No onward dissemination without the owner's consent.")
    no_judicial: bool = Field(description="Not for judicial use without the owner's consent.")
    restrictions: str = Field(description="Free-text restrictions of the owner.")


class RecordMeta(BaseModel):
    """Fields Liaison adds to every stored record."""

    id: str
    kind: str
    agency: str = Field(description="Code of the owner agency.")
    version: int
    created_at: str
    updated_at: str
    created_by: str
    updated_by: str
    handling: Handling | None = Field(
        default=None, description="The owner's handling codes, present when it set any."
    )


def _record_out(kind: RecordKindName) -> type[BaseModel]:
    model = RECORD_KINDS[kind].model
    return create_model(
        f"{model.__name__.removesuffix('In')}",
        __base__=(model, RecordMeta),
    )


RECORD_OUT: dict[RecordKindName, type[BaseModel]] = {k: _record_out(k) for k in RecordKindName}
