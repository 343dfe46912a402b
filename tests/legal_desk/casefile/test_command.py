"""`legal-desk export-case` as IT runs it: a real subprocess on a real encrypted workspace."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from legal_desk.crypto.kdf import FAST_TEST_PARAMS
from legal_desk.workspace import Workspace
from tests.conftest import PASSPHRASE
from tests.legal_desk.casefile.conftest import FinishedCase, make_finished_case
from tests.legal_desk.test_cli import Run, run

__all__ = ["run"]  # the CLI fixture shared with test_cli


@pytest.fixture
def data_dir(tmp_path: Path) -> tuple[Path, FinishedCase]:
    directory = tmp_path / "ws"
    created = Workspace.create(directory, PASSPHRASE, kdf_params=FAST_TEST_PARAMS)
    case = make_finished_case(created.workspace)
    created.workspace.lock()
    return directory, case


def _one_line(stderr: str) -> str:
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("legal-desk: ")
    return lines[0]


def test_exports_by_reference_and_by_id(
    run: Run, data_dir: tuple[Path, FinishedCase], tmp_path: Path
) -> None:
    directory, case = data_dir
    out = tmp_path / "case.pdf"
    result = run(
        "export-case",
        case.reference,
        str(out),
        "--data-dir",
        str(directory),
        LEGAL_DESK_PASSPHRASE=PASSPHRASE,
    )
    assert result.returncode == 0, result.stderr
    assert "NOT encrypted" in result.stdout
    with pymupdf.open(out) as doc:
        assert doc.get_toc()[0][1] == "Summary"
        assert case.sha256 in doc[0].get_text()
    by_id = tmp_path / "by-id.pdf"
    result = run(
        "export-case",
        str(case.case_id),
        str(by_id),
        "--data-dir",
        str(directory),
        LEGAL_DESK_PASSPHRASE=PASSPHRASE,
    )
    assert result.returncode == 0, result.stderr
    assert by_id.exists()


def test_unknown_case_exits_2_and_writes_nothing(
    run: Run, data_dir: tuple[Path, FinishedCase], tmp_path: Path
) -> None:
    directory, _case = data_dir
    out = tmp_path / "out" / "case.pdf"
    out.parent.mkdir()
    result = run(
        "export-case",
        "2026-9999",
        str(out),
        "--data-dir",
        str(directory),
        LEGAL_DESK_PASSPHRASE=PASSPHRASE,
    )
    assert result.returncode == 2
    assert "No case “2026-9999”" in _one_line(result.stderr)
    assert list(out.parent.iterdir()) == []


@pytest.mark.parametrize("where", ["missing-folder", "a-folder"])
def test_bad_path_exits_2(
    run: Run, data_dir: tuple[Path, FinishedCase], tmp_path: Path, where: str
) -> None:
    directory, case = data_dir
    out = tmp_path / "nowhere" / "case.pdf" if where == "missing-folder" else tmp_path
    result = run(
        "export-case",
        case.reference,
        str(out),
        "--data-dir",
        str(directory),
        LEGAL_DESK_PASSPHRASE=PASSPHRASE,
    )
    assert result.returncode == 2
    line = _one_line(result.stderr)
    assert ("does not exist" if where == "missing-folder" else "is a folder") in line


def test_wrong_or_missing_passphrase_exits_2(
    run: Run, data_dir: tuple[Path, FinishedCase], tmp_path: Path
) -> None:
    directory, case = data_dir
    out = tmp_path / "case.pdf"
    wrong = run(
        "export-case",
        case.reference,
        str(out),
        "--data-dir",
        str(directory),
        LEGAL_DESK_PASSPHRASE="not the passphrase",
    )
    assert wrong.returncode == 2
    _one_line(wrong.stderr)
    missing = run("export-case", case.reference, str(out), "--data-dir", str(directory))
    assert missing.returncode == 2
    assert "passphrase" in _one_line(missing.stderr).lower()
    assert not out.exists()


def test_no_workspace_exits_2(run: Run, tmp_path: Path) -> None:
    result = run(
        "export-case",
        "1",
        str(tmp_path / "case.pdf"),
        "--data-dir",
        str(tmp_path / "none"),
        LEGAL_DESK_PASSPHRASE=PASSPHRASE,
    )
    assert result.returncode == 2
    assert "No workspace" in _one_line(result.stderr)
