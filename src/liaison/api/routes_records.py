"""Create, read, update, list and delete records; one route factory serves every kind."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Query, status

from liaison.api.deps import ActorDep, PagingDep, StoreDep
from liaison.api.schemas import RECORD_OUT, ErrorBody
from liaison.domain.records import RecordKindName
from liaison.errors import ValidationFailed
from liaison.services import records
from liaison.services.records import RecordFilter

PLURAL = {
    RecordKindName.SUBJECT: "subjects",
    RecordKindName.ORGANISATION: "organisations",
    RecordKindName.RELATION: "relations",
    RecordKindName.OPERATION: "operations",
    RecordKindName.CASE: "cases",
}

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "No valid token."},
    404: {"model": ErrorBody, "description": "No such record the caller may read."},
    422: {"model": ErrorBody, "description": "Invalid input; details name each field."},
}


def _version(if_match: str | None) -> int | None:
    if if_match is None:
        return None
    cleaned = if_match.strip().strip('"').removeprefix("W/").strip('"')
    if not cleaned.isdigit():
        raise ValidationFailed(
            f"If-Match must be a record version number, got {if_match[:40]!r}",
            details=[{"field": "If-Match", "message": "expected a version number"}],
        )
    return int(cleaned)


def record_router(kind: RecordKindName) -> APIRouter:
    """The six routes of one record kind under ``/<plural>``."""
    plural = PLURAL[kind]
    model_out = RECORD_OUT[kind]
    router = APIRouter(prefix=f"/{plural}", tags=[plural], responses=_ERRORS)

    @router.get("", summary=f"List {plural}")
    def list_(
        store: StoreDep,
        actor: ActorDep,
        paging: PagingDep,
        q: Annotated[str | None, Query(max_length=500, description="Name contains.")] = None,
        ref: Annotated[str | None, Query(max_length=200)] = None,
        country: Annotated[str | None, Query(min_length=2, max_length=2)] = None,
        updated_since: dt.datetime | None = None,
    ) -> dict[str, Any]:
        flt = RecordFilter(q=q, ref=ref, country=country, updated_since=updated_since)
        return records.list_records(
            store, actor, kind, flt, limit=paging.limit, offset=paging.offset
        )

    @router.post(
        "",
        status_code=status.HTTP_201_CREATED,
        summary=f"Create a {kind.value}",
        responses={201: {"model": model_out}},
    )
    def create(
        body: Annotated[dict[str, Any], Body(openapi_examples=None)],
        store: StoreDep,
        actor: ActorDep,
    ) -> dict[str, Any]:
        return records.create_record(store, actor, kind, body)

    @router.get(
        "/{record_id}", summary=f"Read a {kind.value}", responses={200: {"model": model_out}}
    )
    def read(record_id: str, store: StoreDep, actor: ActorDep) -> dict[str, Any]:
        return records.get_record(store, actor, kind, record_id)

    def updater(replace: bool) -> Any:
        def update(
            record_id: str,
            body: dict[str, Any],
            store: StoreDep,
            actor: ActorDep,
            if_match: Annotated[str | None, Header()] = None,
        ) -> dict[str, Any]:
            version = _version(if_match)
            return records.update_record(
                store, actor, kind, record_id, body, replace=replace, expected_version=version
            )

        return update

    for method, replace, summary in (
        ("PUT", True, f"Replace a {kind.value}"),
        ("PATCH", False, f"Change some fields of a {kind.value}"),
    ):
        router.add_api_route(
            "/{record_id}",
            updater(replace),
            methods=[method],
            summary=summary,
            name=f"{method.lower()}_{kind.value}",
            responses={200: {"model": model_out}},
        )

    @router.delete(
        "/{record_id}", status_code=status.HTTP_204_NO_CONTENT, summary=f"Delete a {kind.value}"
    )
    def delete(record_id: str, store: StoreDep, actor: ActorDep) -> None:
        records.delete_record(store, actor, kind, record_id)

    return router
