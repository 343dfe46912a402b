"""Helpers shared by the core tests: file snapshots, damage, and a case full of markers."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from legal_desk.services.cases import CaseIntake, CaseService, StaffFacts, StudentFacts
from legal_desk.workspace import Workspace
from models import BlobRole, Document, DocumentBlob

PAGE_SIZE = 4096  # SQLCipher 4 default


def snapshot(directory: Path) -> dict[str, str]:
    """Every file under `directory` (relative path -> SHA-256): equal snapshots mean
    no file changed, appeared or disappeared."""
    return {
        str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def flip_byte(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


@dataclass(frozen=True)
class Markers:
    school: str
    notes: str
    student: str
    staff: str
    document: str

    def all(self) -> tuple[str, ...]:
        return (self.school, self.notes, self.student, self.staff, self.document)


def markers(tag: str) -> Markers:
    return Markers(
        school=f"SentinelSchool{tag}Elementary",
        notes=f"SentinelNotes{tag}OfficerAtFrontDesk",
        student=f"SentinelStudent{tag}Rivera",
        staff=f"SentinelStaff{tag}Principal",
        document=f"SentinelDocument{tag}WarrantText",
    )


def store_marked_case(workspace: Workspace, m: Markers) -> int:
    """A case whose school, notes, student and staff carry markers, plus a document
    (metadata and a 200 KB blob, big enough for overflow pages) carrying another."""
    case_id = CaseService(workspace).create(
        CaseIntake(
            school=m.school,
            notes=m.notes,
            students=(StudentFacts(name=m.student, grade="4"),),
            staff=(StaffFacts(name=m.staff, role="Principal", is_caller=True),),
        )
    )
    payload = (b"%PDF-1.7\n" + m.document.encode() + b"\n") * 4000
    with workspace.transaction() as session:
        document = Document(
            case_id=case_id,
            filename=f"{m.document}.pdf",
            media_type="application/pdf",
            sha256=hashlib.sha256(payload).hexdigest(),
            size=len(payload),
            extracted_text=m.document,
        )
        document.blobs.append(
            DocumentBlob(
                role=BlobRole.ORIGINAL,
                media_type="application/pdf",
                sha256=hashlib.sha256(payload).hexdigest(),
                data=payload,
            )
        )
        session.add(document)
    return case_id


def flip_table_page(directory: Path, table: str) -> int:
    """Flip a byte in the root page of `table` (found with the real key); returns the page."""
    from legal_desk.storage.engine import make_engine
    from legal_desk.workspace import Passphrase, db_path, unwrap_key
    from tests.conftest import PASSPHRASE

    _, key = unwrap_key(directory, Passphrase(PASSPHRASE))
    engine = make_engine(db_path(directory), key)
    try:
        with engine.connect() as conn:
            page = int(
                conn.exec_driver_sql(
                    "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
                ).scalar_one()
            )
    finally:
        engine.dispose()
        key.wipe()
    flip_byte(db_path(directory), (page - 1) * PAGE_SIZE + PAGE_SIZE // 2)
    return page
