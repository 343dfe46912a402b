"""Saves into a workspace on a "nearly full disk" (tests/proof).

Run as `python -m tests.proof.full_disk_writer DIR`: after unlocking it limits the
size of any file it writes (RLIMIT_FSIZE, so a write past it fails as on a full
disk), then tries to attach a document and to save a case, printing one JSON line
per attempt: the error's class and message, or "saved"."""

from __future__ import annotations

import json
import os
import resource
import signal
import sys
from collections.abc import Callable
from pathlib import Path

from legal_desk.documents.pdf import load_pymupdf
from legal_desk.documents.store import DocumentStore
from legal_desk.services.cases import CaseIntake, CaseService
from legal_desk.storage.engine import checkpoint
from legal_desk.workspace import Passphrase, Workspace

LIMIT = 64 * 1024


def big_pdf() -> bytes:
    pymupdf = load_pymupdf()
    pdf = pymupdf.open()
    for _ in range(60):
        page = pdf.new_page()
        # Random text does not compress: the document is larger than the limit.
        page.insert_text((36, 36), os.urandom(1500).hex(), fontsize=4)
    data: bytes = pdf.tobytes()
    pdf.close()
    return data


def attempt(what: str, action: Callable[[], object]) -> None:
    try:
        action()
        result = {"what": what, "saved": True}
    except Exception as exc:  # the point is to see exactly what the user would be told
        result = {"what": what, "saved": False, "error": type(exc).__name__, "message": str(exc)}
    print(json.dumps(result), flush=True)


def cut_checkpoint(directory: Path) -> None:
    """Write enough to fill the log, then let the closing checkpoint run out of room
    part-way: the database file alone is then inconsistent; with its log it is whole."""
    workspace = Workspace.unlock(directory, Passphrase(os.environ["LEGAL_DESK_PASSPHRASE"]))
    cases = CaseService(workspace)
    ids = [cases.create(CaseIntake(school=f"Checkpoint {n}", notes="n" * 3000)) for n in range(20)]
    checkpoint(workspace.engine)  # the log starts empty: what follows is only in it
    ids += [
        cases.create(CaseIntake(school=f"Checkpoint {n}", notes="n" * 3000)) for n in range(20, 40)
    ]
    print(json.dumps({"case_ids": ids}), flush=True)
    size = (directory / "workspace.db").stat().st_size
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    # Not a byte more: pages already in the file are rewritten, new ones fail.
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    workspace.lock()  # checkpoints on close: this one stops part-way


def main(directory: Path) -> None:
    workspace = Workspace.unlock(directory, Passphrase(os.environ["LEGAL_DESK_PASSPHRASE"]))
    cases = CaseService(workspace)
    case_id = cases.create(CaseIntake(school="Written before the disk filled"))
    data = big_pdf()
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))
    attempt("document", lambda: DocumentStore(workspace).attach(case_id, "big.pdf", data))
    attempt("case", lambda: cases.create(CaseIntake(school="S" * 50, notes="n" * 200_000)))
    print(json.dumps({"case_id": case_id}), flush=True)


if __name__ == "__main__":
    if sys.argv[2:] == ["checkpoint"]:
        cut_checkpoint(Path(sys.argv[1]))
    else:
        main(Path(sys.argv[1]))
