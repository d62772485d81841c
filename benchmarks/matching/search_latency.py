"""Online search latency: N indexed subjects, 1,000 searches, on SQLite and PostgreSQL.

    .venv/bin/python benchmarks/matching/search_latency.py --subjects 1000000 \\
        [--databases sqlite,postgresql] [--queries 1000] [--out FILE.json]

(run.py calls it with ``--search-sizes``.) The subjects come from the demo generator's
import file (``write_subjects_csv``, fixed seed) and go through the same ``import_file``
as ``liaison import subjects``, which also writes the matching index: the import's time
is the index build time, the database's size over N the bytes per subject (records and
index together). The queries are 1,000 subjects of that file drawn with a fixed seed
that have an alias (another script or spelling of their name): each search gives the
alias and the birth date, as an investigator holding another agency's spelling would,
through ``liaison.services.matching.search_subjects``; "found" is the share whose own
record comes back in the first ten. Each database is built and searched in a child
process of its own, so the peak memory is that database's. Searches run one after
another (no concurrency): the figures are single-query latencies.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

POSTGRES_ADMIN = os.environ.get(
    "LIAISON_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
SEED = 2026


def _peak_mib() -> float:
    """Peak resident memory of this process (``VmHWM``, which, unlike ``ru_maxrss``,
    starts afresh at ``exec`` instead of carrying over the parent's)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def child(url: str, csv_path: str, queries_path: str) -> None:
    """Build the store at ``url`` from the CSV, run the queries, print the figures."""
    from liaison.domain.access import Actor
    from liaison.interchange.file_import import import_file
    from liaison.services import directory
    from liaison.services.matching import MatchQuery, search_subjects
    from liaison.storage.database import Store

    store = Store(url)
    store.migrate()
    directory.add_agency(store, Actor.operator(), nation="KH", code="KH-CNP", name="CNP")
    actor = directory.operator_for(store, "KH-CNP")
    started = time.perf_counter()
    count = import_file(store, actor, "subject", csv_path)
    build = time.perf_counter() - started
    queries = json.loads(Path(queries_path).read_text(encoding="utf-8"))
    search_subjects(store, actor, MatchQuery(name=queries[0]["name"]))  # warm the caches
    latencies, found, top1 = [], 0, 0
    for q in queries:
        began = time.perf_counter()
        results = search_subjects(
            store, actor, MatchQuery(name=q["name"], birth_date=q["birth_date"] or None)
        )
        latencies.append((time.perf_counter() - began) * 1000)
        refs = [r.get("ref") for r in results]
        found += q["ref"] in refs
        top1 += bool(refs) and refs[0] == q["ref"]
    print(
        json.dumps(
            {
                "subjects": count,
                "build_seconds": build,
                "p50_ms": percentile(latencies, 0.50),
                "p95_ms": percentile(latencies, 0.95),
                "queries": len(queries),
                "found_top10": found / len(queries),
                "top1_found": top1 / len(queries),
                "peak_mib": _peak_mib(),
            }
        )
    )


def _queries(csv_path: Path, count: int) -> list[dict[str, str]]:
    with csv_path.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["aliases"]]
    chosen = random.Random(SEED).sample(rows, min(count, len(rows)))
    return [
        {
            "ref": r["id"],
            "name": r["aliases"].split(";")[0],
            "birth_date": r["birth_date"].lstrip("~"),
        }
        for r in chosen
    ]


def _postgres_database() -> tuple[str, str]:
    import sqlalchemy as sa

    name = f"liaison_search_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = sa.engine.make_url(POSTGRES_ADMIN).set(database=name)
    return name, url.render_as_string(hide_password=False)


def _postgres_size(name: str) -> int:
    import sqlalchemy as sa

    admin = sa.create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        size = conn.execute(sa.text("SELECT pg_database_size(:n)"), {"n": name}).scalar_one()
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
    return int(size)


def measure(database: str, folder: Path, csv_path: Path, queries: Path) -> dict[str, Any]:
    """Build and search one database in a child process; its figures."""
    name = None
    if database == "sqlite":
        url = f"sqlite:///{folder}/search.db"
    elif database == "postgresql":
        name, url = _postgres_database()
    else:
        return {"database": database, "error": "unknown database: use sqlite or postgresql"}
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--child", url, str(csv_path), str(queries)],
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        size = _postgres_size(name) if name else None
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or ["failed"]
        errors = [line for line in lines if re.match(r"^[\w.]+(Error|Exception|Failed)\b", line)]
        return {"database": database, "error": (errors or lines)[-1]}
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    if size is None:
        size = sum(p.stat().st_size for p in folder.glob("search.db*"))
    figures.update(database=database, bytes=size, bytes_per_subject=size / figures["subjects"])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=1_000_000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--out", type=Path)
    parser.add_argument(
        "--child", nargs=3, metavar=("URL", "CSV", "QUERIES"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    databases = [d for d in args.databases.split(",") if d]
    try:
        from liaison.demo.subjects_csv import write_subjects_csv
        from liaison.services.matching import MatchQuery, search_subjects  # noqa: F401
    except ImportError as error:
        results = [
            {"database": d, "subjects": args.subjects, "error": f"not available: {error}"}
            for d in databases
        ]
    else:
        results = []
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            csv_path = folder / "subjects.csv"
            write_subjects_csv(csv_path, args.subjects)
            queries = folder / "queries.json"
            queries.write_text(json.dumps(_queries(csv_path, args.queries)), encoding="utf-8")
            for database in databases:
                results.append(measure(database, folder, csv_path, queries))
                print(json.dumps(results[-1]), file=sys.stderr)
    text = json.dumps(results, indent=2)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
