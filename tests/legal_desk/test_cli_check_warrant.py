"""`legal-desk check-warrant FILE` as IT runs it: real subprocesses, files made in the test."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pymupdf
import pytest

from legal_desk.cli import _warrant_report_lines

ROOT = Path(__file__).resolve().parents[2]
Run = Callable[..., subprocess.CompletedProcess[str]]
REQUIRED_KEYS = {
    "kind",
    "form",
    "signed_by",
    "court",
    "expires",
    "expired",
    "ocr",
    "pages",
    "confidence",
    "findings",
}
# Stands in for the real checker (written separately) so the CLI's own behaviour is
# tested whether or not it exists yet: prints what it was given.
FAKE_CHECKER = """
import sys, types
fake = types.ModuleType("legal_desk.documents.checker")
class Result:
    def __init__(self, pages, on, ocr):
        self.pages, self.on, self.ocr = pages, on, ocr
    def to_json(self):
        return {"kind": "fake", "form": None, "signed_by": None, "court": None,
                "expires": None, "expired": None, "ocr": self.ocr,
                "pages": len(self.pages), "confidence": 0.5, "on": self.on.isoformat(),
                "text": [p.text for p in self.pages],
                "findings": [{"check": "fake", "result": "fake finding", "page": 1}]}
fake.check = lambda pages, *, on, ocr: Result(pages, on, ocr)
sys.modules[fake.__name__] = fake
from legal_desk.cli import main
sys.exit(main())
"""


def typed_pdf(text: str) -> bytes:
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 120), text, fontname="helv", fontsize=11)
    return bytes(doc.tobytes())


WARRANT_TEXT = "WARRANT FOR ARREST OF ALIEN issued by the United States District Court"


@pytest.fixture
def run(tmp_path: Path) -> Run:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEGAL_DESK_")}
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg-data")

    def _run(*args: str, fake_checker: bool = False) -> subprocess.CompletedProcess[str]:
        head = ["-c", FAKE_CHECKER] if fake_checker else ["-m", "legal_desk.cli"]
        return subprocess.run(
            [sys.executable, *head, "check-warrant", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    return _run


@pytest.fixture
def warrant_pdf(tmp_path: Path) -> Path:
    path = tmp_path / "warrant.pdf"
    path.write_bytes(typed_pdf(WARRANT_TEXT))
    return path


def test_json_with_the_real_checker_has_the_required_keys(run: Run, warrant_pdf: Path) -> None:
    pytest.importorskip("legal_desk.documents.checker")
    done = run(str(warrant_pdf), "--json", "--on", "2026-03-14")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert set(report) >= REQUIRED_KEYS
    assert report["ocr"] is False


def test_readable_report_with_the_real_checker(run: Run, warrant_pdf: Path) -> None:
    pytest.importorskip("legal_desk.documents.checker")
    done = run(str(warrant_pdf))
    assert done.returncode == 0, done.stderr
    assert "Kind:" in done.stdout
    assert "OCR used:   no" in done.stdout


def test_json_passes_pages_date_and_ocr_to_the_checker(run: Run, warrant_pdf: Path) -> None:
    done = run(str(warrant_pdf), "--json", "--on", "2026-03-14", fake_checker=True)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)  # nothing else on stdout
    assert report["on"] == "2026-03-14"
    assert report["ocr"] is False
    assert report["pages"] == 1
    assert WARRANT_TEXT in report["text"][0]
    assert done.stderr == ""


def test_readable_report_lists_findings_with_their_page(run: Run, warrant_pdf: Path) -> None:
    done = run(str(warrant_pdf), fake_checker=True)
    assert done.returncode == 0, done.stderr
    assert "Kind:       fake" in done.stdout
    assert "p. 1: fake finding [fake]" in done.stdout


def _assert_one_line_error(done: subprocess.CompletedProcess[str], *phrases: str) -> None:
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    for phrase in phrases:
        assert phrase in done.stderr


@pytest.mark.parametrize("bad", ["14/03/2026", "2026-02-30", "tomorrow"])
def test_a_bad_on_date_exits_2(run: Run, warrant_pdf: Path, bad: str) -> None:
    _assert_one_line_error(run(str(warrant_pdf), "--on", bad), "YYYY-MM-DD")


def test_a_missing_file_exits_2(run: Run, tmp_path: Path) -> None:
    _assert_one_line_error(run(str(tmp_path / "nope.pdf")), "No such file")


def test_a_folder_exits_2(run: Run, tmp_path: Path) -> None:
    _assert_one_line_error(run(str(tmp_path)), "is a folder")


@pytest.mark.parametrize(
    ("content", "phrase"),
    [
        (b"", "is empty"),
        (bytes(range(256)) * 40, "not a file type"),
        (b"%PDF-1.7\n" + bytes(range(256)) * 8, "damaged"),
    ],
    ids=["empty", "random", "corrupt"],
)
def test_bad_input_exits_2_with_one_line(
    run: Run, tmp_path: Path, content: bytes, phrase: str
) -> None:
    path = tmp_path / "warrant.pdf"
    path.write_bytes(content)
    _assert_one_line_error(run(str(path), "--json", fake_checker=True), "“warrant.pdf”", phrase)


def test_report_lines_show_expiry_and_notes() -> None:
    lines = _warrant_report_lines(
        "w.pdf",
        {
            "kind": "judicial warrant",
            "expires": "2026-01-01",
            "expired": True,
            "ocr": True,
            "pages": [1, 2],
            "findings": [
                {"check": "signature", "result": "no signature", "page": 2},
                {"check": "not_judicial", "result": "not judicial", "page": None},
            ],
        },
        ["OCR failed on page 3"],
    )
    assert "Expires:    2026-01-01 (EXPIRED)" in lines
    assert "OCR used:   yes" in lines
    assert "Pages:      1, 2" in lines
    assert "  - p. 2: no signature [signature]" in lines
    assert "  - not judicial [not_judicial]" in lines
    assert "Note: OCR failed on page 3" in lines
