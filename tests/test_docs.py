"""Every setting is documented, and the documentation is current."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from liaison.errors import ConfigurationError
from liaison.settings import SETTINGS, load_settings, settings_markdown

ROOT = Path(__file__).resolve().parents[1]


def test_docs_settings_is_generated_from_the_settings_module() -> None:
    documented = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    assert documented == settings_markdown(), "run: liaison settings --markdown > docs/settings.md"


def test_every_liaison_variable_used_in_the_code_is_declared() -> None:
    declared = {spec.name for spec in SETTINGS}
    used: set[str] = set()
    for path in (ROOT / "src" / "liaison").rglob("*.py"):
        used |= set(re.findall(r"LIAISON_[A-Z0-9_]+", path.read_text(encoding="utf-8")))
    assert used <= declared, f"undeclared settings: {sorted(used - declared)}"
    assert all(spec.help.strip() for spec in SETTINGS)


def test_readme_mentions_every_setting_reference() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/settings.md" in readme


def test_a_bad_number_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIAISON_PORT", "eighty")
    with pytest.raises(ConfigurationError, match="LIAISON_PORT must be an integer, got 'eighty'"):
        load_settings()


def test_docs_offences_is_generated_from_the_taxonomy() -> None:
    from liaison.domain.offences import offences_markdown

    documented = (ROOT / "docs" / "offences.md").read_text(encoding="utf-8")
    assert documented == offences_markdown(), "run: liaison offences --markdown > docs/offences.md"
