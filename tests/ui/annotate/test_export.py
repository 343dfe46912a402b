"""Export annotated PDF: a warned save, off the UI thread, real annotations, real redaction."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pymupdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from legal_desk.documents.store import DocumentStore
from models import AnnotationKind
from tests.ui.annotate.conftest import Scene, drag, word_rect
from tests.ui.case.conftest import StepRunner
from ui.annotate.panel import NOT_ENCRYPTED, REDACTED

DPI = 72  # one pixel per point: page points are pixel coordinates

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None,
    reason="poppler-utils (pdftoppm, pdftotext) is not installed; CI installs it",
)


class SaveDialog:
    """Answers the save dialog with `path` and remembers the warning it showed."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.warnings: list[str] = []
        self.names: list[str] = []

    def __call__(self, _parent: QWidget, suggested: str, warning: str) -> Path | None:
        self.names.append(suggested)
        self.warnings.append(warning)
        return self.path


def annotate(qtbot: QtBot, scene: Scene) -> None:
    """Highlight the title's first word, redact the student's name, with the mouse."""
    panel = scene.panel
    panel.choose_tool(AnnotationKind.HIGHLIGHT)
    first = word_rect(0, "Administrative")
    drag(qtbot, scene.viewer, 0, [(first[0] + 1, first[1] + 5), (first[2] - 1, first[1] + 5)])
    qtbot.waitUntil(lambda: len(scene.stored()) == 1, timeout=5000)
    panel.choose_tool(AnnotationKind.REDACTION)
    zebulon, quartermaine = word_rect(0, "Zebulon"), word_rect(0, "Quartermaine")
    drag(
        qtbot,
        scene.viewer,
        0,
        [(zebulon[0] - 2, zebulon[1] - 1), (quartermaine[2] + 2, quartermaine[3] + 1)],
    )
    assert len(scene.stored()) == 2


def pdftotext(path: Path) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=30,
    )
    return result.stdout


def render(path: Path, out: Path) -> pymupdf.Pixmap:
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(DPI),
            "-png",
            "-singlefile",
            "-f",
            "1",
            "-l",
            "1",
            str(path),
            str(out),
        ],
        check=True,
        timeout=30,
    )
    return pymupdf.Pixmap(f"{out}.png")


@needs_poppler
def test_export_writes_real_annotations_and_removes_redacted_text(
    qtbot: QtBot, scene: Scene, tmp_path: Path
) -> None:
    annotate(qtbot, scene)
    target = tmp_path / "copy.pdf"
    dialog = SaveDialog(target)
    scene.panel.choose_export_path = dialog

    qtbot.mouseClick(scene.panel.export_button, Qt.MouseButton.LeftButton)

    assert dialog.names == ["warrant (annotated).pdf"]
    [warning] = dialog.warnings
    assert NOT_ENCRYPTED in warning and REDACTED in warning
    assert "NOT encrypted" in warning
    assert target.exists()
    assert str(target) in scene.panel.export_status.text()
    assert scene.panel.exported_path == target

    text = pdftotext(target)
    assert "Administrative" in text and "Warrant" in text
    assert "Zebulon" not in text and "Quartermaine" not in text
    assert "Zebulon" in pdftotext(_original(scene, tmp_path))  # only the copy lost it

    # Poppler draws the highlight: the white around "Administrative" turns yellow.
    pix = render(target, tmp_path / "page")
    x0, y0, x1, y1 = (round(v) for v in word_rect(0, "Administrative"))
    pixels = [tuple(pix.pixel(x, y)[:3]) for y in range(y0, y1) for x in range(x0, x1)]
    yellow = [p for p in pixels if p[0] > 200 and p[1] > 170 and p[2] < 120]
    assert len(yellow) > len(pixels) // 4
    # And nothing is yellow far from it.
    assert tuple(pix.pixel(300, 600)[:3]) == (255, 255, 255)
    exported = pymupdf.open(target)
    assert {a.type[1] for a in exported[0].annots()} == {"Highlight"}


def _original(scene: Scene, tmp_path: Path) -> Path:
    path = tmp_path / "original.pdf"
    path.write_bytes(DocumentStore(scene.workspace).original_bytes(scene.document_id))
    return path


def test_without_redactions_the_warning_says_only_not_encrypted(
    qtbot: QtBot, scene: Scene, tmp_path: Path
) -> None:
    dialog = SaveDialog(None)  # the user cancels the save dialog
    scene.panel.choose_export_path = dialog

    scene.panel.export()

    assert dialog.warnings == [NOT_ENCRYPTED]
    assert scene.panel.export_status.text() == ""
    assert list(tmp_path.rglob("*.pdf")) == []


def test_export_runs_in_the_background_and_can_be_cancelled(
    qtbot: QtBot, scene: Scene, tmp_path: Path
) -> None:
    panel = scene.panel
    steps = StepRunner()
    panel._runner = steps
    target = tmp_path / "copy.pdf"
    panel.choose_export_path = SaveDialog(target)

    panel.export()

    assert panel.exporting
    assert panel.export_progress.isVisible() and panel.cancel_export_button.isVisible()
    assert not panel.export_button.isEnabled()
    assert "Exporting" in panel.export_status.text()
    qtbot.mouseClick(panel.cancel_export_button, Qt.MouseButton.LeftButton)
    steps.drain()

    assert not target.exists()
    assert panel.export_status.text() == "Export cancelled."
    assert not panel.export_progress.isVisible()
    assert panel.export_button.isEnabled()

    panel.export()
    steps.drain()
    assert target.exists()
    assert pymupdf.open(target).page_count == 3
