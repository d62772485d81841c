"""Identity document numbers in a comparable form."""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s\-./]")


def normalise_document_number(number: str) -> str:
    """Upper case without spaces, hyphens, dots or slashes; the original is kept elsewhere."""
    return _SEPARATORS.sub("", number).upper()
