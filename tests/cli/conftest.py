"""Run the real ``liaison`` command in a subprocess against the test store."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def liaison(store_url: str, tmp_path: Path) -> Run:
    """A function running ``liaison ARGS`` on the test's store; returns the finished process."""
    env = {
        **os.environ,
        "LIAISON_DATABASE_URL": store_url,
        "LIAISON_DATA_DIR": str(tmp_path / "data"),
        "COLUMNS": "200",
        "NO_COLOR": "1",
    }

    def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "liaison", *args],
            env=env,
            capture_output=True,
            text=True,
            input=stdin,
            timeout=300,
            check=False,
        )

    return run
