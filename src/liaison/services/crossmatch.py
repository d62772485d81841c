"""Cross-matching an agency's subjects against every subject it may read, in the store."""

from __future__ import annotations

from collections.abc import Iterator

from liaison.domain.access import Actor
from liaison.domain.records import RecordKindName
from liaison.errors import ValidationFailed
from liaison.matching.batch import ScoredPair, xref_profiles
from liaison.matching.profile import MatchProfile, profile_of_subject
from liaison.services.records import iter_records
from liaison.storage.database import Store


def xref_agency(
    store: Store, actor: Actor, *, threshold: float | None = None, engine: str = "duckdb"
) -> Iterator[ScoredPair]:
    """Pairs among the actor's agency's subjects, then between them and the other
    subjects it may read, scoring at least ``threshold``. Every record is read through
    ``iter_records`` and so through the one permission check."""
    if actor.agency_id is None:
        raise ValidationFailed("cross-matching is done for an agency: act for one (--agency)")
    own: list[MatchProfile] = []
    others: list[MatchProfile] = []
    for record in iter_records(store, actor, RecordKindName.SUBJECT):
        profile = profile_of_subject(record["id"], record)
        (own if record["agency"] == actor.agency_code else others).append(profile)
    if len(own) > 1:
        yield from xref_profiles(own, threshold=threshold, engine=engine)
    if own and others:
        yield from xref_profiles(own, others, threshold=threshold, engine=engine)
