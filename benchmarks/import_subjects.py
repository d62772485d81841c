"""Import throughput: N generated subjects from a CSV into SQLite and PostgreSQL.

    .venv/bin/python benchmarks/import_subjects.py [--count 100000] [--databases sqlite,postgresql]

Each import runs in a fresh child process on a fresh store, so its peak memory (maximum
resident set size) is its own. The CSV comes from the demo generator
(``liaison.demo.subjects_csv``) in the default subject import format and goes through the
same ``import_file`` the ``liaison import subjects`` command uses: parsing, validation,
the permission check and the all-or-nothing transaction are all measured.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

POSTGRES_ADMIN = os.environ.get(
    "LIAISON_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def child(url: str, csv_path: str) -> None:
    """Import the file into a fresh store at ``url``; print the figures as JSON."""
    from liaison.domain.access import Actor
    from liaison.interchange.file_import import import_file
    from liaison.services import directory
    from liaison.storage.database import Store

    store = Store(url)
    store.migrate()
    directory.add_agency(store, Actor.operator(), nation="KH", code="KH-CNP", name="CNP")
    actor = directory.operator_for(store, "KH-CNP")
    started = time.perf_counter()
    count = import_file(store, actor, "subject", csv_path)
    seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"count": count, "seconds": seconds, "peak_mib": peak_kib / 1024}))


def _postgres_database() -> tuple[str, str]:
    import sqlalchemy as sa

    name = f"liaison_bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = sa.engine.make_url(POSTGRES_ADMIN).set(database=name)
    return name, url.render_as_string(hide_password=False)


def _drop_postgres(name: str) -> None:
    import sqlalchemy as sa

    admin = sa.create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _run_child(url: str, csv_path: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", url, str(csv_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"import into {url} failed:\n{done.stderr}")
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def main() -> None:
    """Generate the CSV, import it into each database, print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--child", nargs=2, metavar=("URL", "CSV"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return

    from liaison.demo.subjects_csv import write_subjects_csv

    with tempfile.TemporaryDirectory() as folder:
        csv_path = Path(folder) / "subjects.csv"
        started = time.perf_counter()
        write_subjects_csv(csv_path, args.count)
        size_mib = csv_path.stat().st_size / 2**20
        print(
            f"generated {args.count:,} subjects ({size_mib:.1f} MiB CSV) "
            f"in {time.perf_counter() - started:.1f} s; {os.cpu_count()} cores"
        )
        print(f"{'database':<12}{'subjects':>10}{'seconds':>10}{'subjects/s':>12}{'peak MiB':>10}")
        for database in args.databases.split(","):
            dropped = None
            if database == "sqlite":
                url = f"sqlite:///{folder}/bench.db"
            elif database == "postgresql":
                dropped, url = _postgres_database()
            else:
                raise SystemExit(f"unknown database {database!r}: use sqlite or postgresql")
            try:
                figures = _run_child(url, csv_path)
            finally:
                if dropped:
                    _drop_postgres(dropped)
            rate = figures["count"] / figures["seconds"]
            print(
                f"{database:<12}{int(figures['count']):>10,}{figures['seconds']:>10.1f}"
                f"{rate:>12,.0f}{figures['peak_mib']:>10.0f}"
            )


if __name__ == "__main__":
    main()
