"""Partial and approximate dates, as police records hold them.

A birth date is often known only as a year ("1985") or a year and month ("1985-03"), and
sometimes only roughly ("about 1985", written ``~1985``). The value keeps exactly the
precision that was given; nothing is invented to fill a missing month or day.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_PATTERN = re.compile(r"^(~)?(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

DATE_FORMAT_HELP = "expected YYYY, YYYY-MM or YYYY-MM-DD, optionally prefixed by ~ for approximate"


class InvalidDate(ValueError):
    """A text that is not a (partial) date; the message says why."""


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day, possibly approximate."""

    year: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, with a leading ``~`` for approximate."""
        cleaned = text.strip()
        match = _PATTERN.match(cleaned)
        if not match:
            raise InvalidDate(f"{text!r} is not a date ({DATE_FORMAT_HELP})")
        approx, year_s, month_s, day_s = match.groups()
        year = int(year_s)
        month = int(month_s) if month_s else None
        day = int(day_s) if day_s else None
        if not 1800 <= year <= 2200:
            raise InvalidDate(f"{text!r}: year {year} is out of range 1800-2200")
        if month is not None and not 1 <= month <= 12:
            raise InvalidDate(f"{text!r}: month {month} does not exist")
        if day is not None and month is not None:
            try:
                dt.date(year, month, day)
            except ValueError:
                raise InvalidDate(f"{text!r}: day {day} does not exist in that month") from None
        return cls(year, month, day, bool(approx))

    @property
    def precision(self) -> str:
        """``year``, ``month`` or ``day``."""
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    def iso(self) -> str:
        """The date in the same form it is parsed from (``~`` kept)."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return ("~" if self.approximate else "") + text

    def __str__(self) -> str:
        return self.iso()


def parse_full_date(text: str) -> dt.date:
    """Read a complete ISO date (``YYYY-MM-DD``), as expiry and review dates must be."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidDate(f"{text!r} is not a full date (expected YYYY-MM-DD)") from None


def add_years(date: dt.date, years: int) -> dt.date:
    """The same day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return date.replace(year=date.year + years)
    except ValueError:
        return date.replace(year=date.year + years, day=28)
