"""`legal-desk export-case CASE OUT.pdf [--data-dir DIR]`: the case file, headless.

For records retention by IT or a script. Registered in `legal_desk.cli.build_parser`
with `add_parser(sub, common)`; errors are `LegalDeskError`s, which `cli.main` prints
as one line and turns into exit code 2. The case may be given by its id or its
reference (e.g. 2026-0001), as `legal-desk cases` lists both.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

COMMAND = "export-case"


def add_parser(sub: Any, common: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the sub-command to the CLI's sub-parsers (`sub`, from `add_subparsers`)."""
    parser: argparse.ArgumentParser = sub.add_parser(
        COMMAND,
        parents=[common],
        help="write a case's case file (one PDF) for records retention",
        description="Write one PDF with the case's summary, timeline, documents with their "
        "annotations (redactions applied), the checker's findings, advice sent, checklist, "
        "Security notification, FERPA log and the SHA-256 of each original. "
        "The PDF is NOT encrypted.",
    )
    parser.add_argument(
        "case", metavar="CASE", help="case id or reference (see `legal-desk cases`)"
    )
    parser.add_argument(
        "out", metavar="OUT.pdf", help="the PDF file to write (replaced if it exists)"
    )
    parser.add_argument("--quiet", action="store_true", help="print nothing on success")
    parser.set_defaults(func=cmd_export_case)
    return parser


def _case_id(workspace: Any, value: str) -> int:
    from sqlalchemy import select

    from legal_desk.cli import UserError
    from models import Case

    text = value.strip()
    with workspace.session() as session:
        query = select(Case.id).where(Case.reference == text)
        if text.isdigit():
            query = select(Case.id).where((Case.id == int(text)) | (Case.reference == text))
        found = session.scalars(query).first()
    if found is None:
        raise UserError(f"No case “{text}” in this workspace: `legal-desk cases` lists them.")
    return int(found)


def cmd_export_case(args: argparse.Namespace) -> int:
    from legal_desk.casefile.write import check_destination, write_case_file
    from legal_desk.cli import EXIT_OK, _unlock

    # Refuse a bad destination before asking for the passphrase and reading the case.
    out = check_destination(Path(args.out))
    workspace = _unlock(args.data_dir)
    try:
        case_id = _case_id(workspace, args.case)
        written = write_case_file(workspace, case_id, out)
    finally:
        workspace.lock()
    if not args.quiet:
        print(f"Wrote the case file to {written}. It is NOT encrypted: store it accordingly.")
    return EXIT_OK
