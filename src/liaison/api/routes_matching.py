"""Finding the same person: match, candidate duplicates, judgements."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, status
from pydantic import BaseModel, ConfigDict, Field

from liaison.api.deps import ActorDep, StoreDep
from liaison.api.schemas import ErrorBody
from liaison.matching.model import DEFAULT_THRESHOLD
from liaison.services import matching

router = APIRouter(
    tags=["matching"],
    responses={
        401: {"model": ErrorBody, "description": "No valid token."},
        422: {"model": ErrorBody, "description": "Invalid input; details name each field."},
    },
)


class MatchRequest(BaseModel):
    """A search for a person by a name in any script, with optional details."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=500, examples=["陳志明", "Chen Chih-ming"])
    birth_date: str | None = Field(default=None, max_length=11, examples=["1985-03"])
    nationality: str | None = Field(default=None, max_length=60, examples=["TW"])
    document: str | None = Field(default=None, max_length=64)
    gender: str | None = Field(default=None, max_length=10)
    limit: int = Field(default=10, ge=1, le=matching.MAX_LIMIT)
    threshold: float = Field(default=0.0, ge=0.0, le=1.0)


class JudgementRequest(BaseModel):
    """A verdict on whether two subjects are the same person."""

    model_config = ConfigDict(extra="forbid")
    left_id: str = Field(min_length=1, max_length=64)
    right_id: str = Field(min_length=1, max_length=64)
    verdict: str = Field(description="same, not_same or unsure")
    note: str = Field(default="", max_length=2000)


@router.post("/match", summary="Find subjects matching a name in any script")
def match(body: MatchRequest, store: StoreDep, actor: ActorDep) -> dict[str, Any]:
    """Ranked candidates among the subjects the caller may read, with explanations; and
    hit/no-hit answers for matching subjects of other agencies it may not read (strength
    band, owner agency, a reference to ask for disclosure — nothing of the record)."""
    query = matching.MatchQuery(
        name=body.name,
        birth_date=body.birth_date,
        nationality=body.nationality,
        document=body.document,
        gender=body.gender,
        limit=body.limit,
        threshold=body.threshold,
    )
    found = matching.search(store, actor, query)
    return {
        "default_threshold": DEFAULT_THRESHOLD,
        "candidates": found.candidates,
        "hits": found.hits,
    }


@router.get("/subjects/{subject_id}/candidates", summary="Possible duplicates of a subject")
def candidates(
    subject_id: str,
    store: StoreDep,
    actor: ActorDep,
    limit: Annotated[int, Query(ge=1, le=matching.MAX_LIMIT)] = 10,
) -> dict[str, Any]:
    """Subjects that may be the same person; pairs judged "not same" are left out."""
    found = matching.candidate_duplicates(store, actor, subject_id, limit=limit)
    return {"default_threshold": DEFAULT_THRESHOLD, "candidates": found}


@router.post("/judgements", status_code=status.HTTP_201_CREATED, summary="Judge a pair")
def judge(body: JudgementRequest, store: StoreDep, actor: ActorDep) -> dict[str, Any]:
    """Record the caller's verdict on a pair of subjects it may read."""
    return matching.judge_pair(store, actor, body.left_id, body.right_id, body.verdict, body.note)


@router.get("/judgements", summary="The verdicts in force")
def judgements(
    store: StoreDep, actor: ActorDep, subject_id: str | None = None
) -> list[dict[str, Any]]:
    """The caller's agency's latest verdict on each pair, newest first."""
    return matching.list_judgements(store, actor, subject_id)
