"""The case file (issue 6): one PDF with everything the case holds, for records retention.

`export_case_file` builds it in memory; `write_case_file` writes it to the one file the
user chose. `command` is the `legal-desk export-case` sub-command.
"""

from __future__ import annotations

from legal_desk.casefile.build import CaseFileCancelledError, export_case_file
from legal_desk.casefile.write import CaseFileError, check_destination, write_case_file

__all__ = [
    "CaseFileCancelledError",
    "CaseFileError",
    "check_destination",
    "export_case_file",
    "write_case_file",
]
