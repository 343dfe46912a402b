"""A sandboxed process environment for the proof tests, and the case data they type.

Every place the app, Qt or a library may write during a test (temp folder, home, XDG
folders, QSettings, the log file, the workspace's data folder) is moved under the
test's own folder, so a scan of that folder, plus the files the system temp folder
gained meanwhile, is a scan of everything the session wrote.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import threading
import time
import traceback
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from legal_desk.documents import specimens
from tests.proof.plaintext import tag

# The temp folders before the sandbox moves TMPDIR: Python's, and the C library's
# default, which some libraries use whatever TMPDIR says.
SYSTEM_TEMPS = tuple(
    sorted({Path(tempfile.gettempdir()).resolve(), *[p for p in (Path("/tmp"),) if p.is_dir()]})
)


@dataclass(frozen=True)
class Markers:
    """One distinct, searchable string per kind of sensitive fact typed in the session."""

    school: str
    notes: str
    student: str
    agent: str
    staff: str
    document: str
    photo: str
    annotation: str
    advice: str
    checklist: str
    security: str
    ferpa: str

    @classmethod
    def fresh(cls, prefix: str = "") -> Markers:
        t = f"{prefix}{tag()}"
        return cls(
            school=f"SentinelSchool{t}Elementary",
            notes=f"SentinelNotes{t}FrontDesk",
            student=f"SentinelStudent{t}Rivera",
            agent=f"SentinelAgent{t}Norris",
            staff=f"SentinelStaff{t}Principal",
            document=f"SentinelSubject{t}",
            photo=f"SentinelPhoto{t}",
            annotation=f"SentinelAnnotation{t}",
            advice=f"SentinelAdvice{t}",
            checklist=f"SentinelChecklist{t}",
            security=f"SentinelSecurity{t}Desk",
            ferpa=f"SentinelFerpa{t}Party",
        )

    def all(self) -> tuple[str, ...]:
        return tuple(vars(self).values())


@dataclass(frozen=True)
class Sandbox:
    root: Path  # the test's tmp_path: everything below it is scanned
    temp: Path  # TMPDIR and tempfile.gettempdir()
    home: Path
    qsettings: Path
    log_dir: Path
    incoming: Path  # the user's own files, from before the session (not the app's)
    exports: Path  # the folder the user chooses for exports
    backups: Path
    pytest_temp: Path  # pytest's folders for every run, this one's included
    started: float


def _with_text_chunk(png: bytes, text: str) -> bytes:
    """`png` with a tEXt chunk after IHDR: the original's bytes then carry `text` in
    clear, so any copy of the original written anywhere is found by the scan."""
    body = b"Comment\0" + text.encode()
    chunk = (
        len(body).to_bytes(4, "big")
        + b"tEXt"
        + body
        + zlib.crc32(b"tEXt" + body).to_bytes(4, "big")
    )
    ihdr_end = 8 + 8 + 13 + 4
    return png[:ihdr_end] + chunk + png[ihdr_end:]


def write_incoming(folder: Path, m: Markers) -> tuple[Path, Path]:
    """A warrant PDF whose subject is a marker (in a compressed stream) and a phone photo
    of it whose name and metadata carry another."""
    pdf = specimens.administrative_warrant_pdf(
        specimens.AdministrativeWarrant(issued=date(2026, 3, 2), subject=m.document)
    )
    pdf_path = folder / f"{m.document}-warrant.pdf"
    pdf_path.write_bytes(pdf)
    photo_path = folder / f"{m.photo}.png"
    photo_path.write_bytes(_with_text_chunk(specimens.phone_photo_png(pdf), m.photo))
    return pdf_path, photo_path


def _pytest_temp(basetemp: Path) -> Path:
    # /tmp/pytest-of-USER holds the numbered folders of every pytest run (other test
    # runs on the machine write there too); a --basetemp stands alone.
    parent = basetemp.parent
    return parent if parent.name.startswith("pytest-of-") else basetemp


@pytest.fixture
def sandbox(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Sandbox]:
    """Temp, home, XDG, QSettings and the app's log file all under `tmp_path`."""
    folders = {
        name: tmp_path / name
        for name in ("temp", "home", "qsettings", "incoming", "exports", "backups", "data")
    }
    for folder in folders.values():
        folder.mkdir()
    home = folders["home"]
    monkeypatch.setenv("TMPDIR", str(folders["temp"]))
    monkeypatch.setattr(tempfile, "tempdir", None)  # gettempdir() reads TMPDIR again
    monkeypatch.setenv("HOME", str(home))
    for variable, sub in (
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_STATE_HOME", ".local/state"),
        ("XDG_RUNTIME_DIR", "runtime"),
    ):
        (home / sub).mkdir(parents=True, exist_ok=True, mode=0o700)
        monkeypatch.setenv(variable, str(home / sub))
    monkeypatch.setenv("LEGAL_DESK_HOME", str(folders["data"]))
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folders["qsettings"])
    )
    assert Path(tempfile.gettempdir()) == folders["temp"]

    # The app's own log configuration, at DEBUG, so every record any module writes
    # during the session lands in the log file that is scanned.
    from ui import app

    root = logging.getLogger()
    before = [h for h in root.handlers if h.get_name() == app.LOG_HANDLER_NAME]
    for handler in before:
        root.removeHandler(handler)
    level = root.level
    app._configure_logging()
    [handler] = [h for h in root.handlers if h.get_name() == app.LOG_HANDLER_NAME]
    assert isinstance(handler, logging.FileHandler)
    log_dir = Path(handler.baseFilename).parent
    assert home in log_dir.parents
    root.setLevel(logging.DEBUG)
    logging.getLogger("legal_desk").info("proof session started")
    try:
        yield Sandbox(
            root=tmp_path,
            temp=folders["temp"],
            home=home,
            qsettings=folders["qsettings"],
            log_dir=log_dir,
            incoming=folders["incoming"],
            exports=folders["exports"],
            backups=folders["backups"],
            pytest_temp=_pytest_temp(tmp_path_factory.getbasetemp()),
            # File times have a granularity: anything written from now on counts.
            started=time.time() - 2,
        )
    finally:
        root.removeHandler(handler)
        handler.close()
        root.setLevel(level)
        for old in before:
            root.addHandler(old)


@dataclass(frozen=True)
class Write:
    path: Path
    callers: tuple[str, ...]  # the source files on the stack when it was opened

    def made_by(self, source: str) -> bool:
        return any(caller.endswith(source) for caller in self.callers)


class WriteLog:
    """Every file Python code opens for writing, or renames into place, while active.

    An audit hook (PEP 578) sees `open()`, `os.open()`, `os.rename()` and
    `sqlite3.connect()` whatever module calls them. It cannot be removed, so it only
    records while `active`. Writes made inside C libraries (SQLCipher, MuPDF) do not
    pass through it: the scans of the folders cover those.
    """

    _WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC

    def __init__(self) -> None:
        self.active = False
        self.writes: list[Write] = []
        self._inside = threading.local()  # the stack walk opens source files itself
        sys.addaudithook(self._hook)

    def _record(self, target: object) -> None:
        if isinstance(target, str | bytes | os.PathLike):
            callers = tuple(frame.filename for frame in traceback.extract_stack())
            self.writes.append(Write(Path(os.fsdecode(target)), callers))

    def _hook(self, event: str, args: tuple[object, ...]) -> None:
        if not self.active or getattr(self._inside, "busy", False):
            return
        self._inside.busy = True
        try:
            if event == "open" and len(args) >= 3:
                mode, flags = args[1], args[2]
                if (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                    isinstance(flags, int) and bool(flags & self._WRITE_FLAGS)
                ):
                    self._record(args[0])
            elif event in ("os.rename", "os.replace") and len(args) >= 2:
                self._record(args[1])
            elif event == "sqlite3.connect" and args:
                self._record(args[0])
        finally:
            self._inside.busy = False

    def outside(self, *allowed: Path) -> list[Write]:
        """Writes under none of `allowed` (folders, or files)."""
        roots = [a.resolve() for a in allowed]

        def inside(path: Path) -> bool:
            resolved = (Path.cwd() / path).resolve()
            return any(resolved == r or r in resolved.parents for r in roots)

        return [w for w in self.writes if not inside(w.path)]


_WRITE_LOG: WriteLog | None = None


@pytest.fixture
def writes() -> Iterator[WriteLog]:
    """The write log, started by the test (`active = True`) once its own files exist."""
    global _WRITE_LOG
    if _WRITE_LOG is None:
        _WRITE_LOG = WriteLog()
    log = _WRITE_LOG
    log.writes = []
    try:
        yield log
    finally:
        log.active = False
