"""No plaintext (issue 7): after a full session through the real main window, no
sensitive marker is in any file except the ones the user chose to export.

The session: a case typed into the intake dialog (school, notes, student, agent), a
warrant PDF and a phone photo attached there, a note annotation on the warrant, advice
written, copied and saved as an .eml into a chosen folder, a checklist item ticked
with a note, the call to Security recorded, the case file exported into the chosen
folder and a backup made (Workspace > Backups). Then the window locks and every file
the session could have written is scanned (see `tests.proof.plaintext`).
"""

from __future__ import annotations

import email
import email.policy
import gzip
import io
import os
import zipfile
import zlib
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path

import pymupdf
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from legal_desk.documents.annotations import AnnotationService, AnnotationSpec
from legal_desk.services.cases import CaseIntake, CaseService
from legal_desk.workspace import Workspace
from models import AnnotationKind
from tests.conftest import PASSPHRASE
from tests.legal_desk.helpers import snapshot
from tests.proof.plaintext import files_under, find_in, leaks, needles, pdf_text
from tests.proof.session import (
    SYSTEM_TEMPS,
    Markers,
    Sandbox,
    WriteLog,
    sandbox,
    write_incoming,
    writes,
)
from tests.ui.conftest import (
    _qsettings_in_tmp,
    make_window,
    runner,
    ui_settings,
    unlock_with,
)
from ui import errors
from ui.advice.panel import AdvicePanel
from ui.case.view import CaseView, Section
from ui.main_window import UNLOCK_PAGE, WORKSPACE_PAGE, MainWindow
from ui.tasks import InlineRunner

# Fixtures, imported to be used here (tests/proof has no GUI conftest of its own).
__all__ = ["_qsettings_in_tmp", "make_window", "runner", "sandbox", "ui_settings", "writes"]

RECIPIENT = "principal@district.example"
SYSTEM_TEMP_MAX_SIZE = 256 * 2**20


def take_the_call(qtbot: QtBot, window: MainWindow, m: Markers, files: list[Path]) -> CaseView:
    """Ctrl+N, type the facts, attach the files, save: the case opens in a tab."""
    window.new_case_action.trigger()
    dialog = window.intake_dialog
    assert dialog is not None
    form = dialog.form
    qtbot.keyClicks(form.school.lineEdit(), m.school)
    qtbot.keyClicks(form.notes, m.notes)
    qtbot.keyClicks(form.agents[0].name, m.agent)
    qtbot.keyClicks(form.agents[0].badge, "ERO-40117")
    qtbot.keyClicks(form.students[0].name, m.student)
    assert dialog.attachments.add_paths(files) == len(files)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.case_tabs.count() == 1)
    dialog.done_button.click()
    view = window.case_tabs.current_view()
    assert view is not None
    qtbot.waitUntil(lambda: view.snapshot is not None)
    snapshot = view.snapshot
    assert snapshot is not None
    assert len(snapshot.detail.documents) == 2
    return view


def open_named(qtbot: QtBot, view: CaseView, name: str) -> int:
    """Open the document whose file name holds `name`; the checker reads it at once
    (OCR for the photo) and the test waits for its verdict."""
    documents = view.documents
    qtbot.waitUntil(lambda: documents.tree.topLevelItemCount() == 2)
    items = [documents.tree.topLevelItem(i) for i in range(documents.tree.topLevelItemCount())]
    [item] = [i for i in items if i is not None and name in i.text(0)]
    document_id = item.data(0, Qt.ItemDataRole.UserRole)
    assert isinstance(document_id, int)
    documents.open_document(document_id, item.text(0))
    qtbot.waitUntil(lambda: documents.shown_document_id == document_id)
    qtbot.waitUntil(lambda: documents.checker.result is not None, timeout=30_000)
    return document_id


def read_and_annotate(qtbot: QtBot, view: CaseView, m: Markers) -> None:
    """Read the photo (OCR), then the warrant, and add a note on the warrant."""
    view.show_section(Section.DOCUMENTS)
    open_named(qtbot, view, m.photo)
    document_id = open_named(qtbot, view, m.document)
    workspace = view.workspace
    assert workspace is not None
    spec = AnnotationSpec(
        page=0, kind=AnnotationKind.NOTE, rect=(400, 300, 400, 300), text=m.annotation
    )
    AnnotationService(workspace).add(document_id, spec)
    view.documents.annotations.controller.refresh()


def advise(qtbot: QtBot, view: CaseView, m: Markers, eml: Path) -> None:
    """Write the advice, copy it, and save it as an .eml where the user chose."""
    view.show_section(Section.ADVICE)
    advice = view.advice
    qtbot.waitUntil(lambda: advice.template_combo.count() > 0)
    advice.confirm = lambda *_args: True  # "send with empty placeholders?" - yes
    problems: list[str] = []
    advice.show_error = lambda _parent, text: problems.append(text)
    advice.choose_save_path = lambda *_args: eml
    advice.recipient.setText(RECIPIENT)
    if not advice.subject.text():
        advice.subject.setText("Next steps")
    rich = advice.editor.rich
    rich.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(rich, f" Ask for {m.advice} at the front desk.")
    advice.copy_to_clipboard()
    advice.save_eml()
    assert problems == []
    assert eml.exists()
    assert advice.sent_list.count == 2  # both deliveries are recorded in the case


def follow_up(qtbot: QtBot, view: CaseView, m: Markers, case_file: Path) -> None:
    """Tick an item with a note, record the Security call, export the case file."""
    view.show_section(Section.CHECKLIST)
    checklist = view.checklist
    qtbot.waitUntil(lambda: bool(checklist.rows))
    qtbot.keyClicks(checklist.note, f"Told {m.checklist} by phone")
    box = checklist.row("next_steps").check
    box.setFocus()
    with qtbot.waitSignal(checklist.changed):
        qtbot.keyClick(box, Qt.Key.Key_Space)
    assert checklist.row("next_steps").check.isChecked()

    briefing = view.followup.open_security_briefing()
    assert briefing is not None
    qtbot.waitUntil(lambda: briefing.record_button.isEnabled())
    briefing.person.setText(m.security)
    briefing.number.setText("(303) 555-0100")
    briefing.when.setDateTime(QDateTime.currentDateTime().addSecs(-60))
    briefing.record_button.click()
    qtbot.waitUntil(lambda: briefing.calls.count == 1)
    briefing.done(0)

    action = view.followup.export_action
    assert action is not None
    action.flow.choose_path = lambda *_args: case_file
    messages: list[tuple[str, bool]] = []
    action.flow.show_message = lambda _parent, text, error: messages.append((text, error))
    action.trigger()
    qtbot.waitUntil(lambda: bool(messages))
    assert messages == [(action.flow.message, False)], messages


def back_up(qtbot: QtBot, window: MainWindow, folder: Path) -> None:
    dialog = window.show_backups()
    assert dialog is not None
    dialog.choose_folder = lambda _parent, _start: str(folder)
    dialog.choose_button.click()
    dialog.back_up_now()
    assert "Backup written and checked" in dialog.status.text()
    dialog.close_button.click()


def exported_text(case_file: Path, eml: Path) -> str:
    """What the user chose to take out, as a reader sees it."""
    text = pdf_text(case_file.read_bytes())
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    parts = [str(message["Subject"])]
    for part in message.walk():
        if part.get_content_maintype() == "text":
            parts.append(part.get_content())
    return text + " " + " ".join(parts)


def test_a_full_session_leaves_markers_only_in_the_chosen_exports(
    sandbox: Sandbox,
    writes: WriteLog,
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    workspace: Workspace,
) -> None:
    workspace.lock()  # the fixture's own connection: only the window's is open now
    m = Markers.fresh()
    wanted = needles(m.all())
    files = list(write_incoming(sandbox.incoming, m))
    incoming_before = snapshot(sandbox.incoming)
    case_file = sandbox.exports / "case-file.pdf"
    eml = sandbox.exports / "advice.eml"

    writes.active = True
    window = make_window()
    window.resize(1400, 900)
    window.show()
    window.start()
    unlock_with(qtbot, window, PASSPHRASE)
    assert window.pages.currentIndex() == WORKSPACE_PAGE

    view = take_the_call(qtbot, window, m, files)
    read_and_annotate(qtbot, view, m)
    advise(qtbot, view, m, eml)
    follow_up(qtbot, view, m, case_file)
    back_up(qtbot, window, sandbox.backups)
    # While the workspace is open its newest pages sit in the -wal file.
    while_open = files_under(sandbox.root, skip=[sandbox.incoming, sandbox.exports])
    assert any(p.name == "workspace.db-wal" for p in while_open)
    assert leaks(while_open, wanted) == []
    window.lock()
    assert window.pages.currentIndex() == UNLOCK_PAGE
    window.close()  # saves the window's layout to its settings file
    writes.active = False

    # The exports hold the case, as the user wanted (and the scan can see it there).
    shown = exported_text(case_file, eml)
    for marker in (m.school, m.notes, m.student, m.agent, m.document, m.advice, m.checklist):
        assert marker in shown, marker
    assert find_in(case_file.read_bytes(), wanted, "case file")
    assert sorted(p.name for p in sandbox.exports.iterdir()) == [eml.name, case_file.name]
    # The user's own files were read, never written to.
    assert snapshot(sandbox.incoming) == incoming_before

    everything = files_under(sandbox.root, skip=[sandbox.incoming, case_file, eml])
    assert any(p.name == "workspace.db" for p in everything)
    assert list(sandbox.backups.rglob("*.db")), "no backup was written"
    assert list(sandbox.log_dir.iterdir()), "no log file was written"
    assert leaks(everything, wanted) == []

    # Python code wrote only where the user asked, or into the workspace, the log and
    # the file of audit anchors (a count and a hash per workspace: scanned above too).
    anchors = window.anchors.path
    assert anchors.exists() and anchors.parent != workspace.directory
    assert sandbox.root in anchors.parents  # so the scan for markers read it
    allowed = (
        workspace.directory,
        sandbox.backups,
        sandbox.exports,
        sandbox.log_dir,
        anchors.parent,
    )
    strays = [
        w.path
        for w in writes.outside(*allowed)
        # ctypes' find_library runs the compiler on a temp file (keyring's backend
        # discovery): it holds a C stub, and is gone at once.
        if not (sandbox.temp in w.path.parents and w.made_by("ctypes/util.py"))
    ]
    assert strays == []
    assert list(sandbox.temp.iterdir()) == []

    # Libraries that ignore TMPDIR write to the system temp folder: what it gained
    # or changed during the session. pytest's folders (this test's was scanned above)
    # and very large files (other programs' on a shared machine; nothing this session
    # handles comes near) are left out.
    for system_temp in SYSTEM_TEMPS:
        gained = files_under(
            system_temp,
            newer_than=sandbox.started,
            skip=[sandbox.pytest_temp],
            max_size=SYSTEM_TEMP_MAX_SIZE,
        )
        assert leaks(gained, wanted) == []


def test_an_error_about_what_was_typed_does_not_write_it_to_the_log(
    sandbox: Sandbox, qtbot: QtBot, workspace: Workspace, runner: InlineRunner
) -> None:
    m = Markers.fresh()
    case_id = CaseService(workspace).create(CaseIntake(school=m.school))
    panel = AdvicePanel(runner)
    qtbot.addWidget(panel)
    panel.set_case(workspace, case_id)
    qtbot.waitUntil(lambda: panel.template_combo.count() > 0)
    panel.confirm = lambda *_args: True
    eml = sandbox.exports / "advice.eml"
    panel.choose_save_path = lambda *_args: eml
    shown: list[str] = []

    def show_error(parent: QWidget | None, text: str) -> None:
        errors.show_error(parent, text).done(0)  # the real channel (it logs), closed
        shown.append(text)

    panel.show_error = show_error
    # The school leader's name typed where the address goes: refused, as it should be.
    qtbot.keyClicks(panel.recipient, f"{m.staff} principal")
    panel.save_eml()
    assert len(shown) == 1 and m.staff in shown[0] and not eml.exists()
    assert leaks(files_under(sandbox.log_dir), needles([m.staff])) == []


def story_pdf(text: str) -> bytes:
    out = io.BytesIO()
    writer = pymupdf.DocumentWriter(out)
    story = pymupdf.Story(html=f"<p style='font-family: serif'>{text}</p>")
    page = pymupdf.paper_rect("letter")
    more = True
    while more:
        device = writer.begin_page(page)
        more, _ = story.place(pymupdf.Rect(36, 36, page.width - 36, page.height - 36))
        story.draw(device)
        writer.end_page()
    writer.close()
    return out.getvalue()


def test_the_scan_finds_a_marker_however_it_was_written(tmp_path: Path) -> None:
    """The scan above proves something only if it would see a leak in any form."""
    m = Markers.fresh()
    wanted = needles([m.school])
    raw = m.school.encode()

    def found(data: bytes) -> bool:
        return any(m.school in hit for hit in find_in(data, wanted, "sample"))

    noise = os.urandom(4096)
    assert not found(noise)
    assert found(noise + raw + noise)
    assert found(noise + m.school.encode("utf-16-le") + noise)
    assert found(noise + zlib.compress(raw * 3) + noise)
    assert found(noise + gzip.compress(zlib.compress(raw)) + noise)  # nested
    # A mail part in base64, wrapped at 76 columns, at each alignment.
    for pad in ("", "x", "xy"):
        message = EmailMessage()
        message.set_content(pad + "word " * 40 + m.school, cte="base64")
        assert raw not in message.as_bytes()
        assert found(message.as_bytes())
    # A PDF laid out like the case file: its text is glyph ids in a compressed stream,
    # so only a reader's page text shows it; "ff" must not come out as one ligature.
    ligature = f"SentinelSchoolff{m.school}"
    pdf = story_pdf(f"{ligature} offers")
    hits = find_in(pdf, needles([ligature]), "sample")
    assert ligature.encode() not in pdf
    assert hits == [f"sample > PDF text of page 1: {ligature} (utf-8)"]
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("notes.txt", raw * 2)
    assert found(packed.getvalue())
    path = tmp_path / "leak.bin"
    path.write_bytes(zlib.compress(raw))
    expected = f"{path} > deflated stream 0: {m.school} (utf-8)"
    assert leaks(files_under(tmp_path), wanted) == [expected]
