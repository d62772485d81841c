"""Splink 5 on DuckDB, trained without labels (u by random sampling, m by EM).

    .venv-peers/bin/python peers/splink_peer.py TRACK_FOLDER OUT_FOLDER

Threshold: a match probability of 0.5, the default of Splink's own accuracy functions
(``linker.evaluation.prediction_errors_from_labels_column(threshold_match_probability=0.5)``);
``predict()`` itself has no default and returns every blocked pair, which is what this
runner writes, so the best threshold can be read off too.

FEBRL4 uses the "detailed model" of Splink's own FEBRL4 example
(``docs/demos/examples/duckdb/febrl4.ipynb``): its blocking rules, comparisons,
deterministic rules for the prior (recall 0.8) and its two EM sessions, with u estimated
on 10 million pairs as its documentation recommends (the notebook uses 1 million to run
faster). The other tracks use the same recipe on Liaison's row fields; names go through
unidecode first, because Splink compares strings as they come and its documentation
leaves cleaning to the user.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import splink
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from common import Result, Track, latin, run_tool, sorted_tokens
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

THRESHOLD = 0.5
SEED = 2026  # a fixed seed for the random pairs that estimate u: same data, same model
DUCKDB_MEMORY = os.environ.get("SPLINK_DUCKDB_MEMORY", "8GB")
DUCKDB_SPILL = os.environ.get("SPLINK_DUCKDB_SPILL", "20GB")
U_MAX_PAIRS = float(os.environ.get("SPLINK_U_MAX_PAIRS", "1e7"))


def _tables(track: Track, columns: dict[str, Any]) -> list[pa.Table]:
    """One Arrow table per source, with the columns ``columns`` maps from a record."""
    tables = []
    for rows in track.by_source().values():
        data = {name: [make(r) for r in rows] for name, make in columns.items()}
        tables.append(pa.table(data))
    return tables


def _febrl4(track: Track) -> tuple[list[pa.Table], SettingsCreator, list, list, str]:
    def col(name: str):
        return lambda r: r["extra"].get(name) or None

    columns = {"unique_id": lambda r: r["id"]}
    for name in (
        "given_name",
        "surname",
        "street_number",
        "address_1",
        "postcode",
        "state",
        "date_of_birth",
        "soc_sec_id",
    ):
        columns[name] = col(name)
    blocking = [
        block_on("given_name", "surname"),
        "l.given_name = r.surname and l.surname = r.given_name",
        block_on("date_of_birth"),
        block_on("soc_sec_id"),
        block_on("state", "address_1"),
        block_on("street_number", "address_1"),
        block_on("postcode"),
    ]
    settings = SettingsCreator(
        link_type="link_only",
        blocking_rules_to_generate_predictions=blocking,
        comparisons=[
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison(
                "date_of_birth",
                input_is_string=True,
                datetime_format="%Y%m%d",
                invalid_dates_as_null=True,
            ),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(
                term_frequency_adjustments=True
            ),
        ],
    )
    deterministic = [block_on("soc_sec_id"), block_on("given_name", "surname", "date_of_birth")]
    em_rules = [block_on("date_of_birth"), block_on("postcode")]
    words = (
        "Splink's FEBRL4 example, detailed model: NameComparison given_name and surname "
        "(tf), DateOfBirthComparison, DamerauLevenshtein soc_sec_id and postcode, exact "
        "street_number; 7 blocking rules; prior from soc_sec_id | name+dob at recall 0.8; "
        "EM blocked on date_of_birth, then postcode"
    )
    return _tables(track, columns), settings, deterministic, em_rules, words


def _birth(r: dict[str, Any], length: int) -> str | None:
    value = r.get("birth_date") or ""
    return value[:length] if len(value) >= length else None


def _persons(track: Track) -> tuple[list[pa.Table], SettingsCreator, list, list, str]:
    """Liaison's row fields: name (and aliases) after unidecode, birth date, gender,
    nationality, identity number, phone."""
    columns = {
        "unique_id": lambda r: r["id"],
        "name_sorted": lambda r: sorted_tokens(latin(r["name"])) or None,
        "name_joined": lambda r: latin(r["name"]).replace(" ", "") or None,
        "first_token": lambda r: (latin(r["name"]).split() or [None])[0],
        "birth_date": lambda r: _birth(r, 10),
        "birth_year": lambda r: _birth(r, 4),
        "gender": lambda r: r.get("gender") or None,
        "nationality": lambda r: r.get("nationality") or None,
        "id_number": lambda r: r.get("id_number") or None,
        "phone": lambda r: r.get("phone") or None,
    }
    tables = _tables(track, columns)
    has = {name: any(t.column(name).null_count < len(t) for t in tables) for name in columns}
    name = cl.CustomComparison(
        output_column_name="name",
        comparison_levels=[
            cll.NullLevel("name_sorted"),
            cll.ExactMatchLevel("name_joined"),
            cll.JaroWinklerLevel("name_sorted", 0.95),
            cll.JaroWinklerLevel("name_joined", 0.9),
            cll.JaroWinklerLevel("name_sorted", 0.85),
            cll.JaroWinklerLevel("name_sorted", 0.7),
            cll.ElseLevel(),
        ],
    )
    comparisons = [name]
    # The first name token alone is too coarse with dates at hand (41 million pairs at
    # 100,000 demo subjects, mostly "chen" and its like): with dates, it goes with the year.
    blocking: list[Any] = [block_on("name_joined")]
    deterministic: list[Any] = [block_on("name_joined")]
    em_rules: list[Any] = []
    if has["birth_date"]:
        comparisons.append(
            cl.CustomComparison(
                output_column_name="birth",
                comparison_levels=[
                    cll.NullLevel("birth_year"),
                    cll.ExactMatchLevel("birth_date"),
                    cll.ExactMatchLevel("birth_year"),
                    cll.ElseLevel(),
                ],
            )
        )
        blocking += [block_on("first_token", "birth_year"), block_on("birth_date")]
        deterministic = [block_on("name_joined", "birth_year")]
        em_rules = [block_on("birth_date"), block_on("first_token", "birth_year")]
    for column in ("gender", "nationality", "id_number", "phone"):
        if has[column]:
            comparisons.append(cl.ExactMatch(column))
            if column in ("id_number", "phone"):
                blocking.append(block_on(column))
    if not em_rules:
        # Name only: nothing to block EM on that leaves the name comparison free, so EM
        # runs over every pair (the cross-script track is a few hundred names a side).
        blocking = ["1=1"]
        em_rules = ["1=1"]
    settings = SettingsCreator(
        link_type="link_only",
        blocking_rules_to_generate_predictions=blocking,
        comparisons=comparisons,
    )
    em_words = (
        "EM blocked on birth_date, then first_token + birth_year"
        if has["birth_date"]
        else "every pair compared; EM over every pair"
    )
    words = (
        f"unidecode'd names (JaroWinkler levels on sorted and joined tokens); "
        f"{len(comparisons)} comparisons; {len(blocking)} blocking rules; {em_words}"
    )
    return tables, settings, deterministic, em_rules, words


def link(track: Track) -> Result:
    logging.getLogger("splink").setLevel(logging.WARNING)
    build = _febrl4 if track.name == "febrl4" else _persons
    tables, settings, deterministic, em_rules, words = build(track)
    # A memory limit lets DuckDB spill to disk instead of taking the machine (demo at 1M).
    connection = duckdb.connect()
    connection.execute(f"SET memory_limit = '{DUCKDB_MEMORY}'")
    # Spilled data go under .cache, and no more of them than this: at 1,000,000 demo
    # subjects an unbounded spill filled 70 GB of disk (DuckDB's default is ./.tmp).
    spill = Path(__file__).resolve().parent.parent / ".cache" / "duckdb-spill"
    connection.execute(f"SET temp_directory = '{spill}'")
    connection.execute(f"SET max_temp_directory_size = '{DUCKDB_SPILL}'")
    db_api = DuckDBAPI(connection)
    frames = [
        # Splink uses the display name as a table name: agency codes have hyphens.
        db_api.register(t, dataset_display_name=re.sub(r"\W", "_", f"source_{s}"))
        for t, s in zip(tables, track.sources, strict=True)
    ]
    linker = Linker(frames, settings)
    notes: dict[str, Any] = {}
    linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.8)
    linker.training.estimate_u_using_random_sampling(max_pairs=U_MAX_PAIRS, seed=SEED)
    for rule in em_rules:
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True
        )
    predictions = linker.inference.predict()
    relation = predictions.as_duckdbpyrelation()
    scored = relation.count("*").fetchone()[0]
    rows = (
        relation.filter(f"match_probability >= {track.floor}")
        .select("unique_id_l, unique_id_r, match_probability")
        .fetchall()
    )
    notes["u_max_pairs"] = U_MAX_PAIRS
    pairs = [(str(a), str(b), float(p)) for a, b, p in rows]
    return Result(
        threshold=THRESHOLD,
        config=words,
        version=f"splink {splink.__version__}",
        pairs=pairs,
        scored_pairs=int(scored),
        notes=notes,
    )


if __name__ == "__main__":
    run_tool("splink", link)
