"""The matching index as rows: a subject's profile and its hashed blocking keys.

The store keeps, beside every subject, the profile the matcher compares and its
blocking keys, which the database indexes (``liaison.storage.term_index``), so that a
search finds its candidates by key instead of reading every subject. Keys are kept as
signed 64-bit hashes (BLAKE2b): fixed-width keys make the index small and its lookups
fast; a hash collision can only add a candidate, which scoring then rejects.
"""

from __future__ import annotations

import json
import multiprocessing
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
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


def index_rows(record_id: str, agency_id: int, subject: Mapping[str, Any]) -> dict[str, Any]:
    """The ``match_profiles`` row of a validated subject, its ``keys`` as a list of
    hashes (``liaison.storage.term_index.stored_keys`` gives the stored form)."""
    profile = profile_of_subject(record_id, subject)
    return {
        "record_id": record_id,
        "agency_id": agency_id,
        "profile": profile_text(profile),
        "keys": key_hashes(blocking_keys(profile, stored=True)),
    }


IndexItem = tuple[str, int, str]  # record id, agency id, the subject's body as JSON text
IndexedChunk = list[dict[str, Any]]


def index_chunk(items: Sequence[IndexItem]) -> IndexedChunk:
    """The ``match_profiles`` rows of a chunk of subjects."""
    return [
        index_rows(record_id, agency_id, json.loads(body)) for record_id, agency_id, body in items
    ]


class ChunkIndexer:
    """Derives the matching index of an import's chunks, in a second process once the
    import proves large.

    Deriving a subject's name forms is Python work about as heavy as validating it, so a
    large import hands it to one worker process and validates the next chunk meanwhile
    (measured: benchmarks/import_subjects.py). The first ``inline_chunks`` chunks are
    indexed in this process, so a small import never pays for starting the worker; if
    the worker cannot start or dies, the chunk is indexed here instead.
    """

    def __init__(self, inline_chunks: int = 2) -> None:
        self._inline_chunks = inline_chunks
        self._submitted = 0
        self._pool: ProcessPoolExecutor | None = None
        self._broken = False

    def submit(self, items: Sequence[IndexItem]) -> Callable[[], IndexedChunk]:
        """Start indexing a chunk; calling the result waits for its rows."""
        self._submitted += 1
        chunk = list(items)
        if self._submitted <= self._inline_chunks or self._broken:
            return lambda: index_chunk(chunk)
        try:
            if self._pool is None:
                # forkserver: never fork a process that runs the import's writer thread.
                context = multiprocessing.get_context("forkserver")
                self._pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
            future = self._pool.submit(index_chunk, chunk)
        except (BrokenProcessPool, RuntimeError, OSError):
            self._broken = True
            return lambda: index_chunk(chunk)

        def result() -> IndexedChunk:
            try:
                return future.result()
            except BrokenProcessPool:
                self._broken = True
                return index_chunk(chunk)

        return result

    def close(self) -> None:
        """Stop the worker process, if one was started."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
