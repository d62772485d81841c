"""Reading import files (CSV, Excel .xlsx, JSON, JSON lines) into raw rows.

Nothing here knows about record kinds: a table is a header and rows of cells, each cell
as the file holds it. Row numbers are those a user sees: the spreadsheet row for CSV and
Excel (the header is row 1), the item for a JSON array, the line for JSON lines.
Problems with the file itself (not UTF-8, not a workbook, not JSON) raise
``ValidationFailed`` with the file name and where in it; a broken line of a JSON lines
file is a problem of that row only.
"""

from __future__ import annotations

import codecs
import csv
import json
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from liaison.errors import ConfigurationError, ValidationFailed

CSV_SUFFIXES = (".csv",)
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
JSON_SUFFIXES = (".json",)
JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")
SUFFIXES = CSV_SUFFIXES + EXCEL_SUFFIXES + JSON_SUFFIXES + JSON_LINES_SUFFIXES


def file_error(path: Path, message: str) -> ValidationFailed:
    """A problem with a whole file, naming it."""
    text = f"{path.name}: {message}"
    return ValidationFailed(text, details=[{"field": "file", "message": text}])


def ensure_importable(path: Path, max_bytes: int) -> None:
    """Refuse a missing, empty or oversized file before reading any of it."""
    if not path.is_file():
        raise file_error(path, "no such file")
    size = path.stat().st_size
    if size == 0:
        raise file_error(path, "the file is empty")
    if size > max_bytes:
        raise file_error(
            path,
            f"the file has {size:,} bytes, more than the limit of {max_bytes:,} "
            "(LIAISON_IMPORT_MAX_BYTES); split it or raise the limit",
        )


class Position:
    """How far a reader has got through a file, for progress bars."""

    def __init__(self, total: int | None) -> None:
        self.total = total
        self.done = 0

    @property
    def fraction(self) -> float | None:
        """The share read so far (0-1), or None when the size is unknown."""
        if not self.total:
            return None
        return min(1.0, self.done / self.total)


def utf8_lines(binary: Iterable[bytes], path: Path, position: Position) -> Iterator[str]:
    """The lines of a UTF-8 file (a leading BOM dropped), with line endings kept.

    Decoding line by line, not through a text wrapper, lets a decoding error name the
    byte offset and line of the bad byte, so the user can find it.
    """
    offset = 0
    for line_number, raw in enumerate(binary, start=1):
        line = raw
        if line_number == 1:
            if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                raise file_error(
                    path, "the file is UTF-16 text, not UTF-8; save it as UTF-8 and import again"
                )
            if raw.startswith(codecs.BOM_UTF8):
                line = raw[len(codecs.BOM_UTF8) :]
                offset += len(codecs.BOM_UTF8)
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = line[exc.start]
            how = " (in Excel: Save As, 'CSV UTF-8')" if path.suffix.lower() == ".csv" else ""
            raise file_error(
                path,
                f"the file is not UTF-8 text: byte 0x{bad:02X} at offset {offset + exc.start} "
                f"(line {line_number}) is not valid UTF-8. Save the file as UTF-8{how} "
                "and import it again",
            ) from None
        offset += len(line)
        position.done = offset
        yield text


@dataclass(frozen=True)
class RawRow:
    """One row as read: a list of cells (CSV, Excel) or one JSON value (JSON)."""

    number: int
    cells: Any
    problem: str | None = None  # the row itself could not be read


@dataclass
class Table:
    """A header and rows of cells; JSON has no header, as its items name their keys."""

    header: list[str] | None
    header_row: int
    rows: Iterator[RawRow]
    position: Position
    keyed: bool = False  # each row is one JSON value rather than a list of cells


def _blank(cells: Iterable[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _header(cells: Iterable[Any]) -> list[str]:
    return ["" if c is None else str(c).strip() for c in cells]


# The largest cell a CSV may hold. The csv module's limit is process-wide and other
# libraries change it (followthemoney raises it on import), so it is set on every read.
MAX_CSV_CELL = 1024 * 1024


def _csv_records(path: Path, lines: Iterator[str], delimiter: str) -> Iterator[list[str]]:
    csv.field_size_limit(MAX_CSV_CELL)
    reader = csv.reader(lines, delimiter=delimiter, strict=False)
    try:
        yield from reader
    except csv.Error as exc:
        raise file_error(path, f"line {reader.line_num}: {exc}") from None


def _numbered(records: Iterator[list[Any]], start: int = 1) -> Iterator[RawRow]:
    for number, cells in enumerate(records, start=start):
        if not _blank(cells):
            yield RawRow(number, list(cells))


def _split_header(rows: Iterator[RawRow]) -> tuple[list[str] | None, int]:
    first = next(rows, None)
    if first is None:
        return None, 0
    return _header(first.cells), first.number


@contextmanager
def _csv_table(path: Path, delimiter: str) -> Iterator[Table]:
    position = Position(path.stat().st_size)
    with path.open("rb") as binary:
        rows = _numbered(_csv_records(path, utf8_lines(binary, path, position), delimiter))
        header, header_row = _split_header(rows)
        yield Table(header, header_row, rows, position)


def _load_openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        raise ConfigurationError(
            "reading Excel files needs the `excel` extra: pip install 'liaison[excel]'"
        ) from None
    return openpyxl


@contextmanager
def _excel_table(path: Path, sheet: str | None) -> Iterator[Table]:
    openpyxl = _load_openpyxl()
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    # openpyxl reports a damaged or foreign file through any of these.
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise file_error(
            path, f"not an Excel workbook ({exc}); save it as 'Excel Workbook (.xlsx)'"
        ) from None
    try:
        if sheet is None:
            worksheet = workbook.worksheets[0]
        elif sheet in workbook.sheetnames:
            worksheet = workbook[sheet]
        else:
            names = ", ".join(repr(n) for n in workbook.sheetnames)
            raise file_error(path, f"no sheet {sheet!r}; the sheets are {names}")
        position = Position(worksheet.max_row)
        rows = _excel_rows(worksheet.iter_rows(values_only=True), position)
        header, header_row = _split_header(rows)
        yield Table(header, header_row, rows, position)
    finally:
        workbook.close()


def _excel_rows(records: Iterator[tuple[Any, ...]], position: Position) -> Iterator[RawRow]:
    for number, cells in enumerate(records, start=1):
        position.done = number
        if not _blank(cells):
            yield RawRow(number, list(cells))


def _decode_whole(path: Path, raw: bytes) -> str:
    position = Position(None)
    # Reuse the line decoder so a bad byte is reported the same way in every format.
    return "".join(utf8_lines(raw.splitlines(keepends=True), path, position))


@contextmanager
def _json_table(path: Path) -> Iterator[Table]:
    text = _decode_whole(path, path.read_bytes())
    if not text.strip():
        raise file_error(path, "the file is empty; expected an array of objects")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise file_error(
            path, f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    if not isinstance(data, list):
        raise file_error(
            path,
            "expected an array of objects ([{...}, {...}]); for one object per line, "
            "name the file .jsonl",
        )
    position = Position(len(data))

    def rows() -> Iterator[RawRow]:
        for number, item in enumerate(data, start=1):
            position.done = number
            yield RawRow(number, item)

    yield Table(None, 0, rows(), position, keyed=True)


def _json_line_rows(path: Path, lines: Iterator[str]) -> Iterator[RawRow]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield RawRow(number, json.loads(line))
        except json.JSONDecodeError as exc:
            yield RawRow(number, None, f"not valid JSON: {exc.msg} at column {exc.colno}")


def read_json_lines(path: Path, binary: IO[bytes], position: Position) -> Iterator[RawRow]:
    """The items of a JSON lines file, numbered by line; a broken line is a row problem."""
    return _json_line_rows(path, utf8_lines(binary, path, position))


@contextmanager
def _json_lines_table(path: Path) -> Iterator[Table]:
    position = Position(path.stat().st_size)
    with path.open("rb") as binary:
        yield Table(None, 0, read_json_lines(path, binary, position), position, keyed=True)


@contextmanager
def open_table(path: Path, *, delimiter: str = ",", sheet: str | None = None) -> Iterator[Table]:
    """Open an import file as a table, chosen by its suffix."""
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        opened = _csv_table(path, delimiter)
    elif suffix in EXCEL_SUFFIXES:
        opened = _excel_table(path, sheet)
    elif suffix in JSON_SUFFIXES:
        opened = _json_table(path)
    elif suffix in JSON_LINES_SUFFIXES:
        opened = _json_lines_table(path)
    elif suffix == ".xls":
        raise file_error(path, "the old Excel format (.xls) is not read; save it as .xlsx")
    else:
        raise file_error(
            path, f"unknown file type {suffix or '(none)'!r}; import {', '.join(SUFFIXES)} files"
        )
    with opened as table:
        yield table
