"""The loophole report as one printable HTML page (print to PDF from the browser).

Built from the report's data with escaped text only; the one chart is inline SVG, so the
page needs no script, no network and no extra dependency.
"""

from __future__ import annotations

from html import escape
from typing import Any

_STATUS_COLOURS = {
    "available": "#2e7d32",
    "needs_decision": "#f9a825",
    "blocked": "#c62828",
    "no_route": "#c62828",
}

_STYLE = """
body { font-family: "Noto Sans", "Noto Sans CJK SC", "Noto Sans Khmer", "Noto Sans Thai",
       sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.6em; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { border: 1px solid #bbb; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #eee; }
.warning { border: 2px solid #c62828; padding: 0.6em; background: #fff3f3; }
.status-available { color: #2e7d32; } .status-needs_decision { color: #8a6d00; }
.status-no_route, .status-blocked { color: #c62828; font-weight: bold; }
@media print { body { margin: 0.5cm; } h2 { page-break-after: avoid; } }
"""


def _bar_chart(counts: dict[str, int]) -> str:
    total = sum(counts.values())
    if not total:
        return "<p>No wanted subjects in open cases.</p>"
    width, y, rows = 420, 0, []
    for status, count in sorted(counts.items()):
        length = max(2, int(width * count / total))
        colour = _STATUS_COLOURS.get(status, "#555")
        rows.append(
            f'<rect x="160" y="{y}" width="{length}" height="18" fill="{colour}"/>'
            f'<text x="0" y="{y + 14}" font-size="13">{escape(status.replace("_", " "))}</text>'
            f'<text x="{165 + length}" y="{y + 14}" font-size="13">{count}</text>'
        )
        y += 24
    return (
        f'<svg role="img" aria-label="Best route status of wanted subjects" width="640" '
        f'height="{y}" xmlns="http://www.w3.org/2000/svg">{"".join(rows)}</svg>'
    )


def _table(headers: list[str], rows: list[list[str]]) -> str:
    if not rows:
        return "<p>None.</p>"
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def report_html(report: dict[str, Any], agency: str) -> str:
    """The report as a complete HTML document."""
    wanted_rows = []
    for entry in report["wanted"]:
        best = entry["best_route"]
        status = best["status"] if best else "no_route"
        route = escape(best["title"]) if best else escape(entry["problem"] or "no route")
        blocked = "<br>".join(
            f"{escape(b['title'])}: {escape('; '.join(b['because']))}" for b in entry["blocked"]
        )
        wanted_rows.append(
            [
                escape(entry["case"]),
                escape(entry["subject"]),
                escape(", ".join(entry["nationalities"]) or "?"),
                escape(entry["located_in"] or "unknown"),
                escape(entry["wanted_by"]),
                f'<span class="status-{escape(status)}">{route}</span>',
                blocked,
            ]
        )
    matrix_rows = [
        [escape(c["wanted_by"]), escape(c["located_in"]), escape(c["family"])]
        for c in report["no_route_matrix"]
    ]
    deadline_rows = [
        [
            str(d["request_id"]),
            escape(d["title"]),
            escape(d["kind"]),
            escape(d["due_on"]),
            escape(str(d["days_left"]) if d["days_left"] >= 0 else "passed"),
        ]
        for d in report["deadlines_at_risk"]
    ]
    flag_rows = [
        [
            escape(f["case"]),
            escape(f["subject"]),
            escape(", ".join(f["nationalities"])),
            escape(f["held_in"]),
            escape(f["deportation_to"] + (" (recorded)" if f["recorded"] else " (proposed)")),
            escape(f["pattern"].replace("_", " ")),
            escape(", ".join(f["notify"])),
        ]
        for f in report["deportation_flags"]
    ]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Loophole report — {escape(agency)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>Loophole report — {escape(agency)}, {escape(report['generated_on'])}</h1>",
        f'<p class="warning">{escape(report["disclaimer"])}</p>',
        "<h2>Best route of each wanted subject</h2>",
        _bar_chart(report["summary"]["by_best_route_status"]),
        _table(
            ["Case", "Subject", "Nationality", "Where", "Wanted by", "Best route", "Blocked"],
            wanted_rows,
        ),
        "<h2>Deadlines at risk</h2>",
        _table(["Request", "Title", "Deadline", "Due", "Days left"], deadline_rows),
        "<h2>Deportation instead of extradition</h2>",
        _table(
            ["Case", "Subject", "Nationality", "Held in", "Deported to", "Pattern", "Tell"],
            flag_rows,
        ),
        "<h2>Where no legal route exists (fugitive of the requesting nation)</h2>",
        _table(["Wanted by", "Located in", "Offence family"], matrix_rows),
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"
