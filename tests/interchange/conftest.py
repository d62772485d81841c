"""Helpers for the import and export tests: sample files, Excel workbooks, what is stored."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from liaison.domain.access import Actor
from liaison.errors import LiaisonError
from liaison.interchange import format_report
from liaison.services.records import RecordFilter, list_records
from liaison.storage.database import Store
from tests.conftest import World

DATA = Path(__file__).parent / "data"


def stored(store: Store, actor: Actor, kind: str) -> list[dict[str, Any]]:
    """Every record of a kind the actor can see, ordered by ref."""
    page = list_records(store, actor, kind, RecordFilter(), limit=500, offset=0)
    return sorted(page["items"], key=lambda r: r.get("ref") or "")


def count(store: Store, actor: Actor, kind: str) -> int:
    """How many records of a kind the actor can see."""
    return int(list_records(store, actor, kind, RecordFilter(), limit=1, offset=0)["total"])


def write_xlsx(path: Path, rows: Sequence[Sequence[Any]]) -> Path:
    """A one-sheet workbook with these rows (the first is the header)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def report_of(error: LiaisonError) -> str:
    """The report the command line prints for a refused import."""
    return format_report(error)


@pytest.fixture
def kh(world: World) -> Actor:
    """An analyst of the Cambodian National Police, who imports."""
    return world.kh_analyst.actor
