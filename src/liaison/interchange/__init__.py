"""Moving records in and out of Liaison.

CSV, Excel and JSON imports of one record kind, with mapping files for other column
names (``import_file``), and FollowTheMoney entities in JSON lines, the interchange
format of OCCRP Aleph and OpenSanctions tools (``export_ftm``, ``import_ftm``). Every
import is all or nothing; ``format_report`` gives the report a user reads when one is
refused.
"""

from liaison.interchange.file_import import ImportProgress, import_file
from liaison.interchange.ftm_export import export_ftm, iter_ftm_entities
from liaison.interchange.ftm_import import FtmImportResult, import_ftm
from liaison.interchange.mapping import ColumnMapping, load_mapping
from liaison.interchange.report import describe_problem, format_report
from liaison.interchange.rows import ImportReader, read_import

__all__ = [
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
