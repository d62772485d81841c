"""docs/import-formats.md stays true to the code, and the public API stays put."""

from __future__ import annotations

from pathlib import Path

import pytest

import liaison.interchange
from liaison.domain.records import RecordKindName
from liaison.interchange import mapping
from liaison.interchange.columns import columns_markdown

DOC = (Path(__file__).parents[2] / "docs" / "import-formats.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", list(RecordKindName))
def test_column_table_of_every_kind_is_the_documented_one(kind: RecordKindName) -> None:
    assert columns_markdown(kind) in DOC, f"regenerate the {kind.value} table of the doc"


def test_every_mapping_file_key_is_documented() -> None:
    for key in mapping._KEYS:
        assert f"\n{key}:" in DOC or f"\n  {key}:" in DOC, key


def test_public_api_is_what_the_command_line_and_api_use() -> None:
    assert sorted(liaison.interchange.__all__) == [
        "ColumnMapping",
        "FtmImportResult",
        "ImportProgress",
        "ImportReader",
        "describe_problem",
        "export_ftm",
        "format_report",
        "import_file",
        "import_ftm",
        "iter_ftm_entities",
        "load_mapping",
        "read_import",
    ]
