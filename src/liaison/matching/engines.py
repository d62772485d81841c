"""Candidate engines: who joins the blocking keys. DuckDB by default, Spark when asked.

An engine has one primitive, ``candidate_pairs``: the distinct (left, right) row pairs
sharing at least one key, sorted. Comparison and scoring are the same code for every
engine (``liaison.matching.comparisons``), so engines differ only in where the join runs.
Spark is optional and imported only when chosen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from liaison.errors import ConfigurationError, ValidationFailed
from liaison.matching.comparisons import IntArray

# A key shared by more rows than this says little (a surname pair as common as
# "chen|wei") and would make the join quadratic; such keys are left out, and the pairs
# they held are still found through rarer keys (documents, phones, dates, full forms).
MAX_BLOCK = 300


class CandidateEngine(Protocol):
    """Finds candidate pairs by joining blocking keys."""

    name: str

    def candidate_pairs(
        self, left: Sequence[Sequence[str]], right: Sequence[Sequence[str]], *, dedupe: bool
    ) -> tuple[IntArray, IntArray]:
        """Sorted distinct pairs of row numbers sharing a key (left < right when dedupe)."""
        ...


def _flatten(keys: Sequence[Sequence[str]]) -> tuple[IntArray, list[str]]:
    rows = np.repeat(np.arange(len(keys), dtype=np.int64), [len(k) for k in keys])
    flat = [key for row in keys for key in row]
    return rows, flat


class DuckDBEngine:
    """Joins keys in an in-process DuckDB database."""

    name = "duckdb"

    def candidate_pairs(
        self, left: Sequence[Sequence[str]], right: Sequence[Sequence[str]], *, dedupe: bool
    ) -> tuple[IntArray, IntArray]:
        """See ``CandidateEngine``."""
        import duckdb

        left_rows, left_keys = _flatten(left)
        con = duckdb.connect()
        try:
            con.register("l", {"row": left_rows, "key": np.array(left_keys, dtype=object)})
            if dedupe:
                con.execute("CREATE VIEW r AS SELECT * FROM l")
            else:
                right_rows, right_keys = _flatten(right)
                con.register("r", {"row": right_rows, "key": np.array(right_keys, dtype=object)})
            condition = "AND lk.row < rk.row" if dedupe else ""
            result = con.execute(
                f"""
                WITH lk AS (SELECT * FROM l WHERE key IN (
                        SELECT key FROM l GROUP BY key HAVING count(*) <= {MAX_BLOCK})),
                     rk AS (SELECT * FROM r WHERE key IN (
                        SELECT key FROM r GROUP BY key HAVING count(*) <= {MAX_BLOCK}))
                SELECT DISTINCT lk.row AS lrow, rk.row AS rrow
                FROM lk JOIN rk ON lk.key = rk.key {condition}
                ORDER BY lrow, rrow
                """  # noqa: S608 - the only interpolated values are constants of this module
            ).fetchnumpy()
        finally:
            con.close()
        return (
            np.asarray(result["lrow"], dtype=np.int64),
            np.asarray(result["rrow"], dtype=np.int64),
        )


class SparkEngine:
    """Joins keys with Apache Spark (``local[*]`` unless a session is configured)."""

    name = "spark"

    def __init__(self, master: str = "local[2]") -> None:
        self.master = master

    def candidate_pairs(
        self, left: Sequence[Sequence[str]], right: Sequence[Sequence[str]], *, dedupe: bool
    ) -> tuple[IntArray, IntArray]:
        """See ``CandidateEngine``."""
        try:
            from pyspark.sql import SparkSession
            from pyspark.sql import functions as sf
        except ImportError:
            raise ConfigurationError(
                "the Spark engine needs PySpark: pip install 'liaison[spark]'"
            ) from None
        spark = (
            SparkSession.builder.master(self.master)
            .appName("liaison-xref")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "8")
            .getOrCreate()
        )
        spark.sparkContext.setLogLevel("ERROR")

        def frame(keys: Sequence[Sequence[str]]):  # type: ignore[no-untyped-def]
            rows = [(i, k) for i, row in enumerate(keys) for k in row]
            df = spark.createDataFrame(rows, "row long, key string")
            small = df.groupBy("key").count().where(sf.col("count") <= MAX_BLOCK).select("key")
            return df.join(small, "key")

        lk = frame(left).alias("lk")
        rk = lk.alias("rk") if dedupe else frame(right).alias("rk")
        joined = lk.join(rk, sf.col("lk.key") == sf.col("rk.key"))
        if dedupe:
            joined = joined.where(sf.col("lk.row") < sf.col("rk.row"))
        pairs = (
            joined.select(sf.col("lk.row").alias("lrow"), sf.col("rk.row").alias("rrow"))
            .distinct()
            .orderBy("lrow", "rrow")
            .collect()
        )
        li = np.array([p.lrow for p in pairs], dtype=np.int64)
        ri = np.array([p.rrow for p in pairs], dtype=np.int64)
        return li, ri


def engine_named(name: str) -> CandidateEngine:
    """The engine called ``name`` (duckdb or spark)."""
    if name == "duckdb":
        return DuckDBEngine()
    if name == "spark":
        return SparkEngine()
    raise ValidationFailed(f"unknown engine {name!r}: use duckdb or spark")
