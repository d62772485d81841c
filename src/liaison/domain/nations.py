"""Nations by ISO 3166-1 alpha-2 code, from pycountry's copy of the ISO standard.

TW (Taiwan), HK (Hong Kong) and MO (Macao) are separate codes in ISO 3166-1 and
separate jurisdictions for police cooperation, so they are nations here.
"""

from __future__ import annotations

from functools import cache

import pycountry


@cache
def iso_nations() -> dict[str, str]:
    """Every ISO 3166-1 alpha-2 code with its common English name."""
    nations: dict[str, str] = {}
    for country in pycountry.countries:
        name = getattr(country, "common_name", None) or country.name
        nations[country.alpha_2] = name
    # pycountry names TW "Taiwan, Province of China" (the ISO wording); police
    # cooperation documents, including those of the parties, say "Taiwan".
    nations["TW"] = "Taiwan"
    return nations


def is_nation_code(code: str) -> bool:
    """True for an assigned ISO 3166-1 alpha-2 code (upper case)."""
    return code in iso_nations()


def normalise_nation_code(text: str) -> str | None:
    """An ISO code for a code, or an English country name; None if it is neither."""
    cleaned = text.strip()
    if not cleaned:
        return None
    upper = cleaned.upper()
    if is_nation_code(upper):
        return upper
    try:
        found = pycountry.countries.lookup(cleaned)
    except LookupError:
        return None
    code: str = found.alpha_2
    return code
