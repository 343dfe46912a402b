"""`legal-desk`: the GUI with no command; init, demo, verify, cases, backup, restore,
change-passphrase, rekey, check-warrant and export-case for IT and scripting.

Exit codes: 0 success, 1 a check found a problem, 2 a user error (one line, no traceback).
"""

from __future__ import annotations

import argparse
import getpass
import importlib
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import exc as sa_exc

from legal_desk import __version__
from legal_desk.casefile.command import add_parser as add_export_case
from legal_desk.crypto.keyring_store import KeyringStore
from legal_desk.errors import KeyringUnavailableError, LegalDeskError, UnlockError
from legal_desk.paths import resolve_data_dir
from legal_desk.workspace import (
    Created,
    FromKeyring,
    Passphrase,
    Workspace,
    db_path,
    exists,
    unwrap_key,
)
from models import CaseStatus

ENV_PASSPHRASE = "LEGAL_DESK_PASSPHRASE"  # noqa: S105 - a variable name, not a secret
EXIT_OK, EXIT_FOUND_PROBLEM, EXIT_USER_ERROR = 0, 1, 2


class UserError(LegalDeskError):
    pass


def _passphrase(confirm: bool) -> str:
    value = os.environ.get(ENV_PASSPHRASE)
    if value:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise UserError(f"No passphrase: set {ENV_PASSPHRASE} or run in a terminal.")
    first = getpass.getpass("Workspace passphrase: ")
    if confirm and getpass.getpass("Repeat the passphrase: ") != first:
        raise UserError("The two passphrases differ.")
    return first


def _credential_for(directory: Path) -> Passphrase | FromKeyring:
    """Prefer the keyring when it holds this workspace's key; otherwise ask for the passphrase."""
    store = KeyringStore()
    if os.environ.get(ENV_PASSPHRASE) is None:
        try:
            unwrap_key(directory, FromKeyring(store))[1].wipe()
            return FromKeyring(store)
        except KeyringUnavailableError:
            pass
    return Passphrase(_passphrase(confirm=False))


def _unlock(directory: Path) -> Workspace:
    return _unlock_with(directory, None)


def _unlock_with(directory: Path, credential: Passphrase | None) -> Workspace:
    if not exists(directory):
        raise UserError(f"No workspace in {directory}: run `legal-desk init` first.")
    if not db_path(directory).exists():
        # The key file is there, so `init` would refuse: say what is really wrong.
        raise UserError(f"The database file is missing from {directory}; restore it from a backup.")
    return Workspace.unlock(directory, credential or _credential_for(directory))


def _create(directory: Path) -> Created:
    if exists(directory):
        raise UserError(f"A workspace already exists in {directory}.")
    created = Workspace.create(directory, _passphrase(confirm=True), keyring_store=KeyringStore())
    print(f"Created an encrypted workspace in {directory}")
    print(
        "Unlocks with: passphrase"
        + (", this computer's keyring" if created.keyring_slot else "")
        + ", recovery code."
    )
    print(f"Recovery code (shown once; keep it somewhere safe): {created.recovery_code}")
    return created


def cmd_init(args: argparse.Namespace) -> int:
    _create(args.data_dir).workspace.lock()
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from legal_desk.services.demo import populate

    workspace = _create(args.data_dir).workspace
    try:
        count = populate(workspace)
    finally:
        workspace.lock()
    print(f"Added {count} fictional demo cases.")
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    from legal_desk.audit_anchor import AuditAnchors, default_path
    from legal_desk.storage.integrity import verify

    directory: Path = args.data_dir
    if not db_path(directory).exists():
        raise UserError(f"No workspace in {directory}.")
    slots, key = unwrap_key(directory, _credential_for(directory))
    head = AuditAnchors(default_path()).seen(slots.workspace_id)
    try:
        report = verify(db_path(directory), key, (head.seq, head.hash) if head else None)
    finally:
        key.wipe()
    for line in report.lines():
        print(line)
    print("Workspace verified: no problems found." if report.ok else "Problems found.")
    return EXIT_OK if report.ok else EXIT_FOUND_PROBLEM


def cmd_cases(args: argparse.Namespace) -> int:
    from legal_desk.services.cases import CaseService

    workspace = _unlock(args.data_dir)
    try:
        status = CaseStatus(args.status) if args.status else None
        rows = CaseService(workspace).list(status=status)
    finally:
        workspace.lock()
    if args.json:
        print(json.dumps([r.to_json() for r in rows], indent=2))
        return EXIT_OK
    for r in rows:
        print(
            f"{r.id:>6}  {r.reference:<10} {r.status.value:<18} {'URGENT' if r.urgent else '':<6} "
            f"{r.school[:28]:<28} {r.request_type.value:<16} "
            f"{r.received_at.astimezone():%Y-%m-%d %H:%M %z}  {r.assigned_attorney or '-'}"
        )
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from legal_desk.backup.copy import make_backup

    workspace = _unlock(args.data_dir)
    try:
        made = make_backup(workspace, Path(args.destination).expanduser())
    finally:
        workspace.lock()
    rows = made.contents.rows
    print(
        f"Backup written and verified: {made.folder}\n"
        f"{rows.get('case_file', 0)} cases, {made.contents.documents} documents, "
        f"{sum(rows.values())} rows in {len(rows)} tables, {made.size / 2**20:.1f} MB, "
        "encrypted with this workspace's key (its passphrase and recovery code open it)."
    )
    return EXIT_OK


def _confirm_replace(target: Path) -> None:
    if not sys.stdin or not sys.stdin.isatty():
        return  # --replace on a script's command line is the confirmation
    answer = input(f"Replace the workspace in {target}? It is moved aside, not deleted. Type yes: ")
    if answer.strip().lower() != "yes":
        raise UserError("Nothing was restored.")


def cmd_restore(args: argparse.Namespace) -> int:
    from legal_desk.backup.copy import restore

    source = Path(args.source).expanduser()
    target: Path = args.data_dir
    if not source.is_dir():
        raise UserError(f"No backup folder at {source}.")
    if exists(target):
        if not args.replace:
            raise UserError(
                f"A workspace is already in {target}. Give --data-dir with a new folder, or "
                "--replace to replace it (the old one is kept aside)."
            )
        _confirm_replace(target)
    restored = restore(source, target, _credential_for(source), replace=args.replace)
    rows = restored.contents.rows
    print(
        f"Restored and verified into {restored.directory}: "
        f"{rows.get('case_file', 0)} cases, {restored.contents.documents} documents."
    )
    if restored.replaced_to is not None:
        print(f"The workspace that was there is kept in {restored.replaced_to}.")
    return EXIT_OK


ENV_NEW_PASSPHRASE = "LEGAL_DESK_NEW_PASSPHRASE"  # noqa: S105 - a variable name


def _new_passphrase() -> str:
    value = os.environ.get(ENV_NEW_PASSPHRASE)
    if value:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise UserError(f"No new passphrase: set {ENV_NEW_PASSPHRASE} or run in a terminal.")
    first = getpass.getpass("New passphrase: ")
    if getpass.getpass("Repeat the new passphrase: ") != first:
        raise UserError("The two passphrases differ.")
    return first


def cmd_change_passphrase(args: argparse.Namespace) -> int:
    directory: Path = args.data_dir
    old = _passphrase(confirm=False)
    workspace = _unlock_with(directory, Passphrase(old))
    try:
        workspace.change_passphrase(old, _new_passphrase())
    finally:
        workspace.lock()
    print("Passphrase changed. The data key is the same: backups open with the old passphrase.")
    return EXIT_OK


def cmd_rekey(args: argparse.Namespace) -> int:
    from legal_desk.rekey import rekey

    directory: Path = args.data_dir
    if not db_path(directory).exists():
        raise UserError(f"No workspace in {directory}.")
    done = rekey(directory, _passphrase(confirm=False), keyring_store=KeyringStore())
    print("Re-encrypted with a new data key; the old key and recovery code open nothing now.")
    if done.slots_dropped:
        print(f"{done.slots_dropped} other passphrase(s) were removed: add them again.")
    print(f"New recovery code (shown once; keep it somewhere safe): {done.recovery_code}")
    return EXIT_OK


def _check_date(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UserError(
            f"--on: “{value}” is not a date; use YYYY-MM-DD (e.g. 2026-03-14)."
        ) from None


def _read_input_file(path: Path, limit: int) -> bytes:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise UserError(f"No such file: {path}") from None
    if path.is_dir():
        raise UserError(f"{path} is a folder; give the path of a PDF, JPEG or PNG file.")
    if size > limit:
        raise UserError(
            f"{path.name} is {size / 2**20:.1f} MB; the limit is {limit / 2**20:.0f} MB. "
            "Ask for the warrant's pages only, or a smaller scan."
        )
    return path.read_bytes()


def cmd_check_warrant(args: argparse.Namespace) -> int:
    """Read a warrant or other officer's document and print what the checker found.

    Needs no workspace: nothing is stored, the file is only read.
    """
    from legal_desk.documents.ingest import MAX_DOCUMENT_BYTES
    from legal_desk.documents.reading import read_pages

    on = _check_date(args.on)
    path = Path(args.file)
    data = _read_input_file(path, MAX_DOCUMENT_BYTES)
    read = read_pages(data, filename=path.name)
    try:
        checker = importlib.import_module("legal_desk.documents.checker")
    except ImportError:
        raise UserError("The document checker is missing from this installation.") from None
    result = checker.check(read.pages, on=on, ocr=read.ocr_used)
    report: dict[str, Any] = result.to_json()
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False, default=str))
        for note in read.notes:
            print(f"legal-desk: note: {note}", file=sys.stderr)
        return EXIT_OK
    for line in _warrant_report_lines(path.name, report, read.notes):
        print(line)
    return EXIT_OK


def _warrant_report_lines(name: str, report: dict[str, Any], notes: Sequence[str]) -> list[str]:
    def show(value: object) -> str:
        if value is None or value == "" or value == []:
            return "-"
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value)
        return str(value)

    expires = show(report.get("expires"))
    if report.get("expired") is True:
        expires += " (EXPIRED)"
    elif report.get("expired") is False and report.get("expires"):
        expires += " (not expired)"
    lines = [
        f"Document:   {name}",
        f"Kind:       {show(report.get('kind'))}",
        f"Form:       {show(report.get('form'))}",
        f"Signed by:  {show(report.get('signed_by'))}",
        f"Court:      {show(report.get('court'))}",
        f"Expires:    {expires}",
        f"OCR used:   {show(report.get('ocr'))}",
        f"Pages:      {show(report.get('pages'))}",
        f"Confidence: {show(report.get('confidence'))}",
    ]
    findings = report.get("findings") or []
    lines.append(f"Findings:   {len(findings) or 'none'}")
    lines.extend(f"  - {_finding_line(f)}" for f in findings)
    lines.extend(f"Note: {note}" for note in notes)
    return lines


def _finding_line(finding: object) -> str:
    """One finding of `CheckResult.to_json()`: its page, its sentence and its check id."""
    if not isinstance(finding, dict):
        return str(finding)
    page = finding.get("page")
    where = f"p. {page}: " if page is not None else ""
    return f"{where}{finding.get('result', '')} [{finding.get('check', '?')}]"


def cmd_gui(args: argparse.Namespace) -> int:
    # Imported by name so the core never depends on Qt: `legal-desk verify` runs
    # on a server with no Qt installed.
    gui: Callable[[list[str]], int] = importlib.import_module("ui.app").run
    return gui(["--data-dir", str(args.data_dir)] if args.data_dir_given else [])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="legal-desk", description=__doc__)
    parser.add_argument("--version", action="version", version=f"legal-desk {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        help="workspace folder (default: LEGAL_DESK_HOME, then the platform's data folder)",
    )
    parser.add_argument("--data-dir", dest="data_dir_top", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("init", parents=[common], help="create an encrypted workspace").set_defaults(
        func=cmd_init
    )
    sub.add_parser(
        "demo", parents=[common], help="create a workspace with fictional demo cases"
    ).set_defaults(func=cmd_demo)
    sub.add_parser(
        "verify", parents=[common], help="check encryption, integrity and audit chain"
    ).set_defaults(func=cmd_verify)
    cases = sub.add_parser("cases", parents=[common], help="list cases")
    cases.add_argument("--json", action="store_true", help="print JSON")
    cases.add_argument("--status", choices=[s.value for s in CaseStatus])
    cases.set_defaults(func=cmd_cases)
    backup = sub.add_parser(
        "backup",
        parents=[common],
        help="write an encrypted, verified copy of the workspace into a new folder in DEST",
    )
    backup.add_argument("destination", metavar="DEST", help="folder to hold the backup")
    backup.set_defaults(func=cmd_backup)
    restore = sub.add_parser(
        "restore",
        parents=[common],
        help="verify a backup and restore it into a new workspace folder (--data-dir)",
    )
    restore.add_argument("source", metavar="SRC", help="the backup folder")
    restore.add_argument(
        "--replace",
        action="store_true",
        help="replace a workspace already in --data-dir (it is moved aside, not deleted)",
    )
    restore.set_defaults(func=cmd_restore)
    sub.add_parser(
        "change-passphrase",
        parents=[common],
        help=f"change the passphrase (new one from {ENV_NEW_PASSPHRASE} or the terminal)",
    ).set_defaults(func=cmd_change_passphrase)
    sub.add_parser(
        "rekey",
        parents=[common],
        help="re-encrypt the workspace with a new data key (a suspected compromise)",
    ).set_defaults(func=cmd_rekey)
    check = sub.add_parser(
        "check-warrant",
        help="read a warrant or other document (PDF, JPEG, PNG) and report what it is",
        description="Read a document an officer presented and report its kind, form, "
        "signature, court, expiry and findings. Needs no workspace; nothing is stored.",
    )
    check.add_argument("file", help="the PDF, JPEG or PNG file")
    check.add_argument("--json", action="store_true", help="print the result as JSON")
    check.add_argument(
        "--on", metavar="YYYY-MM-DD", help="judge expiry on this date (default: today)"
    )
    check.set_defaults(func=cmd_check_warrant)
    add_export_case(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    parser = build_parser()
    args = parser.parse_args(argv)
    raw_dir = getattr(args, "data_dir", None) or args.data_dir_top
    args.data_dir_given = raw_dir is not None
    args.data_dir = resolve_data_dir(raw_dir)
    func: Callable[[argparse.Namespace], int] = getattr(args, "func", cmd_gui)
    try:
        return func(args)
    except (LegalDeskError, UnlockError, ValueError) as exc:
        print(f"legal-desk: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("legal-desk: interrupted", file=sys.stderr)
        return EXIT_USER_ERROR
    except sa_exc.DBAPIError as exc:
        # A damaged page met after unlocking: one line, and where to look next.
        reason = str(exc.orig).splitlines()[0] if exc.orig else type(exc).__name__
        print(
            f"legal-desk: the database could not be read ({reason}); "
            "run `legal-desk verify` for details.",
            file=sys.stderr,
        )
        return EXIT_USER_ERROR
    except OSError as exc:
        print(f"legal-desk: {exc.strerror or exc} ({exc.filename or ''})", file=sys.stderr)
        return EXIT_USER_ERROR


if __name__ == "__main__":
    sys.exit(main())
