"""Importing a CSV, Excel or JSON file of one record kind: the use case the CLI calls."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from liaison.domain.access import Actor
from liaison.errors import ImportRejected
from liaison.interchange.mapping import ColumnMapping, load_mapping
from liaison.interchange.rows import read_import
from liaison.interchange.tabular import ensure_importable
from liaison.services.records import import_records, kind_of, resolve_refs
from liaison.settings import load_settings
from liaison.storage.database import Store


@dataclass(frozen=True)
class ImportProgress:
    """How far an import has got: rows read, and the share of the file when known."""

    rows: int
    fraction: float | None


ProgressCallback = Callable[[ImportProgress], None]


def import_file(
    store: Store,
    actor: Actor,
    kind: str,
    path: str | Path,
    *,
    mapping_path: str | Path | None = None,
    progress: ProgressCallback | None = None,
    max_bytes: int | None = None,
) -> int:
    """Import every row of a file as records of ``kind`` owned by the actor's agency.

    All or nothing: a file-level problem (unreadable, unknown columns, bad mapping file)
    raises ``ValidationFailed``; bad rows raise ``ImportRejected`` whose details name
    each row, the column as the file writes it, and the reason. Either way nothing is
    written. ``max_bytes`` defaults to ``LIAISON_IMPORT_MAX_BYTES``. Returns the number
    of records imported.
    """
    record_kind = kind_of(kind).name
    the_path = Path(path)
    ensure_importable(
        the_path, load_settings().import_max_bytes if max_bytes is None else max_bytes
    )
    mapping = load_mapping(mapping_path, record_kind) if mapping_path else ColumnMapping()
    reader = read_import(
        the_path,
        record_kind,
        mapping,
        resolve=lambda target, refs: resolve_refs(store, actor, target, refs),
    )

    def report(rows: int) -> None:
        if progress is not None:
            progress(ImportProgress(rows, reader.fraction))

    try:
        # Closing the reader closes the file even when the import stops early.
        with closing(iter(reader)) as rows:
            return import_records(store, actor, record_kind, rows, progress=report)
    except ImportRejected as exc:
        details = [reader.describe(p) for p in exc.details or []]
        raise ImportRejected(exc.message, details=details) from None
