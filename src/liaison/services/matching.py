"""Finding the same person: online search, cross-matching inside the store, judgements.

Every function starts with the permission check and looks only at records the caller may
read; candidates come from the store's matching index (``term_index``), never a full
scan, and are scored by the same code as batch cross-matching.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from liaison.domain.access import Action, Actor, RecordResource
from liaison.domain.dates import InvalidDate, PartialDate
from liaison.domain.nations import normalise_nation_code
from liaison.errors import NotFound, ValidationFailed
from liaison.matching.batch import Progress, ScoredPair, explanation_text, xref_profiles
from liaison.matching.blocking import NAME_COUNT_CAP, blocking_keys, form_keys, han_key
from liaison.matching.comparisons import Vocabulary, compare_pairs
from liaison.matching.index import key_hash, key_hashes, profile_from_text
from liaison.matching.model import DEFAULT_THRESHOLD, MatchModel, default_model
from liaison.matching.profile import MatchProfile, build_profile
from liaison.services import audit, sharing
from liaison.services.access import (
    ReadScope,
    ensure_permission,
    ensure_record_permission,
    read_scope,
)
from liaison.storage import term_index
from liaison.storage.database import Store
from liaison.storage.tables import agencies, judgements, match_profiles, records

MAX_CANDIDATES = 200
# A key more subjects share than this is too common to propose candidates on its own.
MAX_BLOCK = 500
MAX_LIMIT = 100


class Verdict(StrEnum):
    """An analyst's judgement on a candidate pair."""

    SAME = "same"
    NOT_SAME = "not_same"
    UNSURE = "unsure"


@dataclass(frozen=True)
class MatchQuery:
    """What an investigator searches for: a name in any script and optional details."""

    name: str
    birth_date: str | None = None
    nationality: str | None = None
    document: str | None = None
    gender: str | None = None
    limit: int = 10
    threshold: float = 0.0

    def checked(self) -> MatchQuery:
        """The query with its values validated, or ``ValidationFailed`` naming the field."""
        problems = []
        if self.birth_date:
            try:
                PartialDate.parse(self.birth_date)
            except InvalidDate as exc:
                problems.append({"field": "birth_date", "message": str(exc)})
        if self.nationality and normalise_nation_code(self.nationality) is None:
            problems.append(
                {"field": "nationality", "message": f"{self.nationality!r} is not a nation code"}
            )
        if not 1 <= self.limit <= MAX_LIMIT:
            problems.append({"field": "limit", "message": f"must be 1-{MAX_LIMIT}"})
        if not 0.0 <= self.threshold <= 1.0:
            problems.append({"field": "threshold", "message": "must be between 0 and 1"})
        if problems:
            raise ValidationFailed(
                "; ".join(f"{p['field']}: {p['message']}" for p in problems), details=problems
            )
        return self


def _query_profile(query: MatchQuery) -> MatchProfile:
    nation = normalise_nation_code(query.nationality) if query.nationality else None
    try:
        return build_profile(
            "query",
            [query.name],
            birth_date=query.birth_date,
            gender=query.gender,
            nationalities=[nation] if nation else [],
            documents=[query.document] if query.document else [],
        )
    except ValidationFailed as exc:
        problem = [{"field": "name", "message": exc.message}]
        raise ValidationFailed(exc.message, details=problem) from None


def _readable(conn: Connection, actor: Actor, action: Action) -> ReadScope:
    """The subjects the actor may read (its agency's and those shared with it)."""
    if actor.agency_id is not None:
        ensure_permission(actor, action, RecordResource(actor.agency_id))
    return read_scope(conn, actor)


def _visible(readable: ReadScope) -> sa.ColumnElement[bool]:
    """The read scope as a condition on the matching index's rows."""
    return readable.clause(match_profiles.c.record_id, match_profiles.c.agency_id)


def _candidate_profiles(
    conn: Connection, keys: Sequence[str], readable: ReadScope, exclude: str | None = None
) -> list[MatchProfile]:
    """The profiles of readable subjects sharing a blocking key with the query, those
    sharing most keys first, at most ``MAX_CANDIDATES``: index lookups, never a scan."""
    if not keys or readable.agency_id is None:
        return []
    shared = term_index.subjects_with_keys(conn, key_hashes(keys), _visible(readable), MAX_BLOCK)
    shared.pop(exclude or "", None)
    ranked = sorted(shared.items(), key=lambda item: (-item[1], item[0]))[:MAX_CANDIDATES]
    ids = [record_id for record_id, _ in ranked]
    if not ids:
        return []
    rows = conn.execute(
        sa.select(match_profiles.c.record_id, match_profiles.c.profile).where(
            match_profiles.c.record_id.in_(ids)
        )
    ).all()
    return [profile_from_text(r.record_id, r.profile) for r in rows]


def _not_same(conn: Connection, actor: Actor, ids: Sequence[str]) -> set[frozenset[str]]:
    """Pairs among ``ids`` whose latest verdict by the actor's agency is "not same"."""
    if not ids or actor.agency_id is None:
        return set()
    rows = conn.execute(
        sa.select(judgements.c.left_id, judgements.c.right_id, judgements.c.verdict)
        .where(
            judgements.c.agency_id == actor.agency_id,
            sa.or_(judgements.c.left_id.in_(list(ids)), judgements.c.right_id.in_(list(ids))),
        )
        .order_by(judgements.c.id)
    ).all()
    latest = {frozenset((r.left_id, r.right_id)): r.verdict for r in rows}
    return {pair for pair, verdict in latest.items() if verdict == Verdict.NOT_SAME}


def _describe(conn: Connection, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    rows = conn.execute(
        sa.select(
            records.c.id,
            records.c.ref,
            records.c.label,
            records.c.body,
            records.c.agency_id,
            agencies.c.code.label("agency"),
        )
        .join(agencies, agencies.c.id == records.c.agency_id)
        .where(records.c.id.in_(list(ids)))
    ).all()
    return {
        r.id: {
            "id": r.id,
            "agency": r.agency,
            "agency_id": r.agency_id,
            "ref": r.ref,
            "label": r.label,
            "names": [n["value"] for n in r.body.get("names", [])],
            "birth_date": r.body.get("birth_date"),
            "nationalities": r.body.get("nationalities", []),
        }
        for r in rows
    }


_POPULATION_SECONDS = 60.0
_populations: dict[tuple[str, ReadScope], tuple[float, int]] = {}


def _population(conn: Connection, readable: ReadScope) -> int:
    """How many subjects the caller may read: the population a search looks in.

    Counted at most once a minute per set of agencies (a count over a million subjects
    costs more than the rest of a search; the prior it sets moves little with a few
    more subjects).
    """
    cache_key = (str(conn.engine.url), readable)
    now = time.monotonic()
    cached = _populations.get(cache_key)
    if cached is not None and now - cached[0] < _POPULATION_SECONDS:
        return cached[1]
    count = int(
        conn.execute(
            sa.select(sa.func.count()).where(
                readable.clause(match_profiles.c.record_id, match_profiles.c.agency_id)
            )
        ).scalar_one()
    )
    _populations[cache_key] = (now, count)
    return count


def _name_key_counts(
    conn: Connection, profile: MatchProfile, readable: ReadScope
) -> dict[str, int]:
    """How many readable subjects have each name key of ``profile``: index counts."""
    keys = list(
        dict.fromkeys(
            [k for form in profile.forms for k in form_keys(form)]
            + [han_key(h) for h in profile.han]
        )
    )
    if not keys:
        return {}
    by_hash = {key_hash(k): k for k in keys}
    if readable.agency_id is None:
        return {}
    counts = term_index.key_counts(conn, by_hash, _visible(readable), NAME_COUNT_CAP)
    return {by_hash[key]: count for key, count in counts.items()}


Scored = tuple[MatchProfile, float, Callable[[], list[dict[str, Any]]]]


def _score(
    conn: Connection,
    query: MatchProfile,
    candidates: Sequence[MatchProfile],
    readable: ReadScope,
    model: MatchModel,
) -> list[Scored]:
    """Score candidates exactly as batch matching does, against the readable store as
    the population: its size, and how many of its subjects share the query's names.
    Each candidate comes with a function giving its explanation (only the shown ones
    are explained)."""
    if not candidates:
        return []
    population = _population(conn, readable)
    vocabulary = Vocabulary()
    left = vocabulary.arrays([query], key_counts={})
    counted = {*query.forms, *query.han}
    right = vocabulary.arrays(
        candidates, key_counts=_name_key_counts(conn, query, readable), counted=counted
    )
    ri = np.arange(len(candidates), dtype=np.int64)
    li = np.zeros(len(candidates), dtype=np.int64)
    levels = compare_pairs(left, right, li, ri)
    scores = model.scores(levels, population)

    def explained(k: int) -> Callable[[], list[dict[str, Any]]]:
        return lambda: model.explain({f: int(levels[f][k]) for f in levels}, population)

    return [(candidate, float(scores[k]), explained(k)) for k, candidate in enumerate(candidates)]


def _shown(top: Sequence[Scored], described: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The candidates as the caller sees them: the record, its score and why."""
    shown = []
    for candidate, score, explain in top:
        if candidate.id not in described:
            continue
        features = explain()
        shown.append(
            {
                **described[candidate.id],
                "score": round(score, 4),
                "explanation": features,
                "explanation_text": explanation_text(features),
            }
        )
    return shown


@dataclass(frozen=True)
class SearchResult:
    """What a search answers: ranked readable candidates, and hit/no-hit answers for
    matching records of other agencies the caller may not read."""

    candidates: list[dict[str, Any]]
    hits: list[dict[str, Any]]


def _hidden_matches(
    conn: Connection,
    actor: Actor,
    readable: ReadScope,
    profile: MatchProfile,
    model: MatchModel,
    threshold: float,
    limit: int,
) -> list[sharing.HiddenMatch]:
    """Subjects of other agencies the actor may not read that match the query, scored
    by the same code against the same (readable) population; covert ones left out."""
    keys = blocking_keys(profile)
    others = [
        int(a)
        for a in conn.execute(sa.select(agencies.c.id).where(agencies.c.id != actor.agency_id))
        .scalars()
        .all()
    ]
    if not keys or not others:
        return []
    shared = term_index.subjects_with_keys(
        conn, key_hashes(keys), match_profiles.c.agency_id.in_(others), MAX_BLOCK
    )
    if not shared:
        return []
    ranked = [r for r, _ in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))]
    ranked = ranked[:MAX_CANDIDATES]
    rows = conn.execute(
        sa.select(match_profiles.c.record_id, match_profiles.c.agency_id, match_profiles.c.profile)
        .where(match_profiles.c.record_id.in_(ranked))
        .where(sa.not_(readable.granted(match_profiles.c.record_id)))
    ).all()
    allowed = sharing.hit_candidates(conn, [r.record_id for r in rows])
    owners = {r.record_id: int(r.agency_id) for r in rows if r.record_id in allowed}
    hidden = [profile_from_text(r.record_id, r.profile) for r in rows if r.record_id in owners]
    scored = _score(conn, profile, hidden, readable, model)
    scored = [s for s in scored if s[1] >= max(threshold, sharing.HIT_FLOOR)]
    scored.sort(key=lambda s: (-s[1], s[0].id))
    return [sharing.HiddenMatch(c.id, owners[c.id], score) for c, score, _ in scored[:limit]]


def search(
    store: Store,
    actor: Actor,
    query: MatchQuery,
    *,
    model: MatchModel | None = None,
) -> SearchResult:
    """Ranked candidates among the subjects the actor may read, each with its score and
    the explanation of each feature's contribution; and, for matching subjects it may
    not read, hit/no-hit answers (band, owner agency, opaque reference). Each owner is
    notified of the hit; shown records of other agencies and hits are audited."""
    query = query.checked()
    profile = _query_profile(query)
    model = model or default_model()
    with store.transaction() as conn:
        readable = _readable(conn, actor, Action.READ)
        candidates = _candidate_profiles(conn, blocking_keys(profile), readable)
        scored = _score(conn, profile, candidates, readable, model)
        scored = [s for s in scored if s[1] >= query.threshold]
        scored.sort(key=lambda s: (-s[1], s[0].id))
        top = scored[: query.limit]
        described = _describe(conn, [c.id for c, _, _ in top])
        shown = _shown(top, described)
        audit.record_access(conn, actor, "search", [(c["id"], c["agency_id"]) for c in shown])
        hidden = _hidden_matches(
            conn, actor, readable, profile, model, query.threshold, query.limit
        )
        hits = sharing.record_hits(conn, actor, hidden, "search")
    for candidate in shown:
        candidate.pop("agency_id", None)
    return SearchResult(shown, hits)


def search_subjects(
    store: Store,
    actor: Actor,
    query: MatchQuery,
    *,
    model: MatchModel | None = None,
) -> list[dict[str, Any]]:
    """The readable candidates of ``search`` (hits are still recorded and notified)."""
    return search(store, actor, query, model=model).candidates


def candidate_duplicates(
    store: Store, actor: Actor, subject_id: str, *, limit: int = 10
) -> list[dict[str, Any]]:
    """Other subjects the actor may read that may be the same person as ``subject_id``;
    a pair the actor's agency judged "not same" never comes back."""
    with store.transaction() as conn:
        readable = _readable(conn, actor, Action.READ)
        row = conn.execute(
            sa.select(match_profiles.c.profile, records.c.agency_id)
            .join(records, records.c.id == match_profiles.c.record_id)
            .where(match_profiles.c.record_id == subject_id)
        ).first()
        if row is None:
            raise NotFound(f"no subject with id {subject_id!r}")
        ensure_record_permission(conn, actor, Action.READ, subject_id, row.agency_id)
        profile = profile_from_text(subject_id, row.profile)
        candidates = _candidate_profiles(conn, blocking_keys(profile), readable, subject_id)
        blocked = _not_same(conn, actor, [subject_id])
        candidates = [c for c in candidates if frozenset((subject_id, c.id)) not in blocked]
        scored = sorted(
            _score(conn, profile, candidates, readable, default_model()),
            key=lambda s: (-s[1], s[0].id),
        )
        top = scored[:limit]
        described = _describe(conn, [c.id for c, _, _ in top])
        shown = _shown(top, described)
        audit.record_access(
            conn,
            actor,
            "search.candidates",
            [(subject_id, row.agency_id), *[(c["id"], c["agency_id"]) for c in shown]],
        )
    for candidate in shown:
        candidate.pop("agency_id", None)
    return shown


@dataclass(frozen=True)
class _Indexed:
    agency_id: int
    profile: MatchProfile

    @property
    def id(self) -> str:
        return self.profile.id


def _readable_profiles(conn: Connection, readable: ReadScope) -> list[_Indexed]:
    rows = conn.execute(
        sa.select(match_profiles.c.record_id, match_profiles.c.agency_id, match_profiles.c.profile)
        .where(readable.clause(match_profiles.c.record_id, match_profiles.c.agency_id))
        .order_by(match_profiles.c.record_id)
    )
    return [_Indexed(r.agency_id, profile_from_text(r.record_id, r.profile)) for r in rows]


def xref_agency(
    store: Store,
    actor: Actor,
    *,
    threshold: float | None = None,
    engine: str = "duckdb",
    progress: Progress | None = None,
) -> Iterator[ScoredPair]:
    """Cross-match the actor's agency's subjects against every subject it may read (its
    own included), skipping pairs it judged "not same".

    The population is every readable subject and the model the shipped one, as for
    online search, so a pair scores the same here as in a search.
    """
    if actor.agency_id is None:
        raise ValidationFailed("cross-matching is done for an agency: act for one (--agency)")
    with store.transaction() as conn:
        readable = _readable(conn, actor, Action.READ)
        everyone = _readable_profiles(conn, readable)
        own = [p for p in everyone if p.agency_id == actor.agency_id]
        blocked = _not_same(conn, actor, [p.id for p in own])
        # Batch access to every subject other agencies shared: one entry per owner.
        audit.record_access(conn, actor, "xref", [(p.id, p.agency_id) for p in everyone])
    own_ids = {p.id for p in own}

    def exclude(left_id: str, right_id: str) -> bool:
        # Each pair once: a pair of two own subjects is kept in one order only.
        if left_id == right_id or (right_id in own_ids and right_id < left_id):
            return True
        return frozenset((left_id, right_id)) in blocked

    if own:
        yield from xref_profiles(
            [p.profile for p in own],
            [p.profile for p in everyone],
            threshold=threshold,
            engine=engine,
            model=default_model(),
            exclude=exclude,
            progress=progress,
        )


def judge_pair(
    store: Store, actor: Actor, left_id: str, right_id: str, verdict: str, note: str = ""
) -> dict[str, Any]:
    """Record the actor's verdict on a pair of subjects it may read."""
    try:
        the_verdict = Verdict(verdict)
    except ValueError:
        raise ValidationFailed(
            f"verdict {verdict!r} is not one of same, not_same, unsure",
            details=[{"field": "verdict", "message": "expected same, not_same or unsure"}],
        ) from None
    if left_id == right_id:
        raise ValidationFailed("a judgement needs two different subjects")
    if len(note) > 2000:
        raise ValidationFailed("note: at most 2000 characters")
    first, second = sorted((left_id, right_id))
    with store.transaction() as conn:
        found = {
            r.id: r.agency_id
            for r in conn.execute(
                sa.select(records.c.id, records.c.agency_id).where(
                    records.c.id.in_([first, second]), records.c.kind == "subject"
                )
            )
        }
        for record_id in (first, second):
            if record_id not in found:
                raise NotFound(f"no subject with id {record_id!r}")
            ensure_record_permission(conn, actor, Action.READ, record_id, found[record_id])
        # A verdict on another agency's (shared) subject is an act on its data.
        audit.record_access(conn, actor, "judge", [(r, found[r]) for r in (first, second)])
        now = dt.datetime.now(dt.UTC)
        conn.execute(
            judgements.insert().values(
                agency_id=actor.agency_id,
                left_id=first,
                right_id=second,
                verdict=the_verdict.value,
                note=note,
                username=actor.username or "operator",
                created_at=now,
            )
        )
    return {
        "left_id": first,
        "right_id": second,
        "verdict": the_verdict.value,
        "note": note,
        "by": actor.username or "operator",
        "at": now.isoformat(),
    }


def list_judgements(
    store: Store, actor: Actor, subject_id: str | None = None
) -> list[dict[str, Any]]:
    """The actor's agency's verdicts in force (the latest per pair), newest first."""
    query = sa.select(judgements).where(judgements.c.agency_id == actor.agency_id)
    if subject_id:
        query = query.where(
            sa.or_(judgements.c.left_id == subject_id, judgements.c.right_id == subject_id)
        )
    with store.transaction() as conn:
        readable = _readable(conn, actor, Action.READ)
        rows = conn.execute(query.order_by(judgements.c.id)).all()
        # Only pairs of records the actor may still read (one shared and withdrawn since
        # is not shown).
        visible = set(
            conn.execute(
                sa.select(records.c.id).where(
                    records.c.id.in_({x for row in rows for x in (row.left_id, row.right_id)}),
                    readable.clause(records.c.id, records.c.agency_id),
                )
            ).scalars()
        )
    latest: dict[tuple[str, str], Any] = {}
    for row in rows:
        latest[(row.left_id, row.right_id)] = row
    result = []
    for (left, right), row in sorted(latest.items(), key=lambda kv: -kv[1].id):
        if left not in visible or right not in visible:
            continue
        created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=dt.UTC)
        result.append(
            {
                "left_id": left,
                "right_id": right,
                "verdict": row.verdict,
                "note": row.note,
                "by": row.username,
                "at": created.isoformat(),
            }
        )
    return result


__all__ = [
    "DEFAULT_THRESHOLD",
    "MatchQuery",
    "SearchResult",
    "Verdict",
    "candidate_duplicates",
    "judge_pair",
    "list_judgements",
    "search",
    "search_subjects",
    "xref_agency",
]
