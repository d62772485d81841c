"""The two ways Liaison starts: `liaison demo` and `liaison serve`, as real processes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import pytest


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def demo_env(tmp_path: Path) -> dict[str, str]:
    """An environment with a small demo in a fresh data folder (embedded SQLite)."""
    return {
        **os.environ,
        "LIAISON_DATA_DIR": str(tmp_path / "data"),
        "LIAISON_DATABASE_URL": "",
        "LIAISON_DEMO_SUBJECTS": "300",
        "COLUMNS": "200",
        "NO_COLOR": "1",
    }


@pytest.fixture
def served(demo_env: dict[str, str]) -> Iterator[tuple[str, dict[str, str]]]:
    """`liaison demo` serving on a free port; yields its address and the printed tokens."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "liaison", "demo", "--port", str(port)],
        env=demo_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    address = f"http://127.0.0.1:{port}"
    tokens: dict[str, str] = {}
    try:
        assert process.stdout is not None
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            parts = line.split()
            if len(parts) == 3 and parts[2].startswith("lia_"):
                tokens[parts[1]] = parts[2]
            if "Uvicorn running" in line or "Application startup complete" in line:
                break
        yield address, tokens
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_demo_prints_a_token_per_user_and_serves_their_agencies_records(
    served: tuple[str, dict[str, str]],
) -> None:
    address, tokens = served
    assert {"kh-cnp.analyst", "tw-cib.analyst", "cn-mps.analyst", "us-agia.coordinator"} <= set(
        tokens
    )
    health = httpx.get(f"{address}/api/v1/health", timeout=10).json()
    assert health == {"status": "ok", "database": "sqlite", "version": health["version"]}
    khmer = httpx.get(
        f"{address}/api/v1/subjects",
        params={"limit": 5},
        headers={"Authorization": f"Bearer {tokens['kh-cnp.analyst']}"},
        timeout=10,
    ).json()
    assert khmer["total"] > 0
    assert {s["agency"] for s in khmer["items"]} == {"KH-CNP"}
    coordinator = httpx.get(
        f"{address}/api/v1/subjects",
        headers={"Authorization": f"Bearer {tokens['us-agia.coordinator']}"},
        timeout=10,
    ).json()
    assert coordinator["total"] == 0
    assert httpx.get(f"{address}/api/v1/openapi.json", timeout=10).status_code == 200


def test_demo_a_second_time_keeps_the_data_and_prints_new_tokens(demo_env: dict[str, str]) -> None:
    def demo(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "liaison", "demo", "--no-serve", *extra],
            env=demo_env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    first = demo()
    truth_file = Path(demo_env["LIAISON_DATA_DIR"]) / "truth.csv"
    second = demo("--truth", str(truth_file))
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert "loading the demo story (300 subjects)" in first.stderr
    assert "loading the demo story" not in second.stderr
    first_tokens = {line.split()[-1] for line in first.stdout.splitlines() if "lia_" in line}
    second_tokens = {line.split()[-1] for line in second.stdout.splitlines() if "lia_" in line}
    assert len(first_tokens) == len(second_tokens) > 5
    assert not first_tokens & second_tokens
    truth_rows = truth_file.read_text(encoding="utf-8").splitlines()
    assert truth_rows[0] == "record_id,agency,ref,person_id"
    assert len(truth_rows) == 301
