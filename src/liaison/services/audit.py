"""The audit log: every access to another agency's data and every sharing decision.

Append-only and tamper-evident. Each entry's ``hash`` is SHA-256 over its content and
the previous entry's hash (a hash chain), so changing, inserting or deleting an entry
breaks the chain at that point; ``seq`` numbers the chain without gaps. Someone who can
write the database could rebuild the whole chain after a change, so every
``LIAISON_AUDIT_CHECKPOINT_EVERY`` entries a checkpoint signs the head's hash with
HMAC-SHA256 under ``LIAISON_AUDIT_KEY``, a secret the database does not hold
(the scheme of Schneier and Kelsey, "Secure audit logs to support computer forensics",
ACM TISSEC 1999, simplified to one key). ``verify`` walks the chain and the checkpoints
and names the first entry where each kind of damage shows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from liaison.domain.access import Action, Actor, AgencyResource, SystemResource
from liaison.services.access import ensure_permission
from liaison.settings import load_settings
from liaison.storage.database import Store
from liaison.storage.sharing_tables import audit_checkpoints, audit_log
from liaison.storage.tables import agencies

GENESIS = "0" * 64
# Appending reads the head and writes after it: one writer at a time (PostgreSQL holds
# this advisory lock to the end of the transaction; SQLite has one writer anyway).
_LOCK_ID = 0x4C49414953


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _content(entry: dict[str, Any]) -> bytes:
    """The bytes an entry's hash covers (canonical JSON: sorted keys, UTC time)."""
    at = _utc(entry["at"]).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    canonical = {
        "seq": entry["seq"],
        "at": at,
        "username": entry["username"],
        "agency_id": entry["agency_id"],
        "action": entry["action"],
        "owner_agency_id": entry["owner_agency_id"],
        "record_ids": list(entry["record_ids"]),
        "purpose": entry["purpose"],
        "origin": entry["origin"],
        "detail": entry["detail"],
    }
    return json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def entry_hash(prev_hash: str, entry: dict[str, Any]) -> str:
    """The chain hash of ``entry`` following ``prev_hash``."""
    return hashlib.sha256(prev_hash.encode() + b"\n" + _content(entry)).hexdigest()


def _signature(key: str, seq: int, head: str) -> str:
    return hmac.new(key.encode(), f"{seq}:{head}".encode(), hashlib.sha256).hexdigest()


def _lock(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:id)"), {"id": _LOCK_ID})


def _head(conn: Connection) -> tuple[int, str]:
    row = conn.execute(
        sa.select(audit_log.c.seq, audit_log.c.hash).order_by(audit_log.c.seq.desc()).limit(1)
    ).first()
    return (0, GENESIS) if row is None else (int(row.seq), str(row.hash))


def write(
    conn: Connection,
    actor: Actor,
    action: str,
    *,
    owner_agency_id: int | None = None,
    record_ids: Sequence[str] = (),
    detail: dict[str, Any] | None = None,
) -> int:
    """Append one entry inside the caller's transaction; returns its position.

    Written in the same transaction as the access it records: if the use case fails,
    neither the data nor the entry leaves.
    """
    _lock(conn)
    seq, prev = _head(conn)
    entry: dict[str, Any] = {
        "seq": seq + 1,
        "at": dt.datetime.now(dt.UTC),
        "username": actor.username or "operator",
        "agency_id": actor.agency_id,
        "action": action,
        "owner_agency_id": owner_agency_id,
        "record_ids": sorted(set(record_ids)),
        "purpose": actor.purpose[:2000],
        "origin": actor.origin[:200],
        "detail": detail or {},
    }
    entry["hash"] = entry_hash(prev, entry)
    conn.execute(audit_log.insert().values(prev_hash=prev, **entry))
    settings = load_settings()
    if settings.audit_key and entry["seq"] % settings.audit_checkpoint_every == 0:
        _checkpoint(conn, settings.audit_key, entry["seq"], entry["hash"])
    return int(entry["seq"])


def record_access(
    conn: Connection, actor: Actor, action: str, owned: Iterable[tuple[str, int]]
) -> None:
    """Audit an access to records: one entry per other agency whose records were
    touched (``owned`` gives each record id with its owner). Own records are not
    audited: the issue asks for every access to data owned by *another* agency."""
    by_owner: dict[int, list[str]] = defaultdict(list)
    for record_id, owner in owned:
        if owner != actor.agency_id:
            by_owner[owner].append(record_id)
    for owner, ids in sorted(by_owner.items()):
        write(conn, actor, action, owner_agency_id=owner, record_ids=ids)


def _checkpoint(conn: Connection, key: str, seq: int, head: str) -> None:
    conn.execute(
        audit_checkpoints.insert().values(
            seq=seq, hash=head, signature=_signature(key, seq, head), at=dt.datetime.now(dt.UTC)
        )
    )


def checkpoint(store: Store, actor: Actor, key: str | None = None) -> int:
    """Sign the current head of the chain now (e.g. at the end of each day)."""
    ensure_permission(actor, Action.AUDIT_VERIFY, SystemResource())
    key = key if key is not None else load_settings().audit_key
    if not key:
        from liaison.errors import ConfigurationError

        raise ConfigurationError("set LIAISON_AUDIT_KEY to sign audit checkpoints")
    with store.transaction() as conn:
        _lock(conn)
        seq, head = _head(conn)
        if (
            seq
            and conn.execute(
                sa.select(audit_checkpoints.c.seq).where(audit_checkpoints.c.seq == seq)
            ).first()
            is None
        ):
            _checkpoint(conn, key, seq, head)
    return seq


@dataclass
class Problem:
    """One place where the log is not what was written."""

    seq: int
    kind: str
    message: str


@dataclass
class VerifyReport:
    """What ``verify`` found: entries checked, checkpoints checked, problems."""

    entries: int = 0
    checkpoints: int = 0
    signed: bool = True
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the log is intact."""
        return not self.problems


def verify(store: Store, actor: Actor, key: str | None = None) -> VerifyReport:
    """Walk the chain and the checkpoints; report every break with its position.

    - a changed entry: its content no longer gives its hash;
    - a deleted entry: a gap in ``seq`` and the next entry's ``prev_hash`` points to
      nothing there;
    - an inserted entry: ``seq`` repeats or its ``prev_hash`` is not the previous hash;
    - a rebuilt chain: a checkpoint's signed hash differs from the entry's.
    """
    ensure_permission(actor, Action.AUDIT_VERIFY, SystemResource())
    key = key if key is not None else load_settings().audit_key
    report = VerifyReport(signed=bool(key))
    hashes: dict[int, str] = {}
    expected_seq, prev = 1, GENESIS
    with store.transaction() as conn:
        result = conn.execution_options(yield_per=2000).execute(
            sa.select(audit_log).order_by(audit_log.c.seq)
        )
        for row in result:
            entry = row._asdict()
            seq = int(entry["seq"])
            report.entries += 1
            if seq != expected_seq:
                missing = (
                    f"{expected_seq}" if seq == expected_seq + 1 else f"{expected_seq}-{seq - 1}"
                )
                report.problems.append(
                    Problem(seq, "deleted", f"entries {missing} are missing before entry {seq}")
                )
            if entry["prev_hash"] != prev:
                report.problems.append(
                    Problem(
                        seq,
                        "chain",
                        f"entry {seq} does not follow the entry before it "
                        "(an entry was inserted or deleted here)",
                    )
                )
            if entry_hash(entry["prev_hash"], entry) != entry["hash"]:
                report.problems.append(
                    Problem(seq, "changed", f"entry {seq} was changed after it was written")
                )
            hashes[seq] = entry["hash"]
            expected_seq, prev = seq + 1, entry["hash"]
        for cp in conn.execute(sa.select(audit_checkpoints).order_by(audit_checkpoints.c.seq)):
            report.checkpoints += 1
            if key and not hmac.compare_digest(_signature(key, cp.seq, cp.hash), cp.signature):
                report.problems.append(
                    Problem(
                        cp.seq,
                        "checkpoint",
                        f"checkpoint at entry {cp.seq} is not signed by the audit key",
                    )
                )
            elif cp.seq not in hashes:
                report.problems.append(
                    Problem(cp.seq, "deleted", f"entry {cp.seq}, signed by a checkpoint, is gone")
                )
            elif hashes[cp.seq] != cp.hash:
                report.problems.append(
                    Problem(
                        cp.seq,
                        "rebuilt",
                        f"the chain up to entry {cp.seq} differs from the one signed then "
                        "(entries at or before it were changed and the chain recomputed)",
                    )
                )
    report.problems.sort(key=lambda p: p.seq)
    return report


def _iso(moment: dt.datetime) -> str:
    return _utc(moment).isoformat()


def accesses(
    store: Store,
    actor: Actor,
    *,
    record_id: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Who accessed the actor's agency's records: the audit entries about them, newest
    first (optionally only those naming ``record_id``)."""
    if actor.agency_id is None:
        return []
    ensure_permission(actor, Action.AUDIT_READ, AgencyResource(actor.agency_id))
    query = (
        sa.select(audit_log, agencies.c.code.label("agency_code"))
        .outerjoin(agencies, agencies.c.id == audit_log.c.agency_id)
        .where(audit_log.c.owner_agency_id == actor.agency_id)
        .order_by(audit_log.c.seq.desc())
    )
    found: list[dict[str, Any]] = []
    skipped = 0
    with store.transaction() as conn:
        for row in conn.execution_options(yield_per=500).execute(query):
            if record_id and record_id not in row.record_ids:
                continue
            if skipped < offset:
                skipped += 1
                continue
            found.append(
                {
                    "seq": row.seq,
                    "at": _iso(row.at),
                    "who": row.username,
                    "agency": row.agency_code,
                    "action": row.action,
                    "record_ids": list(row.record_ids),
                    "purpose": row.purpose,
                    "origin": row.origin,
                    "detail": row.detail,
                }
            )
            if len(found) >= limit:
                break
    return found
