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


def test_docs_cli_is_generated_from_the_commands() -> None:
    from liaison.cli.reference import cli_markdown

    documented = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert documented == cli_markdown(), "run: python scripts/cli_reference.py"


def _readme_commands() -> list[list[str]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"```bash\n(.*?)```", readme, flags=re.S):
        for line in block.splitlines():
            words = line.split("#")[0].split()
            if words and words[0] == "liaison":
                commands.append(words)
    return commands


def test_every_command_the_readme_shows_exists_with_those_options() -> None:
    from liaison.cli.reference import cli_markdown

    reference = cli_markdown()
    commands = _readme_commands()
    assert len(commands) >= 10
    for words in commands:
        path = [w for w in words[1:3] if re.fullmatch(r"[a-z]+", w)]
        section = reference.split(f"## `{' '.join(['liaison', *path])}`")
        assert len(section) == 2, f"README shows an unknown command: {' '.join(words)}"
        help_text = section[1].split("\n## ")[0]
        for option in re.findall(r"(--[a-z-]+|-o)\b", " ".join(words)):
            assert option in help_text, f"{' '.join(words)}: no option {option}"


def test_the_readme_two_commands_are_the_scripts_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "bash scripts/demo.sh" in readme
    assert "bash scripts/test.sh" in readme
    assert "scripts/test.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
