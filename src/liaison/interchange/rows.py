"""Turning the rows of an import file into the ``ImportRow``s the service layer imports.

``read_import`` matches the header to the kind's columns (through a mapping file, if
any), reads each cell as its column's type, arranges the values into the model's shape
and resolves references (the agency's own refs) to record ids, a chunk of rows at a
time so a large file is never held in memory. Problems found here are attached to their
row, already named in the user's terms (row, column as written in the file).
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from liaison.domain.records import RECORD_KINDS, RecordKindName
from liaison.errors import ValidationFailed
from liaison.interchange.cells import (
    CellProblem,
    CellType,
    read_choice,
    read_date,
    read_integer,
    read_list,
    read_text,
)
from liaison.interchange.columns import KIND_COLUMNS, Column, Ref
from liaison.interchange.mapping import ColumnMapping
from liaison.interchange.tabular import (
    EXCEL_SUFFIXES,
    Position,
    RawRow,
    Table,
    file_error,
    open_table,
)
from liaison.services.records import ImportRow, validate_record

RefResolver = Callable[[RecordKindName, list[str]], dict[str, str]]
"""Record ids by ref for the importing agency's records of a kind (``resolve_refs``)."""

# Rows are resolved in chunks: one lookup per kind per chunk, and flat memory.
CHUNK = 500
_NO_HEADER = ""  # position of a column whose header cell is empty
_ROW = "(record)"  # the field of a problem with a whole row


@dataclass
class _Pending:
    number: int
    data: dict[str, Any]
    problems: list[dict[str, Any]] = field(default_factory=list)
    flat: bool = True


class ImportReader:
    """The rows of one import file as ``ImportRow``s, read lazily when iterated.

    Besides the rows it tells how far it has read (``fraction``, for a progress bar) and
    names a problem the service layer found in the user's terms (``describe``).
    """

    def __init__(
        self,
        path: Path,
        kind: RecordKindName,
        mapping: ColumnMapping | None = None,
        *,
        resolve: RefResolver | None = None,
    ) -> None:
        self.path = path
        self.kind = kind
        self.mapping = mapping or ColumnMapping()
        self.spec = KIND_COLUMNS[kind]
        self._resolve = resolve
        self._lookup = {self.mapping.their(c).casefold(): c for c in self.spec.names}
        self._ignored = {name.casefold() for name in self.mapping.ignore}
        self._labels = {c: self.mapping.their(c) for c in self.spec.names}
        self._model_fields = set(RECORD_KINDS[kind].model.model_fields)
        self._nested: set[int] = set()
        self._position: Position | None = None
        self._excel = path.suffix.lower() in EXCEL_SUFFIXES

    @property
    def fraction(self) -> float | None:
        """The share of the file read so far (0-1), when it can be known."""
        return self._position.fraction if self._position else None

    def __iter__(self) -> Generator[ImportRow, None, None]:
        with open_table(
            self.path, delimiter=self.mapping.delimiter, sheet=self.mapping.sheet
        ) as table:
            self._position = table.position
            positions = None if table.keyed else self._match_header(table)
            pending: list[_Pending] = []
            count = 0
            for raw in table.rows:
                count += 1
                pending.append(self._build(raw, positions))
                if len(pending) >= CHUNK:
                    yield from self._finish(pending)
                    pending = []
            yield from self._finish(pending)
            if count == 0:
                where = "below the header" if positions is not None else "in the file"
                raise file_error(self.path, f"there are no rows to import {where}")

    def describe(self, problem: dict[str, Any]) -> dict[str, Any]:
        """A problem reported by the service layer, with the column the user knows."""
        if "column" in problem:
            return problem
        if problem.get("row") in self._nested:
            return {**problem, "column": None}
        column = self.spec.column_for_field(str(problem.get("field", _ROW)))
        return {**problem, "column": self._labels[column] if column else None}

    def _problem(self, column: str | None, message: str) -> dict[str, Any]:
        if column is None:
            return {"field": _ROW, "column": None, "message": message}
        return {"field": column, "column": self._labels[column], "message": message}

    def _expected(self) -> str:
        return ", ".join(self._labels[c] for c in self.spec.names)

    def _match_header(self, table: Table) -> list[str | None]:
        if table.header is None:
            raise file_error(
                self.path, f"no header row; the first row must name the columns: {self._expected()}"
            )
        positions: list[str | None] = []
        unknown: list[str] = []
        found: dict[str, str] = {}
        for text in table.header:
            column = self._lookup.get(text.casefold())
            if not text:
                positions.append(_NO_HEADER)
            elif column is None:
                positions.append(None)
                if text.casefold() not in self._ignored and not self.mapping.ignore_unknown:
                    unknown.append(text)
            elif column in found:
                raise file_error(
                    self.path, f"columns {found[column]!r} and {text!r} both mean {column}"
                )
            else:
                found[column] = text
                positions.append(column)
        if unknown:
            raise file_error(self.path, self._unknown_message(unknown))
        missing = [c.name for c in self.spec.columns if c.required and c.name not in found]
        if missing:
            names = ", ".join(repr(self._labels[c]) for c in missing)
            raise file_error(
                self.path,
                f"missing required column(s) {names}; every {self.kind.value} needs them. "
                f"The columns are: {self._expected()}",
            )
        self._labels.update(found)
        return positions

    def _unknown_message(self, unknown: list[str]) -> str:
        message = (
            f"unknown column(s) {', '.join(repr(u) for u in unknown)}. The {self.kind.value} "
            f"columns are: {self._expected()} (docs/import-formats.md). To use your own "
            "column names or leave columns out, give a mapping file"
        )
        for other in (";", "\t", ","):
            if other != self.mapping.delimiter and len(unknown) == 1 and other in unknown[0]:
                shown = "\\t" if other == "\t" else other
                message += f"; the file seems to separate columns by {shown!r}: set "
                message += f"delimiter: {shown!r} in a mapping file"
                break
        return message

    def _read(self, column: Column, value: Any) -> Any:
        options = self.mapping.cell_options
        if column.choices:
            return read_choice(value, column.choices, dict(column.aliases))
        if column.type is CellType.LIST:
            return read_list(value, options.list_separator)
        if column.type in (CellType.DATE, CellType.FULL_DATE):
            partial = column.type is CellType.DATE
            return read_date(value, options.date_format, partial=partial)
        if column.type is CellType.INTEGER:
            return read_integer(value)
        return read_text(value)

    def _build(self, raw: RawRow, positions: list[str | None] | None) -> _Pending:
        if raw.problem:
            return _Pending(raw.number, {}, [self._problem(None, raw.problem)])
        problems: list[dict[str, Any]] = []
        if positions is not None:
            cells = self._cells_by_position(raw.cells, positions, problems)
        elif not isinstance(raw.cells, dict):
            got = f"expected an object, got {_json_type(raw.cells)}"
            return _Pending(raw.number, {}, [self._problem(None, got)])
        else:
            mixed = self._mixed_shapes(raw.cells)
            if mixed:
                return _Pending(raw.number, {}, [self._problem(None, mixed)])
            if self._is_nested(raw.cells):
                self._nested.add(raw.number)
                return _Pending(raw.number, raw.cells, flat=False)
            cells = self._cells_by_key(raw.cells, problems)
        values: dict[str, Any] = {}
        for column in self.spec.columns:
            cell = cells.get(column.name)
            if cell is None or cell == "":
                # Most optional columns are empty: skip the readers (a third of the time
                # of a 100,000-row import went to reading empty cells).
                if column.required:
                    problems.append(self._problem(column.name, "is required but empty"))
                continue
            try:
                value = self._read(column, cell)
            except CellProblem as exc:
                # Only Excel turns typed-in phone and document numbers into numbers.
                hint = " (format the column as Text)" if exc.numeric and self._excel else ""
                problems.append(self._problem(column.name, f"{exc}{hint}"))
                continue
            if value is not None and value != []:
                values[column.name] = value
            elif column.required:
                problems.append(self._problem(column.name, "is required but empty"))
        data = self.spec.build(
            values, lambda column, message: problems.append(self._problem(column, message))
        )
        return _Pending(raw.number, data, problems)

    def _cells_by_position(
        self, cells: list[Any], positions: list[str | None], problems: list[dict[str, Any]]
    ) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for index, cell in enumerate(cells):
            column = positions[index] if index < len(positions) else _NO_HEADER
            if column == _NO_HEADER:
                if not _is_blank(cell):
                    problems.append(
                        self._problem(
                            None, f"a value ({cell!r}) in column {index + 1}, which has no header"
                        )
                    )
            elif column is not None:
                found[column] = cell
        return found

    def _cells_by_key(self, item: dict[str, Any], problems: list[dict[str, Any]]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for key, value in item.items():
            column = self._lookup.get(str(key).strip().casefold())
            if column is not None:
                found[column] = value
                self._labels.setdefault(column, str(key))
            elif (
                str(key).strip().casefold() not in self._ignored and not self.mapping.ignore_unknown
            ):
                problems.append(self._problem(None, self._unknown_message([str(key)])))
        return found

    def _shapes(self, item: dict[str, Any]) -> tuple[list[str], list[str]]:
        columns = {k for k in item if str(k).strip().casefold() in self._lookup}
        model_only = sorted(k for k in item if k in self._model_fields and k not in columns)
        flat_only = sorted(k for k in columns if k not in self._model_fields)
        return model_only, flat_only

    def _is_nested(self, item: dict[str, Any]) -> bool:
        """Whether a JSON object has the model's own shape rather than the flat columns.

        Keys both shapes share (``name``, ``notes``) read the same either way, so only a
        key of one shape alone decides.
        """
        model_only, _ = self._shapes(item)
        return bool(model_only)

    def _mixed_shapes(self, item: dict[str, Any]) -> str | None:
        model_only, flat_only = self._shapes(item)
        if model_only and flat_only:
            return (
                f"mixes the flat columns ({', '.join(flat_only)}) with the model's fields "
                f"({', '.join(model_only)}); use one shape per object"
            )
        return None

    def _finish(self, pending: list[_Pending]) -> Iterator[ImportRow]:
        if self.kind not in KINDS_WITH_REFS:
            for item in pending:
                yield self._row(item, None)
            return
        wanted: dict[RecordKindName, set[str]] = {}
        for item in pending:
            for ref in _refs_in(item.data):
                wanted.setdefault(ref.kind, set()).add(ref.ref)
        resolve = self._resolve
        if wanted and resolve is None:
            raise ValueError(f"{self.kind.value} imports refer to other records: pass resolve")
        found = {k: resolve(k, sorted(refs)) for k, refs in wanted.items()} if resolve else {}
        for item in pending:
            yield self._row(item, found)

    def _row(self, item: _Pending, found: dict[RecordKindName, dict[str, str]] | None) -> ImportRow:
        data = item.data
        if found is not None:
            data = _substitute(data, found, lambda ref: item.problems.append(self._unknown(ref)))
        if item.problems and item.flat:
            item.problems.extend(self._model_problems(data, item.problems))
        return ImportRow(item.number, data, tuple(item.problems))

    def _unknown(self, ref: Ref) -> dict[str, Any]:
        return self._problem(
            ref.column, f"no {ref.kind.value} with ref {ref.ref!r} in your agency's records"
        )

    def _model_problems(
        self, data: dict[str, Any], known: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        """The model's problems with a row that already has some, so one report shows all.

        A problem in a column already reported (its value was left out) is not repeated.
        """
        if any(p["field"] == _ROW for p in known):
            return []
        try:
            validate_record(RECORD_KINDS[self.kind], data)
        except ValidationFailed as exc:
            reported = {p["field"] for p in known}
            extra = []
            for detail in exc.details or []:
                column = self.spec.column_for_field(detail["field"])
                if column not in reported:
                    extra.append(self._problem(column, detail["message"]))
            return extra
        return []


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value[:50]!r}"
    return "an array" if isinstance(value, list) else "null"


# The kinds whose columns refer to other records by ref; the others skip the lookup.
KINDS_WITH_REFS = frozenset(
    {RecordKindName.RELATION, RecordKindName.OPERATION, RecordKindName.CASE}
)


def _is_blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _refs_in(value: Any) -> Iterator[Ref]:
    if isinstance(value, Ref):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _refs_in(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _refs_in(item)


_MISSING = object()


def _substitute(
    value: Any, found: dict[RecordKindName, dict[str, str]], unknown: Callable[[Ref], None]
) -> Any:
    """``value`` with every ``Ref`` replaced by its record id; an unknown one is left out."""
    if isinstance(value, Ref):
        record_id = found.get(value.kind, {}).get(value.ref)
        if record_id is None:
            unknown(value)
            return _MISSING
        return record_id
    if isinstance(value, list):
        items = (_substitute(v, found, unknown) for v in value)
        return [v for v in items if v is not _MISSING]
    if isinstance(value, dict):
        pairs = ((k, _substitute(v, found, unknown)) for k, v in value.items())
        return {k: v for k, v in pairs if v is not _MISSING}
    return value


def read_import(
    path: str | Path,
    kind: RecordKindName,
    mapping: ColumnMapping | None = None,
    *,
    resolve: RefResolver | None = None,
) -> ImportReader:
    """The rows of a CSV, Excel or JSON file as ``ImportRow``s, for ``import_records``.

    ``resolve`` looks up record ids by the agency's refs (relations, operations and cases
    refer to other records); a file-level problem raises ``ValidationFailed`` when the
    rows are iterated.
    """
    return ImportReader(Path(path), kind, mapping, resolve=resolve)
