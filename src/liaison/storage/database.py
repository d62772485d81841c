"""The store: one SQLAlchemy engine on SQLite (embedded default) or PostgreSQL.

The rest of Liaison sees only ``Store.transaction()`` and ``Store.migrate()``; the few
differences between the two databases live in ``_configure_sqlite``.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from liaison.errors import StoreUnavailable


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Foreign keys are off by default in SQLite; WAL lets readers go on during an
        # import; NORMAL synchronous is durable in WAL mode except on power loss.
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        # 64 MiB page cache (default 2 MiB): imports insert random keys into growing
        # indexes, and a cache smaller than them made a 100,000-subject import 30% slower.
        cursor.execute("PRAGMA cache_size=-65536")
        cursor.close()


class Store:
    """A connection pool to the database of one Liaison installation."""

    def __init__(self, url: str) -> None:
        self.url = url
        if url.startswith("sqlite"):
            path = url.removeprefix("sqlite:///")
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.engine = sa.create_engine(url, future=True, pool_pre_ping=True)
        except (sa.exc.ArgumentError, ImportError) as exc:
            raise StoreUnavailable(f"cannot use database URL {_safe(url)!r}: {exc}") from exc
        if self.engine.dialect.name == "sqlite":
            _configure_sqlite(self.engine)
        self._joined: Connection | None = None

    def joined(self, conn: Connection) -> Store:
        """This store as seen from inside ``conn``'s open transaction.

        Use cases open a transaction each; one that runs several of them (an FtM file
        holds several record kinds) hands them this view so all land together or not
        at all. Its ``transaction()`` yields ``conn`` and leaves commit or rollback to
        whoever opened it.
        """
        view = copy.copy(self)
        view._joined = conn
        return view

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return str(self.engine.dialect.name)

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A connection inside one transaction: committed on success, rolled back on error."""
        if self._joined is not None:
            yield self._joined
            return
        try:
            conn_cm = self.engine.begin()
            conn = conn_cm.__enter__()
        except sa.exc.OperationalError as exc:
            raise StoreUnavailable(
                f"cannot reach the store at {_safe(self.url)}: {exc.orig}"
            ) from exc
        try:
            yield conn
        except BaseException as exc:
            conn_cm.__exit__(type(exc), exc, exc.__traceback__)
            raise
        else:
            conn_cm.__exit__(None, None, None)

    def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision (creates it on an empty store)."""
        from alembic import command
        from alembic.config import Config

        config = Config()
        location = resources.files("liaison").joinpath("storage/migrations")
        config.set_main_option("script_location", str(location))
        config.attributes["connection_url"] = self.url
        with self.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")

    def is_initialised(self) -> bool:
        """True once ``migrate`` has run."""
        try:
            return sa.inspect(self.engine).has_table("records")
        except sa.exc.OperationalError as exc:
            raise StoreUnavailable(
                f"cannot reach the store at {_safe(self.url)}: {exc.orig}"
            ) from exc

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "<unparseable URL>"


def _unreachable(url: str, exc: sa.exc.OperationalError) -> StoreUnavailable:
    return StoreUnavailable(f"cannot reach the store at {_safe(url)}: {exc.orig}")
