"""Feeds hostile inputs through import, render and the checker, under limits (tests/proof).

Run as `python -m tests.proof.fuzz_child SEED_DIR WORK_DIR SEED START COUNT OCR_EVERY`:
makes a workspace in WORK_DIR (passphrase from LEGAL_DESK_PASSPHRASE), then for each
input START..START+COUNT-1 of the corpus (tests/proof/mutations.py, from the seed
files in SEED_DIR) prints one JSON line: the stage reached and the outcome, or the
error's class and message. Memory (RLIMIT_AS) and CPU (RLIMIT_CPU, per input) are
limited, so a runaway input kills this process and not the test run: the parent sees
the death and names the input. OCR runs for the seeds and every OCR_EVERY-th input
only (it is slow).
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import sys
from pathlib import Path
from typing import Any

MEMORY_LIMIT = 1536 * 1024 * 1024
CPU_SECONDS_PER_INPUT = 90
RENDER_PAGES = 5


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _sabotage(how: str) -> None:
    """Die the ways a hostile input could make us die, on request (LEGAL_DESK_FUZZ_SABOTAGE
    "INDEX:abort|spin|hog"): proves the parent notices each death and names the input."""
    if how == "abort":
        os.abort()
    elif how == "spin":
        while True:  # until RLIMIT_CPU sends SIGXCPU
            pass
    elif how == "hog":
        # Past RLIMIT_AS: a MemoryError that nothing here catches.
        block = bytearray(MEMORY_LIMIT + 1)
        raise AssertionError(f"{len(block)} bytes allocated: the memory limit is not in force")


def _limit_cpu_for_next_input() -> None:
    # RLIMIT_CPU counts the process's whole life: move the soft limit on before each
    # input, so the budget is per input (SIGXCPU ends the process when it runs out).
    used = resource.getrusage(resource.RUSAGE_SELF)
    spent = int(used.ru_utime + used.ru_stime) + 1
    _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = spent + int(os.environ.get("LEGAL_DESK_FUZZ_CPU_SECONDS", CPU_SECONDS_PER_INPUT))
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def load_seeds(seed_dir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(seed_dir.iterdir()) if p.is_file()}


def _error(stage: str, exc: BaseException) -> dict[str, Any]:
    from legal_desk.errors import LegalDeskError

    return {
        "stage": stage,
        "outcome": "refused" if isinstance(exc, LegalDeskError) else "error",
        "error": type(exc).__name__,
        "legal_desk_error": isinstance(exc, LegalDeskError),
        "message": str(exc),
    }


def main(seed_dir: Path, work_dir: Path, seed: int, start: int, count: int, ocr_every: int) -> None:
    from legal_desk.crypto.kdf import FAST_TEST_PARAMS
    from legal_desk.documents import ocr
    from legal_desk.documents.pdf import load_pymupdf
    from legal_desk.documents.store import DocumentStore
    from legal_desk.services.cases import CaseIntake, CaseService
    from legal_desk.services.classification import ClassificationService
    from legal_desk.workspace import Workspace
    from tests.proof.mutations import mutant

    # Results go out on a private copy of stdout; whatever a library prints (MuPDF
    # writes some warnings to stdout) goes to stderr and cannot garble a result line.
    results = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    pymupdf = load_pymupdf()
    # MuPDF would print each damaged object to stderr; the outcome lines say enough.
    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    seeds = load_seeds(seed_dir)
    created = Workspace.create(
        work_dir, os.environ["LEGAL_DESK_PASSPHRASE"], kdf_params=FAST_TEST_PARAMS
    )
    workspace = created.workspace
    case_id = CaseService(workspace).create(CaseIntake(school="Fuzz Elementary"))
    store = DocumentStore(workspace)
    checker = ClassificationService(workspace)
    real_tesseract = ocr.tesseract_program
    _limit_memory()
    print(json.dumps({"ready": True}), file=results, flush=True)
    target, _colon, sabotage = os.environ.get("LEGAL_DESK_FUZZ_SABOTAGE", "").partition(":")
    for index in range(start, start + count):
        _limit_cpu_for_next_input()
        if sabotage and index == int(target):
            _sabotage(sabotage)
        item = mutant(seeds, seed, index)
        # The seeds themselves (the controls) always get OCR: the photos need it.
        use_ocr = index < len(seeds) or (ocr_every > 0 and index % ocr_every == 0)
        # The reader asks `ocr.tesseract_program()` whether OCR can run: None turns it off.
        ocr.tesseract_program = real_tesseract if use_ocr else (lambda: None)  # type: ignore[assignment]
        line: dict[str, Any] = {
            "i": index,
            "mutation": item.description,
            "size": len(item.data),
            "ocr": use_ocr,
        }
        before = _stored(workspace)
        line.update(_one(item.filename, item.data, store, checker, case_id, pymupdf))
        if line["stage"] == "import":
            # A refused file leaves nothing behind (DocumentStore.attach's promise).
            line["stored_anyway"] = _stored(workspace) != before
        print(json.dumps(line), file=results, flush=True)
    workspace.lock()


def _stored(workspace: Any) -> tuple[int, int]:
    from sqlalchemy import func, select

    from models import Document, DocumentBlob

    with workspace.session() as session:
        documents = session.scalar(select(func.count(Document.id)))
        blobs = session.scalar(select(func.count(DocumentBlob.id)))
    return int(documents or 0), int(blobs or 0)


def _one(
    filename: str, data: bytes, store: Any, checker: Any, case_id: int, pymupdf: Any
) -> dict[str, Any]:
    try:
        document_id = store.attach(case_id, filename, data)
    except Exception as exc:  # the point: see exactly what the user would be told
        return _error("import", exc)
    kept = store.original_bytes(document_id)
    result: dict[str, Any] = {
        "roundtrip": hashlib.sha256(kept).hexdigest() == hashlib.sha256(data).hexdigest(),
        "hash_verified": store.verify_hash(document_id),
    }
    try:
        with pymupdf.open(stream=store.pdf_bytes(document_id), filetype="pdf") as doc:
            pages = int(doc.page_count)
            for number in range(min(RENDER_PAGES, pages)):
                doc[number].get_pixmap(dpi=72)
        result["pages"] = pages
    except Exception as exc:
        # The viewer catches every render failure and shows it on the page; record it.
        result.update(_error("render", exc))
        result["outcome"] = "render_failed"
        result["mupdf"] = isinstance(exc, _mupdf_errors())
        return result
    try:
        view = checker.run(document_id)
    except Exception as exc:
        result.update(_error("check", exc))
        return result
    result.update(stage="check", outcome="ok", kind=view.suggested_kind.value)
    return result


def _mupdf_errors() -> tuple[type[Exception], ...]:
    from legal_desk.documents.pdf import mupdf_errors

    return mupdf_errors()


if __name__ == "__main__":
    main(
        Path(sys.argv[1]),
        Path(sys.argv[2]),
        int(sys.argv[3]),
        int(sys.argv[4]),
        int(sys.argv[5]),
        int(sys.argv[6]),
    )
