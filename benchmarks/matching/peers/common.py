"""What every tool runner of the matching benchmark shares: the track files it reads, the
result files it writes, and the clock and memory it reports.

Standard library only, so the same module serves the peers' venv (``.venv-peers``) and
Liaison's (``.venv``). A prepared track is a folder with

* ``records.jsonl``: one record a line, in the row shape of Liaison's
  ``xref_rows`` (``id``, ``name``, ``aliases`` separated by ``;``, ``birth_date``
  ``YYYY[-MM[-DD]]``, ``gender``, ``nationality``, ``id_number``, ``phone``,
  ``address``) plus ``source`` (the data set or agency it comes from) and ``extra``
  (the source's own columns, e.g. FEBRL's ``given_name`` and ``postcode``);
* ``truth.csv``: the true pairs, ``id_a,id_b``;
* ``track.json``: the track's name, its ordered sources and the score floor below which
  runners need not write pairs.

The task is always the same: link every pair of records from different sources. A runner
writes ``pairs.tsv`` (``id_a<TAB>id_b<TAB>score``, ``id_a`` from the earlier source, every
scored pair at or above the floor) and ``meta.json`` (its default threshold, seconds,
peak memory, how many candidate pairs it scored, its configuration in words).
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import sys
import time
import traceback
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROW_KEYS = (
    "id",
    "name",
    "aliases",
    "birth_date",
    "gender",
    "nationality",
    "id_number",
    "phone",
    "address",
)


@dataclass
class Track:
    """A prepared track: its records by source, in the sources' order."""

    name: str
    folder: Path
    sources: list[str]
    floor: float
    records: list[dict[str, Any]]

    def by_source(self) -> dict[str, list[dict[str, Any]]]:
        """The records of each source, in the track's source order."""
        out: dict[str, list[dict[str, Any]]] = {s: [] for s in self.sources}
        for record in self.records:
            out[record["source"]].append(record)
        return out

    def rank(self) -> dict[str, int]:
        """Each record id's source position (orients a pair earlier source first)."""
        order = {s: i for i, s in enumerate(self.sources)}
        return {r["id"]: order[r["source"]] for r in self.records}


def read_track(folder: Path) -> Track:
    """Read a prepared track folder."""
    spec = json.loads((folder / "track.json").read_text(encoding="utf-8"))
    with (folder / "records.jsonl").open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    return Track(spec["name"], folder, spec["sources"], float(spec["floor"]), records)


def write_track(
    folder: Path,
    name: str,
    sources: list[str],
    floor: float,
    records: Iterable[dict[str, Any]],
    truth: Iterable[tuple[str, str]],
    info: dict[str, Any] | None = None,
) -> None:
    """Write a prepared track folder (see the module docstring)."""
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    with (folder / "records.jsonl").open("w", encoding="utf-8") as handle:
        for record in records:
            row = {key: record.get(key) or "" for key in ROW_KEYS}
            row["source"] = record["source"]
            row["extra"] = record.get("extra") or {}
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    pairs = 0
    with (folder / "truth.csv").open("w", encoding="utf-8") as handle:
        handle.write("id_a,id_b\n")
        for a, b in truth:
            handle.write(f"{a},{b}\n")
            pairs += 1
    spec = {"name": name, "sources": sources, "floor": floor, "records": count, "true_pairs": pairs}
    spec.update(info or {})
    (folder / "track.json").write_text(
        json.dumps(spec, indent=2, ensure_ascii=False), encoding="utf-8"
    )


@dataclass
class Result:
    """What a runner found and what it cost."""

    threshold: float
    config: str
    version: str
    pairs: list[tuple[str, str, float]] = field(default_factory=list)
    scored_pairs: int | None = None
    notes: dict[str, Any] = field(default_factory=dict)


def peak_mib() -> float:
    """This process's peak resident memory so far, MiB.

    Read from ``VmHWM`` in ``/proc/self/status``, which starts afresh at ``exec``:
    ``ru_maxrss`` does not (Linux keeps it across ``execve``), so a child started by a
    large parent would report the parent's size as its own.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_tool(tool: str, work: Callable[[Track], Result]) -> None:
    """The ``main`` of a runner: ``runner.py TRACK_FOLDER OUT_FOLDER``.

    Times ``work`` from the moment the records are in memory to the moment its pairs are
    in memory (training, blocking, scoring; not reading files or importing modules), and
    writes the result files. A failure is written to ``meta.json`` as ``error`` and the
    runner exits 1, so ``run.py`` prints it in the table instead of dying.
    """
    parser = argparse.ArgumentParser(description=f"{tool} runner of the matching benchmark")
    parser.add_argument("track", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    meta: dict[str, Any] = {"tool": tool}
    try:
        track = read_track(args.track)
        meta["peak_mib_before"] = peak_mib()
        started = time.perf_counter()
        result = work(track)
        meta["seconds"] = time.perf_counter() - started
        meta["peak_mib"] = peak_mib()
        rank = track.rank()
        result.pairs.sort()  # engines that use threads emit pairs in varying order
        written = 0
        with (args.out / "pairs.tsv").open("w", encoding="utf-8") as handle:
            for a, b, score in result.pairs:
                if score < track.floor:
                    continue
                if rank[a] > rank[b]:
                    a, b = b, a
                handle.write(f"{a}\t{b}\t{score:.6f}\n")
                written += 1
        meta.update(
            threshold=result.threshold,
            config=result.config,
            version=result.version,
            scored_pairs=result.scored_pairs,
            pairs_written=written,
            notes=result.notes,
        )
    except Exception as error:  # reported in the table, not raised: one tool must not stop all
        meta["error"] = f"{type(error).__name__}: {error}"
        meta["traceback"] = traceback.format_exc()
        (args.out / "meta.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
        print(meta["traceback"], file=sys.stderr)
        sys.exit(1)
    (args.out / "meta.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")


_PUNCT = re.compile(r"[^\w\s]+", re.UNICODE)
_SPACES = re.compile(r"\s+")


def latin(text: str) -> str:
    """Lower-case ASCII by unidecode, punctuation (hyphens too) to spaces.

    What the plain baseline does, and what Splink and recordlinkage are given for
    non-Latin names: neither transliterates, and their documentation leaves cleaning
    to the user.
    """
    from unidecode import unidecode

    text = unidecode(unicodedata.normalize("NFC", text or "")).lower()
    return _SPACES.sub(" ", _PUNCT.sub(" ", text)).strip()


def sorted_tokens(text: str) -> str:
    """The tokens of a normalised name in alphabetical order (ignores name order)."""
    return " ".join(sorted(text.split()))


def blocking_keys(record: dict[str, Any], with_dates: bool = True) -> set[str]:
    """Keys two records must share to be compared by the pairwise peers (the baseline
    and nomenklatura): any name or alias token of two or more letters after unidecode,
    the full birth date, the identity document number."""
    keys = set()
    for name in [record["name"], *filter(None, (record.get("aliases") or "").split(";"))]:
        keys.update(f"t:{tok}" for tok in latin(name).split() if len(tok) >= 2)
    if with_dates and len(record.get("birth_date") or "") == 10:
        keys.add(f"d:{record['birth_date']}")
    if record.get("id_number"):
        keys.add(f"i:{record['id_number']}")
    return keys


def candidate_pairs(
    track: Track, max_block_pairs: int = 50_000, with_dates: bool = True
) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Each pair of records of different sources that shares a blocking key, once.

    A key that would give more than ``max_block_pairs`` pairs on its own (a very common
    surname such as ``nguyen``) is skipped: the pair still meets through its other keys.
    """
    order = {s: i for i, s in enumerate(track.sources)}
    blocks: dict[str, list[int]] = {}
    for index, record in enumerate(track.records):
        for key in blocking_keys(record, with_dates):
            blocks.setdefault(key, []).append(index)
    seen: set[tuple[int, int]] = set()
    records = track.records
    for key in sorted(blocks):
        members = blocks[key]
        if len(members) < 2:
            continue
        by_source: dict[str, list[int]] = {}
        for index in members:
            by_source.setdefault(records[index]["source"], []).append(index)
        if len(by_source) < 2:
            continue
        sizes = [len(v) for v in by_source.values()]
        total = sum(sizes)
        cross = (total * total - sum(s * s for s in sizes)) // 2
        if cross > max_block_pairs:
            continue
        groups = sorted(by_source.items(), key=lambda kv: order[kv[0]])
        for gi, (_, left) in enumerate(groups):
            for _, right in groups[gi + 1 :]:
                for i in left:
                    for j in right:
                        pair = (i, j)
                        if pair in seen:
                            continue
                        seen.add(pair)
                        yield records[i], records[j]
