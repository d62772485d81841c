"""Added latency of the permission check and audit on search and list.

Loads ``--records`` generated subjects into a fresh store: the owner agency (KH-CNP)
holds 90% of them, a partner (TW-CIB) 10%, and KH shares 1% of its subjects with TW.
Then, for each database, it times for a KH analyst:

- list: ``records.list_records`` (read scope looked up, the grants ``EXISTS`` in SQL,
  the page's records of other agencies audited) against the same page filtered by the
  owner agency alone, as before sharing;
- search: ``matching.search`` (readable candidates through the grants, hit/no-hit pass
  over records the caller may not read, audit) against the readable-only search of
  before sharing (owner agency filter, no hits, no audit).

It prints median milliseconds and the added latency in percent. The TW analyst's figures
show the recipient side (every shown record audited).

    .venv/bin/python benchmarks/permission_cost.py                 # 20,000 records
    .venv/bin/python benchmarks/permission_cost.py --records 1000000
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

POSTGRES_ADMIN = os.environ.get(
    "LIAISON_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
NAMES = ["Chen Wei", "陳志明", "Sok Phal", "Nguyen Van An", "Somchai Prasert", "Lim Chee Beng"]


def _median_ms(run: Callable[[], Any], repeat: int) -> float:
    run()  # warm caches and the population count
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _load(url: str, count: int, csv_dir: Path) -> None:
    import sqlalchemy as sa

    from liaison.demo.subjects_csv import write_subjects_csv
    from liaison.domain.access import Actor
    from liaison.interchange.file_import import import_file
    from liaison.services import directory
    from liaison.storage.database import Store
    from liaison.storage.sharing_tables import distributions, record_grants
    from liaison.storage.tables import records

    store = Store(url)
    store.migrate()
    operator = Actor.operator()
    directory.add_agency(store, operator, nation="KH", code="KH-CNP", name="CNP")
    directory.add_agency(store, operator, nation="TW", code="TW-CIB", name="CIB")
    for code, share in (("KH-CNP", 0.9), ("TW-CIB", 0.1)):
        path = csv_dir / f"{code}.csv"
        write_subjects_csv(path, max(1, int(count * share)))
        import_file(store, directory.operator_for(store, code), "subject", str(path))
    # KH shares 1% of its subjects with TW (written directly: the benchmark measures
    # reading, and a million set_distribution calls would measure something else).
    with store.transaction() as conn:
        ids = conn.execute(
            sa.select(records.c.id).where(records.c.agency_id == 1).order_by(records.c.id)
        ).scalars()
        shared = [i for n, i in enumerate(ids) if n % 100 == 0]
        now = dt.datetime.now(dt.UTC)
        for start in range(0, len(shared), 1000):
            chunk = shared[start : start + 1000]
            conn.execute(
                record_grants.insert(),
                [{"record_id": i, "principal": "nation:TW", "via": i} for i in chunk],
            )
            conn.execute(
                distributions.insert(),
                [
                    {
                        "record_id": i,
                        "level": "nations",
                        "targets": ["TW"],
                        "no_onward": False,
                        "no_judicial": False,
                        "restrictions": "",
                        "hit_opt_out": False,
                        "excluded": [],
                        "set_by": "bench",
                        "set_at": now,
                    }
                    for i in chunk
                ],
            )
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("ANALYZE")
    store.dispose()


def _measure(url: str, repeat: int) -> list[tuple[str, float, float]]:
    from liaison.domain.access import Action
    from liaison.matching.blocking import blocking_keys
    from liaison.matching.model import default_model
    from liaison.services import directory, matching, records
    from liaison.services.access import ReadScope
    from liaison.services.records import RecordFilter, kind_of
    from liaison.storage.database import Store

    store = Store(url)
    kh = directory.operator_for(store, "KH-CNP")
    tw = directory.operator_for(store, "TW-CIB")
    model = default_model()
    subject = kind_of("subject")
    rows = []

    def before_list(actor: Any) -> Callable[[], Any]:
        def run() -> Any:
            with store.transaction() as conn:
                scope = ReadScope(actor.agency_id, ())
                return records.list_in_scope(
                    conn, actor, scope, subject, RecordFilter(), limit=50, offset=0, audited=False
                )

        return run

    def before_search(actor: Any, name: str) -> Callable[[], Any]:
        query = matching.MatchQuery(name).checked()

        def run() -> Any:
            profile = matching._query_profile(query)
            with store.transaction() as conn:
                scope = ReadScope(actor.agency_id, ())
                found = matching._candidate_profiles(conn, blocking_keys(profile), scope)
                scored = matching._score(conn, profile, found, scope, model)
                scored.sort(key=lambda s: (-s[1], s[0].id))
                top = scored[: query.limit]
                return matching._shown(top, matching._describe(conn, [c.id for c, _, _ in top]))

        return run

    for label, actor in (("KH owner", kh), ("TW recipient", tw)):
        full = _median_ms(
            lambda a=actor: records.list_records(
                store, a, "subject", RecordFilter(), limit=50, offset=0
            ),
            repeat,
        )
        rows.append((f"list 50, {label}", _median_ms(before_list(actor), repeat), full))
        for name in NAMES[:3]:
            query = matching.MatchQuery(name)
            full = _median_ms(
                lambda a=actor, q=query: matching.search(store, a, q, model=model), repeat
            )
            rows.append(
                (f"search {name!r}, {label}", _median_ms(before_search(actor, name), repeat), full)
            )
    assert Action.READ  # the permission check is what the "full" figures include
    store.dispose()
    return rows


def main() -> None:
    """Load, measure and print a table per database."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    import sqlalchemy as sa

    for database in args.databases.split(","):
        with tempfile.TemporaryDirectory() as folder:
            dropped = None
            if database == "sqlite":
                url = f"sqlite:///{folder}/bench.db"
            else:
                dropped = f"liaison_bench_{uuid.uuid4().hex[:10]}"
                admin = sa.create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
                with admin.connect() as conn:
                    conn.execute(sa.text(f'CREATE DATABASE "{dropped}"'))
                url = sa.engine.make_url(POSTGRES_ADMIN).set(database=dropped)
                url = url.render_as_string(hide_password=False)
            try:
                started = time.perf_counter()
                _load(url, args.records, Path(folder))
                print(
                    f"\n{database}: {args.records:,} subjects loaded in "
                    f"{time.perf_counter() - started:.0f} s; median of {args.repeat} runs"
                )
                print(f"{'':<40}{'before ms':>10}{'with ms':>10}{'added':>9}")
                for label, before, full in _measure(url, args.repeat):
                    added = (full - before) / before * 100 if before else 0.0
                    print(f"{label:<40}{before:>10.2f}{full:>10.2f}{added:>8.0f}%")
            finally:
                if dropped:
                    with admin.connect() as conn:
                        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{dropped}" WITH (FORCE)'))
                    admin.dispose()


if __name__ == "__main__":
    main()
