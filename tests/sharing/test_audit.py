"""The audit log: what is written, who may list it, and ``verify`` catching tampering."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace

import pytest
import sqlalchemy as sa

from liaison.domain.access import Actor
from liaison.services import audit, records, sharing
from liaison.services.sharing import DistributionSpec
from liaison.storage.sharing_tables import audit_log
from tests.sharing.conftest import Nations, make_subject

KEY = "test-audit-key"


@pytest.fixture
def logged(nations: Nations, monkeypatch: pytest.MonkeyPatch) -> Nations:
    """Six audited accesses, a checkpoint every two entries."""
    monkeypatch.setenv("LIAISON_AUDIT_KEY", KEY)
    monkeypatch.setenv("LIAISON_AUDIT_CHECKPOINT_EVERY", "2")
    store, owner = nations.store, nations["KH-CNP/analyst"]
    subject = make_subject(store, owner)
    sharing.set_distribution(store, owner, subject["id"], DistributionSpec("nations", ["TW"]))
    tw = replace(
        nations["TW-CIB/analyst"], purpose="case 17 of the AGIA meeting", origin="api 10.0.0.9"
    )
    for _ in range(5):
        records.get_record(store, tw, "subject", subject["id"])
    return nations


def _verify(nations: Nations) -> audit.VerifyReport:
    return audit.verify(nations.store, Actor.operator(), key=KEY)


def test_reads_of_another_agencys_record_are_listed_for_the_owner(logged: Nations) -> None:
    store = logged.store
    found = audit.accesses(store, logged["KH-CNP/supervisor"])
    reads = [e for e in found if e["action"] == "record.read"]
    assert len(reads) == 5
    assert reads[0]["who"] == "tw-cib.analyst" and reads[0]["agency"] == "TW-CIB"
    assert reads[0]["purpose"] == "case 17 of the AGIA meeting"
    assert reads[0]["origin"] == "api 10.0.0.9"
    assert any(e["action"] == "share.set" for e in found)
    # The owner's own reads are not another agency's access; TW sees nothing of KH's log.
    assert audit.accesses(store, logged["TW-CIB/supervisor"]) == []
    with pytest.raises(Exception, match="may not"):
        audit.accesses(store, logged["KH-CNP/analyst"])


def test_an_intact_log_verifies(logged: Nations) -> None:
    report = _verify(logged)
    assert report.ok and report.entries == 6 and report.checkpoints == 3


def _tamper(nations: Nations, statement: str, **params: object) -> None:
    with nations.store.transaction() as conn:
        conn.execute(sa.text(statement), params)


def test_a_changed_entry_is_found(logged: Nations) -> None:
    _tamper(logged, "UPDATE audit_log SET purpose = 'nothing to see' WHERE seq = 4")
    problems = _verify(logged).problems
    assert [(p.seq, p.kind) for p in problems] == [(4, "changed")]


def test_a_deleted_entry_is_found(logged: Nations) -> None:
    _tamper(logged, "DELETE FROM audit_log WHERE seq = 3")
    problems = _verify(logged).problems
    assert (4, "deleted") in [(p.seq, p.kind) for p in problems]
    assert (4, "chain") in [(p.seq, p.kind) for p in problems]


def test_an_inserted_entry_is_found(logged: Nations) -> None:
    with logged.store.transaction() as conn:
        row = conn.execute(sa.select(audit_log).where(audit_log.c.seq == 6)).one()._asdict()
    _tamper(logged, "DELETE FROM audit_log WHERE seq = 6")
    forged = {**row, "seq": 6, "username": "forger"}
    forged["hash"] = audit.entry_hash(row["prev_hash"], forged)
    with logged.store.transaction() as conn:
        conn.execute(audit_log.insert().values(**forged))
        conn.execute(audit_log.insert().values(**{**row, "seq": 7, "prev_hash": forged["hash"]}))
    kinds = {(p.seq, p.kind) for p in _verify(logged).problems}
    # The forged entry is self-consistent, but the checkpoint signed at 6 says otherwise;
    # the genuine entry pushed to 7 no longer hashes to what it says.
    assert (6, "rebuilt") in kinds and (7, "changed") in kinds


def test_a_rebuilt_chain_is_caught_by_the_signed_checkpoint(logged: Nations) -> None:
    with logged.store.transaction() as conn:
        rows = [r._asdict() for r in conn.execute(sa.select(audit_log).order_by(audit_log.c.seq))]
        prev = audit.GENESIS
        for row in rows:
            if row["seq"] == 2:
                row["purpose"] = "rewritten"
            row["prev_hash"] = prev
            row["hash"] = prev = audit.entry_hash(prev, row)
            conn.execute(audit_log.update().where(audit_log.c.seq == row["seq"]).values(**row))
    kinds = {(p.seq, p.kind) for p in _verify(logged).problems}
    assert (2, "rebuilt") in kinds
    assert all(kind == "rebuilt" for _, kind in kinds)


def test_the_cli_says_where(logged: Nations, tmp_path: object) -> None:
    _tamper(logged, "UPDATE audit_log SET username = 'someone' WHERE seq = 5")
    env = {
        **os.environ,
        "LIAISON_DATABASE_URL": logged.store.url,
        "LIAISON_AUDIT_KEY": KEY,
        "COLUMNS": "200",
    }
    done = subprocess.run(
        [sys.executable, "-m", "liaison", "audit", "verify"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "entry 5: changed" in done.stdout
