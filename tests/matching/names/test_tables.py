"""The convention tables are data with their sources, and a broken one is refused."""

from __future__ import annotations

from importlib import resources

import pytest

from liaison.errors import ConfigurationError
from liaison.matching.names import tables

TABLES = sorted(
    p.name.removesuffix(".yaml")
    for p in resources.files("liaison").joinpath("data/names").iterdir()
    if p.name.endswith(".yaml")
)


def test_the_expected_tables_ship() -> None:
    assert set(TABLES) >= {
        "chinese_surnames",
        "chinese_given",
        "wade_giles",
        "jyutping_hk",
        "khmer",
        "thai",
        "korean",
        "kana",
    }


@pytest.mark.parametrize("name", TABLES)
def test_every_table_opens_with_a_comment_citing_its_sources(name: str) -> None:
    text = resources.files("liaison").joinpath(f"data/names/{name}.yaml").read_text("utf-8")
    header = "\n".join(line for line in text.splitlines()[:30] if line.startswith("#"))
    assert header, f"{name}.yaml has no header comment"
    assert "Source" in header, f"{name}.yaml cites no source in its header"


@pytest.mark.parametrize("name", TABLES)
def test_every_table_loads(name: str) -> None:
    assert tables.load_table(name)


def test_spellings_fold_and_keep_silence() -> None:
    assert tables.spellings("Trần/tran", where="test") == ("tran",)
    assert tables.spellings("r/", where="test") == ("r", "")
    assert tables.spellings("-", where="test") == ()


def test_yaml_words_that_look_boolean_stay_text() -> None:
    # YAML 1.1 reads on/no/yes as booleans; in a name table they are spellings.
    surnames = tables.rows("chinese_surnames", "surnames", 7)
    assert "on" in surnames["安"][2]


def test_a_cell_that_is_not_text_is_refused_with_its_place() -> None:
    with pytest.raises(ConfigurationError, match=r"khmer\.yaml names\.x"):
        tables.spellings(3, where="khmer.yaml names.x")


def test_a_missing_table_is_refused() -> None:
    with pytest.raises(ConfigurationError, match=r"no_such_table\.yaml cannot be read"):
        tables.load_table("no_such_table")


def test_a_missing_section_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="has no 'nothing' entry"):
        tables.section("kana", "nothing")
