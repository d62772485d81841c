"""Write docs/cli.md from the commands' own ``--help``."""

from __future__ import annotations

from pathlib import Path

from liaison.cli.reference import cli_markdown

if __name__ == "__main__":
    target = Path(__file__).resolve().parents[1] / "docs" / "cli.md"
    target.write_text(cli_markdown(), encoding="utf-8")
