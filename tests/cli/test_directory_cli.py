"""Managing nations, agencies, users and tokens from the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from liaison.errors import Unauthenticated
from liaison.services import directory
from liaison.storage.database import Store
from tests.cli.conftest import Run


def test_agency_and_user_are_created_and_the_token_is_the_last_line(
    liaison: Run, store_url: str
) -> None:
    added = liaison(
        "agency", "add", "--nation", "KH", "--code", "KH-CNP", "--name", "Cambodian National Police"
    )
    assert added.returncode == 0, added.stderr
    assert "KH-CNP" in added.stdout
    user = liaison("user", "add", "--agency", "KH-CNP", "--name", "sok.phal", "--role", "analyst")
    assert user.returncode == 0, user.stderr
    token = user.stdout.strip().splitlines()[-1]
    actor = directory.authenticate(Store(store_url), token)
    assert (actor.username, actor.agency_code, actor.role) == ("sok.phal", "KH-CNP", "analyst")
    listed = liaison("agency", "list")
    assert "Cambodian National Police" in listed.stdout


def test_provincial_unit_reports_to_its_national_agency(liaison: Run) -> None:
    liaison(
        "agency", "add", "--nation", "KH", "--code", "KH-CNP", "--name", "Cambodian National Police"
    )
    unit = liaison(
        "agency",
        "add",
        "--nation",
        "KH",
        "--code",
        "KH-PP",
        "--name",
        "Phnom Penh Municipal Police",
        "--parent",
        "KH-CNP",
    )
    assert unit.returncode == 0, unit.stderr
    assert "KH-CNP" in liaison("agency", "list", "--nation", "KH").stdout.split("KH-PP")[1]


def test_bad_input_exits_non_zero_with_the_reason(liaison: Run) -> None:
    bad_nation = liaison("agency", "add", "--nation", "XX", "--code", "XX-1", "--name", "Nowhere")
    assert bad_nation.returncode == 1
    assert "'XX' is not an ISO 3166-1 alpha-2 nation code" in bad_nation.stderr
    no_agency = liaison("user", "add", "--agency", "NOPE", "--name", "a.b", "--role", "analyst")
    assert no_agency.returncode == 1
    assert "no agency with code 'NOPE'" in no_agency.stderr
    liaison("agency", "add", "--nation", "TW", "--code", "TW-CIB", "--name", "CIB")
    bad_role = liaison("user", "add", "--agency", "TW-CIB", "--name", "a.b", "--role", "boss")
    assert bad_role.returncode == 1
    assert "role 'boss' is not one of analyst, supervisor, admin, coordinator" in bad_role.stderr
    missing = liaison("user", "add", "--agency", "TW-CIB")
    assert missing.returncode == 2
    assert "Missing option" in missing.stderr
    assert (
        "Traceback" not in bad_nation.stderr + no_agency.stderr + bad_role.stderr + missing.stderr
    )


def test_revoked_token_no_longer_authenticates(liaison: Run, store_url: str) -> None:
    liaison("agency", "add", "--nation", "TW", "--code", "TW-CIB", "--name", "CIB")
    token = liaison(
        "user", "add", "--agency", "TW-CIB", "--name", "lin", "--role", "analyst"
    ).stdout.split()[-1]
    second = liaison("token", "create", "--user", "lin", "--label", "laptop").stdout.split()[-1]
    listing = liaison("token", "list", "--user", "lin").stdout
    assert "laptop" in listing
    assert second not in listing
    assert liaison("token", "revoke", "2").returncode == 0
    store = Store(store_url)
    assert directory.authenticate(store, token).username == "lin"
    with pytest.raises(Unauthenticated, match="revoked"):
        directory.authenticate(store, second)


def test_commands_on_an_uninitialised_store_say_to_run_init(tmp_path: Path) -> None:
    env = {**os.environ, "LIAISON_DATA_DIR": str(tmp_path / "fresh"), "LIAISON_DATABASE_URL": ""}
    answer = subprocess.run(
        [sys.executable, "-m", "liaison", "agency", "list"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert answer.returncode == 1
    assert "run `liaison init` first" in answer.stderr
    init = subprocess.run(
        [sys.executable, "-m", "liaison", "init"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert init.returncode == 0
    assert (tmp_path / "fresh" / "liaison.db").exists()
