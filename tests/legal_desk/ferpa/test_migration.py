"""A workspace written before revision 0002 opens and gains the release columns: a
disclosure logged without a planned time was already released; a planned one stays
planned until the attorney records what happened."""

from __future__ import annotations

from datetime import timedelta
from importlib import resources

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect

from legal_desk.ferpa.log import DisclosureLog, EntryStatus
from legal_desk.storage import migrate
from legal_desk.workspace import BACKUP_DIR, Passphrase, Workspace
from models import LegalBasis
from tests.conftest import PASSPHRASE
from tests.legal_desk.ferpa.helpers import NOW, records_case

NEW_COLUMNS = {
    "released_at",
    "withdrawn_at",
    "withdrawal_reason",
    "notice_forbidden",
    "notice_forbidden_reason",
}


def _to_revision_0001(workspace: Workspace) -> None:
    cfg = Config()
    cfg.set_main_option(
        "script_location", str(resources.files("legal_desk.storage") / "migrations")
    )
    with workspace.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")


def test_a_0001_workspace_upgrades_and_keeps_its_log(workspace: Workspace) -> None:
    workspace.clock = lambda: NOW
    case_id, [student] = records_case(workspace)
    log = DisclosureLog(workspace)
    request = log.record_request(
        case_id,
        student_id=student,
        party="ICE ERO",
        legitimate_interest="none stated",
        records_described="Home address",
        occurred_at=NOW - timedelta(days=1),
    )
    consent = log.record_disclosure(
        case_id,
        student_id=student,
        party="Aunt (written consent)",
        legitimate_interest="Enrollment",
        records_described="Immunization record",
        legal_basis=LegalBasis.CONSENT,
        occurred_at=NOW - timedelta(hours=3),
    )
    order = log.record_disclosure(
        case_id,
        student_id=student,
        party="Denver District Court",
        legitimate_interest="Order in case 26-CV-101",
        records_described="Attendance record",
        legal_basis=LegalBasis.COURT_ORDER,
        planned_release_at=NOW + timedelta(days=2),
    )
    _to_revision_0001(workspace)
    columns = {c["name"] for c in inspect(workspace.engine).get_columns("disclosure_log_entry")}
    assert not NEW_COLUMNS & columns  # really the old schema
    directory = workspace.directory
    workspace.lock()

    reopened = Workspace.unlock(directory, Passphrase(PASSPHRASE))
    try:
        assert migrate.current_revision(reopened.engine) == migrate.head_revision()
        reopened.clock = lambda: NOW
        entries = {e.id: e for e in DisclosureLog(reopened).entries(case_id=case_id)}
        reminders = DisclosureLog(reopened).reminders(NOW)
    finally:
        reopened.lock()
    assert any(p.suffix == ".db" for p in (directory / BACKUP_DIR).iterdir())

    assert entries[request.id].status is EntryStatus.REQUEST
    assert entries[request.id].released_at is None
    assert entries[consent.id].status is EntryStatus.RELEASED
    assert entries[consent.id].released_at == NOW - timedelta(hours=3)
    assert entries[order.id].status is EntryStatus.PLANNED
    assert entries[order.id].planned_release_at == NOW + timedelta(days=2)
    assert [r.entry_id for r in reminders] == [order.id]
    for entry in entries.values():
        assert not entry.notice_forbidden and entry.notice_forbidden_reason == ""
        assert entry.withdrawn_at is None and entry.withdrawal_reason == ""
