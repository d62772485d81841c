"""Mapping files: how an agency's own column names map to Liaison's columns.

A mapping file is YAML or JSON::

    kind: subject                 # optional: refuses use with another kind
    columns:                      # our column: their column
      name: Full Name
      birth_date: DOB
    ignore: [Officer, Remarks]    # their columns to leave out
    ignore_unknown: false         # true leaves out every column not mapped
    date_format: "%d/%m/%Y"       # how their dates are written (ISO is always accepted)
    list_separator: "|"           # between values in one cell (default ";")
    delimiter: ";"                # between CSV columns (default ",")
    sheet: Suspects               # Excel sheet to read (default: the first)
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from liaison.domain.records import RecordKindName
from liaison.errors import ValidationFailed
from liaison.interchange.cells import CellOptions
from liaison.interchange.columns import KIND_COLUMNS

_KEYS = (
    "kind",
    "columns",
    "ignore",
    "ignore_unknown",
    "date_format",
    "list_separator",
    "delimiter",
    "sheet",
)


@dataclass(frozen=True)
class ColumnMapping:
    """What a mapping file says; the default maps every column to itself."""

    columns: dict[str, str] = field(default_factory=dict)  # our column -> their column
    ignore: tuple[str, ...] = ()
    ignore_unknown: bool = False
    date_format: str | None = None
    list_separator: str = ";"
    delimiter: str = ","
    sheet: str | None = None

    def their(self, column: str) -> str:
        """The name the file uses for one of our columns."""
        return self.columns.get(column, column)

    @property
    def cell_options(self) -> CellOptions:
        """How cells are read under this mapping."""
        return CellOptions(list_separator=self.list_separator, date_format=self.date_format)


def _fail(path: Path, message: str) -> ValidationFailed:
    text = f"mapping file {path.name}: {message}"
    return ValidationFailed(text, details=[{"field": "mapping", "message": text}])


def _parse(path: Path) -> Any:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise _fail(path, f"cannot be read ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _fail(path, f"is not UTF-8 (byte {exc.start}); save it as UTF-8") from None
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise _fail(
                path, f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
            ) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "syntax error"
        raise _fail(path, f"is not valid YAML: {problem}{where}") from None


def _text(path: Path, key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, f"{key} must be a non-empty text, not {value!r}")
    return value


def _date_format(path: Path, value: Any) -> str:
    text = _text(path, "date_format", value)
    sample = dt.date(1985, 3, 21)
    try:
        ok = dt.datetime.strptime(sample.strftime(text), text).date() == sample
    except ValueError:
        ok = False
    if not ok:
        raise _fail(
            path,
            f"date_format {text!r} cannot read a full date back; use strftime codes "
            "such as %d/%m/%Y",
        )
    return text


def _columns(path: Path, kind: RecordKindName, value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise _fail(path, "columns must map our column names to yours, e.g. name: Full Name")
    known = KIND_COLUMNS[kind].names
    columns: dict[str, str] = {}
    used: dict[str, str] = {}
    for ours, theirs in value.items():
        if ours not in known:
            raise _fail(
                path,
                f"{ours!r} is not a {kind.value} column; the columns are {', '.join(known)}",
            )
        text = _text(path, f"columns.{ours}", theirs).strip()
        key = text.casefold()
        if key in used:
            raise _fail(path, f"{used[key]} and {ours} are both mapped to {text!r}")
        used[key] = str(ours)
        columns[str(ours)] = text
    return columns


def load_mapping(path: str | Path, kind: RecordKindName) -> ColumnMapping:
    """Read and check a mapping file for imports of ``kind``; a clear error if it is bad."""
    the_path = Path(path)
    data = _parse(the_path)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise _fail(the_path, "must be a mapping of keys (columns, ignore, date_format, ...)")
    unknown = sorted(str(k) for k in data if k not in _KEYS)
    if unknown:
        raise _fail(the_path, f"unknown key(s) {', '.join(unknown)}; keys are {', '.join(_KEYS)}")
    if "kind" in data and data["kind"] != kind.value:
        raise _fail(the_path, f"is for {data['kind']!r} imports, not {kind.value!r}")
    ignore = data.get("ignore", [])
    if not isinstance(ignore, list):
        raise _fail(the_path, "ignore must be a list of column names")
    ignore_unknown = data.get("ignore_unknown", False)
    if not isinstance(ignore_unknown, bool):
        raise _fail(the_path, "ignore_unknown must be true or false")
    delimiter = _text(the_path, "delimiter", data.get("delimiter", ","))
    if len(delimiter) != 1:
        raise _fail(the_path, f"delimiter must be one character, not {delimiter!r}")
    return ColumnMapping(
        columns=_columns(the_path, kind, data.get("columns", {})),
        ignore=tuple(_text(the_path, "ignore", item).strip() for item in ignore),
        ignore_unknown=ignore_unknown,
        date_format=_date_format(the_path, data["date_format"]) if "date_format" in data else None,
        list_separator=_text(the_path, "list_separator", data.get("list_separator", ";")),
        delimiter=delimiter,
        sheet=_text(the_path, "sheet", data["sheet"]) if "sheet" in data else None,
    )
