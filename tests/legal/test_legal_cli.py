"""``liaison legal`` as a user runs it, against the test store."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Run, liaison

__all__ = ["liaison"]  # the fixture, shared with tests/cli


def test_routes_json(liaison: Run) -> None:
    assert liaison("init").returncode == 0
    result = liaison(
        "legal",
        "routes",
        "--wanted-by",
        "US",
        "--located-in",
        "KH",
        "--nationality",
        "CN",
        "--offence",
        "drug_trafficking",
        "--penalty-years",
        "10",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["best_route"]["instrument"] == "untoc-2000"
    assert data["question"]["penalty_years"] == 10
    assert any("no extradition treaty" in step["text"] for step in data["steps"])


def test_routes_text_and_a_bad_offence(liaison: Run) -> None:
    liaison("init")
    text = liaison(
        "legal",
        "routes",
        "--wanted-by",
        "CN",
        "--located-in",
        "KH",
        "--nationality",
        "CN",
        "--offence",
        "online_scam",
    )
    assert text.returncode == 0
    assert "Best available route: Extradition under the Extradition Treaty" in text.stdout
    assert "must verify" in text.stdout
    bad = liaison(
        "legal",
        "routes",
        "--wanted-by",
        "CN",
        "--located-in",
        "KH",
        "--nationality",
        "CN",
        "--offence",
        "jaywalking",
    )
    assert bad.returncode == 1
    assert "'jaywalking' is not an offence code" in bad.stderr


def test_knowledge_set_show_and_a_refused_change(liaison: Run, tmp_path: Path) -> None:
    liaison("init")
    good = tmp_path / "th-fraud.yaml"
    good.write_text(
        "criminal: yes\nmax_penalty: 5\nlaw: Criminal Code s. 343\nsource: {citation: test}\n",
        encoding="utf-8",
    )
    done = liaison(
        "legal",
        "knowledge",
        "set",
        "offence_law",
        "fraud/TH",
        "--file",
        str(good),
        "--reason",
        "s. 343",
    )
    assert done.returncode == 0, done.stderr
    assert "version 1 recorded" in done.stdout
    shown = json.loads(liaison("legal", "knowledge", "show", "offence_law", "fraud/TH").stdout)
    assert shown["body"]["max_penalty"] == 5
    assert shown["history"][0]["reason"] == "s. 343"
    bad = tmp_path / "bad.yaml"
    bad.write_text("criminal: maybe\nsource: {citation: test}\n", encoding="utf-8")
    refused = liaison(
        "legal", "knowledge", "set", "offence_law", "fraud/TH", "--file", str(bad), "--reason", "x"
    )
    assert refused.returncode == 1
    assert "offences.fraud.TH.criminal" in refused.stderr
    changes = json.loads(liaison("legal", "knowledge", "changes").stdout)
    assert len(changes) == 1


def test_report_html(liaison: Run, tmp_path: Path) -> None:
    liaison("init")
    liaison(
        "agency", "add", "--nation", "KH", "--code", "KH-CNP", "--name", "Cambodian National Police"
    )
    page = tmp_path / "report.html"
    result = liaison("legal", "report", "--agency", "KH-CNP", "--html", str(page))
    assert result.returncode == 0, result.stderr
    assert "Loophole report — KH-CNP" in page.read_text(encoding="utf-8")
