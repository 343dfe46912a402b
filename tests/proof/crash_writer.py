"""A process that saves cases and documents until it is killed (tests/proof).

Run as `python -m tests.proof.crash_writer DIR START`: it unlocks the workspace in DIR
with LEGAL_DESK_PASSPHRASE and saves case START, START+1, ..., each with a document,
printing "committed N" only after case N's transaction has committed. The parent
kills it with SIGKILL at a random moment and checks that every printed case is there.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from legal_desk.documents.store import DocumentStore
from legal_desk.services.cases import CaseIntake, CaseService
from legal_desk.workspace import Passphrase, Workspace


def school(number: int) -> str:
    return f"Crash Round School {number}"


def document(number: int) -> bytes:
    # A small real PDF: the document store refuses anything it cannot read.
    from legal_desk.documents.pdf import load_pymupdf

    pymupdf = load_pymupdf()
    pdf = pymupdf.open()
    page = pdf.new_page()
    page.insert_text((72, 72), f"Crash test document {number} " + "x" * 200)
    data: bytes = pdf.tobytes()
    pdf.close()
    return data


def main(directory: Path, start: int) -> None:
    workspace = Workspace.unlock(directory, Passphrase(os.environ["LEGAL_DESK_PASSPHRASE"]))
    cases = CaseService(workspace)
    store = DocumentStore(workspace)
    document(start)  # imports PyMuPDF now, so the kill lands among writes, not imports
    print("ready", flush=True)
    number = start
    while True:
        case_id = cases.create(CaseIntake(school=school(number), notes="n" * 2000))
        store.attach(case_id, f"doc-{number}.pdf", document(number))
        print(f"committed {number}", flush=True)
        number += 1


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
