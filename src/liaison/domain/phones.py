"""Phone numbers: the original as written, and E.164 where it can be derived."""

from __future__ import annotations

from functools import lru_cache

import phonenumbers


@lru_cache(maxsize=65536)  # phones recur across records of one gang; parsing is costly
def to_e164(number: str, country_hint: str | None = None) -> str | None:
    """The E.164 form of ``number`` (``+85512345678``), or None when it cannot be read.

    ``country_hint`` (ISO alpha-2) is used for numbers written without a country code.
    """
    try:
        parsed = phonenumbers.parse(number, country_hint)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    formatted: str = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return formatted
