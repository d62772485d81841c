"""The matching index as rows: a subject's profile and its hashed blocking keys.

The store keeps, beside every subject, the profile the matcher compares and one row per
blocking key, so that a search finds its candidates by key (an index range per key)
instead of reading every subject. Keys are kept as signed 64-bit hashes (BLAKE2b): a
fixed width makes the index a third of the size of the text keys and its lookups faster;
a hash collision can only add a candidate, which scoring then rejects.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from hashlib import blake2b
from typing import Any

from liaison.matching.blocking import blocking_keys
from liaison.matching.profile import MatchProfile, profile_of_subject


def key_hash(key: str) -> int:
    """The 64-bit signed integer a blocking key is kept as."""
    digest = blake2b(key.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def key_hashes(keys: Iterable[str]) -> list[int]:
    """Distinct hashes of ``keys`` in their order."""
    return list(dict.fromkeys(key_hash(k) for k in keys))


def profile_text(profile: MatchProfile) -> str:
    """The profile as the compact JSON text the index keeps."""
    return json.dumps(profile.to_dict(), ensure_ascii=False, separators=(",", ":"))


def profile_from_text(record_id: str, text: str) -> MatchProfile:
    """The profile kept by ``profile_text``."""
    return MatchProfile.from_dict(record_id, json.loads(text))


def index_rows(
    record_id: str, agency_id: int, subject: Mapping[str, Any]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The ``match_profiles`` row and the ``match_keys`` rows of a validated subject."""
    profile = profile_of_subject(record_id, subject)
    keys = [
        {"key": key, "record_id": record_id, "agency_id": agency_id}
        for key in key_hashes(blocking_keys(profile))
    ]
    return {"record_id": record_id, "agency_id": agency_id, "profile": profile_text(profile)}, keys
