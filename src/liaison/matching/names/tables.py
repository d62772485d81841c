"""The naming-convention tables of ``liaison/data/names``, read and checked once.

The conventions themselves (which surname is Tan in Penang, how a Khmer vowel sounds
after a second-series consonant) are data with their sources cited in each file's
header; this module only reads them and refuses a malformed table at once, naming the
file and the entry, as followthemoney's model loader does for its schemata.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from liaison.errors import ConfigurationError
from liaison.matching.names.folding import fold_spelling

Spellings = tuple[str, ...]


class _TextLoader(yaml.SafeLoader):
    """YAML 1.1 without its boolean words: a spelling 'on', 'no' or 'yes' is text."""


_TextLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@cache
def load_table(name: str) -> dict[str, Any]:
    """The YAML table ``data/names/<name>.yaml`` as a mapping."""
    path = resources.files("liaison").joinpath(f"data/names/{name}.yaml")
    try:
        data = yaml.load(path.read_text("utf-8"), Loader=_TextLoader)  # noqa: S506 - safe loader
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigurationError(f"name table {name}.yaml cannot be read: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigurationError(f"name table {name}.yaml is not a mapping")
    return data


def section(table: str, key: str) -> Any:
    """One top-level entry of a table; a missing entry is a packaging error."""
    data = load_table(table)
    if key not in data:
        raise ConfigurationError(f"name table {table}.yaml has no {key!r} entry")
    return data[key]


def spellings(cell: object, *, where: str) -> Spellings:
    """The spellings of one table cell: ``"chan/chun"`` → ``("chan", "chun")``.

    "-" means none known. Every spelling is folded to lower-case ASCII words, so a
    table may keep the real spelling (Trần, ü) and still compare with passport text.
    An empty spelling is kept: it is how a table says a letter is silent.
    """
    if not isinstance(cell, str):
        raise ConfigurationError(f"name table entry {where}: {cell!r} is not text")
    if cell.strip() == "-":
        return ()
    out: dict[str, None] = {}
    for part in cell.split("/"):
        out[fold_spelling(part)] = None
    return tuple(out)


def rows(table: str, key: str, width: int) -> dict[str, list[Spellings]]:
    """A keyed table whose rows are lists of ``width`` cells of spellings."""
    entries = section(table, key)
    if not isinstance(entries, dict):
        raise ConfigurationError(f"name table {table}.yaml: {key} is not a mapping")
    out: dict[str, list[Spellings]] = {}
    for name, cells in entries.items():
        where = f"{table}.yaml {key}.{name}"
        if not isinstance(cells, list) or len(cells) != width:
            raise ConfigurationError(f"name table entry {where}: expected {width} cells")
        out[str(name)] = [spellings(cell, where=where) for cell in cells]
    return out


def spelling_lists(table: str, key: str) -> dict[str, Spellings]:
    """A keyed table whose values are lists of whole spellings (customary names)."""
    entries = section(table, key)
    if not isinstance(entries, dict):
        raise ConfigurationError(f"name table {table}.yaml: {key} is not a mapping")
    out: dict[str, Spellings] = {}
    for name, values in entries.items():
        where = f"{table}.yaml {key}.{name}"
        if not isinstance(values, list) or not values:
            raise ConfigurationError(f"name table entry {where}: expected a list of spellings")
        folded = tuple(dict.fromkeys(fold_spelling(str(v)) for v in values))
        if not all(folded):
            raise ConfigurationError(f"name table entry {where}: a spelling has no letter")
        out[str(name)] = folded
    return out


def cell_map(table: str, key: str) -> dict[str, Spellings]:
    """A keyed table whose values are single cells of "/"-separated spellings."""
    entries = section(table, key)
    if not isinstance(entries, dict):
        raise ConfigurationError(f"name table {table}.yaml: {key} is not a mapping")
    return {
        str(name): spellings(cell, where=f"{table}.yaml {key}.{name}")
        for name, cell in entries.items()
    }
