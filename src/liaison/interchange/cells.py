"""Reading one cell of an import file as the type its column needs.

A cell arrives as the file holds it: always text from CSV; text, number, date or boolean
from Excel; any JSON value from JSON. Each reader here returns the value in the form the
record models accept, or raises ``CellProblem`` with a message a user can act on (the
report adds the row and column).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from liaison.domain.dates import InvalidDate, PartialDate, parse_full_date


class CellProblem(ValueError):
    """A cell that cannot be read as its column's type; the message says why.

    ``numeric`` marks a number where text was expected, so a reader of Excel files can
    add how to fix it there.
    """

    def __init__(self, message: str, *, numeric: bool = False) -> None:
        super().__init__(message)
        self.numeric = numeric


class CellType(StrEnum):
    """What a column holds."""

    TEXT = "text"
    LIST = "list"  # several values in one cell, split at the list separator
    DATE = "date"  # a possibly partial date: YYYY, YYYY-MM or YYYY-MM-DD
    FULL_DATE = "full date"  # YYYY-MM-DD only
    INTEGER = "whole number"


@dataclass(frozen=True)
class CellOptions:
    """How to read text cells, as a mapping file may set it."""

    list_separator: str = ";"
    date_format: str | None = None


def _shown(value: Any) -> str:
    """A cell value as a user would recognise it in their file."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _what(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {_shown(value)}"
    if isinstance(value, int | float):
        return f"the number {_shown(value)}"
    if isinstance(value, dt.datetime):
        return f"the date and time {_shown(value)}"
    if isinstance(value, dt.date):
        return f"the date {_shown(value)}"
    if isinstance(value, dt.time):
        return f"the time {_shown(value)}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return f"a {type(value).__name__}"


def read_text(value: Any) -> str | None:
    """A text cell, stripped; None when empty.

    A number where text is expected is refused rather than converted: Excel keeps phone
    and document numbers as numbers only after dropping their leading zeros, and prints
    long ones as 1.2E+10, so a silent conversion would store a wrong number.
    """
    if value is None:
        return None
    if isinstance(value, str):
        stripped = value.strip()
        return stripped or None
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    raise CellProblem(f"expected text, got {_what(value)}", numeric=numeric)


def read_list(value: Any, separator: str) -> list[str]:
    """Several values: a text split at ``separator``, or a JSON array of texts."""
    if isinstance(value, list):
        items: list[str] = []
        for item in value:
            text = read_text(item)
            if text is not None:
                items.append(text)
        return items
    text = read_text(value)
    if text is None:
        return []
    return [part.strip() for part in text.split(separator) if part.strip()]


def _date_cell(value: dt.date) -> str:
    if isinstance(value, dt.datetime):
        # Excel has only date-times; a date typed into a cell is one at midnight.
        if value.time() != dt.time(0, 0):
            raise CellProblem(f"expected a date, got {_what(value)}")
        return value.date().isoformat()
    return value.isoformat()


def read_date(value: Any, date_format: str | None, *, partial: bool) -> str | None:
    """A date as ISO text; ``partial`` allows ``YYYY`` and ``YYYY-MM``.

    With a ``date_format`` (e.g. ``%d/%m/%Y``) a text is converted from it; a text that
    does not match is still accepted in ISO form, so partial dates stay possible.
    """
    if isinstance(value, dt.date):
        return _date_cell(value)
    if partial and isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        # A year typed into Excel becomes a number; as a partial date it is just a year.
        return str(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise CellProblem(
            f"expected a date, got {_what(value)} (format the column as Date or Text)"
        )
    text = read_text(value)
    if text is None:
        return None
    if date_format:
        try:
            return dt.datetime.strptime(text, date_format).date().isoformat()
        except ValueError:
            if not _is_iso(text, partial=partial):
                raise CellProblem(
                    f"{text!r} does not match the date format {date_format} of the mapping "
                    f"file, nor {'YYYY[-MM[-DD]]' if partial else 'YYYY-MM-DD'}"
                ) from None
    if not partial:
        # The models would read '1985' as a Unix timestamp; say what is expected instead.
        try:
            return parse_full_date(text).isoformat()
        except InvalidDate as exc:
            raise CellProblem(str(exc)) from None
    return text


def _is_iso(text: str, *, partial: bool) -> bool:
    try:
        if partial:
            PartialDate.parse(text)
        else:
            parse_full_date(text)
    except InvalidDate:
        return False
    return True


def read_integer(value: Any) -> int | None:
    """A whole number, from a number or a text of digits."""
    if isinstance(value, bool):
        raise CellProblem(f"expected a whole number, got {_what(value)}")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise CellProblem(f"expected a whole number, got {_what(value)}")
    text = read_text(value)
    if text is None:
        return None
    try:
        return int(text.replace(",", "").replace("_", ""))
    except ValueError:
        raise CellProblem(f"{text!r} is not a whole number") from None


def read_choice(value: Any, choices: Sequence[str], aliases: dict[str, str]) -> str | None:
    """One of ``choices``, compared without regard to case; ``aliases`` adds short forms."""
    text = read_text(value)
    if text is None:
        return None
    folded = text.casefold()
    for choice in choices:
        if choice.casefold() == folded:
            return choice
    if folded in aliases:
        return aliases[folded]
    raise CellProblem(f"{text!r} is not one of: {', '.join(choices)}")
