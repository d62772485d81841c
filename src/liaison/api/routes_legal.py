"""Legal cooperation: routes, the knowledge base and its changes, requests with their
clocks and alerts, subjects' legal status and the loophole report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, status
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field

from liaison.api.deps import ActorDep, SettingsDep, StoreDep
from liaison.api.schemas import ErrorBody
from liaison.legal.report_html import report_html
from liaison.legal.routes import RouteQuestion, VictimStatus, parse_nations
from liaison.services import legal, legal_requests

router = APIRouter(
    prefix="/legal",
    tags=["legal"],
    responses={
        401: {"model": ErrorBody, "description": "No valid token."},
        404: {"model": ErrorBody, "description": "Not found, or not the caller's to see."},
        422: {"model": ErrorBody, "description": "Invalid input; details name each field."},
    },
)


def get_today(request: Request) -> dt.date:
    """Today's date from the app's clock (tests set ``app.state.clock``)."""
    clock: Callable[[], dt.date] = getattr(request.app.state, "clock", dt.date.today)
    return clock()


TodayDep = Annotated[dt.date, Depends(get_today)]


class RouteQuestionIn(BaseModel):
    """Where the person is, who wants them and for what."""

    model_config = ConfigDict(extra="forbid")

    wanted_by: str = Field(min_length=2, max_length=2, description="Requesting nation.")
    located_in: str = Field(min_length=2, max_length=2, description="Nation holding the person.")
    nationalities: list[str] = Field(min_length=1, max_length=10)
    offences: list[str] = Field(min_length=1, max_length=20)
    penalty_years: float | None = Field(default=None, ge=0, le=200)
    victim_status: VictimStatus = VictimStatus.NONE
    political_character: bool = False
    on_date: dt.date | None = None

    def question(self, today: dt.date) -> RouteQuestion:
        """The engine's question."""
        return RouteQuestion(
            wanted_by=self.wanted_by.upper(),
            located_in=self.located_in.upper(),
            nationalities=parse_nations(self.nationalities),
            offences=tuple(self.offences),
            penalty_years=self.penalty_years,
            victim_status=self.victim_status,
            political_character=self.political_character,
            on_date=self.on_date or today,
        )


@router.get("/routes", summary="Legal routes for a person (query string)")
def routes_get(
    store: StoreDep,
    actor: ActorDep,
    today: TodayDep,
    wanted_by: Annotated[str, Query(min_length=2, max_length=2)],
    located_in: Annotated[str, Query(min_length=2, max_length=2)],
    nationality: Annotated[list[str], Query(description="Repeat or comma-separate.")],
    offence: Annotated[list[str], Query(description="Offence codes; repeat for several.")],
    penalty_years: Annotated[float | None, Query(ge=0, le=200)] = None,
    victim_status: VictimStatus = VictimStatus.NONE,
    political_character: bool = False,
) -> dict[str, Any]:
    """Every route, its conditions and the reasoning step by step, each citing its source."""
    body = RouteQuestionIn(
        wanted_by=wanted_by,
        located_in=located_in,
        nationalities=nationality,
        offences=offence,
        penalty_years=penalty_years,
        victim_status=victim_status,
        political_character=political_character,
    )
    return legal.legal_routes(store, actor, body.question(today)).to_dict()


@router.post("/routes", summary="Legal routes for a person")
def routes_post(
    body: RouteQuestionIn, store: StoreDep, actor: ActorDep, today: TodayDep
) -> dict[str, Any]:
    """The same as the GET form, with a JSON body."""
    return legal.legal_routes(store, actor, body.question(today)).to_dict()


@router.get("/knowledge", summary="The legal knowledge base in force (summary)")
def knowledge(store: StoreDep, actor: ActorDep) -> dict[str, Any]:
    """Nations and instruments, with the disclaimer that legal officers must verify them."""
    kb = legal.knowledge_base(store, actor)
    return {
        "disclaimer": kb.disclaimer,
        "nations": {
            code: {
                "name": n.name,
                "interpol_member": n.interpol_member.value,
                "extradites_nationals": n.extradites_nationals.value,
                "extradition_without_treaty": n.extradition_without_treaty.value,
            }
            for code, n in sorted(kb.nations.items())
        },
        "instruments": [
            {
                "id": i.id,
                "title": i.title,
                "kind": i.kind.value,
                "parties": sorted(i.parties),
                "status": i.status.value,
            }
            for i in kb.instruments.values()
        ],
    }


@router.get("/knowledge-changes", summary="Changes to the knowledge base, newest first")
def knowledge_changes(
    store: StoreDep, actor: ActorDep, limit: Annotated[int, Query(ge=1, le=500)] = 100
) -> list[dict[str, Any]]:
    """Who changed what, when and why."""
    return legal.knowledge_changes(store, actor, limit)


class KnowledgeChangeIn(BaseModel):
    """A new body for one knowledge-base entry, and why."""

    model_config = ConfigDict(extra="forbid")

    body: dict[str, Any]
    reason: str = Field(min_length=1, max_length=2000)


@router.get("/knowledge/{section}/{key:path}", summary="One knowledge-base entry and history")
def knowledge_entry(section: str, key: str, store: StoreDep, actor: ActorDep) -> dict[str, Any]:
    """Sections: nation (key KH), instrument (key its id), offence_law (key fraud/KH),
    no_treaty (key KH-US)."""
    return legal.knowledge_entry(store, actor, section, key)


@router.put("/knowledge/{section}/{key:path}", summary="Replace one knowledge-base entry")
def knowledge_put(
    section: str, key: str, body: KnowledgeChangeIn, store: StoreDep, actor: ActorDep
) -> dict[str, Any]:
    """Coordinators and legal officers; checked whole before it is stored, versioned."""
    return legal.change_knowledge(store, actor, section, key, body.body, body.reason)


@router.delete("/knowledge/{section}/{key:path}", summary="Remove one knowledge-base entry")
def knowledge_delete(
    section: str,
    key: str,
    store: StoreDep,
    actor: ActorDep,
    reason: Annotated[str, Query(min_length=1, max_length=2000)],
) -> dict[str, Any]:
    """Coordinators and legal officers; recorded as a new version."""
    return legal.change_knowledge(store, actor, section, key, None, reason)


class SubjectStatusIn(BaseModel):
    """Where a subject is, a proposed deportation and the victim screening."""

    model_config = ConfigDict(extra="forbid")

    located_in: str | None = Field(default=None, min_length=2, max_length=2)
    proposed_deportation_to: str | None = Field(default=None, min_length=2, max_length=2)
    victim_status: VictimStatus = VictimStatus.NONE
    note: str = Field(default="", max_length=2000)


@router.put("/subjects/{subject_id}/status", summary="Record a subject's legal status")
def subject_status(
    subject_id: str, body: SubjectStatusIn, store: StoreDep, actor: ActorDep
) -> dict[str, Any]:
    """The owner agency's writers only."""
    return legal.set_subject_status(
        store,
        actor,
        subject_id,
        located_in=body.located_in.upper() if body.located_in else None,
        proposed_deportation_to=body.proposed_deportation_to.upper()
        if body.proposed_deportation_to
        else None,
        victim_status=body.victim_status.value,
        note=body.note,
    )


@router.get("/subjects/{subject_id}/routes", summary="Legal routes for a subject")
def subject_routes(
    subject_id: str,
    store: StoreDep,
    actor: ActorDep,
    today: TodayDep,
    offence: Annotated[list[str], Query()],
    wanted_by: Annotated[str | None, Query(min_length=2, max_length=2)] = None,
    penalty_years: Annotated[float | None, Query(ge=0, le=200)] = None,
) -> dict[str, Any]:
    """Nationality from the record, place and screening from its legal status."""
    return legal.routes_for_subject(
        store,
        actor,
        subject_id,
        wanted_by=wanted_by,
        offences=offence,
        penalty_years=penalty_years,
        today=today,
    ).to_dict()


class RequestIn(BaseModel):
    """A new request to another agency."""

    model_config = ConfigDict(extra="forbid")

    kind: str
    to_agency: str = Field(min_length=2, max_length=50)
    title: str = Field(min_length=1, max_length=300)
    particulars: dict[str, Any] = Field(default_factory=dict)
    instrument: str | None = Field(default=None, max_length=100)
    follows: int | None = None


class EventIn(BaseModel):
    """A step of a request's state machine."""

    model_config = ConfigDict(extra="forbid")

    event: str = Field(min_length=1, max_length=30)
    occurred_on: dt.date | None = Field(
        default=None, description="The day it happened in law, e.g. the day of the arrest."
    )
    note: str = Field(default="", max_length=2000)
    version: int | None = Field(default=None, description="Refuse if the request changed.")


class MessageIn(BaseModel):
    """A message to the other agency on a request."""

    model_config = ConfigDict(extra="forbid")

    body: str = Field(min_length=1, max_length=20000)


@router.post("/requests", status_code=status.HTTP_201_CREATED, summary="Draft a request")
def request_create(
    body: RequestIn, store: StoreDep, actor: ActorDep, today: TodayDep
) -> dict[str, Any]:
    """A draft from the caller's agency; a supervisor other than the drafter approves it."""
    return legal_requests.draft_request(
        store,
        actor,
        kind=body.kind,
        to_agency=body.to_agency,
        title=body.title,
        particulars=body.particulars,
        instrument=body.instrument,
        follows=body.follows,
        today=today,
    )


@router.get("/requests", summary="Requests the caller's agency sent or received")
def request_list(store: StoreDep, actor: ActorDep, today: TodayDep) -> list[dict[str, Any]]:
    """Newest first; only the two agencies of a request ever see it."""
    return legal_requests.list_requests(store, actor, today)


@router.get("/requests/{request_id}", summary="A request, its deadlines and history")
def request_read(
    request_id: int, store: StoreDep, actor: ActorDep, today: TodayDep
) -> dict[str, Any]:
    """404 for anyone but the two agencies."""
    return legal_requests.get_request(store, actor, request_id, today)


@router.post("/requests/{request_id}/events", summary="Move a request on")
def request_event(
    request_id: int, body: EventIn, store: StoreDep, actor: ActorDep, today: TodayDep
) -> dict[str, Any]:
    """approve, send, acknowledge, review, grant, grant_partly, refuse, execute, close,
    withdraw."""
    return legal_requests.act_on_request(
        store,
        actor,
        request_id,
        body.event,
        occurred_on=body.occurred_on,
        note=body.note,
        expected_version=body.version,
        today=today,
    )


@router.get("/requests/{request_id}/messages", summary="A request's message thread")
def request_messages(request_id: int, store: StoreDep, actor: ActorDep) -> list[dict[str, Any]]:
    """Oldest first."""
    return legal_requests.list_messages(store, actor, request_id)


@router.post(
    "/requests/{request_id}/messages",
    status_code=status.HTTP_201_CREATED,
    summary="Write to the other agency",
)
def request_message(
    request_id: int, body: MessageIn, store: StoreDep, actor: ActorDep
) -> dict[str, Any]:
    """Either agency of the request."""
    return legal_requests.post_message(store, actor, request_id, body.body)


@router.get("/alerts", summary="Deadline alerts for the caller's agency")
def alerts(
    store: StoreDep, actor: ActorDep, settings: SettingsDep, today: TodayDep
) -> list[dict[str, Any]]:
    """Clocks are checked first, so an alert due today is here; each fires once."""
    legal_requests.check_clocks(store, today, settings.legal_alert_days)
    return legal_requests.list_alerts(store, actor)


@router.get("/report", summary="The loophole report (JSON)")
def report(
    store: StoreDep, actor: ActorDep, today: TodayDep, matrix: bool = True
) -> dict[str, Any]:
    """Over the open cases the caller's agency may read."""
    return legal.legal_report(store, actor, today=today, include_matrix=matrix)


@router.get("/report.html", response_class=HTMLResponse, summary="The loophole report (print)")
def report_page(store: StoreDep, actor: ActorDep, today: TodayDep) -> HTMLResponse:
    """A printable page; print it to PDF from the browser."""
    data = legal.legal_report(store, actor, today=today)
    return HTMLResponse(report_html(data, actor.agency_code or ""))
