"""Regenerate the initial Alembic migration from ``storage/tables.py``.

Only while no release has shipped: after that, schema changes get new revisions
(``alembic revision --autogenerate``), never an edited first one.
"""

from __future__ import annotations

import tempfile
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config

from liaison.storage.database import Store

VERSIONS = Path(__file__).resolve().parents[1] / "src/liaison/storage/migrations/versions"


def main() -> None:
    """Write ``0001_initial_schema.py`` anew."""
    for old in VERSIONS.glob("0001_*.py"):
        old.unlink()
    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{folder}/empty.db")
        config = Config()
        location = resources.files("liaison").joinpath("storage/migrations")
        config.set_main_option("script_location", str(location))
        with store.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.revision(config, message="initial schema", autogenerate=True, rev_id="0001")
    target = next(VERSIONS.glob("0001_*.py"))
    text = target.read_text(encoding="utf-8")
    text = text.replace("astext_type=Text()", "astext_type=sa.Text()")
    text = text.replace("Revises: \n", "Revises: (none)\n")
    lines = [line for line in text.splitlines() if "### " not in line]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
